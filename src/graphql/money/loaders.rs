//! Batch loaders of the ledger: a page of users costs one statement for all their
//! wallets, a page of transactions one for all their wallets, a page of investments,
//! offerings or users one for all their newest payouts.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::db;
use crate::domain::viewer::Viewer;
use crate::error::ApiError;
use crate::graphql::loaders::{DbLoader, group_keys};
use crate::models::payout::{PayoutParent, PayoutView, PayoutWindow, first_of};
use crate::models::transaction::{self, Transaction};
use crate::models::wallet::Wallet;

/// Key: the wallets of a user, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WalletsOf(pub Uuid);

/// Key: one wallet by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WalletById(pub Uuid);

impl Loader<WalletsOf> for DbLoader {
    type Value = Vec<Wallet>;
    type Error = ApiError;

    async fn load(&self, keys: &[WalletsOf]) -> Result<HashMap<WalletsOf, Vec<Wallet>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = Wallet::of_users(&mut conn, self.network_id, &ids).await?;
        let mut map: HashMap<WalletsOf, Vec<Wallet>> = HashMap::new();
        for row in rows {
            map.entry(WalletsOf(row.user_id)).or_default().push(row);
        }
        Ok(map)
    }
}

impl Loader<WalletById> for DbLoader {
    type Value = Wallet;
    type Error = ApiError;

    async fn load(&self, keys: &[WalletById]) -> Result<HashMap<WalletById, Wallet>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = Wallet::find_many(&mut conn, self.network_id, &ids).await?;
        Ok(rows.into_iter().map(|w| (WalletById(w.id), w)).collect())
    }
}

/// Key: the newest `limit` payouts of an investment, an offering (its own) or a user
/// that `viewer` may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstPayouts {
    /// What the payouts belong to.
    pub parent: PayoutParent,
    /// Its id.
    pub id: Uuid,
    /// Payouts at most.
    pub limit: i64,
    /// Who is asking.
    pub viewer: Viewer,
}

impl Loader<FirstPayouts> for DbLoader {
    type Value = Vec<PayoutView>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[FirstPayouts],
    ) -> Result<HashMap<FirstPayouts, Vec<PayoutView>>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out: HashMap<FirstPayouts, Vec<PayoutView>> = HashMap::new();
        for ((parent, limit, viewer), keys) in group_keys(keys, |k| (k.parent, k.limit, k.viewer)) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let window = PayoutWindow {
                viewer: viewer.user_id(),
                is_admin: viewer.is_admin(),
                limit,
            };
            let rows = first_of(&mut conn, self.network_id, parent, &ids, window).await?;
            for row in rows {
                let p = &row.payout;
                let id = match parent {
                    PayoutParent::Investment => p.investment_id,
                    PayoutParent::Offering => p.offering_id,
                    PayoutParent::User => Some(p.user_id),
                };
                let Some(id) = id else { continue };
                let key = FirstPayouts {
                    parent,
                    id,
                    limit,
                    viewer,
                };
                out.entry(key).or_default().push(row);
            }
        }
        Ok(out)
    }
}

/// Key: the newest `limit` transactions of a payout, with how many it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstPayoutTransactions {
    /// The payout.
    pub payout_id: Uuid,
    /// Transactions at most.
    pub limit: i64,
}

impl Loader<FirstPayoutTransactions> for DbLoader {
    type Value = (Vec<Transaction>, i64);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[FirstPayoutTransactions],
    ) -> Result<HashMap<FirstPayoutTransactions, (Vec<Transaction>, i64)>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out: HashMap<FirstPayoutTransactions, (Vec<Transaction>, i64)> = HashMap::new();
        for (limit, keys) in group_keys(keys, |k| k.limit) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.payout_id).collect();
            for counted in
                transaction::first_of_payouts(&mut conn, self.network_id, &ids, limit).await?
            {
                let Some(payout_id) = counted.transaction.payout_id else {
                    continue;
                };
                let entry = out
                    .entry(FirstPayoutTransactions { payout_id, limit })
                    .or_default();
                entry.0.push(counted.transaction);
                entry.1 = counted.of_payout;
            }
        }
        Ok(out)
    }
}
