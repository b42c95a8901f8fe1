//! The `Wallet` type, the wallet root fields and `createWallet`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::ledger_error;
use super::loaders::WalletsOf;
use super::transaction::Transaction;
use crate::domain::ledger::{LedgerError, MAX_WALLETS_PER_USER, check_currency};
use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::user::User;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::marketplace::Writer;
use crate::graphql::marketplace::loaders::UserById;
use crate::graphql::scalars::Money;
use crate::models::user::User as UserRow;
use crate::models::wallet::{Wallet as WalletRow, wallet_attrs};

/// A user's internal wallet: money (or credits) held on the platform in one currency.
/// Its balances are the sums of its transactions, kept with every transaction, never
/// stale. Visible to its owner and the network's admins.
pub struct Wallet {
    row: WalletRow,
    viewer: Viewer,
}

impl Wallet {
    /// Wraps a row the viewer may see.
    pub(super) fn new(row: WalletRow, viewer: Viewer) -> Self {
        Self { row, viewer }
    }

    /// Whether `viewer` may see the wallet: its owner and admins.
    pub fn visible_to(row: &WalletRow, viewer: &Viewer) -> bool {
        viewer.is_self_or_admin(row.user_id)
    }

    /// The wallet `id` if the viewer may see it, else Not Found.
    pub async fn fetch(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: Viewer,
    ) -> ApiResult<Wallet> {
        match WalletRow::find(conn, network_id, id).await? {
            Some(row) if Self::visible_to(&row, &viewer) => Ok(Self::new(row, viewer)),
            _ => Err(ApiError::not_found("wallet")),
        }
    }

    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<Arc<UserRow>>> {
        ctx.loader()?.load_one(UserById(self.row.user_id)).await
    }
}

#[Object]
impl Wallet {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The owner's id.
    async fn user_id(&self) -> ID {
        id_of(self.row.user_id)
    }

    /// The owner.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let viewer = self.viewer;
        Ok(self.owner(ctx).await?.map(|u| User::new(u, viewer)))
    }

    /// The owner's full name.
    async fn user_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.owner(ctx).await?.and_then(|u| u.full_name()))
    }

    /// ISO 4217 currency of the wallet and of every transaction in it.
    async fn currency(&self) -> &str {
        &self.row.currency
    }

    /// The sum of its Paid transactions (positive amounts put money in, negative take
    /// it out).
    async fn balance(&self) -> Money {
        Money(self.row.balance)
    }

    /// The amount held by Pending debits: the sum of the magnitudes of its Pending
    /// negative transactions.
    async fn committed_balance(&self) -> Money {
        Money(self.row.committed)
    }

    /// What may still be spent: `balance - committedBalance`, never negative. A debit
    /// larger than this is refused.
    async fn free_balance(&self) -> Money {
        Money(self.row.sums().free())
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change (every transaction of the wallet changes it).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }

    /// The wallet's transactions, newest first unless ordered otherwise; filterable by
    /// every transaction attribute (e.g. `payment_status`, `transaction_amount`,
    /// `created_at`, `custom__<name>`).
    async fn transactions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Transaction>> {
        Transaction::paginate_wallet(ctx, self.row.id, self.viewer, &args).await
    }
}

/// The wallets of a user the viewer may see (the user themself and admins), oldest
/// first; empty for other viewers.
pub async fn wallets_of(
    ctx: &Context<'_>,
    user_id: Uuid,
    viewer: Viewer,
) -> ApiResult<Vec<Wallet>> {
    if !viewer.is_self_or_admin(user_id) {
        return Ok(Vec::new());
    }
    let rows = ctx.loader()?.load_one(WalletsOf(user_id)).await?;
    Ok(rows
        .unwrap_or_default()
        .into_iter()
        .map(|row| Wallet::new(row, viewer))
        .collect())
}

/// Root fields about wallets.
#[derive(Default)]
pub struct WalletQuery;

#[Object]
impl WalletQuery {
    /// The logged-in user's internal wallets (GET /self/wallets), oldest first unless
    /// ordered otherwise.
    async fn my_wallets(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Wallet>> {
        let req = ctx.request();
        req.network()?;
        let me = req.user()?.id;
        let viewer = req.viewer;
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            listed(WalletRow::list_of_user(conn, network_id, me, filters, order, plan.page).await)
        };
        paginate(ctx, &args, wallet_attrs::ATTRS, list, |row| {
            Wallet::new(row, viewer)
        })
        .await
    }

    /// One wallet (GET /wallets/{id}): its owner and admins; Not Found for everyone else.
    async fn wallet(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Wallet> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let id = parse_id(&id, "wallet")?;
        let mut conn = ctx.conn().await?;
        Wallet::fetch(&mut conn, network_id, id, req.viewer).await
    }
}

/// Mutations of wallets.
#[derive(Default)]
pub struct WalletMutation;

#[Object]
impl WalletMutation {
    /// Creates an internal wallet in `currency`, a current ISO 4217 code such as "EUR"
    /// (POST /self/wallets): for the logged-in user, or, by an admin, for `userId`. A
    /// user has at most 20 wallets. A new wallet is empty: money comes in through
    /// transactions.
    async fn create_wallet(
        &self,
        ctx: &Context<'_>,
        currency: String,
        user_id: Option<ID>,
    ) -> ApiResult<Wallet> {
        let w = Writer::of(ctx)?;
        let owner = match user_id {
            Some(id) => parse_id(&id, "user")?,
            None => w.me.id,
        };
        if owner != w.me.id && !w.me.is_admin {
            return Err(ledger_error(LedgerError::NotYourWallet));
        }
        let currency = check_currency(&currency).map_err(ledger_error)?.to_owned();
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                // The owner's row lock makes concurrent creations count one after the
                // other, so the cap holds.
                UserRow::lock(conn, w.network_id, owner)
                    .await
                    .map_err(|e| match e {
                        diesel::result::Error::NotFound => ApiError::not_found("user"),
                        e => e.into(),
                    })?;
                let count = WalletRow::count_of_user(conn, w.network_id, owner).await?;
                if count >= MAX_WALLETS_PER_USER {
                    return Err(too_many_wallets());
                }
                Ok::<_, ApiError>(WalletRow::insert(conn, w.network_id, owner, &currency).await?)
            })
            .await?;
        Ok(Wallet::new(row, w.viewer))
    }
}

fn too_many_wallets() -> ApiError {
    ApiError::new(
        codes::COLLECTION_LIMIT,
        format!("A user can have at most {MAX_WALLETS_PER_USER} wallets."),
        format!("The user already has {MAX_WALLETS_PER_USER} wallets; nothing was written."),
    )
}
