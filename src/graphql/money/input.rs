//! Inputs of the transaction mutations and their validation. Amounts are `Money` strings
//! (never floats); currencies are current ISO 4217 codes.

use async_graphql::{ID, InputObject, Json, MaybeUndefined};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{currency, new_custom};
use crate::domain::ledger::PaymentStatus;
use crate::error::{ApiError, ApiResult};
use crate::graphql::ids::parse_id;
use crate::graphql::marketplace::input::{plain, text};
use crate::graphql::scalars::Money;
use crate::models::transaction::TransactionChanges;

/// A new transaction of a wallet (POST /wallets/{id}/transactions).
#[derive(Debug, InputObject)]
pub struct TransactionInput {
    /// The amount: positive puts money into the wallet, negative takes it out. Not zero;
    /// at most as many decimal places as the currency has.
    pub transaction_amount: Money,
    /// The currency; when given it must be the wallet's.
    pub transaction_currency: Option<String>,
    /// The status; PAID when not given. The wallet's owner may create debits (PAID or
    /// PENDING) and PENDING deposits; money received (a positive PAID amount) and
    /// CANCELLED or FAILED records are for admins and the paying team.
    pub payment_status: Option<PaymentStatus>,
    /// The payment service: 0 Offline (default), 1 MangoPay, 2 GCEN, 3 GoCardless.
    pub payment_service: Option<i32>,
    /// The payout this transaction pays: owed to the wallet's owner, in the wallet's
    /// currency.
    pub payout_id: Option<ID>,
    /// The amount originally paid, when in another currency.
    pub original_transaction_amount: Option<Money>,
    /// The currency of the original amount.
    pub original_transaction_currency: Option<String>,
    /// A description for statements.
    pub transaction_description: Option<String>,
    /// The payment service's confirmation number or code.
    pub confirmation_number: Option<String>,
    /// The payment service's identifier of its log of this payment.
    pub payment_service_log_id: Option<String>,
    /// Custom fields: a JSON object of name to value (at most 100).
    pub custom: Option<Json<serde_json::Value>>,
}

/// A change of a transaction (PATCH /transactions/{id}). Its money never changes:
/// `transactionAmount`, `transactionCurrency` and `walletId` are accepted only when they
/// equal the stored values (a correction is a new transaction).
#[derive(Debug, Default, InputObject)]
pub struct TransactionUpdateInput {
    /// A final status for a PENDING transaction: CANCELLED (its owner, admins, the
    /// paying team), PAID or FAILED (admins and the paying team).
    pub payment_status: Option<PaymentStatus>,
    /// The payout this transaction pays (attaching only; `null` is refused).
    pub payout_id: MaybeUndefined<ID>,
    /// The payment service: 0 Offline, 1 MangoPay, 2 GCEN, 3 GoCardless (admins and the
    /// paying team).
    pub payment_service: Option<i32>,
    /// The amount originally paid, when in another currency (admins and the paying team;
    /// `null` clears).
    pub original_transaction_amount: MaybeUndefined<Money>,
    /// The currency of the original amount (admins and the paying team; `null` clears).
    pub original_transaction_currency: MaybeUndefined<String>,
    /// A description for statements (also the owner's; an empty string clears).
    pub transaction_description: MaybeUndefined<String>,
    /// The confirmation number (admins and the paying team; an empty string clears).
    pub confirmation_number: MaybeUndefined<String>,
    /// The payment service's log id (admins and the paying team; an empty string clears).
    pub payment_service_log_id: MaybeUndefined<String>,
    /// Custom fields to merge: each name is set, a `null` value removes it (also the
    /// owner's).
    pub custom: Option<Json<serde_json::Value>>,
    /// Must equal the stored amount when given.
    pub transaction_amount: Option<Money>,
    /// Must equal the stored currency when given.
    pub transaction_currency: Option<String>,
    /// Must equal the stored wallet when given.
    pub wallet_id: Option<ID>,
}

/// A validated new transaction, without the wallet's side.
#[derive(Debug)]
pub struct NewTransactionPlan {
    /// The amount.
    pub amount: Decimal,
    /// The currency given, if any.
    pub currency: Option<String>,
    /// The status.
    pub status: PaymentStatus,
    /// The payment service code.
    pub service: i16,
    /// The payout to pay, if any.
    pub payout_id: Option<Uuid>,
    /// The original amount.
    pub original_amount: Option<Decimal>,
    /// The original currency.
    pub original_currency: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The confirmation number.
    pub confirmation_number: Option<String>,
    /// The payment service log id.
    pub log_id: Option<String>,
    /// The custom fields.
    pub custom: serde_json::Value,
}

/// A validated change.
#[derive(Debug, Default)]
pub struct ChangePlan {
    /// The column changes (the payout and custom fields are set by the caller).
    pub changes: TransactionChanges,
    /// The payout to attach, if any.
    pub payout_id: Option<Uuid>,
    /// Custom fields to merge.
    pub custom: Option<serde_json::Value>,
    /// Whether a settlement record (service, log id, confirmation, original amount or
    /// currency) changes: admins and the paying team only.
    pub settlement_fields: bool,
    /// Money the client says the transaction holds, to compare with the stored values.
    pub stated: StatedMoney,
}

/// Money an update states, which must equal the stored values.
#[derive(Debug, Default)]
pub struct StatedMoney {
    /// The amount.
    pub amount: Option<Decimal>,
    /// The currency.
    pub currency: Option<String>,
    /// The wallet.
    pub wallet_id: Option<Uuid>,
}

/// A payment service code: 0 to 3.
fn service(v: Option<i32>) -> ApiResult<Option<i16>> {
    match v {
        None => Ok(None),
        Some(n @ 0..=3) => Ok(Some(n as i16)),
        Some(n) => Err(ApiError::bad_request(format!(
            "payment_service must be 0 (Offline), 1 (MangoPay), 2 (GCEN) or 3 (GoCardless), not {n}."
        ))),
    }
}

/// A nullable currency change.
fn currency_change(v: MaybeUndefined<String>) -> ApiResult<Option<Option<String>>> {
    match v {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(c) => Ok(Some(currency(Some(c))?)),
    }
}

impl TransactionInput {
    /// Validates the input.
    pub fn plan(self) -> ApiResult<NewTransactionPlan> {
        let custom = new_custom(self.custom)?;
        Ok(NewTransactionPlan {
            amount: self.transaction_amount.0,
            currency: currency(self.transaction_currency)?,
            status: self.payment_status.unwrap_or(PaymentStatus::Paid),
            service: service(self.payment_service)?.unwrap_or(0),
            payout_id: self
                .payout_id
                .map(|id| parse_id(&id, "payout"))
                .transpose()?,
            original_amount: self.original_transaction_amount.map(|m| m.0),
            original_currency: currency(self.original_transaction_currency)?,
            description: plain("transaction_description", self.transaction_description)?,
            confirmation_number: plain("confirmation_number", self.confirmation_number)?,
            log_id: plain("payment_service_log_id", self.payment_service_log_id)?,
            custom,
        })
    }
}

impl TransactionUpdateInput {
    /// Validates the input.
    pub fn plan(self) -> ApiResult<ChangePlan> {
        let payout_id = match self.payout_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => {
                return Err(ApiError::bad_request(
                    "A transaction cannot be detached from its payout (payout_id null).",
                ));
            }
            MaybeUndefined::Value(id) => Some(parse_id(&id, "payout")?),
        };
        let original_amount = match self.original_transaction_amount {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(m) => Some(Some(m.0)),
        };
        let changes = TransactionChanges {
            payment_status: self.payment_status.map(PaymentStatus::code),
            payment_service: service(self.payment_service)?,
            original_transaction_amount: original_amount,
            original_transaction_currency: currency_change(self.original_transaction_currency)?,
            transaction_description: text("transaction_description", self.transaction_description)?,
            confirmation_number: text("confirmation_number", self.confirmation_number)?,
            payment_service_log_id: text("payment_service_log_id", self.payment_service_log_id)?,
            ..TransactionChanges::default()
        };
        let settlement_fields = changes.payment_service.is_some()
            || changes.original_transaction_amount.is_some()
            || changes.original_transaction_currency.is_some()
            || changes.confirmation_number.is_some()
            || changes.payment_service_log_id.is_some();
        let stated = StatedMoney {
            amount: self.transaction_amount.map(|m| m.0),
            currency: self.transaction_currency.map(|c| c.trim().to_owned()),
            wallet_id: self
                .wallet_id
                .map(|id| parse_id(&id, "wallet"))
                .transpose()?,
        };
        Ok(ChangePlan {
            changes,
            payout_id,
            custom: self.custom.map(|j| j.0),
            settlement_fields,
            stated,
        })
    }
}
