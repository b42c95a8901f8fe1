//! The root query fields about applications: each delegates to the type.

use super::*;

/// Root query fields about applications.
#[derive(Default)]
pub struct ApplicationsQuery;

#[Object]
impl ApplicationsQuery {
    /// Approved applications, for anyone (GET /public/applications), newest first unless
    /// ordered otherwise. Attributes: `id`, `author_id`, `user_id`, `offering_id` (or
    /// `offering`), `organization_id` (or `organization`), `life_cycle_stage`,
    /// `additional_type`, `code`, `funding_goal`, `investment_amount`, `interest_rate`,
    /// `number_of_shares`, `price_per_share`, `term`, `created_at`, `updated_at`,
    /// `custom__<name>`.
    async fn public_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Application>> {
        let scope = ApplicationScope {
            stages: Some(vec![ApplicationStage::Approved.code()]),
            owner: None,
        };
        Application::paginate(ctx, scope, &args).await
    }

    /// The logged-in user's applications (as user or author), in every stage; the
    /// attributes of `publicApplications`.
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Application>> {
        let me = ctx.request().user()?.id;
        let scope = ApplicationScope {
            stages: None,
            owner: Some(me),
        };
        Application::paginate(ctx, scope, &args).await
    }

    /// Every application of the network, in every stage (admins only, for the review);
    /// the attributes of `publicApplications`.
    async fn applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Application>> {
        ctx.request().admin()?;
        Application::paginate(ctx, ApplicationScope::default(), &args).await
    }

    /// One application: Approved ones for anyone; others for their user, author and
    /// admins only (Not Found for anybody else).
    async fn application(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Application> {
        Application::fetch(ctx, &id).await
    }
}
