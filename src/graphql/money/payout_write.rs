//! The mutations of payouts: each runs in one database transaction that begins with the
//! writer's audit naming; the database records a payout's creation and every change of
//! its amount in the audit log.

use async_graphql::{Context, ID, Object};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::payout::Payout;
use super::payout_input::{PayoutChangePlan, PayoutInput, PayoutUpdateInput, payout_error};
use crate::domain::custom;
use crate::domain::payout::{PayoutActor, PayoutChangeKind, check_change, may_write};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::input::custom_error;
use crate::graphql::ids::parse_id;
use crate::graphql::marketplace::Writer;
use crate::graphql::marketplace::investment::Investment;
use crate::graphql::marketplace::offering::Offering;
use crate::models::payout::{NewPayout, Payout as PayoutRow, PayoutChanges, PayoutView};

/// Mutations of payouts.
#[derive(Default)]
pub struct PayoutMutation;

#[Object]
impl PayoutMutation {
    /// Creates a payout, for exactly one of `investmentId` (a payment to the investor,
    /// POST /investments/{id}/payouts) or `offeringId` (the offering's own payout, a
    /// repayment by its borrower, the offering's creator; POST /offerings/{id}/payouts).
    /// Admins and the members of the offering's organization only (403); Not Found when
    /// the viewer may not see the investment or offering. The currency is the
    /// investment's (or offering's) unless given.
    async fn create_payout(
        &self,
        ctx: &Context<'_>,
        investment_id: Option<ID>,
        offering_id: Option<ID>,
        input: PayoutInput,
    ) -> ApiResult<Payout> {
        let w = Writer::of(ctx)?;
        let target = match (investment_id, offering_id) {
            (Some(id), None) => Target::Investment(parse_id(&id, "investment")?),
            (None, Some(id)) => Target::Offering(parse_id(&id, "offering")?),
            _ => {
                return Err(ApiError::bad_request(
                    "Give exactly one of investmentId and offeringId.",
                ));
            }
        };
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        let view = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                create(conn, &w, target, plan).await
            })
            .await?;
        Ok(Payout::new(view, w.viewer))
    }

    /// Changes a payout (PATCH /payouts/{id}): admins and the members of the offering's
    /// organization (403 for the user it is owed to; Not Found for others). A paid payout
    /// keeps its amounts, currency and due date (409); its type, category, return and
    /// custom fields may still change.
    async fn update_payout(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: PayoutUpdateInput,
    ) -> ApiResult<Payout> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "payout")?;
        let plan = input.plan()?;
        let mut conn = ctx.conn().await?;
        let view = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                update(conn, &w, id, plan).await
            })
            .await?;
        Ok(Payout::new(view, w.viewer))
    }
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Investment(Uuid),
    Offering(Uuid),
}

async fn create(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    target: Target,
    plan: super::payout_input::NewPayoutPlan,
) -> ApiResult<PayoutView> {
    let (user_id, investment_id, offering_id, default_currency, is_team) = match target {
        Target::Investment(id) => {
            let node = Investment::find_visible(conn, w.network_id, id, w.viewer).await?;
            let row = node.row();
            let currency = match &row.currency {
                Some(c) => Some(c.clone()),
                None => {
                    let offering =
                        Offering::find_visible(conn, w.network_id, row.offering_id, w.viewer);
                    offering.await.ok().and_then(|o| o.row().currency.clone())
                }
            };
            (row.user_id, Some(id), None, currency, node.viewer_manages())
        }
        Target::Offering(id) => {
            let node = Offering::find_visible(conn, w.network_id, id, w.viewer).await?;
            let row = node.row();
            let currency = row.currency.clone();
            (row.user_id, None, Some(id), currency, node.is_org_member())
        }
    };
    let actor = PayoutActor {
        is_admin: w.me.is_admin,
        is_team,
    };
    may_write(actor).map_err(payout_error)?;
    let c = plan.changes;
    let new = NewPayout {
        id: Uuid::now_v7(),
        network_id: w.network_id,
        user_id,
        investment_id,
        offering_id,
        payout_type: c.payout_type.unwrap_or(0),
        additional_type: c.additional_type.flatten(),
        currency: c.currency.flatten().or(default_currency),
        due_date: c.due_date.flatten(),
        payout_amount: plan.amount,
        minimum_payment: c.minimum_payment.flatten(),
        late_fee: c.late_fee.flatten(),
        charge_offs: c.charge_offs.flatten(),
        net_recoveries: c.net_recoveries.flatten(),
        service_charge: c.service_charge.flatten(),
        net_annualized_return: c.net_annualized_return.flatten(),
        custom: plan.custom,
    };
    let row = PayoutRow::insert(conn, &new)
        .await
        .map_err(payout_write_error)?;
    reload(conn, w, row.id).await
}

async fn update(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    id: Uuid,
    plan: PayoutChangePlan,
) -> ApiResult<PayoutView> {
    let not_found = || ApiError::not_found("payout");
    // The lock keeps the paid flag read below true until commit for this payout's own
    // changes (a transaction paying it concurrently may still make it paid).
    let row = PayoutRow::lock(conn, w.network_id, id)
        .await?
        .ok_or_else(not_found)?;
    let parties = Payout::parties(conn, w.network_id, id, &w.viewer).await?;
    let actor = PayoutActor {
        is_admin: w.me.is_admin,
        is_team: parties.viewer_is_team,
    };
    may_write(actor).map_err(payout_error)?;
    let mut changes = plan.changes;
    drop_unchanged(&row, &mut changes);
    let view = PayoutView::find(conn, w.network_id, id)
        .await?
        .ok_or_else(not_found)?;
    check_change(view.is_paid, change_kind(&changes)).map_err(payout_error)?;
    if let Some(custom_changes) = &plan.custom {
        let merged = custom::merge(&row.custom, custom_changes).map_err(custom_error)?;
        if merged != row.custom {
            changes.custom = Some(merged);
        }
    }
    if is_empty(&changes) {
        return Ok(view);
    }
    PayoutRow::update(conn, w.network_id, id, &changes)
        .await
        .map_err(payout_write_error)?;
    reload(conn, w, id).await
}

/// Forgets the changes that restate the stored value, so a paid payout may be sent back
/// as it is.
fn drop_unchanged(row: &PayoutRow, c: &mut PayoutChanges) {
    fn keep<T: PartialEq>(change: &mut Option<T>, stored: &T) {
        if change.as_ref() == Some(stored) {
            *change = None;
        }
    }
    keep(&mut c.payout_type, &row.payout_type);
    keep(&mut c.additional_type, &row.additional_type);
    keep(&mut c.currency, &row.currency);
    keep(&mut c.due_date, &row.due_date);
    keep(&mut c.payout_amount, &row.payout_amount);
    keep(&mut c.minimum_payment, &row.minimum_payment);
    keep(&mut c.late_fee, &row.late_fee);
    keep(&mut c.charge_offs, &row.charge_offs);
    keep(&mut c.net_recoveries, &row.net_recoveries);
    keep(&mut c.service_charge, &row.service_charge);
    keep(&mut c.net_annualized_return, &row.net_annualized_return);
}

fn change_kind(c: &PayoutChanges) -> PayoutChangeKind {
    PayoutChangeKind {
        amount: c.payout_amount.is_some(),
        other_money: c.minimum_payment.is_some()
            || c.late_fee.is_some()
            || c.charge_offs.is_some()
            || c.net_recoveries.is_some()
            || c.service_charge.is_some()
            || c.currency.is_some(),
        due_date: c.due_date.is_some(),
    }
}

fn is_empty(c: &PayoutChanges) -> bool {
    let kind = change_kind(c);
    !(kind.amount || kind.other_money || kind.due_date)
        && c.payout_type.is_none()
        && c.additional_type.is_none()
        && c.net_annualized_return.is_none()
        && c.custom.is_none()
}

async fn reload(conn: &mut AsyncPgConnection, w: &Writer, id: Uuid) -> ApiResult<PayoutView> {
    PayoutView::find(conn, w.network_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("payout"))
}

/// A database refusal of a payout write: a rule of the table (ranges, currency form) is
/// the client's (400) without the database's text; anything else is ours.
pub(super) fn payout_write_error(err: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    match &err {
        Error::DatabaseError(
            DatabaseErrorKind::CheckViolation | DatabaseErrorKind::ForeignKeyViolation,
            info,
        ) => {
            tracing::info!(constraint = info.constraint_name(), "payout write refused");
            ApiError::new(
                codes::BAD_REQUEST,
                "The request could not be processed.",
                "A value breaks a rule of payouts (an amount out of range, or an id naming \
                 nothing in this network).",
            )
        }
        _ => err.into(),
    }
}
