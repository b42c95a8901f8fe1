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
    ) -> ApiResult<Offering> {
        let w = Writer::of(ctx)?;
        let org_id = parse_id(&organization_id, "organization")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            let org = Organization::find_visible(conn, w.network_id, org_id, w.viewer).await?;
            let new = new_offering(&w, &org, &plan)?;
            let id = model::insert(conn, &new).await.map_err(write_error)?;
            let (row, _) = model::lock_for(conn, w.network_id, id, w.viewer.user_id())
                .await?
                .ok_or_else(|| ApiError::not_found("offering"))?;
            apply_fields(conn, &row, w.viewer, plan).await?;
            Offering::reload(conn, w.network_id, id, w.viewer).await
        })
        .await
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
    ) -> ApiResult<Offering> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "offering")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            let (node, actor) = Offering::lock_managed(conn, w.network_id, id, w.viewer).await?;
            let (from, to) = (node.stage(), plan.stage);
            if plan.any_field {
                check_offering_edit(actor, from, plan.admin_fields).map_err(write_refusal)?;
                apply_fields(conn, node.row(), w.viewer, plan).await?;
            }
            if let Some(to) = to.filter(|to| *to != from) {
                transition(conn, node.row(), actor, to).await?;
            }
            Offering::reload(conn, w.network_id, id, w.viewer).await
        })
        .await
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
    ) -> ApiResult<Offering> {
        move_offering(ctx, &id, stage).await
    }

    /// Submits an offering for review (Draft -> Submitted).
    async fn submit_offering(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Offering> {
        move_offering(ctx, &id, OfferingStage::Submitted).await
    }

    /// Cancels an offering (DELETE /offerings/{id}): only when no investment is Open,
    /// Approved or Settled, and as the lifecycle allows (its team: from Draft or
    /// Submitted).
    async fn cancel_offering(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Offering> {
        move_offering(ctx, &id, OfferingStage::Canceled).await
    }
}

/// Moves the offering `id` the writer manages to `to`.
async fn move_offering(ctx: &Context<'_>, id: &ID, to: OfferingStage) -> ApiResult<Offering> {
    let w = Writer::of(ctx)?;
    let id = parse_id(id, "offering")?;
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| {
        w.audit(conn).await?;
        let (node, actor) = Offering::lock_managed(conn, w.network_id, id, w.viewer).await?;
        transition(conn, node.row(), actor, to).await?;
        Offering::reload(conn, w.network_id, id, w.viewer).await
    })
    .await
}

/// The row of a new offering by the writer under `org`, after the rules of creation:
/// the organization's members or an admin, admin fields by admins, Draft or Submitted.
fn new_offering(w: &Writer, org: &Organization, plan: &OfferingPlan) -> ApiResult<NewOffering> {
    let actor = org.actor().ok_or_else(|| {
        ApiError::forbidden("Only the organization's members or an admin may create its offerings.")
    })?;
    check_admin_fields(actor, plan.admin_fields, OFFERING_ADMIN_FIELDS).map_err(write_refusal)?;
    let stage = plan.stage.unwrap_or(OfferingStage::Draft);
    if !offering_initial_stage_allowed(actor, stage) {
        return Err(invalid_initial_stage("offering", &format!("{stage:?}")));
    }
    Ok(NewOffering {
        network_id: w.network_id,
        organization_id: org.row().id,
        user_id: w.me.id,
        life_cycle_stage: stage.code(),
        submitted_at: (stage == OfferingStage::Submitted).then(Utc::now),
    })
}

/// Applies a stage transition to a locked offering (`docs/lifecycles.md`).
async fn transition(
    conn: &mut AsyncPgConnection,
    row: &OfferingRow,
    actor: Actor,
    to: OfferingStage,
) -> ApiResult<()> {
    let from = OfferingStage::from_code(row.life_cycle_stage).unwrap_or(OfferingStage::Draft);
    check_offering_transition(actor, from, to).map_err(transition_error)?;
    if to == OfferingStage::Canceled {
        check_no_blocking_investment(conn, row).await?;
    }
    model::update(conn, row.network_id, row.id, &stage_changes(to))
        .await
        .map_err(write_error)?;
    Ok(())
}

/// An offering is canceled only without Open, Approved or Settled investments.
async fn check_no_blocking_investment(
    conn: &mut AsyncPgConnection,
    row: &OfferingRow,
) -> ApiResult<()> {
    let blocking: Vec<i16> = INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL
        .iter()
        .map(|s| s.code())
        .collect();
    if !model::has_investments_in(conn, row.network_id, row.id, &blocking).await? {
        return Ok(());
    }
    Err(ApiError::new(
        codes::OFFERING_HAS_INVESTMENTS,
        "This offering has investments and cannot be canceled.",
        "An offering can only be canceled when none of its investments is Open, \
         Approved or Settled: reject or settle them first (withdrawn and rejected \
         ones do not count).",
    ))
}

/// The columns an offering's entry into `to` writes: the stage and its stamp.
fn stage_changes(to: OfferingStage) -> OfferingChanges {
    let now = Some(Some(Utc::now()));
    let mut changes = OfferingChanges {
        life_cycle_stage: Some(to.code()),
        ..OfferingChanges::default()
    };
    if to == OfferingStage::Canceled {
        changes.canceled_at = now;
    }
    match offering_stamp_on_entry(to) {
        Some(OfferingStamp::SubmittedAt) => changes.submitted_at = now,
        Some(OfferingStamp::PublishedAt) => changes.published_at = now,
        Some(OfferingStamp::SettledAt) => changes.settled_at = now,
        None => {}
    }
    changes
}

/// Writes field changes to a locked offering after checking the rules across fields on
/// the merged values (dates ordered, min <= max, a visible primary offering).
async fn apply_fields(
    conn: &mut AsyncPgConnection,
    row: &OfferingRow,
    viewer: Viewer,
    plan: OfferingPlan,
) -> ApiResult<()> {
    let mut changes = plan.changes;
    let terms = OfferingTerms {
        min_commitment: changes.min_commitment.unwrap_or(row.min_commitment),
        max_commitment: changes.max_commitment.unwrap_or(row.max_commitment),
        open_date: changes.open_date.unwrap_or(row.open_date),
        close_date: changes.close_date.unwrap_or(row.close_date),
    };
    check_offering_terms(&terms).map_err(field_error)?;
    if let Some(Some(primary)) = changes.primary_offering_id {
        check_primary(conn, row, viewer, primary).await?;
    }
    if let Some(custom_changes) = plan.custom {
        changes.custom = Some(custom::merge(&row.custom, &custom_changes).map_err(custom_error)?);
    }
    model::update(conn, row.network_id, row.id, &changes)
        .await
        .map_err(write_error)?;
    Ok(())
}

/// The primary offering of `row` is another offering of the network the viewer sees.
async fn check_primary(
    conn: &mut AsyncPgConnection,
    row: &OfferingRow,
    viewer: Viewer,
    primary: Uuid,
) -> ApiResult<()> {
    check_primary_offering(row.id, primary).map_err(field_error)?;
    let found = model::find_for(conn, row.network_id, primary, viewer.user_id()).await?;
    if found.is_none_or(|(p, m)| Offering::visible(p, viewer, m).is_none()) {
        return Err(invalid_data(
            "primary_offering_id names no offering of this network that you can see.",
        ));
    }
    Ok(())
}
