//! Data access, one module per entity: row structs and the queries on them, returning
//! `QueryResult`. No rules about who may see what live here (see `crate::domain`).

/// SQL: `LEFT JOIN LATERAL … m`, where `m.manages` is true when the user `$3` is an
/// active member of the organization of the offering `o` (NULL otherwise). Shared by the
/// "newest rows of each offering" statements, whose visibility depends on it.
macro_rules! viewer_manages_offering {
    () => {
        "
     LEFT JOIN LATERAL (
         SELECT true AS manages
         FROM organization_members m
         WHERE m.network_id = o.network_id AND m.organization_id = o.organization_id
           AND m.user_id = $3 AND m.status
     ) m ON true
"
    };
}
pub(crate) use viewer_manages_offering;

/// SQL: whether the payout `p` is unpaid, that is what its Paid transactions (payment
/// status 1) pay sums to less than its `payout_amount` (`docs/money.md`). Shared by the
/// payout figures of investments and of offerings.
macro_rules! unpaid_payout {
    () => {
        concat!(
            "p.payout_amount > COALESCE((SELECT SUM(",
            $crate::models::payout::paid_part!("p"),
            ") FROM transactions t
                 WHERE t.network_id = p.network_id AND t.payout_id = p.id
                   AND t.payment_status = 1), 0)"
        )
    };
}
pub(crate) use unpaid_payout;

pub mod application;
pub mod audit;
pub mod auth_token;
pub mod bulletin;
pub mod cap_table;
pub mod capitalization;
pub mod globals;
pub mod idempotency;
pub mod investment;
pub mod invitation;
pub mod lookup;
pub mod mail;
pub mod network;
pub mod newsletter;
pub mod nonce;
pub mod offering;
pub mod organization;
pub mod paging;
pub mod payout;
pub mod portfolio;
pub mod shapes;
pub mod stats;
pub mod transaction;
pub mod user;
pub mod user_detail;
pub mod user_list;
pub mod user_secret;
pub mod user_stats;
pub mod wallet;
