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
    ) -> async_graphql::Result<Investment> {
        let req = ctx.request();
        let network = req.network()?;
        let me = *req.user()?;
        let viewer = req.viewer;
        let network_id = network.id;
        let self_approval = network
            .settings
            .get("allow_self_approval")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let offering_id = parse_id(&offering_id, "offering")?;
        let requested = stage.unwrap_or(InvestmentStage::Open);
        let amount = amount.map(|m| m.0).unwrap_or(Decimal::ZERO);
        let plan = details.unwrap_or_default().plan()?;
        let custom = match &plan.custom {
            Some(changes) => {
                custom::merge(&serde_json::json!({}), changes).map_err(custom_error)?
            }
            None => serde_json::json!({}),
        };
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Investment> {
                // Serializes every investment of this offering (`docs/marketplace.md` (Investment rules)): the totals
                // read below cannot change until this transaction ends.
                let (offering, is_member) =
                    offering_model::lock_for(conn, network_id, offering_id, Some(me.id))
                        .await?
                        .ok_or_else(|| ApiError::not_found("offering"))?;
                let offering = Offering::visible(offering, viewer, is_member)
                    .ok_or_else(|| ApiError::not_found("offering"))?;
                investment_initial_stage(requested, self_approval).map_err(initial_stage_error)?;
                check_rules(
                    conn,
                    network_id,
                    offering.row(),
                    me.id,
                    me.is_vip,
                    amount,
                    None,
                )
                .await?;
                let c = plan.changes;
                let new = NewInvestment {
                    network_id,
                    offering_id,
                    user_id: me.id,
                    life_cycle_stage: requested.code(),
                    visibility: c.visibility.unwrap_or(Visibility::Open.code()),
                    investment_amount: amount,
                    number_of_shares: c.number_of_shares.flatten(),
                    currency: c.currency.flatten().or(offering.row().currency.clone()),
                    interest_rate: c.interest_rate.flatten(),
                    term: c.term.flatten(),
                    custom,
                    approved_at: (requested == InvestmentStage::Approved).then(Utc::now),
                };
                let row = model::insert(conn, &new).await.map_err(write_error)?;
                Ok(Investment::new(row, viewer, is_member))
            })
            .await?;
        Ok(node)
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
    ) -> async_graphql::Result<Investment> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let id = parse_id(&id, "investment")?;
        let plan = input.details.plan()?;
        let amount = input.investment_amount.map(|m| m.0);
        let to = input.life_cycle_stage;
        let mut conn = ctx.conn().await?;
        let node = conn
            .transaction(async |conn| -> ApiResult<Investment> {
                let (row, manages, offering) = lock_managed(conn, network_id, id, viewer).await?;
                let node = Investment::new(row, viewer, manages);
                let roles = InvestmentActor::roles(&viewer, node.relation());
                let is_investor = roles.contains(&InvestmentActor::Investor);
                let is_manager = roles.contains(&InvestmentActor::Manager);
                let from = node.stage();
                let mut changes = plan.changes;
                if let Some(amount) = amount {
                    if !is_investor {
                        return Err(ApiError::forbidden(
                            "Only the investor may change an investment's amount.",
                        ));
                    }
                    if !investment_editable_by_investor(from) {
                        return Err(not_editable(from));
                    }
                    check_rules(
                        conn,
                        network_id,
                        &offering,
                        me.id,
                        me.is_vip,
                        amount,
                        Some(id),
                    )
                    .await?;
                    changes.investment_amount = Some(amount);
                }
                if plan.any_detail && !is_manager && !investment_editable_by_investor(from) {
                    return Err(not_editable(from));
                }
                if let Some(custom_changes) = plan.custom {
                    changes.custom = Some(
                        custom::merge(&node.row.custom, &custom_changes).map_err(custom_error)?,
                    );
                }
                if let Some(to) = to
                    && to != from
                {
                    stage_changes(&viewer, node.relation(), from, to, &mut changes)?;
                }
                let row = model::update(conn, network_id, id, &changes)
                    .await
                    .map_err(write_error)?;
                Ok(Investment::new(row, viewer, manages))
            })
            .await?;
        Ok(node)
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
    ) -> async_graphql::Result<Investment> {
        move_investment(ctx, &id, stage).await
    }

    /// Withdraws an investment (DELETE /investments/{id}): the investor, while Open or
    /// Approved.
    async fn withdraw_investment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Investment> {
        move_investment(ctx, &id, InvestmentStage::Withdrawn).await
    }
}

pub(super) async fn move_investment(
    ctx: &Context<'_>,
    id: &ID,
    to: InvestmentStage,
) -> async_graphql::Result<Investment> {
    let req = ctx.request();
    let network_id = req.network()?.id;
    req.user()?;
    let viewer = req.viewer;
    let id = parse_id(id, "investment")?;
    let mut conn = ctx.conn().await?;
    let node = conn
        .transaction(async |conn| -> ApiResult<Investment> {
            let (row, manages, _) = lock_managed(conn, network_id, id, viewer).await?;
            let node = Investment::new(row, viewer, manages);
            let mut changes = InvestmentChanges::default();
            stage_changes(&viewer, node.relation(), node.stage(), to, &mut changes)?;
            let row = model::update(conn, network_id, id, &changes)
                .await
                .map_err(write_error)?;
            Ok(Investment::new(row, viewer, manages))
        })
        .await?;
    Ok(node)
}

pub(super) fn not_editable(stage: InvestmentStage) -> ApiError {
    use crate::domain::lifecycle::LifecycleStage;
    ApiError::new(
        codes::INVESTMENT_NOT_EDITABLE,
        "This investment can no longer be changed.",
        format!(
            "The investor may change an investment while it is Open; this one is {} ({}).",
            stage.name(),
            stage.code()
        ),
    )
}

/// The changes of a stage transition, or the 409 naming both stages.
pub(super) fn stage_changes(
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

/// Locks an investment the viewer is related to (investor, admin or the offering's
/// team), after locking its offering (the same order as `invest`, so totals stay
/// serialized): Not Found when invisible, Forbidden when visible but not theirs.
pub(super) async fn lock_managed(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    viewer: Viewer,
) -> ApiResult<(InvestmentRow, bool, offering_model::Offering)> {
    let (row, _) = model::find_for(conn, network_id, id, viewer.user_id())
        .await?
        .ok_or_else(|| ApiError::not_found("investment"))?;
    let (offering, manages) =
        offering_model::lock_for(conn, network_id, row.offering_id, viewer.user_id())
            .await?
            .ok_or_else(|| ApiError::not_found("investment"))?;
    let row = model::lock(conn, network_id, id).await?;
    let node = Investment::new(row, viewer, manages);
    if !node.visible_as(InvestmentListing::OfferingOrSingle) {
        return Err(ApiError::not_found("investment"));
    }
    if !node.related() {
        return Err(ApiError::forbidden(
            "Only the investor, the offering's team or an admin may change an investment.",
        ));
    }
    Ok((Arc::unwrap_or_clone(node.row), manages, offering))
}

/// Checks the investment rules for `amount` by `investor` in a locked offering, with the
/// totals read now (without the investment `except` being changed).
pub(super) async fn check_rules(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering: &offering_model::Offering,
    investor: Uuid,
    investor_is_vip: bool,
    amount: Decimal,
    except: Option<Uuid>,
) -> ApiResult<()> {
    let investor_total = model::total(
        conn,
        network_id,
        offering.id,
        &stage_codes(INVESTOR_TOTAL_STAGES, |s| s.code()),
        Some(investor),
        except,
    )
    .await?;
    let offering_total = model::total(
        conn,
        network_id,
        offering.id,
        &stage_codes(OFFERING_TOTAL_STAGES, |s| s.code()),
        None,
        except,
    )
    .await?;
    let attempt = InvestmentAttempt {
        stage: OfferingStage::from_code(offering.life_cycle_stage).unwrap_or(OfferingStage::Draft),
        investor_is_vip,
        today: Utc::now().date_naive(),
        amount,
        investor_total,
        offering_total,
    };
    investment_rules::check(&offering.rules(), &attempt).map_err(rule_error)
}
