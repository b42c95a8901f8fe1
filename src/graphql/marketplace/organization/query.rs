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
    ) -> ApiResult<Page<Organization>> {
        let viewer = ctx.request().viewer;
        Organization::paginate(ctx, viewer, viewer_scope(&viewer), &args).await
    }

    /// Public organizations (GET /public/organizations), as an anonymous visitor sees
    /// them.
    async fn public_organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Organization>> {
        let scope = public_scope();
        Organization::paginate(ctx, Viewer::Anonymous, scope, &args).await
    }

    /// The logged-in user's organizations (GET /self/organizations): those the user is
    /// an active member of.
    async fn my_organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Organization>> {
        let req = ctx.request();
        let scope = member_scope(req.user()?.id);
        Organization::paginate(ctx, req.viewer, scope, &args).await
    }
}

impl Organization {
    /// A page of the organizations in `scope`, as `viewer` sees them.
    pub async fn paginate(
        ctx: &Context<'_>,
        viewer: Viewer,
        mut scope: OrganizationScope,
        args: &ListArgs,
    ) -> ApiResult<Page<Self>> {
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            if let Some((_, visibilities)) = &mut scope.visible
                && plan.touches(NAME_ATTRS)
            {
                *visibilities = vec![Visibility::Open.code()];
            }
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            listed(model::list(conn, network_id, &scope, filters, order, plan.page).await)
        };
        let node = |(row, is_member)| Self::new(row, viewer, is_member);
        paginate(ctx, args, org_attrs::ATTRS, list, node).await
    }
}

/// The organizations a viewer may list: admins all; others the visible ones and their
/// own.
fn viewer_scope(viewer: &Viewer) -> OrganizationScope {
    OrganizationScope {
        viewer: viewer.user_id(),
        visible: (!viewer.is_admin()).then(|| visible_sets(viewer)),
        or_member: true,
        only_member: false,
    }
}

/// The organizations anyone may list.
fn public_scope() -> OrganizationScope {
    OrganizationScope {
        viewer: None,
        visible: Some(visible_sets(&Viewer::Anonymous)),
        or_member: false,
        only_member: false,
    }
}

/// The organizations `user` is an active member of.
fn member_scope(user: Uuid) -> OrganizationScope {
    OrganizationScope {
        viewer: Some(user),
        visible: None,
        or_member: false,
        only_member: true,
    }
}

/// The stage and visibility codes of the organizations `viewer` sees.
fn visible_sets(viewer: &Viewer) -> (Vec<i16>, Vec<i16>) {
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
