//! The root query fields about organizations: each delegates to the type.

use super::*;

/// Root fields about organizations.
#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// One organization (GET /organizations/{id}): Not Found when the viewer may not see
    /// it (never Forbidden).
    async fn organization(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Organization> {
        Organization::fetch(ctx, &id, ctx.request().viewer).await
    }

    /// One public organization (GET /public/organizations/{id}), as an anonymous
    /// visitor sees it: Approved, Restricted or Published, not Hidden.
    async fn public_organization(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Organization> {
        Organization::fetch(ctx, &id, Viewer::Anonymous).await
    }

    /// Organizations the viewer may see (GET /organizations): admins all; others
    /// Approved, Restricted or Published ones that are not Hidden, and their own.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Organization>> {
        let viewer = ctx.request().viewer;
        let scope = OrganizationScope {
            viewer: viewer.user_id(),
            visible: (!viewer.is_admin()).then(|| visible_sets(&viewer)),
            or_member: true,
            only_member: false,
        };
        list_organizations(ctx, viewer, scope, &args).await
    }

    /// Public organizations (GET /public/organizations), as an anonymous visitor sees
    /// them.
    async fn public_organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Organization>> {
        let viewer = Viewer::Anonymous;
        let scope = OrganizationScope {
            viewer: None,
            visible: Some(visible_sets(&viewer)),
            or_member: false,
            only_member: false,
        };
        list_organizations(ctx, viewer, scope, &args).await
    }

    /// The logged-in user's organizations (GET /self/organizations): those the user is
    /// an active member of.
    async fn my_organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Organization>> {
        let req = ctx.request();
        let me = req.user()?;
        let scope = OrganizationScope {
            viewer: Some(me.id),
            visible: None,
            or_member: false,
            only_member: true,
        };
        list_organizations(ctx, req.viewer, scope, &args).await
    }
}

pub(super) fn visible_sets(viewer: &Viewer) -> (Vec<i16>, Vec<i16>) {
    (
        organization_visible_stages(viewer)
            .iter()
            .map(|s| s.code())
            .collect(),
        visibility_codes(organization_visible_visibilities(viewer)),
    )
}

/// Attributes that name or point at the people of an organization: for non-admins,
/// filters and orderings on them only match Open organizations (and the viewer's own),
/// so they cannot reveal an Anonymous organization's names.
pub(super) const NAME_ATTRS: &[&str] = &[
    "display_name",
    "legal_name",
    "alternate_name",
    "user_id",
    "contact_point",
];

pub(super) fn touches(
    names: &[&str],
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
) -> bool {
    let hit = |a: &AttrRef| matches!(a, AttrRef::Column(attr) if names.contains(&attr.name));
    filters.iter().any(|f| hit(&f.attr)) || order.is_some_and(|(a, _)| hit(a))
}

pub(super) async fn list_organizations(
    ctx: &Context<'_>,
    viewer: Viewer,
    mut scope: OrganizationScope,
    args: &ListArgs,
) -> async_graphql::Result<Page<Organization>> {
    let network = ctx.request().network()?;
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(org_attrs::ATTRS)?;
    if let Some((_, visibilities)) = &mut scope.visible
        && touches(NAME_ATTRS, &filters, order.as_ref())
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
            .map(|(row, is_member)| Organization::new(row, viewer, is_member))
            .collect(),
    })
}
