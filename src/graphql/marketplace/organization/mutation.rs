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
    ) -> async_graphql::Result<Organization> {
        let req = ctx.request();
        let network = req.network()?;
        let me = *req.user()?;
        let viewer = req.viewer;
        let actor = if me.is_admin {
            Actor::Admin
        } else {
            Actor::Member
        };
        let plan = input.plan()?;
        if plan.contact_point.is_some() {
            return Err(ApiError::bad_request(
                "contact_point is the creator at first; change it with updateOrganization once \
                 the new contact is a member.",
            )
            .into());
        }
        if plan.integration && actor != Actor::Admin {
            return Err(ApiError::forbidden("Only an admin may set integration ids.").into());
        }
        let display_name = plan
            .changes
            .display_name
            .clone()
            .ok_or(FieldBreach::DisplayNameMissing)
            .map_err(crate::graphql::marketplace::field_error)?;
        let stage = plan.stage.unwrap_or(OrganizationStage::Draft);
        if !organization_initial_stage_allowed(actor, stage) {
            return Err(invalid_initial_stage("organization", &format!("{stage:?}")).into());
        }
        let mut conn = ctx.conn().await?;
        let network_id = network.id;
        let node = conn
            .transaction(async |conn| -> ApiResult<Organization> {
                let new = NewOrganization {
                    network_id,
                    author_user_id: me.id,
                    contact_point_user_id: me.id,
                    life_cycle_stage: stage.code(),
                    display_name,
                    submitted_at: (stage == OrganizationStage::Submitted).then(Utc::now),
                };
                let id = model::insert(conn, &new).await.map_err(write_error)?;
                apply_plan(conn, network_id, id, actor, stage, None, plan).await?;
                reload(conn, network_id, id, viewer).await
            })
            .await?;
        Ok(node)
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
    ) -> async_graphql::Result<Organization> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let id = parse_id(&id, "organization")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Organization> {
                let (row, actor) = lock_managed(conn, network_id, id, viewer, me.id).await?;
                if plan.integration && actor != Actor::Admin {
                    return Err(ApiError::forbidden(
                        "Only an admin may set integration ids.",
                    ));
                }
                let from = OrganizationStage::from_code(row.life_cycle_stage)
                    .unwrap_or(OrganizationStage::Draft);
                apply_plan(conn, network_id, id, actor, from, Some(&row), plan).await?;
                reload(conn, network_id, id, viewer).await
            })
            .await?;
        Ok(node)
    }

    /// Adds a user to an organization's team (POST /organizations/{id}/members/{user_id}),
    /// by its members or an admin. Adding a current member changes nothing; a former
    /// member becomes active again.
    async fn add_organization_member(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        user_id: ID,
    ) -> async_graphql::Result<Organization> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let id = parse_id(&organization_id, "organization")?;
        let user_id = parse_id(&user_id, "user")?;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Organization> {
                lock_managed(conn, network_id, id, viewer, me.id).await?;
                UserRow::find(conn, network_id, user_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("user"))?;
                model::add_member(conn, network_id, id, user_id).await?;
                reload(conn, network_id, id, viewer).await
            })
            .await?;
        Ok(node)
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
    ) -> async_graphql::Result<Organization> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let id = parse_id(&organization_id, "organization")?;
        let user_id = parse_id(&user_id, "member")?;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Organization> {
                let (row, _) = lock_managed(conn, network_id, id, viewer, me.id).await?;
                if !model::remove_member(conn, network_id, id, user_id).await? {
                    return Err(ApiError::not_found("member"));
                }
                if row.contact_point_user_id == user_id {
                    let changes = OrganizationChanges {
                        contact_point_user_id: Some(row.author_user_id),
                        ..OrganizationChanges::default()
                    };
                    model::update(conn, network_id, id, &changes).await?;
                }
                // The viewer may have just left: they then see what a non-member sees.
                reload(conn, network_id, id, viewer).await
            })
            .await?;
        Ok(node)
    }
}

/// Locks an organization the viewer manages: Not Found when invisible, Forbidden when
/// visible but not theirs.
pub(super) async fn lock_managed(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Viewer,
    me: Uuid,
) -> ApiResult<(OrganizationRow, Actor)> {
    let (row, is_member) = model::lock_for(conn, network_id, id, Some(me))
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))?;
    let node = Organization::visible(row, viewer, is_member)
        .ok_or_else(|| ApiError::not_found("organization"))?;
    let actor = Actor::for_organization(&viewer, is_member).ok_or_else(|| {
        ApiError::forbidden("Only the organization's members or an admin may change it.")
    })?;
    Ok((Arc::unwrap_or_clone(node.row), actor))
}

pub(super) async fn reload(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Viewer,
) -> ApiResult<Organization> {
    let (row, is_member) = model::find_for(conn, network_id, id, viewer.user_id())
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))?;
    Ok(Organization::new(row, viewer, is_member))
}

/// The timestamp column an organization gets on entering `stage`.
pub(super) fn stamp(changes: &mut OrganizationChanges, stage: OrganizationStage) {
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
/// address and bank account. `current` is the locked row (None right after creation).
pub(super) async fn apply_plan(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    actor: Actor,
    from: OrganizationStage,
    current: Option<&OrganizationRow>,
    plan: crate::graphql::marketplace::input::OrganizationPlan,
) -> ApiResult<()> {
    let crate::graphql::marketplace::input::OrganizationPlan {
        mut changes,
        integration: _,
        custom: custom_changes,
        contact_point,
        stage,
        address,
        bank_account,
    } = plan;
    if let Some(custom_changes) = custom_changes {
        let base = current
            .map(|r| r.custom.clone())
            .unwrap_or_else(|| serde_json::json!({}));
        changes.custom = Some(custom::merge(&base, &custom_changes).map_err(custom_error)?);
    }
    if let Some(contact) = contact_point {
        if !model::is_active_member(conn, network_id, id, contact).await? {
            return Err(ApiError::new(
                codes::CONTACT_POINT_NOT_MEMBER,
                "The contact point must be a member of the organization.",
                "contact_point must be the id of an active member: add the user first with \
                 addOrganizationMember.",
            ));
        }
        changes.contact_point_user_id = Some(contact);
    }
    if let Some(to) = stage
        && current.is_some()
        && to != from
    {
        check_organization_transition(actor, from, to).map_err(transition_error)?;
        changes.life_cycle_stage = Some(to.code());
        stamp(&mut changes, to);
    }
    model::update(conn, network_id, id, &changes)
        .await
        .map_err(write_error)?;
    if let Some(address) = address {
        model::upsert_address(conn, network_id, id, &address)
            .await
            .map_err(write_error)?;
    }
    if let Some(bank_account) = bank_account {
        model::upsert_bank_account(conn, network_id, id, &bank_account)
            .await
            .map_err(write_error)?;
    }
    Ok(())
}
