//! The mutations of organizations: each runs in one transaction on locked rows.

use super::*;

/// Mutations of organizations and their teams.
#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Creates an organization (POST /organizations): the creator becomes its author,
    /// first member and contact point. `displayName` is required; `lifeCycleStage` may
    /// be Draft (default) or Submitted.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: OrganizationInput,
    ) -> ApiResult<Organization> {
        let w = Writer::of(ctx)?;
        let actor = if w.me.is_admin {
            Actor::Admin
        } else {
            Actor::Member
        };
        let plan = input.plan()?;
        let new = new_organization(&w, actor, &plan)?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            let id = model::insert(conn, &new).await.map_err(write_error)?;
            apply_plan(conn, w.network_id, id, None, plan).await?;
            Organization::reload(conn, w.network_id, id, w.viewer).await
        })
        .await
    }

    /// Updates an organization (PATCH /organizations/{id}), by its members or an admin:
    /// omitted fields stay, `null` clears, custom fields merge; `contactPoint` must be
    /// an active member; `lifeCycleStage` moves it forward (members may only submit a
    /// Draft).
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: OrganizationInput,
    ) -> ApiResult<Organization> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "organization")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            let (org, actor) = Organization::lock_managed(conn, w.network_id, id, w.viewer).await?;
            check_admin_fields(actor, plan.integration, ORGANIZATION_ADMIN_FIELDS)
                .map_err(write_refusal)?;
            apply_plan(conn, w.network_id, id, Some((org.row(), actor)), plan).await?;
            Organization::reload(conn, w.network_id, id, w.viewer).await
        })
        .await
    }

    /// Adds a user to an organization's team (POST /organizations/{id}/members/{user_id}),
    /// by its members or an admin. Adding a current member changes nothing; a former
    /// member becomes active again.
    async fn add_organization_member(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        user_id: ID,
    ) -> ApiResult<Organization> {
        change_team(ctx, &organization_id, &user_id, TeamChange::Add).await
    }

    /// Removes a user from an organization's team (DELETE
    /// /organizations/{id}/members/{user_id}), by its members or an admin; members may
    /// remove themselves and the author. When the contact point leaves, the contact point
    /// reverts to the author. Not Found when the user is not an active member.
    async fn remove_organization_member(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        user_id: ID,
    ) -> ApiResult<Organization> {
        change_team(ctx, &organization_id, &user_id, TeamChange::Remove).await
    }
}

/// A change of an organization's team.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TeamChange {
    Add,
    Remove,
}

/// Adds or removes the member `user_id` of the organization the writer manages.
async fn change_team(
    ctx: &Context<'_>,
    organization_id: &ID,
    user_id: &ID,
    change: TeamChange,
) -> ApiResult<Organization> {
    let w = Writer::of(ctx)?;
    let id = parse_id(organization_id, "organization")?;
    let what = if change == TeamChange::Add {
        "user"
    } else {
        "member"
    };
    let user_id = parse_id(user_id, what)?;
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| {
        w.audit(conn).await?;
        let (org, _) = Organization::lock_managed(conn, w.network_id, id, w.viewer).await?;
        match change {
            TeamChange::Add => add_member(conn, w.network_id, id, user_id).await?,
            TeamChange::Remove => remove_member(conn, org.row(), user_id).await?,
        }
        // The viewer may have just left: they then see what a non-member sees.
        Organization::reload(conn, w.network_id, id, w.viewer).await
    })
    .await
}

async fn add_member(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    user_id: Uuid,
) -> ApiResult<()> {
    UserRow::find(conn, network_id, user_id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(model::add_member(conn, network_id, id, user_id).await?)
}

/// Removes an active member; the contact point reverts to the author when it leaves.
async fn remove_member(
    conn: &mut AsyncPgConnection,
    row: &OrganizationRow,
    user_id: Uuid,
) -> ApiResult<()> {
    if !model::remove_member(conn, row.network_id, row.id, user_id).await? {
        return Err(ApiError::not_found("member"));
    }
    if row.contact_point_user_id == user_id {
        let changes = OrganizationChanges {
            contact_point_user_id: Some(row.author_user_id),
            ..OrganizationChanges::default()
        };
        model::update(conn, row.network_id, row.id, &changes).await?;
    }
    Ok(())
}

/// The row of a new organization by the writer, after the rules of creation: no
/// contact point, integration ids by admins, a display name, Draft or Submitted.
fn new_organization(
    w: &Writer,
    actor: Actor,
    plan: &OrganizationPlan,
) -> ApiResult<NewOrganization> {
    let (contact_point, integration) = (plan.contact_point.is_some(), plan.integration);
    check_new_organization(actor, contact_point, integration).map_err(write_refusal)?;
    let display_name = plan.changes.display_name.clone();
    let display_name = display_name
        .ok_or(FieldBreach::DisplayNameMissing)
        .map_err(field_error)?;
    let stage = plan.stage.unwrap_or(OrganizationStage::Draft);
    if !organization_initial_stage_allowed(actor, stage) {
        return Err(invalid_initial_stage("organization", &format!("{stage:?}")));
    }
    Ok(NewOrganization {
        network_id: w.network_id,
        author_user_id: w.me.id,
        contact_point_user_id: w.me.id,
        life_cycle_stage: stage.code(),
        display_name,
        submitted_at: (stage == OrganizationStage::Submitted).then(Utc::now),
    })
}

/// The timestamp column an organization gets on entering `stage`.
fn stamp(changes: &mut OrganizationChanges, stage: OrganizationStage) {
    let now = Some(Some(Utc::now()));
    match stage {
        OrganizationStage::Submitted => changes.submitted_at = now,
        OrganizationStage::Approved => changes.approved_at = now,
        OrganizationStage::Published => changes.published_at = now,
        OrganizationStage::Cancelled => changes.canceled_at = now,
        _ => {}
    }
}

/// Writes a validated change: fields, custom merge, contact point, stage transition,
/// address and bank account. `current` is the locked row with the writer's role (None
/// right after creation, when the stage is the one created with).
async fn apply_plan(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    current: Option<(&OrganizationRow, Actor)>,
    plan: OrganizationPlan,
) -> ApiResult<()> {
    let OrganizationPlan {
        mut changes,
        custom: custom_changes,
        contact_point,
        stage,
        address,
        bank_account,
        ..
    } = plan;
    if let Some(custom_changes) = custom_changes {
        let base = current.map_or_else(|| serde_json::json!({}), |(r, _)| r.custom.clone());
        changes.custom = Some(custom::merge(&base, &custom_changes).map_err(custom_error)?);
    }
    if let Some(contact) = contact_point {
        check_contact_point(conn, network_id, id, contact).await?;
        changes.contact_point_user_id = Some(contact);
    }
    if let (Some(to), Some((row, actor))) = (stage, current) {
        move_stage(&mut changes, row, actor, to)?;
    }
    let write = async |conn: &mut AsyncPgConnection| -> diesel::QueryResult<()> {
        model::update(conn, network_id, id, &changes).await?;
        if let Some(address) = &address {
            model::upsert_address(conn, network_id, id, address).await?;
        }
        if let Some(bank_account) = &bank_account {
            model::upsert_bank_account(conn, network_id, id, bank_account).await?;
        }
        Ok(())
    };
    write(conn).await.map_err(write_error)
}

/// The contact point must be an active member.
async fn check_contact_point(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    contact: Uuid,
) -> ApiResult<()> {
    if model::is_active_member(conn, network_id, id, contact).await? {
        return Ok(());
    }
    Err(ApiError::new(
        codes::CONTACT_POINT_NOT_MEMBER,
        "The contact point must be a member of the organization.",
        "contact_point must be the id of an active member: add the user first with \
         addOrganizationMember.",
    ))
}

/// Adds the stage transition of the locked `row` to `to` (and its stamp) to `changes`,
/// after the lifecycle rules; staying in the current stage changes nothing.
fn move_stage(
    changes: &mut OrganizationChanges,
    row: &OrganizationRow,
    actor: Actor,
    to: OrganizationStage,
) -> ApiResult<()> {
    let from =
        OrganizationStage::from_code(row.life_cycle_stage).unwrap_or(OrganizationStage::Draft);
    if to == from {
        return Ok(());
    }
    check_organization_transition(actor, from, to).map_err(transition_error)?;
    changes.life_cycle_stage = Some(to.code());
    stamp(changes, to);
    Ok(())
}
