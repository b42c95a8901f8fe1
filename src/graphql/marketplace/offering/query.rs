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
    ) -> ApiResult<Page<Offering>> {
        let viewer = ctx.request().viewer;
        Offering::paginate(ctx, viewer, viewer_scope(&viewer), &args).await
    }

    /// Public offerings (GET /public/offerings): Published, Closing and Settled, for
    /// anyone.
    async fn public_offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Offering>> {
        let scope = public_scope(false);
        Offering::paginate(ctx, Viewer::Anonymous, scope, &args).await
    }

    /// Featured offerings (GET /public/featuredOfferings): featured and Published,
    /// Closing or Settled, for anyone.
    async fn featured_offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Offering>> {
        let scope = public_scope(true);
        Offering::paginate(ctx, Viewer::Anonymous, scope, &args).await
    }

    /// The logged-in user's own offerings (GET /self/offerings): those they created, in
    /// every stage.
    async fn my_offerings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Offering>> {
        let req = ctx.request();
        let me = req.user()?.id;
        let scope = OfferingScope {
            viewer: Some(me),
            author_id: Some(me),
            ..OfferingScope::default()
        };
        Offering::paginate(ctx, req.viewer, scope, &args).await
    }

    /// Another user's offerings (GET /users/{id}/offerings): those the user created that
    /// the viewer may see. Not Found when the user is not visible.
    async fn user_offerings(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Offering>> {
        let viewer = ctx.request().viewer;
        let user = visible_user(ctx, &user_id).await?;
        let scope = OfferingScope {
            author_id: Some(user.id),
            ..viewer_scope(&viewer)
        };
        Offering::paginate(ctx, viewer, scope, &args).await
    }

    /// An organization's offerings (GET /organizations/{id}/offerings) that the viewer
    /// may see. Not Found when the organization is not visible.
    async fn organization_offerings(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Offering>> {
        let viewer = ctx.request().viewer;
        let org = Organization::fetch(ctx, &organization_id, viewer).await?;
        let scope = OfferingScope {
            organization_id: Some(org.row().id),
            ..viewer_scope(&viewer)
        };
        Offering::paginate(ctx, viewer, scope, &args).await
    }
}

/// The user `id` of the request's network, if the viewer may see them (else Not Found,
/// also for an id that is not one).
pub async fn visible_user(ctx: &Context<'_>, id: &str) -> ApiResult<UserRow> {
    let req = ctx.request();
    let network_id = req.network()?.id;
    let id = parse_id(id, "user")?;
    let mut conn = ctx.conn().await?;
    let row = UserRow::find(&mut conn, network_id, id).await?;
    let visible = |u: &UserRow| {
        let vis = Visibility::from_code(u.visibility).unwrap_or(Visibility::Hidden);
        user_visible(&req.viewer, u.id, vis)
    };
    row.filter(visible)
        .ok_or_else(|| ApiError::not_found("user"))
}

impl Offering {
    /// A page of the offerings in `scope`, as `viewer` sees them. The figures are read
    /// with the page when the query asks for a field that needs them, and the count only
    /// when it is asked for.
    pub async fn paginate(
        ctx: &Context<'_>,
        viewer: Viewer,
        scope: OfferingScope,
        args: &ListArgs,
    ) -> ApiResult<Page<Self>> {
        let selection = ctx.look_ahead();
        let rows = selection.field("list");
        let extras = PageExtras {
            count: selection.field("count").exists(),
            figures: FIELDS_READING_FIGURES
                .iter()
                .any(|f| rows.field(f).exists())
                .then(figure_stages),
        };
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let page = model::list(conn, network_id, &scope, filters, order, plan.page, extras);
            // Not asked for, so never shown.
            let page = page
                .await
                .map(|r| r.map(|p| (p.rows, p.count.unwrap_or_default())));
            listed(page)
        };
        let node = |(row, m, figures)| Offering {
            figures,
            ..Offering::new(row, viewer, m)
        };
        paginate(ctx, args, &model::LIST_ATTRS, list, node).await
    }
}

/// The offerings a viewer may list: admins all; others the stages they see plus their
/// own.
fn viewer_scope(viewer: &Viewer) -> OfferingScope {
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

/// The offerings anyone may list (only the featured ones when `featured_only`).
fn public_scope(featured_only: bool) -> OfferingScope {
    OfferingScope {
        stages: Some(PUBLIC_OFFERING_STAGES.iter().map(|s| s.code()).collect()),
        featured_only,
        ..OfferingScope::default()
    }
}

/// The fields of an offering that read its [`model::Figures`]: a page asking for any of
/// them reads the figures in its own statement.
const FIELDS_READING_FIGURES: &[&str] = &[
    "amountRaised",
    "raisedPercent",
    "investmentCount",
    "investorCount",
    "viewerCan",
];
