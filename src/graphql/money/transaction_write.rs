//! The mutations of transactions: each runs in one database transaction on locked rows
//! (the wallet for a new transaction, the transaction for a change), checks the ledger's
//! rules, and lets the database's guards refuse whatever slipped through.

use async_graphql::{Context, ID, Object};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::input::{ChangePlan, NewTransactionPlan, TransactionInput, TransactionUpdateInput};
use super::transaction::Transaction;
use super::{allows_self_credit, ledger_error, ledger_write_error};
use crate::domain::custom;
use crate::domain::ledger::{
    LedgerActor, PaymentStatus, PayoutSide, TransactionSide, check_amount, check_payout_link,
    check_same_currency, may_change_status, may_create,
};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::input::custom_error;
use crate::graphql::ids::parse_id;
use crate::graphql::marketplace::Writer;
use crate::models::payout::PayoutParties;
use crate::models::transaction::{
    NewTransaction, Transaction as TransactionRow, TransactionChanges,
};
use crate::models::wallet::Wallet as WalletRow;

/// Mutations of transactions.
#[derive(Default)]
pub struct TransactionMutation;

#[Object]
impl TransactionMutation {
    /// Records a transaction in a wallet (POST /wallets/{id}/transactions). Refused, each
    /// with its own code: a currency other than the wallet's, a zero or too precise
    /// amount, a debit larger than the free balance, money received or a final record by
    /// the owner (unless the network allows self credit), a payout owed to someone else.
    /// Not Found for a wallet the viewer may not see (the paying team sees the wallet of
    /// the user its payout is owed to, for that payout's transactions).
    async fn create_transaction(
        &self,
        ctx: &Context<'_>,
        wallet_id: ID,
        input: TransactionInput,
    ) -> ApiResult<Transaction> {
        let w = Writer::of(ctx)?;
        let wallet_id = parse_id(&wallet_id, "wallet")?;
        let plan = input.plan()?;
        let self_credit = allows_self_credit(ctx)?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            create(conn, &w, wallet_id, plan, self_credit).await
        })
        .await
    }

    /// Changes a transaction (PATCH /transactions/{id}): a Pending one's status (once,
    /// to a final status), the payout it pays, its descriptive fields. Its amount,
    /// currency and wallet never change (409). Not Found for a transaction the viewer
    /// may not see.
    async fn update_transaction(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: TransactionUpdateInput,
    ) -> ApiResult<Transaction> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "transaction")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            update(conn, &w, id, plan).await
        })
        .await
    }

    /// Marks a transaction as paying a payout: admins, or the transaction's owner for a
    /// payout owed to them. The payout must be the transaction user's, in its currency,
    /// and the transaction must pay no other payout (409); attaching it again is a no-op.
    async fn attach_transaction_to_payout(
        &self,
        ctx: &Context<'_>,
        transaction_id: ID,
        payout_id: ID,
    ) -> ApiResult<Transaction> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&transaction_id, "transaction")?;
        let payout_id = parse_id(&payout_id, "payout")?;
        let plan = ChangePlan {
            payout_id: Some(payout_id),
            ..ChangePlan::default()
        };
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            update(conn, &w, id, plan).await
        })
        .await
    }
}

/// Creates the transaction of `plan` in the wallet `wallet_id`, under the wallet's lock.
async fn create(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    wallet_id: Uuid,
    plan: NewTransactionPlan,
    self_credit: bool,
) -> ApiResult<Transaction> {
    let not_found = || ApiError::not_found("wallet");
    // Serializes the writes of this wallet: the sums read below stay true until commit.
    let wallet = WalletRow::lock(conn, w.network_id, wallet_id)
        .await?
        .ok_or_else(not_found)?;
    let payout = match plan.payout_id {
        Some(id) => Some(payout_parties(conn, w, id).await?),
        None => None,
    };
    let actor = LedgerActor {
        is_admin: w.me.is_admin,
        is_owner: wallet.user_id == w.me.id,
        is_payout_team: payout.as_ref().is_some_and(|p| p.viewer_is_team),
    };
    // Nobody learns that a wallet exists from a refusal they could not see it by.
    let may_see = actor.is_admin || actor.is_owner;
    let team_for_owner =
        actor.is_payout_team && payout.as_ref().is_some_and(|p| p.user_id == wallet.user_id);
    if !(may_see || team_for_owner) {
        return Err(not_found());
    }
    check_same_currency(plan.currency.as_deref(), &wallet.currency).map_err(ledger_error)?;
    check_amount(plan.amount, &wallet.currency).map_err(ledger_error)?;
    if let Some(p) = &payout {
        let txn = TransactionSide {
            user_id: wallet.user_id,
            currency: Some(&wallet.currency),
            payout_id: None,
        };
        check_payout_link(txn, payout_side(p)).map_err(ledger_error)?;
    }
    may_create(actor, plan.amount, plan.status, self_credit).map_err(ledger_error)?;
    wallet
        .sums()
        .check_funds(plan.amount, plan.status)
        .map_err(ledger_error)?;
    let new = NewTransaction {
        network_id: w.network_id,
        user_id: wallet.user_id,
        wallet_id: Some(wallet.id),
        payout_id: plan.payout_id,
        payment_status: plan.status.code(),
        payment_service: plan.service,
        transaction_amount: plan.amount,
        transaction_currency: Some(wallet.currency.clone()),
        original_transaction_amount: plan.original_amount,
        original_transaction_currency: plan.original_currency,
        transaction_description: plan.description,
        confirmation_number: plan.confirmation_number,
        payment_service_log_id: plan.log_id,
        custom: plan.custom,
    };
    let row = TransactionRow::insert(conn, &new)
        .await
        .map_err(ledger_write_error)?;
    Ok(Transaction::new(row, w.viewer, !may_see))
}

/// Applies `plan` to the transaction `id`, under the transaction's lock.
async fn update(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    id: Uuid,
    mut plan: ChangePlan,
) -> ApiResult<Transaction> {
    let not_found = || ApiError::not_found("transaction");
    let row = TransactionRow::lock(conn, w.network_id, id)
        .await?
        .ok_or_else(not_found)?;
    let actor = Transaction::standing(conn, &row, &w.viewer)
        .await?
        .ok_or_else(not_found)?;
    check_stated_money(&row, &plan)?;
    let settles = actor.is_admin || actor.is_payout_team;
    if plan.settlement_fields && !settles {
        return Err(ApiError::forbidden(
            "Only admins and the paying team may change a transaction's payment service, \
             confirmation number, log id or original amount.",
        ));
    }
    let mut changes = std::mem::take(&mut plan.changes);
    status_change(actor, &row, &mut changes)?;
    if let Some(payout_id) = plan.payout_id {
        changes.payout_id = attach(conn, w, actor, &row, payout_id).await?;
    }
    if let Some(custom_changes) = &plan.custom {
        let merged = custom::merge(&row.custom, custom_changes).map_err(custom_error)?;
        changes.custom = Some(merged);
    }
    let as_team = !(actor.is_admin || actor.is_owner);
    if changes.is_empty() {
        return Ok(Transaction::new(row, w.viewer, as_team));
    }
    let row = TransactionRow::update(conn, w.network_id, id, &changes)
        .await
        .map_err(ledger_write_error)?;
    Ok(Transaction::new(row, w.viewer, as_team))
}

/// Keeps a status change only when it changes something, under the ledger's rules.
fn status_change(
    actor: LedgerActor,
    row: &TransactionRow,
    changes: &mut TransactionChanges,
) -> ApiResult<()> {
    let Some(to) = changes.payment_status else {
        return Ok(());
    };
    if to == row.payment_status {
        changes.payment_status = None;
        return Ok(());
    }
    let (Some(from), Some(to)) = (
        PaymentStatus::from_code(row.payment_status),
        PaymentStatus::from_code(to),
    ) else {
        return Err(ApiError::bad_request("Unknown payment status."));
    };
    may_change_status(actor, from, to).map_err(ledger_error)
}

/// The payout column change that attaches `payout_id`, if any: admins, or the owner for
/// a payout owed to them.
async fn attach(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    actor: LedgerActor,
    row: &TransactionRow,
    payout_id: Uuid,
) -> ApiResult<Option<Option<Uuid>>> {
    let payout = payout_parties(conn, w, payout_id).await?;
    let txn = TransactionSide {
        user_id: row.user_id,
        currency: row.transaction_currency.as_deref(),
        payout_id: row.payout_id,
    };
    let changes = check_payout_link(txn, payout_side(&payout)).map_err(ledger_error)?;
    if !changes {
        return Ok(None);
    }
    if !(actor.is_admin || actor.is_owner) {
        return Err(ApiError::forbidden(
            "Only admins and the transaction's owner may attach it to a payout.",
        ));
    }
    Ok(Some(Some(payout_id)))
}

/// An update may restate the money; it may not change it.
fn check_stated_money(row: &TransactionRow, plan: &ChangePlan) -> ApiResult<()> {
    let stated = &plan.stated;
    let amount_differs = stated.amount.is_some_and(|a| a != row.transaction_amount);
    let currency_differs = stated
        .currency
        .as_deref()
        .is_some_and(|c| Some(c) != row.transaction_currency.as_deref());
    let wallet_differs = stated.wallet_id.is_some_and(|id| Some(id) != row.wallet_id);
    if amount_differs || currency_differs || wallet_differs {
        return Err(ApiError::new(
            codes::MONEY_FIXED,
            "The amount of a transaction cannot change.",
            "A transaction's amount, currency and wallet are fixed once written; record a \
             correction as a new transaction.",
        ));
    }
    Ok(())
}

/// The payout `id` of the writer's network, Not Found when there is none.
async fn payout_parties(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    id: Uuid,
) -> ApiResult<PayoutParties> {
    PayoutParties::find(conn, w.network_id, id, Some(w.me.id))
        .await?
        .ok_or_else(|| ApiError::not_found("payout"))
}

fn payout_side(p: &PayoutParties) -> PayoutSide<'_> {
    PayoutSide {
        id: p.id,
        user_id: p.user_id,
        currency: p.currency.as_deref(),
    }
}
