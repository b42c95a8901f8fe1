//! The root query fields about investments: each delegates to the type.

use super::*;

/// Root fields about investments.
#[derive(Default)]
pub struct InvestmentQuery;

#[Object]
impl InvestmentQuery {
    /// One investment (GET /investments/{id}): the investor, admins and the offering's
    /// team see it in every stage; others Approved or Settled ones that are not Hidden,
    /// of an offering they may see. Not Found otherwise.
    async fn investment(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Investment> {
        Investment::fetch(ctx, &id, ctx.request().viewer).await
    }

    /// An offering's investments (GET /offerings/{id}/investments): the offering's team
    /// and admins see all; others Approved or Settled ones that are not Hidden, plus
    /// their own. Not Found when the offering is not visible.
    async fn offering_investments(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Investment>> {
        let viewer = ctx.request().viewer;
        let offering = Offering::fetch(ctx, &offering_id, viewer).await?;
        let listing = InvestmentListing::OfferingOrSingle;
        let sees_all = viewer.is_admin() || offering.is_org_member();
        let scope = InvestmentScope {
            viewer: viewer.user_id(),
            offering_id: Some(offering.row().id),
            investor: None,
            visible: (!sees_all).then(|| visible_sets(&viewer, listing)),
        };
        Investment::paginate(ctx, viewer, scope, &args).await
    }

    /// The logged-in user's investments in every stage (GET /self/investments).
    async fn my_investments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Investment>> {
        let req = ctx.request();
        let me = req.user()?.id;
        let scope = InvestmentScope {
            viewer: Some(me),
            offering_id: None,
            investor: Some(me),
            visible: None,
        };
        Investment::paginate(ctx, req.viewer, scope, &args).await
    }

    /// Another user's investments (GET /users/{id}/investments): to others only Settled
    /// ones with visibility Open (and those of offerings the viewer's organizations run);
    /// all of them to the user themself and admins. Not Found when the user is not
    /// visible.
    async fn user_investments(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Investment>> {
        let viewer = ctx.request().viewer;
        let user = visible_user(ctx, &user_id).await?;
        let listing = InvestmentListing::UserInvestments;
        let scope = InvestmentScope {
            viewer: viewer.user_id(),
            offering_id: None,
            investor: Some(user.id),
            visible: (!viewer.is_self_or_admin(user.id)).then(|| visible_sets(&viewer, listing)),
        };
        Investment::paginate(ctx, viewer, scope, &args).await
    }
}

/// The stage and visibility codes of the investments `viewer` sees in `listing`.
fn visible_sets(viewer: &Viewer, listing: InvestmentListing) -> (Vec<i16>, Vec<i16>) {
    (
        stage_codes(investment_visible_stages(viewer, listing), |s| s.code()),
        visibility_codes(investment_visible_visibilities(viewer, listing)),
    )
}

impl Investment {
    /// A page of the investments in `scope`, as `viewer` sees them.
    pub async fn paginate(
        ctx: &Context<'_>,
        viewer: Viewer,
        mut scope: InvestmentScope,
        args: &ListArgs,
    ) -> ApiResult<Page<Self>> {
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            // A filter or ordering on the investor must not reveal Anonymous investments.
            if let Some((_, visibilities)) = &mut scope.visible
                && plan.touches(&["user_id"])
            {
                *visibilities = vec![Visibility::Open.code()];
            }
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            listed(model::list(conn, network_id, &scope, filters, order, plan.page).await)
        };
        let node = |(row, m)| Self::new(row, viewer, m);
        paginate(ctx, args, investment_attrs::ATTRS, list, node).await
    }
}
