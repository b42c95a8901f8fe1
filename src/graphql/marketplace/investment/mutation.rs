//! The mutations of investments: each runs in one transaction on locked rows.

use super::*;

/// Mutations of investments.
#[derive(Default)]
pub struct InvestmentMutation;

#[Object]
impl InvestmentMutation {
    /// Invests in an offering (POST /offerings/{id}/investments). `amount` defaults to 0
    /// (an expression of interest). `stage` may be Open (default), or Approved where the
    /// network allows self-approval (else 403). The investment rules are
    /// checked atomically with the insert, each with its own code: offering Published
    /// (or Restricted for VIP users), open_date/close_date, min_commitment,
    /// max_commitment over the investor's Open+Approved+Settled total, and
    /// max_overfunding_amount over the offering's non-Rejected, non-Withdrawn total.
    async fn invest(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        amount: Option<Money>,
        stage: Option<InvestmentStage>,
        details: Option<InvestmentInput>,
    ) -> ApiResult<Investment> {
        let w = Writer::of(ctx)?;
        let self_approval = allows_self_approval(ctx)?;
        let offering_id = parse_id(&offering_id, "offering")?;
        let stage = stage.unwrap_or(InvestmentStage::Open);
        let amount = amount.map_or(Decimal::ZERO, |m| m.0);
        let plan = details.unwrap_or_default().plan()?;
        let custom = new_custom(plan.custom.as_ref())?;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            // Serializes every investment of this offering (`docs/marketplace.md`
            // (Investment rules)): the totals read below cannot change until this
            // transaction ends.
            let offering =
                Offering::lock_visible(conn, w.network_id, offering_id, w.viewer).await?;
            investment_initial_stage(stage, self_approval).map_err(initial_stage_error)?;
            check_rules(conn, offering.row(), &w.me, amount, None).await?;
            let new = new_investment(&w, offering.row(), stage, amount, plan.changes, custom);
            let row = model::insert(conn, &new).await.map_err(write_error)?;
            Ok(Investment::new(row, w.viewer, offering.is_org_member()))
        })
        .await
    }

    /// Updates an investment (PATCH /investments/{id}). A new `investmentAmount` is the
    /// investor's, while Open, under the same rules as `invest`; other details are the
    /// investor's while Open, or the offering's team's and admins'; a `lifeCycleStage`
    /// is a transition under the lifecycle rules.
    async fn update_investment(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: InvestmentUpdateInput,
    ) -> ApiResult<Investment> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "investment")?;
        let plan = input.details.plan()?;
        let amount = input.investment_amount.map(|m| m.0);
        let to = input.life_cycle_stage;
        let mut conn = ctx.conn().await?;
        conn.transaction(async |conn| {
            w.audit(conn).await?;
            let (node, offering) =
                Investment::lock_managed(conn, w.network_id, id, w.viewer).await?;
            let roles = InvestmentActor::roles(&w.viewer, node.relation());
            check_investment_change(roles, node.stage(), amount.is_some(), plan.any_detail)
                .map_err(write_refusal)?;
            if let Some(amount) = amount {
                check_rules(conn, &offering, &w.me, amount, Some(id)).await?;
            }
            let changes = node.changes(plan, amount, to)?;
            node.write(conn, &changes).await
        })
        .await
    }

    /// Moves an investment to another stage: the investor may withdraw (Open or
    /// Approved -> Withdrawn); admins and the offering's team: Open -> Rejected,
    /// Approved or Settled; Rejected -> Approved; Approved -> Rejected or Settled.
    /// Every other move is a 409 naming both stages.
    async fn set_investment_stage(
        &self,
        ctx: &Context<'_>,
        id: ID,
        stage: InvestmentStage,
    ) -> ApiResult<Investment> {
        move_investment(ctx, &id, stage).await
    }

    /// Withdraws an investment (DELETE /investments/{id}): the investor, while Open or
    /// Approved.
    async fn withdraw_investment(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Investment> {
        move_investment(ctx, &id, InvestmentStage::Withdrawn).await
    }
}

/// Moves the investment `id` the writer is related to, to `to`.
async fn move_investment(ctx: &Context<'_>, id: &ID, to: InvestmentStage) -> ApiResult<Investment> {
    let w = Writer::of(ctx)?;
    let id = parse_id(id, "investment")?;
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| {
        w.audit(conn).await?;
        let (node, _) = Investment::lock_managed(conn, w.network_id, id, w.viewer).await?;
        let mut changes = InvestmentChanges::default();
        stage_changes(&w.viewer, node.relation(), node.stage(), to, &mut changes)?;
        node.write(conn, &changes).await
    })
    .await
}

/// Whether the network lets investors approve their own investments.
fn allows_self_approval(ctx: &Context<'_>) -> ApiResult<bool> {
    let settings = &ctx.request().network()?.settings;
    let allowed = settings.get("allow_self_approval");
    Ok(allowed
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false))
}

/// The custom fields of a new investment: the changes merged into none.
fn new_custom(changes: Option<&serde_json::Value>) -> ApiResult<serde_json::Value> {
    let empty = serde_json::json!({});
    match changes {
        Some(changes) => custom::merge(&empty, changes).map_err(custom_error),
        None => Ok(empty),
    }
}

/// A new investment of the writer in `offering`; the currency defaults to the
/// offering's.
fn new_investment(
    w: &Writer,
    offering: &offering_model::Offering,
    stage: InvestmentStage,
    amount: Decimal,
    c: InvestmentChanges,
    custom: serde_json::Value,
) -> NewInvestment {
    NewInvestment {
        network_id: w.network_id,
        offering_id: offering.id,
        user_id: w.me.id,
        life_cycle_stage: stage.code(),
        visibility: c.visibility.unwrap_or(Visibility::Open.code()),
        investment_amount: amount,
        number_of_shares: c.number_of_shares.flatten(),
        currency: c.currency.flatten().or(offering.currency.clone()),
        interest_rate: c.interest_rate.flatten(),
        term: c.term.flatten(),
        custom,
        approved_at: (stage == InvestmentStage::Approved).then(Utc::now),
    }
}

impl Investment {
    /// The column changes of a checked update: the details, a new amount, the custom
    /// fields merged into the current ones, and a transition to `to` (the 409 when the
    /// lifecycle refuses it; staying in the current stage changes nothing).
    fn changes(
        &self,
        plan: InvestmentPlan,
        amount: Option<Decimal>,
        to: Option<InvestmentStage>,
    ) -> ApiResult<InvestmentChanges> {
        let mut changes = plan.changes;
        if amount.is_some() {
            changes.investment_amount = amount;
        }
        if let Some(custom_changes) = plan.custom {
            let merged = custom::merge(&self.row.custom, &custom_changes).map_err(custom_error)?;
            changes.custom = Some(merged);
        }
        let from = self.stage();
        if let Some(to) = to.filter(|to| *to != from) {
            stage_changes(&self.viewer, self.relation(), from, to, &mut changes)?;
        }
        Ok(changes)
    }
}

/// The changes of a stage transition, or the 409 naming both stages.
fn stage_changes(
    viewer: &Viewer,
    relation: InvestmentRelation,
    from: InvestmentStage,
    to: InvestmentStage,
    changes: &mut InvestmentChanges,
) -> ApiResult<()> {
    if !investment_transition_allowed_for(viewer, relation, from, to) {
        return Err(transition_error(TransitionError { from, to }));
    }
    changes.life_cycle_stage = Some(to.code());
    let now = Some(Some(Utc::now()));
    match to {
        InvestmentStage::Approved => changes.approved_at = now,
        InvestmentStage::Rejected => changes.rejected_at = now,
        InvestmentStage::Withdrawn => changes.withdrawn_at = now,
        InvestmentStage::Settled => changes.settled_at = now,
        InvestmentStage::Open => {}
    }
    Ok(())
}

/// Checks the investment rules for `amount` by `investor` in a locked offering, with the
/// totals read now (without the investment `except` being changed).
async fn check_rules(
    conn: &mut AsyncPgConnection,
    offering: &offering_model::Offering,
    investor: &ViewerUser,
    amount: Decimal,
    except: Option<Uuid>,
) -> ApiResult<()> {
    let (network_id, id) = (offering.network_id, offering.id);
    let investor_stages = stage_codes(INVESTOR_TOTAL_STAGES, |s| s.code());
    let offering_stages = stage_codes(OFFERING_TOTAL_STAGES, |s| s.code());
    let mine = Some(investor.id);
    let investor_total = model::total(conn, network_id, id, &investor_stages, mine, except);
    let investor_total = investor_total.await?;
    let offering_total = model::total(conn, network_id, id, &offering_stages, None, except);
    let offering_total = offering_total.await?;
    let attempt = InvestmentAttempt {
        stage: OfferingStage::from_code(offering.life_cycle_stage).unwrap_or(OfferingStage::Draft),
        investor_is_vip: investor.is_vip,
        today: Utc::now().date_naive(),
        amount,
        investor_total,
        offering_total,
    };
    investment_rules::check(&offering.rules(), &attempt).map_err(rule_error)
}
