//! `generatePaymentSchedule` (`docs/money.md`, "Payment schedules"): many payouts of an
//! investment or an offering at once, from an explicit list or computed from loan terms,
//! all validated first and then inserted in one database transaction that begins with
//! the writer's audit naming, so either every payout is created or none is.

use async_graphql::{Context, ID, Object};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::payout::Payout;
use super::payout_input::{NewPayoutPlan, PayoutInput, payout_error};
use super::payout_write::payout_write_error;
use super::schedule_input::{
    MAX_LISTED, ScheduleInput, SchedulePlan, fan_out_error, not_settled_investment,
    not_settled_offering, terms_error,
};
use crate::domain::payout::{PayoutActor, may_write};
use crate::domain::schedule::{Installment, compute_schedule, fan_out};
use crate::domain::stages::InvestmentStage;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::parse_id;
use crate::graphql::marketplace::Writer;
use crate::graphql::marketplace::investment::Investment;
use crate::graphql::marketplace::offering::Offering;
use crate::graphql::time_limit::TimeLimit;
use crate::models::investment::{self as investment_model, settled_of};
use crate::models::payout::{NewPayout, Payout as PayoutRow, PayoutView};

/// A schedule of more payouts than this may run up to the bulk time limit
/// (`BULK_REQUEST_TIMEOUT_MS`) instead of the request's.
const BULK_PAYOUTS: usize = 1_000;

/// Mutations of payment schedules.
#[derive(Default)]
pub struct ScheduleMutation;

#[Object]
impl ScheduleMutation {
    /// Creates a payment schedule: many payouts at once, all or none (POST
    /// /investments/{id}/generatePaymentSchedule, POST
    /// /offerings/{id}/generatePaymentSchedule). Give exactly one of `investmentId` and
    /// `offeringId`, and exactly one of `payouts` (the payouts themselves, each checked
    /// like `createPayout`; 1 to 1200) and `schedule` (loan terms the payouts are
    /// computed from). An investment's schedule needs the investment Settled (409). For an
    /// offering, listed payouts are the offering's own (repayments by its borrower), and a
    /// computed schedule is split among its Settled investments pro rata by amount: one
    /// payout per investment per installment (409 when it has none; at most
    /// 1,000,000 payouts, 400). Admins and the
    /// members of the offering's organization only (403). Returns the payouts created, in
    /// due-date order for a computed schedule (and the order listed otherwise).
    async fn generate_payment_schedule(
        &self,
        ctx: &Context<'_>,
        investment_id: Option<ID>,
        offering_id: Option<ID>,
        payouts: Option<Vec<PayoutInput>>,
        schedule: Option<ScheduleInput>,
    ) -> ApiResult<Vec<Payout>> {
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
        let form = match (payouts, schedule) {
            (Some(list), None) => Form::Listed(plan_list(list)?),
            (None, Some(terms)) => Form::Computed(terms.plan()?),
            _ => {
                return Err(ApiError::bad_request(
                    "Give exactly one of payouts and schedule.",
                ));
            }
        };
        let mut conn = ctx.conn().await?;
        let views = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                generate(conn, &w, target, form).await
            })
            .await?;
        Ok(views
            .into_iter()
            .map(|v| Payout::new(v, w.viewer))
            .collect())
    }
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Investment(Uuid),
    Offering(Uuid),
}

enum Form {
    Listed(Vec<NewPayoutPlan>),
    Computed(SchedulePlan),
}

/// Validates every listed payout, naming the first bad one by its position.
fn plan_list(list: Vec<PayoutInput>) -> ApiResult<Vec<NewPayoutPlan>> {
    if list.is_empty() {
        return Err(ApiError::new(
            codes::SCHEDULE_EMPTY,
            "The schedule has no payouts.",
            "payouts is empty: list at least one payout.",
        ));
    }
    if list.len() > MAX_LISTED {
        return Err(ApiError::new(
            codes::SCHEDULE_TOO_LARGE,
            "The schedule has too many payouts.",
            format!("A schedule lists at most {MAX_LISTED} payouts."),
        ));
    }
    list.into_iter()
        .enumerate()
        .map(|(i, input)| {
            input.plan().map_err(|mut e| {
                e.developer_message = format!("payouts[{i}]: {}", e.developer_message).into();
                e
            })
        })
        .collect()
}

/// What a schedule is attached to, as its payouts need it.
struct Resolved {
    /// Whom the target's own payouts are owed to (the investor, or the borrower).
    user_id: Uuid,
    investment: Option<Uuid>,
    /// The offering: the target, or the investment's.
    offering_id: Uuid,
    offering_name: Option<String>,
    currency: Option<String>,
    /// The investment's amount (an investment target only).
    amount: Decimal,
    is_team: bool,
    settled: bool,
}

async fn resolve(conn: &mut AsyncPgConnection, w: &Writer, target: Target) -> ApiResult<Resolved> {
    match target {
        Target::Investment(id) => {
            let node = Investment::find_visible(conn, w.network_id, id, w.viewer).await?;
            // Locked until commit, so it stays Settled (and keeps its amount) while its
            // schedule is written.
            let locked = investment_model::lock(conn, w.network_id, id).await?;
            let row = node.row();
            let offering = Offering::find_visible(conn, w.network_id, row.offering_id, w.viewer)
                .await
                .ok();
            let offering_currency = offering.as_ref().and_then(|o| o.row().currency.clone());
            Ok(Resolved {
                user_id: row.user_id,
                investment: Some(id),
                offering_id: row.offering_id,
                offering_name: offering.and_then(|o| o.row().name.clone()),
                currency: row.currency.clone().or(offering_currency),
                amount: locked.investment_amount,
                is_team: node.viewer_manages(),
                settled: locked.life_cycle_stage == InvestmentStage::Settled.code(),
            })
        }
        Target::Offering(id) => {
            let node = Offering::find_visible(conn, w.network_id, id, w.viewer).await?;
            let row = node.row();
            Ok(Resolved {
                user_id: row.user_id,
                investment: None,
                offering_id: id,
                offering_name: row.name.clone(),
                currency: row.currency.clone(),
                amount: Decimal::ZERO,
                is_team: node.is_org_member(),
                settled: true,
            })
        }
    }
}

async fn generate(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    target: Target,
    form: Form,
) -> ApiResult<Vec<PayoutView>> {
    let t = resolve(conn, w, target).await?;
    let actor = PayoutActor {
        is_admin: w.me.is_admin,
        is_team: t.is_team,
    };
    may_write(actor).map_err(payout_error)?;
    if !t.settled {
        return Err(not_settled_investment());
    }
    let new = match form {
        Form::Listed(plans) => plans.into_iter().map(|p| listed(w, &t, p)).collect(),
        Form::Computed(plan) if t.investment.is_some() => {
            let (terms, currency) = plan.terms(t.amount, t.currency.as_deref())?;
            let installments = compute_schedule(&terms).map_err(terms_error)?;
            let owner = (t.user_id, t.investment);
            installments
                .iter()
                .map(|i| computed(w, &plan, &currency, owner, i))
                .collect()
        }
        Form::Computed(plan) => {
            let shares = settled_of(conn, w.network_id, t.offering_id).await?;
            if shares.is_empty() {
                return Err(not_settled_offering());
            }
            let total: Decimal = shares.iter().map(|s| s.investment_amount).sum();
            let (terms, currency) = plan.terms(total, t.currency.as_deref())?;
            let installments = compute_schedule(&terms).map_err(terms_error)?;
            let weights: Vec<(Uuid, Decimal)> =
                shares.iter().map(|s| (s.id, s.investment_amount)).collect();
            let parts =
                fan_out(&installments, &weights, terms.minor_unit).map_err(fan_out_error)?;
            // Installment by installment, so the payouts come in due-date order.
            let mut new = Vec::with_capacity(installments.len() * shares.len());
            for k in 0..installments.len() {
                for (share, part) in shares.iter().zip(&parts) {
                    let owner = (share.user_id, Some(share.id));
                    new.push(computed(w, &plan, &currency, owner, &part.installments[k]));
                }
            }
            new
        }
    };
    if new.len() > BULK_PAYOUTS {
        TimeLimit::allow_bulk();
    }
    let rows = PayoutRow::insert_many(conn, &new)
        .await
        .map_err(payout_write_error)?;
    Ok(rows
        .into_iter()
        .map(|r| PayoutView::fresh(r, t.offering_id, t.offering_name.clone()))
        .collect())
}

/// A listed payout, attached to the target.
fn listed(w: &Writer, t: &Resolved, plan: NewPayoutPlan) -> NewPayout {
    let c = plan.changes;
    NewPayout {
        id: Uuid::now_v7(),
        network_id: w.network_id,
        user_id: t.user_id,
        investment_id: t.investment,
        offering_id: t.investment.is_none().then_some(t.offering_id),
        payout_type: c.payout_type.unwrap_or(0),
        additional_type: c.additional_type.flatten(),
        currency: c.currency.flatten().or_else(|| t.currency.clone()),
        due_date: c.due_date.flatten(),
        payout_amount: plan.amount,
        minimum_payment: c.minimum_payment.flatten(),
        late_fee: c.late_fee.flatten(),
        charge_offs: c.charge_offs.flatten(),
        net_recoveries: c.net_recoveries.flatten(),
        service_charge: c.service_charge.flatten(),
        net_annualized_return: c.net_annualized_return.flatten(),
        custom: plan.custom,
    }
}

/// The payout of one installment owed to `owner` (user and investment): its total is the
/// amount, and its number and parts are kept in the custom fields `installment`,
/// `principal` and `interest`.
fn computed(
    w: &Writer,
    plan: &SchedulePlan,
    currency: &str,
    owner: (Uuid, Option<Uuid>),
    i: &Installment,
) -> NewPayout {
    NewPayout {
        id: Uuid::now_v7(),
        network_id: w.network_id,
        user_id: owner.0,
        investment_id: owner.1,
        offering_id: None,
        payout_type: plan.payout_type,
        additional_type: plan.additional_type.clone(),
        currency: Some(currency.to_owned()),
        due_date: Some(i.due_date),
        payout_amount: i.total,
        minimum_payment: None,
        late_fee: None,
        charge_offs: None,
        net_recoveries: None,
        service_charge: None,
        net_annualized_return: None,
        custom: serde_json::json!({
            "installment": i.number,
            "principal": i.principal.to_string(),
            "interest": i.interest.to_string(),
        }),
    }
}
