//! The logged-in user's own account: `me`, profile changes and onboarding steps.

use async_graphql::{Context, Object};
use chrono::{NaiveDate, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::input::{ProfileInput, ProfilePlan, custom_error};
use super::user::User;
use crate::domain::custom;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::mail::content::{BlockReason, block_notice_mail, verification_mail};
use crate::mail::link::link_with_params;
use crate::models::auth_token;
use crate::models::mail;
use crate::models::network::Network;
use crate::models::user::{OnboardingFlag, User as UserRow};
use crate::models::user_detail;
use crate::models::user_secret::{self, Purpose};

/// Root query fields about the viewer.
#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// The logged-in user, with every field (seeds/002_338b46960d33f2b9.txt, GET /self).
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let mut conn = ctx.conn().await?;
        let row = UserRow::find(&mut conn, network.id, me.id)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(User::new(row, req.viewer))
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
    async fn update_me(
        &self,
        ctx: &Context<'_>,
        input: ProfileInput,
    ) -> async_graphql::Result<User> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let plan = input.plan(me.is_admin)?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| apply_profile_plan(conn, network.id, me.id, plan).await)
            .await?;
        Ok(User::new(row, req.viewer))
    }

    /// Accepts the terms and conditions (POST /self/acceptTerms).
    async fn accept_terms(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        set_flag(ctx, OnboardingFlag::TermsAccepted(true)).await
    }

    /// Withdraws the acceptance of the terms (POST /self/resetAcceptTerms).
    async fn reset_accept_terms(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        set_flag(ctx, OnboardingFlag::TermsAccepted(false)).await
    }

    /// Marks the registration complete (POST /self/markRegistrationComplete).
    async fn mark_registration_complete(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        set_flag(ctx, OnboardingFlag::RegistrationComplete).await
    }

    /// Marks the logged-in user approved (POST /self/approveUser: the front end calls it
    /// when its own onboarding checks pass).
    async fn approve_me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        set_flag(ctx, OnboardingFlag::Approved).await
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
    ) -> async_graphql::Result<async_graphql::ID> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        if expiration_date.is_some_and(|d| d <= Utc::now().date_naive()) {
            return Err(ApiError::bad_request("expiration_date must be in the future.").into());
        }
        let block = crate::models::user::Block {
            user_message: user_message.map(|m| m.chars().take(2000).collect()),
            description: description.map(|d| d.chars().take(2000).collect()),
            expiration_date,
            blocked_by: Some(me.id),
        };
        let mut conn = ctx.conn().await?;
        let log_id = conn
            .transaction(async |conn| -> ApiResult<Uuid> {
                let log_id = UserRow::block(conn, network.id, me.id, &block).await?;
                auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
                Ok(log_id)
            })
            .await?;
        Ok(async_graphql::ID(log_id.to_string()))
    }

    /// Asks for the account to be deleted (DELETE /self): the user is blocked, the
    /// admins are alerted by mail; no data is deleted (audit trail).
    async fn delete_me(&self, ctx: &Context<'_>) -> async_graphql::Result<async_graphql::ID> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| -> ApiResult<()> {
            let row = UserRow::lock(conn, network.id, me.id).await?;
            let block = crate::models::user::Block {
                user_message: Some("This account was closed at your request.".to_owned()),
                description: Some("Account deletion requested by the user.".to_owned()),
                expiration_date: None,
                blocked_by: Some(me.id),
            };
            UserRow::block(conn, network.id, me.id, &block).await?;
            UserRow::mark_deletion_requested(conn, network.id, me.id).await?;
            auth_token::revoke_all_for_user(conn, network.id, me.id, None).await?;
            for admin in UserRow::admin_emails(conn, network.id).await? {
                let content = block_notice_mail(
                    &network.name,
                    &row.email,
                    row.id,
                    BlockReason::AccountDeletionRequested,
                    block.user_message.as_deref(),
                );
                mail::enqueue(conn, &content.to(network.id, &admin)).await?;
            }
            Ok(())
        })
        .await?;
        Ok(async_graphql::ID(me.id.to_string()))
    }
}

async fn set_flag(ctx: &Context<'_>, flag: OnboardingFlag) -> async_graphql::Result<User> {
    let req = ctx.request();
    let network = req.network()?;
    let me = req.user()?;
    let mut conn = ctx.conn().await?;
    let row = UserRow::set_onboarding_flag(&mut conn, network.id, me.id, flag)
        .await
        .map_err(ApiError::from)?;
    Ok(User::new(row, req.viewer))
}

/// Writes a validated profile change inside the caller's transaction.
pub async fn apply_profile_plan(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    user_id: Uuid,
    plan: ProfilePlan,
) -> ApiResult<UserRow> {
    let ProfilePlan {
        mut changes,
        custom: custom_changes,
        address,
        bank_accounts,
    } = plan;
    let current = UserRow::lock(conn, network_id, user_id).await?;
    if let Some(custom_changes) = custom_changes {
        changes.custom =
            Some(custom::merge(&current.custom, &custom_changes).map_err(custom_error)?);
    }
    let row = UserRow::apply_profile(conn, network_id, user_id, &changes)
        .await
        .map_err(affiliate_conflict)?;
    if let Some((id, fields)) = address
        && !user_detail::upsert_address(conn, network_id, user_id, id, &fields).await?
    {
        return Err(ApiError::not_found("address"));
    }
    for (id, fields) in bank_accounts {
        if !user_detail::upsert_bank_account(conn, network_id, user_id, id, &fields).await? {
            return Err(ApiError::not_found("bank account"));
        }
    }
    Ok(row)
}

fn affiliate_conflict(err: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::new(
            crate::error::codes::VALUE_TAKEN,
            "This affiliate code is already taken.",
            "Another user of this network already has this affiliate_code.",
        ),
        other => other.into(),
    }
}

/// Issues a verification secret for the user's current email and queues the mail with
/// the link `url?user_id=…&secret=…`, inside the caller's transaction.
pub async fn send_verification(
    conn: &mut AsyncPgConnection,
    network: &Network,
    user: &UserRow,
    url: &str,
) -> ApiResult<()> {
    let secret = user_secret::issue(
        conn,
        network.id,
        user.id,
        Purpose::VerifyEmail,
        Some(&user.email),
    )
    .await?;
    let link = link_with_params(
        url,
        &[("user_id", &user.id.to_string()), ("secret", &secret)],
    )
    .map_err(|e| e.for_field("url"))?;
    let content = verification_mail(&network.name, &link);
    mail::enqueue(conn, &content.to(network.id, &user.email)).await?;
    Ok(())
}
