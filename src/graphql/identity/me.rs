//! The logged-in user's own account: `me`, profile changes, onboarding steps, blocking
//! themself and asking for the account to be deleted.

use async_graphql::{Context, ID, Object};
use chrono::NaiveDate;

use super::input::ProfileInput;
use super::user::User;
use super::{blocks, profile};
use crate::error::ApiResult;
use crate::models::user::OnboardingFlag;

/// Root query fields about the viewer.
#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// The logged-in user, with every field (GET /self).
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<User> {
        User::fetch_me(ctx).await
    }
}

/// Mutations of the logged-in user's own account.
#[derive(Default)]
pub struct MeMutation;

#[Object]
impl MeMutation {
    /// Updates the logged-in user's profile (PATCH /self): omitted fields stay, `null`
    /// clears; custom fields are merged; an address or bank account with an `id` is
    /// updated, without one it is added. All of it or nothing is written.
    async fn update_me(&self, ctx: &Context<'_>, input: ProfileInput) -> ApiResult<User> {
        profile::update_me(ctx, input).await
    }

    /// Accepts the terms and conditions (POST /self/acceptTerms).
    async fn accept_terms(&self, ctx: &Context<'_>) -> ApiResult<User> {
        profile::set_my_flag(ctx, OnboardingFlag::TermsAccepted(true)).await
    }

    /// Withdraws the acceptance of the terms (POST /self/resetAcceptTerms).
    async fn reset_accept_terms(&self, ctx: &Context<'_>) -> ApiResult<User> {
        profile::set_my_flag(ctx, OnboardingFlag::TermsAccepted(false)).await
    }

    /// Marks the registration complete (POST /self/markRegistrationComplete).
    async fn mark_registration_complete(&self, ctx: &Context<'_>) -> ApiResult<User> {
        profile::set_my_flag(ctx, OnboardingFlag::RegistrationComplete).await
    }

    /// Marks the logged-in user approved (POST /self/approveUser: the front end calls it
    /// when its own onboarding checks pass).
    async fn approve_me(&self, ctx: &Context<'_>) -> ApiResult<User> {
        profile::set_my_flag(ctx, OnboardingFlag::Approved).await
    }

    /// Blocks the logged-in user (POST /self/blockUser), e.g. after a failed eligibility
    /// test: every session ends; with an `expirationDate` the block lifts itself on that
    /// day. Returns the id of the audit record.
    async fn block_me(
        &self,
        ctx: &Context<'_>,
        user_message: Option<String>,
        description: Option<String>,
        expiration_date: Option<NaiveDate>,
    ) -> ApiResult<ID> {
        blocks::block_me(ctx, (user_message, description, expiration_date)).await
    }

    /// Asks for the account to be deleted (DELETE /self): the user is blocked, the
    /// admins are alerted by mail; no data is deleted (audit trail).
    async fn delete_me(&self, ctx: &Context<'_>) -> ApiResult<ID> {
        blocks::delete_me(ctx).await
    }
}
