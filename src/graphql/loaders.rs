//! Per-request batch loaders: nested fields ask for their rows by key, and each kind of
//! key is fetched in one statement per batch, whatever the number of parents.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use uuid::Uuid;

use crate::db::metrics::StatementCounter;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::models::user_detail::{self, Address, BankAccount, Membership};

/// The loader of one request: it only ever reads rows of the request's network.
pub struct DbLoader {
    pub(crate) pool: DbPool,
    pub(crate) network_id: Uuid,
}

impl DbLoader {
    /// A request-scoped `DataLoader` for `network_id`. Its batch tasks run inside the
    /// statement counter of the task that creates it (`crate::db::metrics`), so batched
    /// statements count towards the request.
    pub fn for_request(pool: DbPool, network_id: Uuid) -> DataLoader<DbLoader> {
        let counter = StatementCounter::current();
        DataLoader::new(DbLoader { pool, network_id }, move |task| {
            match counter.clone() {
                Some(counter) => tokio::spawn(counter.scope(task)),
                None => tokio::spawn(task),
            }
        })
    }
}

/// Splits keys into groups sharing `part` (the viewer, the limit, the parent kind),
/// keeping each group's keys: a loader runs one statement per group, which is one per
/// request in practice.
pub fn group_keys<K: Copy, P: std::hash::Hash + Eq + Copy>(
    keys: &[K],
    part: impl Fn(&K) -> P,
) -> HashMap<P, Vec<K>> {
    let mut map: HashMap<P, Vec<K>> = HashMap::new();
    for key in keys {
        map.entry(part(key)).or_default().push(*key);
    }
    map
}

/// Key: the addresses of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressesOf(pub Uuid);

/// Key: the bank accounts of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BankAccountsOf(pub Uuid);

impl Loader<AddressesOf> for DbLoader {
    type Value = Vec<Address>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[AddressesOf],
    ) -> Result<HashMap<AddressesOf, Vec<Address>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = user_detail::addresses_of(&mut conn, self.network_id, &ids).await?;
        Ok(group(rows, |r| AddressesOf(r.user_id)))
    }
}

impl Loader<BankAccountsOf> for DbLoader {
    type Value = Vec<BankAccount>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[BankAccountsOf],
    ) -> Result<HashMap<BankAccountsOf, Vec<BankAccount>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = user_detail::bank_accounts_of(&mut conn, self.network_id, &ids).await?;
        Ok(group(rows, |r| BankAccountsOf(r.user_id)))
    }
}

/// Key: the organization memberships of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MembershipsOf(pub Uuid);

impl Loader<MembershipsOf> for DbLoader {
    type Value = Vec<Membership>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[MembershipsOf],
    ) -> Result<HashMap<MembershipsOf, Vec<Membership>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = user_detail::memberships_of(&mut conn, self.network_id, &ids).await?;
        Ok(group(rows, |r| MembershipsOf(r.user_id)))
    }
}

/// Groups rows by key, keeping their order.
fn group<K: std::hash::Hash + Eq, V>(rows: Vec<V>, key: impl Fn(&V) -> K) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for row in rows {
        map.entry(key(&row)).or_default().push(row);
    }
    map
}
