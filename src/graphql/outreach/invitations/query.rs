//! The root query fields about invitations: each delegates to the type.

use super::*;

/// Root query fields about invitations.
#[derive(Default)]
pub struct InvitationsQuery;

#[Object]
impl InvitationsQuery {
    /// The logged-in user's invitations (GET /self/invitations), newest first unless
    /// ordered otherwise. Attributes: `email`, `given_name`, `family_name`,
    /// `organization_name`, `created_at`, `updated_at`, `expires_at`, `responded_at`,
    /// `registered_user_id`, `id`.
    async fn my_invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Invitation>> {
        let me = ctx.request().user()?.id;
        Invitation::paginate(ctx, Some(me), &args).await
    }

    /// Every invitation of the network (admins only), with the attributes of
    /// `myInvitations`.
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Invitation>> {
        ctx.request().admin()?;
        Invitation::paginate(ctx, None, &args).await
    }

    /// One invitation (GET /self/invitations/{invitation_id}): visible to its author and
    /// to admins; Not Found for anybody else.
    async fn invitation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Invitation> {
        Invitation::fetch(ctx, &id).await
    }
}
