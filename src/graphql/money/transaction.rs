//! The `Transaction` type and the `transaction` root field.

use std::sync::Arc;

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::loaders::WalletById;
use super::wallet::Wallet;
use crate::domain::ledger::{LedgerActor, PaymentStatus};
use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::custom_fields::{CustomField, info_of};
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::marketplace::loaders::UserById;
use crate::graphql::marketplace::organization::{user_name, user_node};
use crate::graphql::scalars::Money;
use crate::models::payout::PayoutParties;
use crate::models::transaction::{Transaction as TransactionRow, transaction_attrs};
use crate::models::user::User as UserRow;

/// A movement of money: into or out of a wallet (positive amounts put money in, negative
/// take it out) and/or a payment of a payout. Its amount, currency, wallet and user never
/// change; only a Pending transaction changes status, once, to Paid, Cancelled or Failed.
/// Visible to the wallet's owner, the network's admins and, for a transaction paying a
/// payout, the team of the organization whose offering the payout belongs to.
pub struct Transaction {
    row: TransactionRow,
    viewer: Viewer,
    /// Whether the viewer sees it as the paying team only (not owner, not admin).
    as_team: bool,
}

impl Transaction {
    /// Wraps a row the viewer may see.
    pub(super) fn new(row: TransactionRow, viewer: Viewer, as_team: bool) -> Self {
        Self {
            row,
            viewer,
            as_team,
        }
    }

    /// The viewer's roles towards `row` for the ledger's rules; `None` when they may not
    /// see it.
    pub(super) async fn standing(
        conn: &mut AsyncPgConnection,
        row: &TransactionRow,
        viewer: &Viewer,
    ) -> ApiResult<Option<LedgerActor>> {
        let payout = match row.payout_id {
            Some(id) => PayoutParties::find(conn, row.network_id, id, viewer.user_id()).await?,
            None => None,
        };
        let actor = LedgerActor {
            is_admin: viewer.is_admin(),
            is_owner: viewer.is_user(row.user_id),
            is_payout_team: payout.as_ref().is_some_and(|p| p.viewer_is_team),
        };
        let sees = actor.is_admin || actor.is_owner || actor.is_payout_team;
        Ok(sees.then_some(actor))
    }

    /// The transaction `id` if the viewer may see it, else Not Found.
    pub async fn fetch(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Transaction> {
        let not_found = || ApiError::not_found("transaction");
        let row = TransactionRow::find(conn, network_id, id)
            .await?
            .ok_or_else(not_found)?;
        let actor = Self::standing(conn, &row, &viewer)
            .await?
            .ok_or_else(not_found)?;
        let as_team = !(actor.is_admin || actor.is_owner);
        Ok(Self::new(row, viewer, as_team))
    }

    /// One page of the wallet `wallet_id`'s transactions; the caller has checked the
    /// viewer sees the wallet.
    pub(super) async fn paginate_wallet(
        ctx: &Context<'_>,
        wallet_id: Uuid,
        viewer: Viewer,
        args: &ListArgs,
    ) -> ApiResult<Page<Transaction>> {
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let page = TransactionRow::list_of_wallet(
                conn, network_id, wallet_id, filters, order, plan.page,
            );
            listed(page.await)
        };
        paginate(ctx, args, transaction_attrs::ATTRS, list, |row| {
            Transaction::new(row, viewer, false)
        })
        .await
    }

    async fn user_row(&self, ctx: &Context<'_>) -> ApiResult<Option<Arc<UserRow>>> {
        ctx.loader()?.load_one(UserById(self.row.user_id)).await
    }
}

#[Object]
impl Transaction {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The id of the user whose money moves (the wallet's owner).
    async fn user_id(&self) -> ID {
        id_of(self.row.user_id)
    }

    /// The user whose money moves (null when the viewer may not see that user).
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let viewer = self.viewer;
        Ok(self.user_row(ctx).await?.and_then(|u| user_node(viewer, u)))
    }

    /// That user's full name (null when the viewer may not see it).
    async fn user_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let user = self.user_row(ctx).await?;
        Ok(user.and_then(|u| {
            if self.as_team {
                user_name(self.viewer, &u)
            } else {
                u.full_name()
            }
        }))
    }

    /// The wallet's id, when the transaction moves a wallet's money.
    async fn wallet_id(&self) -> Option<ID> {
        self.row.wallet_id.map(id_of)
    }

    /// The wallet (its owner and admins only; null for the paying team).
    async fn wallet(&self, ctx: &Context<'_>) -> ApiResult<Option<Wallet>> {
        let Some(id) = self.row.wallet_id else {
            return Ok(None);
        };
        let row = ctx.loader()?.load_one(WalletById(id)).await?;
        Ok(row
            .filter(|w| Wallet::visible_to(w, &self.viewer))
            .map(|w| Wallet::new(w, self.viewer)))
    }

    /// The id of the payout this transaction pays, if any.
    async fn payout_id(&self) -> Option<ID> {
        self.row.payout_id.map(id_of)
    }

    /// Status: PENDING until it becomes PAID, CANCELLED or FAILED (each final).
    async fn payment_status(&self) -> Option<PaymentStatus> {
        PaymentStatus::from_code(self.row.payment_status)
    }

    /// The payment service used: 0 Offline, 1 MangoPay, 2 GCEN, 3 GoCardless.
    async fn payment_service(&self) -> i16 {
        self.row.payment_service
    }

    /// The amount: positive puts money into the wallet, negative takes it out.
    async fn transaction_amount(&self) -> Money {
        Money(self.row.transaction_amount)
    }

    /// ISO 4217 currency (the wallet's).
    async fn transaction_currency(&self) -> Option<&str> {
        self.row.transaction_currency.as_deref()
    }

    /// The amount originally paid, when it was in another currency than the wallet's.
    async fn original_transaction_amount(&self) -> Option<Money> {
        self.row.original_transaction_amount.map(Money)
    }

    /// The currency of the original amount.
    async fn original_transaction_currency(&self) -> Option<&str> {
        self.row.original_transaction_currency.as_deref()
    }

    /// A description for statements.
    async fn transaction_description(&self) -> Option<&str> {
        self.row.transaction_description.as_deref()
    }

    /// The number or code confirming the payment was processed.
    async fn confirmation_number(&self) -> Option<&str> {
        self.row.confirmation_number.as_deref()
    }

    /// The payment service's identifier of its log of this payment.
    async fn payment_service_log_id(&self) -> Option<&str> {
        self.row.payment_service_log_id.as_deref()
    }

    /// Custom fields, a JSON object of name to value.
    async fn custom(&self) -> Json<&serde_json::Value> {
        Json(&self.row.custom)
    }

    /// Custom fields as the deprecated `info` list of `{type, value}`.
    async fn info(&self) -> Vec<CustomField> {
        info_of(&self.row.custom)
    }

    /// When it became Paid (null unless Paid).
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.row.paid_at
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }
}

/// Root fields about transactions.
#[derive(Default)]
pub struct TransactionQuery;

#[Object]
impl TransactionQuery {
    /// One transaction (GET /transactions/{id}): the wallet's owner, admins, and for a
    /// transaction paying a payout the offering's team; Not Found for everyone else.
    async fn transaction(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Transaction> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let id = parse_id(&id, "transaction")?;
        let mut conn = ctx.conn().await?;
        Transaction::fetch(&mut conn, network_id, id, req.viewer).await
    }
}
