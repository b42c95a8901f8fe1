//! Batch loaders of the ledger: a page of users costs one statement for all their
//! wallets, a page of transactions one for all their wallets.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::db;
use crate::error::ApiError;
use crate::graphql::loaders::DbLoader;
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
