//! What an investment shows of its offering (organization, goal, progress) and of its
//! payouts. Flattened into `Investment`, so these fields keep their place.

use super::*;

/// The offering and payout fields of an investment.
pub struct OfferingFields<'a>(pub(super) &'a Investment);

impl Investment {
    /// The offering, if the viewer may see it (through the batch loader).
    pub(super) async fn visible_offering(&self, ctx: &Context<'_>) -> ApiResult<Option<Offering>> {
        let key = OfferingFor {
            id: self.row.offering_id,
            viewer: self.viewer.user_id(),
        };
        let row = ctx.loader()?.load_one(key).await?;
        Ok(row.and_then(|(row, m)| Offering::visible(row, self.viewer, m)))
    }

    /// The figures of this investment's payouts, for the investor, admins and the
    /// offering's team only.
    async fn payout_figures(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<model::InvestmentPayoutFigures>> {
        if !self.related() {
            return Ok(None);
        }
        let key = InvestmentPayoutFiguresOf(self.row.id);
        Ok(Some(ctx.loader()?.load_one(key).await?.unwrap_or_default()))
    }
}

#[Object(name = "InvestmentOfferingFields")]
impl OfferingFields<'_> {
    /// The offering's organization id.
    async fn org_id(&self, ctx: &Context<'_>) -> ApiResult<Option<ID>> {
        let offering = self.0.visible_offering(ctx).await?;
        Ok(offering.map(|o| id_of(o.row().organization_id)))
    }

    /// The display name of the offering's organization (null when not visible or
    /// Anonymous).
    async fn org_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let Some(offering) = self.0.visible_offering(ctx).await? else {
            return Ok(None);
        };
        let key = OrganizationFor {
            id: offering.row().organization_id,
            viewer: self.0.viewer.user_id(),
        };
        let org = ctx.loader()?.load_one(key).await?;
        Ok(org
            .and_then(|(row, is_member)| Organization::visible(row, self.0.viewer, is_member))
            .and_then(|o| o.visible_display_name()))
    }

    /// The funding goal of the offering.
    async fn funding_goal(&self, ctx: &Context<'_>) -> ApiResult<Option<Money>> {
        let offering = self.0.visible_offering(ctx).await?;
        Ok(offering.and_then(|o| o.row().funding_goal).map(Money))
    }

    /// The offering's raisedPercent.
    async fn raised_percent(&self, ctx: &Context<'_>) -> ApiResult<Option<Money>> {
        let Some(offering) = self.0.visible_offering(ctx).await? else {
            return Ok(None);
        };
        let figures = ctx
            .loader()?
            .load_one(FiguresOf(self.0.row.offering_id))
            .await?
            .unwrap_or_default();
        let raised = figures.approved_settled_amount + offering.row().external_commitments;
        Ok(percent_of(raised, offering.row().funding_goal).map(Money))
    }

    /// Sum of this investment's unpaid payouts (the investor, admins and the offering's
    /// team only).
    async fn capital_outstanding(&self, ctx: &Context<'_>) -> ApiResult<Option<Money>> {
        let figures = self.0.payout_figures(ctx).await?;
        Ok(figures.map(|f| Money(f.capital_outstanding)))
    }

    /// Number of this investment's unpaid payouts (the investor, admins and the
    /// offering's team only).
    async fn repayments_remaining(&self, ctx: &Context<'_>) -> ApiResult<Option<i64>> {
        let figures = self.0.payout_figures(ctx).await?;
        Ok(figures.map(|f| f.repayments_remaining))
    }
}
