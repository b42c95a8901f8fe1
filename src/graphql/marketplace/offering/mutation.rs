//! The mutations of offerings: each runs in one transaction on locked rows.

use super::*;

/// Mutations of offerings: creation, changes and the lifecycle (`docs/lifecycles.md`).
#[derive(Default)]
pub struct OfferingMutation;

#[Object]
impl OfferingMutation {
    /// Creates an offering under an organization (POST
    /// /organizations/{id}/offerings), by the organization's members or an admin; the
    /// creator is its author. `lifeCycleStage` may be Draft (default) or Submitted.
    async fn create_offering(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        input: OfferingInput,
    ) -> async_graphql::Result<Offering> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let org_id = parse_id(&organization_id, "organization")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Offering> {
                let (org, is_member) = org_model::find_for(conn, network_id, org_id, Some(me.id))
                    .await?
                    .ok_or_else(|| ApiError::not_found("organization"))?;
                Organization::visible(org, viewer, is_member)
                    .ok_or_else(|| ApiError::not_found("organization"))?;
                let actor = Actor::for_organization(&viewer, is_member).ok_or_else(|| {
                    ApiError::forbidden(
                        "Only the organization's members or an admin may create its offerings.",
                    )
                })?;
                if plan.admin_fields && actor != Actor::Admin {
                    return Err(ApiError::forbidden(
                        "Only an admin may set is_featured or integration ids.",
                    ));
                }
                let stage = plan.stage.unwrap_or(OfferingStage::Draft);
                if !offering_initial_stage_allowed(actor, stage) {
                    return Err(invalid_initial_stage("offering", &format!("{stage:?}")));
                }
                let new = NewOffering {
                    network_id,
                    organization_id: org_id,
                    user_id: me.id,
                    life_cycle_stage: stage.code(),
                    submitted_at: (stage == OfferingStage::Submitted).then(Utc::now),
                };
                let id = model::insert(conn, &new).await.map_err(write_error)?;
                let (row, _) = model::lock_for(conn, network_id, id, Some(me.id))
                    .await?
                    .ok_or_else(|| ApiError::not_found("offering"))?;
                apply_fields(conn, &row, viewer, plan.changes, plan.custom).await?;
                reload(conn, network_id, id, viewer).await
            })
            .await?;
        Ok(node)
    }

    /// Updates an offering (PATCH /offerings/{id}): its team while Draft or Submitted,
    /// admins at any stage; omitted fields stay, `null` clears, custom fields merge. A
    /// `lifeCycleStage` is a transition under the lifecycle rules (after the field
    /// changes). Not Found when the viewer may not see it.
    async fn update_offering(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: OfferingInput,
    ) -> async_graphql::Result<Offering> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        req.user()?;
        let viewer = req.viewer;
        let id = parse_id(&id, "offering")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Offering> {
                let (row, actor) = lock_managed(conn, network_id, id, viewer).await?;
                if plan.any_field {
                    if plan.admin_fields && actor != Actor::Admin {
                        return Err(ApiError::forbidden(
                            "Only an admin may set is_featured or integration ids.",
                        ));
                    }
                    let stage = OfferingStage::from_code(row.life_cycle_stage)
                        .unwrap_or(OfferingStage::Draft);
                    if actor == Actor::Member && !offering_fields_editable_by_member(stage) {
                        return Err(not_editable(stage));
                    }
                    apply_fields(conn, &row, viewer, plan.changes, plan.custom).await?;
                }
                if let Some(to) = plan.stage {
                    let current = OfferingStage::from_code(row.life_cycle_stage)
                        .unwrap_or(OfferingStage::Draft);
                    if to != current {
                        transition(conn, network_id, &row, actor, to).await?;
                    }
                }
                reload(conn, network_id, id, viewer).await
            })
            .await?;
        Ok(node)
    }

    /// Moves an offering to another stage (the Back Office transitions for admins; for
    /// its team only Draft -> Submitted and Draft/Submitted -> Canceled). Every other
    /// move is a 409 naming both stages; Canceled also needs no Open, Approved or Settled
    /// investment. Stamps submittedAt, publishedAt, settledAt on entry.
    async fn set_offering_stage(
        &self,
        ctx: &Context<'_>,
        id: ID,
        stage: OfferingStage,
    ) -> async_graphql::Result<Offering> {
        move_offering(ctx, &id, stage).await
    }

    /// Submits an offering for review (Draft -> Submitted).
    async fn submit_offering(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Offering> {
        move_offering(ctx, &id, OfferingStage::Submitted).await
    }

    /// Cancels an offering (DELETE /offerings/{id}): only when no investment is Open,
    /// Approved or Settled, and as the lifecycle allows (its team: from Draft or
    /// Submitted).
    async fn cancel_offering(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Offering> {
        move_offering(ctx, &id, OfferingStage::Canceled).await
    }
}

pub(super) async fn move_offering(
    ctx: &Context<'_>,
    id: &ID,
    to: OfferingStage,
) -> async_graphql::Result<Offering> {
    let req = ctx.request();
    let network_id = req.network()?.id;
    req.user()?;
    let viewer = req.viewer;
    let id = parse_id(id, "offering")?;
    let mut conn = ctx.conn().await?;
    let node = conn
        .transaction(async |conn| -> ApiResult<Offering> {
            let (row, actor) = lock_managed(conn, network_id, id, viewer).await?;
            transition(conn, network_id, &row, actor, to).await?;
            reload(conn, network_id, id, viewer).await
        })
        .await?;
    Ok(node)
}

pub(super) fn not_editable(stage: OfferingStage) -> ApiError {
    use crate::domain::lifecycle::LifecycleStage;
    ApiError::new(
        codes::OFFERING_NOT_EDITABLE,
        "This offering can no longer be changed.",
        format!(
            "An offering's fields can be edited by its team while Draft or Submitted; this one \
             is {} ({}).",
            stage.name(),
            stage.code()
        ),
    )
}

/// Locks an offering the viewer manages: Not Found when invisible, Forbidden when
/// visible but not theirs.
pub(super) async fn lock_managed(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Viewer,
) -> ApiResult<(OfferingRow, Actor)> {
    let (row, m) = model::lock_for(conn, network_id, id, viewer.user_id())
        .await?
        .ok_or_else(|| ApiError::not_found("offering"))?;
    let node = Offering::visible(row, viewer, m).ok_or_else(|| ApiError::not_found("offering"))?;
    let actor = node.actor().ok_or_else(|| {
        ApiError::forbidden("Only the offering's team or an admin may change it.")
    })?;
    Ok((node.row, actor))
}

pub(super) async fn reload(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Viewer,
) -> ApiResult<Offering> {
    let (row, m) = model::find_for(conn, network_id, id, viewer.user_id())
        .await?
        .ok_or_else(|| ApiError::not_found("offering"))?;
    Ok(Offering::new(row, viewer, m))
}

/// Applies a stage transition to a locked offering (`docs/lifecycles.md`).
pub(super) async fn transition(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    row: &OfferingRow,
    actor: Actor,
    to: OfferingStage,
) -> ApiResult<()> {
    let from = OfferingStage::from_code(row.life_cycle_stage).unwrap_or(OfferingStage::Draft);
    check_offering_transition(actor, from, to).map_err(transition_error)?;
    let mut changes = OfferingChanges {
        life_cycle_stage: Some(to.code()),
        ..OfferingChanges::default()
    };
    if to == OfferingStage::Canceled {
        let blocking: Vec<i16> = INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL
            .iter()
            .map(|s| s.code())
            .collect();
        if model::has_investments_in(conn, network_id, row.id, &blocking).await? {
            return Err(ApiError::new(
                codes::OFFERING_HAS_INVESTMENTS,
                "This offering has investments and cannot be canceled.",
                "An offering can only be canceled when none of its investments is Open, \
                 Approved or Settled: reject or settle them first (withdrawn and rejected \
                 ones do not count).",
            ));
        }
        changes.canceled_at = Some(Some(Utc::now()));
    }
    let now = Some(Some(Utc::now()));
    match offering_stamp_on_entry(to) {
        Some(OfferingStamp::SubmittedAt) => changes.submitted_at = now,
        Some(OfferingStamp::PublishedAt) => changes.published_at = now,
        Some(OfferingStamp::SettledAt) => changes.settled_at = now,
        None => {}
    }
    model::update(conn, network_id, row.id, &changes)
        .await
        .map_err(write_error)?;
    Ok(())
}

/// Writes field changes to a locked offering after checking the rules across fields on
/// the merged values (dates ordered, min <= max, a visible primary offering).
pub(super) async fn apply_fields(
    conn: &mut AsyncPgConnection,
    row: &OfferingRow,
    viewer: Viewer,
    mut changes: OfferingChanges,
    custom_changes: Option<serde_json::Value>,
) -> ApiResult<()> {
    let terms = OfferingTerms {
        min_commitment: changes.min_commitment.unwrap_or(row.min_commitment),
        max_commitment: changes.max_commitment.unwrap_or(row.max_commitment),
        open_date: changes.open_date.unwrap_or(row.open_date),
        close_date: changes.close_date.unwrap_or(row.close_date),
    };
    check_offering_terms(&terms).map_err(field_error)?;
    if let Some(Some(primary)) = changes.primary_offering_id {
        check_primary_offering(row.id, primary).map_err(field_error)?;
        let found = model::find_for(conn, row.network_id, primary, viewer.user_id()).await?;
        if found.is_none_or(|(p, m)| Offering::visible(p, viewer, m).is_none()) {
            return Err(invalid_data(
                "primary_offering_id names no offering of this network that you can see.",
            ));
        }
    }
    if let Some(custom_changes) = custom_changes {
        changes.custom = Some(custom::merge(&row.custom, &custom_changes).map_err(custom_error)?);
    }
    model::update(conn, row.network_id, row.id, &changes)
        .await
        .map_err(write_error)?;
    Ok(())
}
