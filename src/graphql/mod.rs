//! The GraphQL schema: roots split by domain with `MergedObject`, limits and extensions.

pub mod audit;
pub mod cap_table;
pub mod context;
pub mod custom_fields;
pub mod gate;
pub mod identity;
pub mod ids;
pub mod limits;
pub mod list;
pub mod loaders;
pub mod marketplace;
pub mod measure;
pub mod money;
pub mod network;
pub mod nulls;
pub mod outreach;
pub mod persisted;
pub mod portfolio;
pub mod registry;
pub mod scalars;
pub mod stats;
pub mod time_limit;
pub mod tokens;

use async_graphql::{EmptySubscription, MergedObject, Schema};

use crate::config::ServerConfig;
use crate::db::DbPool;

/// The query root: one part per domain.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    network::NetworkQuery,
    stats::StatsQuery,
    identity::me::MeQuery,
    identity::users::UsersQuery,
    outreach::globals::GlobalsQuery,
    outreach::invitations::InvitationsQuery,
    outreach::applications::ApplicationsQuery,
    marketplace::organization::OrganizationQuery,
    marketplace::offering::OfferingQuery,
    marketplace::investment::InvestmentQuery,
    marketplace::bulletin::BulletinQuery,
    money::wallet::WalletQuery,
    money::transaction::TransactionQuery,
    money::payout::PayoutQuery,
    registry::capitalization::RegistryQuery,
    portfolio::PortfolioQuery,
    cap_table::CapTableQuery,
    audit::AuditQuery,
);

/// The mutation root: one part per domain.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    identity::auth::AuthMutation,
    identity::me::MeMutation,
    identity::users::AdminUsersMutation,
    identity::account::AccountMutation,
    outreach::globals::GlobalsMutation,
    outreach::invitations::InvitationsMutation,
    outreach::applications::ApplicationsMutation,
    marketplace::organization::OrganizationMutation,
    marketplace::offering::OfferingMutation,
    marketplace::investment::InvestmentMutation,
    marketplace::bulletin::BulletinMutation,
    money::wallet::WalletMutation,
    money::transaction_write::TransactionMutation,
    money::payout_write::PayoutMutation,
    money::schedule_write::ScheduleMutation,
    registry::write::RegistryMutation,
);

/// The complete schema type.
pub type CrowdSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Builds the schema with the limits of `config`. `pool` is absent only when the schema is
/// built to print its SDL.
pub fn build_schema(config: &ServerConfig, pool: Option<DbPool>) -> CrowdSchema {
    let mut builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_complexity(config.graphql_max_complexity);
    // Depth is checked before validation (`limits`), where it can leave out `ofType`.
    if !config.graphql_introspection {
        // Suggestions ("Did you mean …") would name fields introspection hides.
        builder = builder.disable_introspection().disable_suggestions();
    }
    if let Some(pool) = pool {
        builder = builder.data(pool).data(config.clone());
    }
    builder.finish()
}

/// The schema's SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema(&ServerConfig::defaults(), None).sdl()
}
