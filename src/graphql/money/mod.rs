//! Wallets, transactions (issue #13) and payouts (issue #14): the ledger served as GraphQL. The rules are
//! `crate::domain::ledger`; the database enforces the money invariants again
//! (`docs/money.md`), and its refusals are mapped to the same codes here.
//!
//! Who sees what: a wallet and its transactions are visible to their owner and to the
//! network's admins; a transaction that pays a payout is also visible to the team of the
//! organization whose offering the payout belongs to. Everyone else gets Not Found.

pub mod input;
pub mod loaders;
pub mod payout;
pub mod payout_input;
pub mod payout_write;
pub mod schedule_input;
pub mod schedule_write;
pub mod transaction;
pub mod transaction_write;
pub mod wallet;

use async_graphql::Context;

use crate::domain::ledger::LedgerError;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;

/// A refusal of the ledger's rules, with its own code (`docs/errors.md`).
pub fn ledger_error(err: LedgerError) -> ApiError {
    let (code, user) = match &err {
        LedgerError::UnknownCurrency(_) => {
            (codes::CURRENCY_INVALID, "This currency is not supported.")
        }
        LedgerError::CurrencyMismatch { .. } => (
            codes::CURRENCY_MISMATCH,
            "The transaction's currency must be the wallet's.",
        ),
        LedgerError::ZeroAmount => (codes::ZERO_AMOUNT, "The amount cannot be zero."),
        LedgerError::TooPrecise { .. } => (
            codes::AMOUNT_TOO_PRECISE,
            "The amount has too many decimal places for its currency.",
        ),
        LedgerError::InsufficientFunds { .. } => (
            codes::INSUFFICIENT_FUNDS,
            "There is not enough money in this wallet.",
        ),
        LedgerError::NotYourWallet => (codes::NOT_YOUR_WALLET, "You may not write in this wallet."),
        LedgerError::MayNotCredit => (
            codes::MAY_NOT_CREDIT,
            "Only the platform can record money received.",
        ),
        LedgerError::MayNotSettle => (
            codes::MAY_NOT_SETTLE,
            "Only the platform can confirm or fail a payment.",
        ),
        LedgerError::MayNotCancel => (
            codes::MAY_NOT_CANCEL,
            "You may not cancel this transaction.",
        ),
        LedgerError::PayoutConflict(_) => (
            codes::PAYOUT_CONFLICT,
            "This transaction cannot pay this payout.",
        ),
        LedgerError::FinalStatus { .. } => (
            codes::TRANSACTION_FINAL,
            "This transaction can no longer change.",
        ),
    };
    ApiError::new(code, user, err.to_string())
}

/// A database error of a ledger write: the guards of `docs/money.md` answer with the
/// code of the rule they enforce (when the service's own checks did not catch it first,
/// e.g. a race); other constraint breaches are the client's (400); anything else is ours.
pub fn ledger_write_error(err: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    let Error::DatabaseError(kind, info) = &err else {
        return err.into();
    };
    let constraint = info.constraint_name().unwrap_or_default();
    tracing::info!(constraint, ?kind, "ledger write refused by the database");
    let (code, user, developer) = match constraint {
        "wallets_no_overdraft" => (
            codes::INSUFFICIENT_FUNDS,
            "There is not enough money in this wallet.",
            "The debit is larger than the wallet's free balance.",
        ),
        "transactions_final_status" => (
            codes::TRANSACTION_FINAL,
            "This transaction can no longer change.",
            "Paid, Cancelled and Failed transactions are final.",
        ),
        "transactions_money_fixed" => (
            codes::MONEY_FIXED,
            "The amount of a transaction cannot change.",
            "A transaction's amount, currency, wallet and user are fixed once written; \
             record a correction as a new transaction.",
        ),
        "transactions_wallet_currency_fk" => (
            codes::CURRENCY_MISMATCH,
            "The transaction's currency must be the wallet's.",
            "The transaction's currency differs from its wallet's.",
        ),
        _ => match kind {
            DatabaseErrorKind::CheckViolation | DatabaseErrorKind::ForeignKeyViolation => (
                codes::BAD_REQUEST,
                "The request could not be processed.",
                "A value breaks a rule of transactions (e.g. a payment service code \
                 outside 0-3, or an id naming nothing in this network).",
            ),
            _ => return err.into(),
        },
    };
    ApiError::new(code, user, developer)
}

/// An optional currency that must be a current ISO 4217 code (14001 otherwise).
pub(crate) fn currency(v: Option<String>) -> ApiResult<Option<String>> {
    v.map(|c| {
        crate::domain::ledger::check_currency(c.trim())
            .map(str::to_owned)
            .map_err(ledger_error)
    })
    .transpose()
}

/// The custom fields of a new row: the given ones merged into none.
pub(crate) fn new_custom(
    v: Option<async_graphql::Json<serde_json::Value>>,
) -> ApiResult<serde_json::Value> {
    let empty = serde_json::json!({});
    match v {
        Some(changes) => crate::domain::custom::merge(&empty, &changes.0)
            .map_err(crate::graphql::identity::input::custom_error),
        None => Ok(empty),
    }
}

/// Whether the network lets wallet owners record money received themselves
/// (`wallet_self_credit`, off by default).
pub fn allows_self_credit(ctx: &Context<'_>) -> ApiResult<bool> {
    let settings = &ctx.request().network()?.settings;
    Ok(settings
        .get("wallet_self_credit")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false))
}
