//! Batch loads of the marketplace: every nested object or list field asks the request's
//! [`DbLoader`] by key, and each kind of key is fetched in one statement per batch (per
//! distinct viewer or limit, which is one per request in practice), so the number of
//! statements of a nested query does not grow with the number of rows.
//!
//! Keys that return rows for a viewer carry the viewer: the relation it needs (member of
//! an organization, manager of an investment) is computed inside the same statement, and
//! list keys apply the visibility rule inside it too.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::db;
use crate::domain::investment_rules::COUNTED_STAGES;
use crate::domain::stages::{InvestmentStage, Visibility};
use crate::domain::viewer::Viewer;
use crate::domain::visibility::{
    InvestmentListing, investment_visible_stages, investment_visible_visibilities,
};
use crate::error::ApiError;
use crate::graphql::loaders::{DbLoader, group_keys};
use crate::models::bulletin::{self, Bulletin};
use crate::models::investment::{
    self, Investment, InvestmentForViewer, InvestmentPayoutFigures, InvestmentWindow,
};
use crate::models::offering::{self, FigureStages, Figures, Offering, PayoutFigures};
use crate::models::organization::{
    self, Member, Organization, OrganizationAddress, OrganizationBankAccount,
};
use crate::models::user::User;

/// Key: an organization, with whether the viewer (`None`: anonymous) is a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrganizationFor {
    /// The organization.
    pub id: Uuid,
    /// The viewer.
    pub viewer: Option<Uuid>,
}

/// Key: an offering, with whether the viewer (`None`: anonymous) is a member of its
/// organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OfferingFor {
    /// The offering.
    pub id: Uuid,
    /// The viewer.
    pub viewer: Option<Uuid>,
}

/// Key: an investment, with whether the viewer (`None`: anonymous) manages it (member of
/// its offering's organization); whether the viewer may see it is the resolver's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvestmentFor {
    /// The investment.
    pub id: Uuid,
    /// The viewer.
    pub viewer: Option<Uuid>,
}

/// Key: the active members of an organization, with their users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MembersOf(pub Uuid);

/// Key: the address of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrganizationAddressOf(pub Uuid);

/// Key: the bank account of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrganizationBankAccountOf(pub Uuid);

/// Key: a user by id (visibility is the resolver's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserById(pub Uuid);

/// Key: the investment figures of an offering (`docs/money.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FiguresOf(pub Uuid);

/// Key: the newest `limit` investments of an offering that `viewer` may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstInvestments {
    /// The offering.
    pub offering_id: Uuid,
    /// Investments at most.
    pub limit: i64,
    /// Who is asking.
    pub viewer: Viewer,
    /// Also read the investors (the query asks for them): one statement for the whole
    /// batch on the same connection, instead of a batch load per investment.
    pub with_users: bool,
}

/// An investment of [`FirstInvestments`]: the row, whether the viewer manages it, and the
/// investor when the key asked for it (rows shared, not cloned, with the fields).
pub type InvestmentWithUser = (Arc<Investment>, bool, Option<Arc<User>>);

/// Key: the newest `limit` bulletins of an offering that `viewer` may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstBulletins {
    /// The offering.
    pub offering_id: Uuid,
    /// Bulletins at most.
    pub limit: i64,
    /// Who is asking.
    pub viewer: Viewer,
}

impl Loader<OrganizationFor> for DbLoader {
    // Shared, not cloned, into each of the fields asking for the same organization.
    type Value = (Arc<Organization>, bool);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[OrganizationFor],
    ) -> Result<HashMap<OrganizationFor, (Arc<Organization>, bool)>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out = HashMap::new();
        for (viewer, keys) in group_keys(keys, |k| k.viewer) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let rows =
                organization::find_many_for(&mut conn, self.network_id, &ids, viewer).await?;
            for (row, is_member) in rows {
                let key = OrganizationFor { id: row.id, viewer };
                out.insert(key, (Arc::new(row), is_member));
            }
        }
        Ok(out)
    }
}

impl Loader<OfferingFor> for DbLoader {
    type Value = (Offering, bool);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[OfferingFor],
    ) -> Result<HashMap<OfferingFor, (Offering, bool)>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out = HashMap::new();
        for (viewer, keys) in group_keys(keys, |k| k.viewer) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let rows = offering::find_many_for(&mut conn, self.network_id, &ids, viewer).await?;
            for row in rows {
                out.insert(
                    OfferingFor {
                        id: row.0.id,
                        viewer,
                    },
                    row,
                );
            }
        }
        Ok(out)
    }
}

impl Loader<InvestmentFor> for DbLoader {
    type Value = (Arc<Investment>, bool);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[InvestmentFor],
    ) -> Result<HashMap<InvestmentFor, (Arc<Investment>, bool)>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out = HashMap::new();
        for (viewer, keys) in group_keys(keys, |k| k.viewer) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let rows = investment::find_many_for(&mut conn, self.network_id, &ids, viewer).await?;
            for (row, manages) in rows {
                let key = InvestmentFor { id: row.id, viewer };
                out.insert(key, (Arc::new(row), manages));
            }
        }
        Ok(out)
    }
}

impl Loader<MembersOf> for DbLoader {
    type Value = Vec<(Member, User)>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[MembersOf],
    ) -> Result<HashMap<MembersOf, Vec<(Member, User)>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = organization::members_of(&mut conn, self.network_id, &ids).await?;
        let mut out: HashMap<MembersOf, Vec<(Member, User)>> = HashMap::new();
        for row in rows {
            out.entry(MembersOf(row.0.organization_id))
                .or_default()
                .push(row);
        }
        Ok(out)
    }
}

impl Loader<OrganizationAddressOf> for DbLoader {
    type Value = OrganizationAddress;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[OrganizationAddressOf],
    ) -> Result<HashMap<OrganizationAddressOf, OrganizationAddress>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = organization::addresses_of(&mut conn, self.network_id, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| (OrganizationAddressOf(r.organization_id), r))
            .collect())
    }
}

impl Loader<OrganizationBankAccountOf> for DbLoader {
    type Value = OrganizationBankAccount;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[OrganizationBankAccountOf],
    ) -> Result<HashMap<OrganizationBankAccountOf, OrganizationBankAccount>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = organization::bank_accounts_of(&mut conn, self.network_id, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| (OrganizationBankAccountOf(r.organization_id), r))
            .collect())
    }
}

impl Loader<UserById> for DbLoader {
    // Shared, not cloned, into each of the fields asking for the same user.
    type Value = Arc<User>;
    type Error = ApiError;

    async fn load(&self, keys: &[UserById]) -> Result<HashMap<UserById, Arc<User>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = organization::users_by_ids(&mut conn, self.network_id, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|u| (UserById(u.id), Arc::new(u)))
            .collect())
    }
}

/// The stage codes of [`Figures`]: those counted (Approved, Settled) and those that
/// block cancelling the offering (computed once, not per request).
pub static FIGURE_STAGES: LazyLock<(Vec<i16>, Vec<i16>)> = LazyLock::new(|| {
    (
        codes(COUNTED_STAGES, InvestmentStage::code),
        codes(
            crate::domain::lifecycle::INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL,
            InvestmentStage::code,
        ),
    )
});

/// [`FIGURE_STAGES`] as the model takes them.
pub fn figure_stages() -> FigureStages<'static> {
    FigureStages {
        counted: &FIGURE_STAGES.0,
        blocking: &FIGURE_STAGES.1,
    }
}

impl Loader<FiguresOf> for DbLoader {
    type Value = Figures;
    type Error = ApiError;

    async fn load(&self, keys: &[FiguresOf]) -> Result<HashMap<FiguresOf, Figures>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let stages = figure_stages();
        let mut conn = db::conn(&self.pool).await?;
        let rows = offering::figures_of(
            &mut conn,
            self.network_id,
            &ids,
            stages.counted,
            stages.blocking,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|f| (FiguresOf(f.offering_id), f))
            .collect())
    }
}

impl Loader<FirstInvestments> for DbLoader {
    type Value = Vec<InvestmentWithUser>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[FirstInvestments],
    ) -> Result<HashMap<FirstInvestments, Vec<InvestmentWithUser>>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out: HashMap<FirstInvestments, Vec<InvestmentWithUser>> = HashMap::new();
        let parts = |k: &FirstInvestments| (k.viewer, k.limit, k.with_users);
        for ((viewer, limit, with_users), keys) in group_keys(keys, parts) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.offering_id).collect();
            let window = investment_window(viewer, limit);
            let rows =
                investment::first_of_offerings(&mut conn, self.network_id, &ids, &window).await?;
            let users = if with_users {
                self.investors_of(&mut conn, &rows).await?
            } else {
                HashMap::new()
            };
            for key in &keys {
                out.insert(*key, Vec::new());
            }
            for row in rows {
                let key = FirstInvestments {
                    offering_id: row.investment.offering_id,
                    ..keys[0]
                };
                let user = users.get(&row.investment.user_id).cloned();
                let InvestmentForViewer {
                    investment,
                    viewer_manages,
                } = row;
                out.entry(key)
                    .or_default()
                    .push((Arc::new(investment), viewer_manages, user));
            }
        }
        Ok(out)
    }
}

/// The newest `limit` investments of each offering that `viewer` may see.
fn investment_window(viewer: Viewer, limit: i64) -> InvestmentWindow {
    let listing = InvestmentListing::OfferingOrSingle;
    InvestmentWindow {
        viewer: viewer.user_id(),
        is_admin: viewer.is_admin(),
        stages: codes(investment_visible_stages(&viewer, listing), |s| s.code()),
        visibilities: visibility_codes(investment_visible_visibilities(&viewer, listing)),
        limit,
    }
}

impl DbLoader {
    /// The investors of `rows`, each read once, in one statement on the same connection.
    async fn investors_of(
        &self,
        conn: &mut diesel_async::AsyncPgConnection,
        rows: &[InvestmentForViewer],
    ) -> Result<HashMap<Uuid, Arc<User>>, ApiError> {
        if rows.is_empty() {
            return Ok(HashMap::new());
        }
        let mut user_ids: Vec<Uuid> = rows.iter().map(|r| r.investment.user_id).collect();
        user_ids.sort_unstable();
        user_ids.dedup();
        let users = organization::users_by_ids(conn, self.network_id, &user_ids).await?;
        Ok(users.into_iter().map(|u| (u.id, Arc::new(u))).collect())
    }
}

impl Loader<FirstBulletins> for DbLoader {
    type Value = Vec<Bulletin>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[FirstBulletins],
    ) -> Result<HashMap<FirstBulletins, Vec<Bulletin>>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out: HashMap<FirstBulletins, Vec<Bulletin>> = HashMap::new();
        for ((viewer, limit), keys) in group_keys(keys, |k| (k.viewer, k.limit)) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.offering_id).collect();
            let rows = bulletin::first_of_offerings(
                &mut conn,
                self.network_id,
                &ids,
                viewer.user_id(),
                viewer.is_admin(),
                limit,
            )
            .await?;
            for key in &keys {
                out.insert(*key, Vec::new());
            }
            for row in rows {
                let key = FirstBulletins {
                    offering_id: row.offering_id,
                    limit,
                    viewer,
                };
                out.entry(key).or_default().push(row);
            }
        }
        Ok(out)
    }
}

/// Key: the figures of an offering from its investments' unpaid payouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PayoutFiguresOf(pub Uuid);

impl Loader<PayoutFiguresOf> for DbLoader {
    type Value = PayoutFigures;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[PayoutFiguresOf],
    ) -> Result<HashMap<PayoutFiguresOf, PayoutFigures>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = offering::payout_figures_of(&mut conn, self.network_id, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|f| (PayoutFiguresOf(f.offering_id), f))
            .collect())
    }
}

/// Key: the figures of an investment from its unpaid payouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvestmentPayoutFiguresOf(pub Uuid);

impl Loader<InvestmentPayoutFiguresOf> for DbLoader {
    type Value = InvestmentPayoutFigures;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[InvestmentPayoutFiguresOf],
    ) -> Result<HashMap<InvestmentPayoutFiguresOf, InvestmentPayoutFigures>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let rows = investment::payout_figures_of(&mut conn, self.network_id, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|f| (InvestmentPayoutFiguresOf(f.investment_id), f))
            .collect())
    }
}

/// The stored codes of a set of enum values.
pub fn codes<T: Copy>(values: &[T], code: impl Fn(T) -> i16) -> Vec<i16> {
    values.iter().map(|v| code(*v)).collect()
}

/// Visibility codes, for scopes.
pub fn visibility_codes(values: &[Visibility]) -> Vec<i16> {
    codes(values, Visibility::code)
}
