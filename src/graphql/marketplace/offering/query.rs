//! The root query fields about offerings: each delegates to the type.

use super::*;

/// Root fields about offerings.
#[derive(Default)]
pub struct OfferingQuery;

#[Object]
impl OfferingQuery {
    /// One offering (GET /offerings/{id}): Not Found when the viewer may not see it
    /// (never Forbidden).
    async fn offering(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Offering> {
        Offering::fetch(ctx, &id, ctx.request().viewer).await
    }

    /// One public offering (GET /public/offerings/{id}), as an anonymous visitor sees it:
    /// Published, Closing or Settled.
    async fn public_offering(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Offering> {
        Offering::fetch(ctx, &id, Viewer::Anonymous).await
    }

    /// Offerings the viewer may see (GET /offerings): admins all; VIP users Restricted,
    /// Published, Closing, Settled; other users Published, Closing, Settled; plus the
    /// viewer's own (author or member of the organization).
    async fn offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Offering>> {
        let viewer = ctx.request().viewer;
        let scope = viewer_scope(&viewer);
        list_offerings(ctx, viewer, scope, &args).await
    }

    /// Public offerings (GET /public/offerings): Published, Closing and Settled, for
    /// anyone.
    async fn public_offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Offering>> {
        let scope = OfferingScope {
            stages: Some(PUBLIC_OFFERING_STAGES.iter().map(|s| s.code()).collect()),
            ..OfferingScope::default()
        };
        list_offerings(ctx, Viewer::Anonymous, scope, &args).await
    }

    /// Featured offerings (GET /public/featuredOfferings): featured and Published,
    /// Closing or Settled, for anyone.
    async fn featured_offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Offering>> {
        let scope = OfferingScope {
            stages: Some(PUBLIC_OFFERING_STAGES.iter().map(|s| s.code()).collect()),
            featured_only: true,
            ..OfferingScope::default()
        };
        list_offerings(ctx, Viewer::Anonymous, scope, &args).await
    }

    /// The logged-in user's own offerings (GET /self/offerings): those they created, in
    /// every stage.
    async fn my_offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Offering>> {
        let req = ctx.request();
        let me = req.user()?;
        let scope = OfferingScope {
            viewer: Some(me.id),
            author_id: Some(me.id),
            ..OfferingScope::default()
        };
        list_offerings(ctx, req.viewer, scope, &args).await
    }

    /// Another user's offerings (GET /users/{id}/offerings): those the user created that
    /// the viewer may see. Not Found when the user is not visible.
    async fn user_offerings(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Offering>> {
        let req = ctx.request();
        let network = req.network()?;
        let user_id = parse_id(&user_id, "user")?;
        visible_user(ctx, network.id, user_id).await?;
        let mut scope = viewer_scope(&req.viewer);
        scope.author_id = Some(user_id);
        list_offerings(ctx, req.viewer, scope, &args).await
    }

    /// An organization's offerings (GET /organizations/{id}/offerings) that the viewer
    /// may see. Not Found when the organization is not visible.
    async fn organization_offerings(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Offering>> {
        let req = ctx.request();
        let org = Organization::fetch(ctx, &organization_id, req.viewer).await?;
        let mut scope = viewer_scope(&req.viewer);
        scope.organization_id = Some(org.row().id);
        list_offerings(ctx, req.viewer, scope, &args).await
    }
}

/// Checks that the user `id` exists and is visible to the viewer (else Not Found).
pub async fn visible_user(ctx: &Context<'_>, network_id: Uuid, id: Uuid) -> ApiResult<UserRow> {
    let viewer = ctx.request().viewer;
    let mut conn = ctx.conn().await?;
    let row = UserRow::find(&mut conn, network_id, id)
        .await?
        .filter(|u| {
            let vis = Visibility::from_code(u.visibility).unwrap_or(Visibility::Hidden);
            user_visible(&viewer, u.id, vis)
        })
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(row)
}

/// The offerings a viewer may list: admins all; others the stages they see plus their
/// own.
pub(super) fn viewer_scope(viewer: &Viewer) -> OfferingScope {
    OfferingScope {
        viewer: viewer.user_id(),
        stages: (!viewer.is_admin()).then(|| {
            offering_visible_stages(viewer)
                .iter()
                .map(|s| s.code())
                .collect()
        }),
        or_related: true,
        ..OfferingScope::default()
    }
}

pub(super) async fn list_offerings(
    ctx: &Context<'_>,
    viewer: Viewer,
    scope: OfferingScope,
    args: &ListArgs,
) -> async_graphql::Result<Page<Offering>> {
    let network = ctx.request().network()?;
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(&model::LIST_ATTRS)?;
    let selection = ctx.look_ahead();
    let rows = selection.field("list");
    let extras = PageExtras {
        count: selection.field("count").exists(),
        figures: FIELDS_READING_FIGURES
            .iter()
            .any(|f| rows.field(f).exists())
            .then(figure_stages),
    };
    let mut conn = ctx.conn().await?;
    let listed = model::list(
        &mut conn,
        network.id,
        &scope,
        &filters,
        order.as_ref(),
        page,
        extras,
    )
    .await
    .map_err(ApiError::bad_request)?
    .map_err(ApiError::from)?;
    Ok(Page {
        offset: page.offset,
        limit: page.limit,
        // Not asked for, so never shown.
        count: listed.count.unwrap_or_default(),
        list: listed
            .rows
            .into_iter()
            .map(|(row, m, figures)| Offering {
                figures,
                ..Offering::new(row, viewer, m)
            })
            .collect(),
    })
}

/// The fields of an offering that read its [`model::Figures`]: a page asking for any of
/// them reads the figures in its own statement.
pub(super) const FIELDS_READING_FIGURES: &[&str] = &[
    "amountRaised",
    "raisedPercent",
    "investmentCount",
    "investorCount",
    "viewerCan",
];
