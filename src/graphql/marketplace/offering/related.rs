//! What hangs off an offering: its newest investments and bulletins, and what the viewer
//! may do with it. Flattened into `Offering`, so these fields keep their place.

use super::*;
use crate::graphql::money::payout::{Payout, first_payouts};
use crate::models::payout::PayoutParent;

/// The nested lists and the viewer's rights of an offering.
pub struct RelatedFields<'a>(pub(super) &'a Offering);

impl RelatedFields<'_> {
    /// The stages the offering's manager may move it to now; Canceled only when no
    /// investment blocks it (the figures are read only when the lifecycle allows it).
    async fn transitions_to(
        &self,
        ctx: &Context<'_>,
        actor: Actor,
    ) -> ApiResult<Vec<OfferingStage>> {
        let from = self.0.stage();
        let blocked = if offering_transition_allowed(actor, from, OfferingStage::Canceled) {
            self.0.figures(ctx).await?.blocking_count > 0
        } else {
            true
        };
        Ok(OfferingStage::ALL
            .iter()
            .copied()
            .filter(|to| offering_transition_allowed(actor, from, *to))
            .filter(|to| *to != OfferingStage::Canceled || !blocked)
            .collect())
    }

    /// Whether the viewer may invest now (stage and dates).
    fn may_invest(&self) -> bool {
        let offering = self.0;
        let today = Utc::now().date_naive();
        !offering.viewer.is_anonymous()
            && open_for_investment(offering.stage(), offering.viewer.is_vip())
            && within_dates(&offering.row.rules(), today)
    }
}

#[Object(name = "OfferingRelatedFields")]
impl RelatedFields<'_> {
    /// The newest investments the viewer may see (at most `limit`, 1-100): the whole
    /// list with paging, filters and count is `offeringInvestments`.
    async fn investments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Investment>> {
        let selection = ctx.look_ahead();
        let reads_user = |f: &&str| selection.field(f).exists();
        let key = FirstInvestments {
            offering_id: self.0.row.id,
            limit: nested_limit(limit)?,
            viewer: self.0.viewer,
            with_users: Investment::FIELDS_READING_USER.iter().any(reads_user),
        };
        let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
        let viewer = self.0.viewer;
        let node = |(row, manages, user)| Investment::with_user(row, viewer, manages, user);
        Ok(rows.into_iter().map(node).collect())
    }

    /// The newest bulletins (at most `limit`, 1-100): the whole list with paging is
    /// `offeringBulletins`.
    async fn bulletins(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Bulletin>> {
        let key = FirstBulletins {
            offering_id: self.0.row.id,
            limit: nested_limit(limit)?,
            viewer: self.0.viewer,
        };
        let rows = ctx.loader()?.load_one(key).await?.unwrap_or_default();
        Ok(rows.into_iter().map(Bulletin::from).collect())
    }

    /// The newest of the offering's own payouts (its borrower's repayments, not those of
    /// its investments; at most `limit`, 1-100) that the viewer may see: all for admins
    /// and its team, the viewer's own for others. The whole list is `offeringPayouts`.
    async fn payouts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] limit: i64,
    ) -> ApiResult<Vec<Payout>> {
        let (id, viewer) = (self.0.row.id, self.0.viewer);
        first_payouts(ctx, PayoutParent::Offering, id, limit, viewer).await
    }

    /// What the viewer may do with this offering, so front ends never repeat the rules.
    async fn viewer_can(&self, ctx: &Context<'_>) -> ApiResult<OfferingViewerCan> {
        let actor = self.0.actor();
        let transitions_to = match actor {
            Some(actor) => self.transitions_to(ctx, actor).await?,
            None => Vec::new(),
        };
        let edit = actor.is_some_and(|a| check_offering_edit(a, self.0.stage(), false).is_ok());
        Ok(OfferingViewerCan {
            edit,
            submit: transitions_to.contains(&OfferingStage::Submitted),
            cancel: transitions_to.contains(&OfferingStage::Canceled),
            invest: self.may_invest(),
            add_bulletin: actor.is_some(),
            manage_investments: actor.is_some(),
            transitions_to,
        })
    }
}

fn nested_limit(limit: i64) -> ApiResult<i64> {
    if (1..=MAX_NESTED).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_NESTED}, not {limit}."
        )))
    }
}

/// What the viewer may do with an offering.
#[derive(SimpleObject)]
pub struct OfferingViewerCan {
    /// Change its fields (`updateOffering`): admins always, its team while Draft or
    /// Submitted.
    pub edit: bool,
    /// Submit it for review (move it to Submitted).
    pub submit: bool,
    /// Cancel it (`cancelOffering`): allowed by the lifecycle and no Open, Approved or
    /// Settled investment.
    pub cancel: bool,
    /// Invest in it now (stage and dates; amounts are checked by `invest`).
    pub invest: bool,
    /// Post bulletins.
    pub add_bulletin: bool,
    /// Approve, reject and settle its investments.
    pub manage_investments: bool,
    /// The stages `setOfferingStage` may move it to.
    pub transitions_to: Vec<OfferingStage>,
}
