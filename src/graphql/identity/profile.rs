//! Writing a user's profile and onboarding flags, for the user themself or an admin.

use async_graphql::{Context, ID};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::blocks::admin_target;
use super::fetch::user_row;
use super::input::{ProfileInput, ProfilePlan, custom_error};
use super::limits::{Detail, DetailLimits};
use super::user::User;
use crate::domain::custom;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::models::user::{OnboardingFlag, ProfileChanges, User as UserRow};
use crate::models::user_detail;

/// Applies `input` to the logged-in user's profile, all of it or nothing.
pub async fn update_me(ctx: &Context<'_>, input: ProfileInput) -> ApiResult<User> {
    let req = ctx.request();
    let network = req.network()?;
    let me = req.user()?;
    let plan = input.plan(me.is_admin, DetailLimits::from_config(ctx.auth()?.config))?;
    let mut conn = ctx.conn().await?;
    let row = conn
        .transaction(async |conn| apply_profile_plan(conn, network.id, me.id, plan).await)
        .await?;
    Ok(User::new(row, req.viewer))
}

/// Sets an onboarding flag of the logged-in user.
pub async fn set_my_flag(ctx: &Context<'_>, flag: OnboardingFlag) -> ApiResult<User> {
    let req = ctx.request();
    let network = req.network()?;
    let me = req.user()?;
    let mut conn = ctx.conn().await?;
    let row = UserRow::set_onboarding_flag(&mut conn, network.id, me.id, flag).await?;
    Ok(User::new(row, req.viewer))
}

/// Sets an onboarding flag of the user `user_id` for the logged-in admin.
pub async fn admin_set_flag(
    ctx: &Context<'_>,
    user_id: &ID,
    flag: OnboardingFlag,
) -> ApiResult<User> {
    let (req, network_id, id) = admin_target(ctx, user_id)?;
    let mut conn = ctx.conn().await?;
    user_row(&mut conn, network_id, id).await?;
    let row = UserRow::set_onboarding_flag(&mut conn, network_id, id, flag).await?;
    Ok(User::new(row, req.viewer))
}

/// Applies `changes` to the user `user_id` for the logged-in admin.
pub async fn admin_change(
    ctx: &Context<'_>,
    user_id: &ID,
    changes: &ProfileChanges,
) -> ApiResult<User> {
    let (req, network_id, id) = admin_target(ctx, user_id)?;
    let mut conn = ctx.conn().await?;
    user_row(&mut conn, network_id, id).await?;
    let row = UserRow::apply_profile(&mut conn, network_id, id, changes).await?;
    Ok(User::new(row, req.viewer))
}

/// Writes a validated profile change inside the caller's transaction: nothing is written
/// when it would pass a cap of the plan's `limits`.
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
        limits,
    } = plan;
    // The lock also makes parallel additions count one after the other (`limits`).
    let current = UserRow::lock(conn, network_id, user_id).await?;
    let new_address = usize::from(address.as_ref().is_some_and(|(id, _)| id.is_none()));
    limits
        .check_room(conn, network_id, user_id, Detail::Address, new_address)
        .await?;
    let new_accounts = bank_accounts.iter().filter(|(id, _)| id.is_none()).count();
    limits
        .check_room(conn, network_id, user_id, Detail::BankAccount, new_accounts)
        .await?;
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
            codes::VALUE_TAKEN,
            "This affiliate code is already taken.",
            "Another user of this network already has this affiliate_code.",
        ),
        other => other.into(),
    }
}
