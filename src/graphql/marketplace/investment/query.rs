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
    async fn investment(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Investment> {
        let req = ctx.request();
        let network = req.network()?;
        let id = parse_id(&id, "investment")?;
        let mut conn = ctx.conn().await?;
        let viewer = req.viewer;
        let (row, manages) = model::find_for(&mut conn, network.id, id, viewer.user_id())
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("investment"))?;
        let node = Investment::new(row, viewer, manages);
        if !node.visible_as(InvestmentListing::OfferingOrSingle) {
            return Err(ApiError::not_found("investment").into());
        }
        if !node.related() {
            let offering = offering_model::find_for(
                &mut conn,
                network.id,
                node.row.offering_id,
                viewer.user_id(),
            )
            .await
            .map_err(ApiError::from)?;
            if offering.is_none_or(|(o, m)| Offering::visible(o, viewer, m).is_none()) {
                return Err(ApiError::not_found("investment").into());
            }
        }
        Ok(node)
    }

    /// An offering's investments (GET /offerings/{id}/investments): the offering's team
    /// and admins see all; others Approved or Settled ones that are not Hidden, plus
    /// their own. Not Found when the offering is not visible.
    async fn offering_investments(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Investment>> {
        let req = ctx.request();
        let network = req.network()?;
        let viewer = req.viewer;
        let offering_id = parse_id(&offering_id, "offering")?;
        let manages = {
            let mut conn = ctx.conn().await?;
            let (row, m) =
                offering_model::find_for(&mut conn, network.id, offering_id, viewer.user_id())
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| ApiError::not_found("offering"))?;
            Offering::visible(row, viewer, m).ok_or_else(|| ApiError::not_found("offering"))?;
            m
        };
        let listing = InvestmentListing::OfferingOrSingle;
        let scope = InvestmentScope {
            viewer: viewer.user_id(),
            offering_id: Some(offering_id),
            investor: None,
            visible: (!viewer.is_admin() && !manages).then(|| visible_sets(&viewer, listing)),
        };
        list_investments(ctx, viewer, scope, &args).await
    }

    /// The logged-in user's investments in every stage (GET /self/investments).
    async fn my_investments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Investment>> {
        let req = ctx.request();
        let me = req.user()?;
        let scope = InvestmentScope {
            viewer: Some(me.id),
            offering_id: None,
            investor: Some(me.id),
            visible: None,
        };
        list_investments(ctx, req.viewer, scope, &args).await
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
    ) -> async_graphql::Result<Page<Investment>> {
        let req = ctx.request();
        let network = req.network()?;
        let viewer = req.viewer;
        let user_id = parse_id(&user_id, "user")?;
        visible_user(ctx, network.id, user_id).await?;
        let scope = InvestmentScope {
            viewer: viewer.user_id(),
            offering_id: None,
            investor: Some(user_id),
            visible: (!viewer.is_self_or_admin(user_id))
                .then(|| visible_sets(&viewer, InvestmentListing::UserInvestments)),
        };
        list_investments(ctx, viewer, scope, &args).await
    }
}

pub(super) fn visible_sets(viewer: &Viewer, listing: InvestmentListing) -> (Vec<i16>, Vec<i16>) {
    (
        stage_codes(investment_visible_stages(viewer, listing), |s| s.code()),
        visibility_codes(investment_visible_visibilities(viewer, listing)),
    )
}

pub(super) async fn list_investments(
    ctx: &Context<'_>,
    viewer: Viewer,
    mut scope: InvestmentScope,
    args: &ListArgs,
) -> async_graphql::Result<Page<Investment>> {
    let network = ctx.request().network()?;
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(investment_attrs::ATTRS)?;
    // A filter or ordering on the investor must not reveal Anonymous investments.
    let on_user = |a: &AttrRef| matches!(a, AttrRef::Column(c) if c.name == "user_id");
    if let Some((_, visibilities)) = &mut scope.visible
        && (filters.iter().any(|f| on_user(&f.attr))
            || order.as_ref().is_some_and(|(a, _)| on_user(a)))
    {
        *visibilities = vec![Visibility::Open.code()];
    }
    let mut conn = ctx.conn().await?;
    let (rows, count) = model::list(
        &mut conn,
        network.id,
        &scope,
        &filters,
        order.as_ref(),
        page,
    )
    .await
    .map_err(ApiError::bad_request)?
    .map_err(ApiError::from)?;
    Ok(Page {
        offset: page.offset,
        limit: page.limit,
        count,
        list: rows
            .into_iter()
            .map(|(row, m)| Investment::new(row, viewer, m))
            .collect(),
    })
}
