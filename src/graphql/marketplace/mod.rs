//! The marketplace core (issue #4): organizations and their members, offerings and their
//! lifecycle, investments under the investment rules, bulletins, and the figures derived
//! from investments. Decisions are in `docs/marketplace.md`.
//!
//! Every rule comes from `crate::domain` (visibility, lifecycle, investment rules); this
//! module only loads rows (through the request's batch loader for nested fields), asks the
//! rules, and writes in transactions.

pub mod bulletin;
pub mod custom;
pub mod input;
pub mod investment;
pub mod loaders;
pub mod offering;
pub mod organization;

use async_graphql::Context;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::domain::field_rules::{FieldBreach, WriteRefusal};
use crate::domain::investment_rules::RuleBreach;
use crate::domain::lifecycle::{InvestmentCreateRefusal, LifecycleStage, TransitionError};
use crate::domain::viewer::{Viewer, ViewerUser};
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::models::audit;

/// Who writes: the request's network and its logged-in user (the mutations need one).
#[derive(Clone, Copy)]
pub struct Writer {
    /// The request's network.
    pub network_id: Uuid,
    /// The logged-in user.
    pub me: ViewerUser,
    /// The same user as a viewer, for the visibility rules.
    pub viewer: Viewer,
    /// The request's id, for the audit log.
    pub request_id: Option<Uuid>,
}

impl Writer {
    /// The writer of this request: the network is asked for first, then the user (401).
    pub fn of(ctx: &Context<'_>) -> ApiResult<Self> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        Ok(Self {
            network_id,
            me,
            viewer: req.viewer,
            request_id: req.request_id,
        })
    }

    /// Names this writer and request as the author of the transaction's changes in the
    /// audit log; the first statement of every write transaction.
    pub async fn audit(&self, conn: &mut AsyncPgConnection) -> ApiResult<()> {
        audit::name_actor(conn, Some(self.me.id), self.request_id).await?;
        Ok(())
    }
}

/// A refused stage transition as the 409 of `docs/lifecycles.md`, naming both stages.
pub fn transition_error<S: LifecycleStage>(err: TransitionError<S>) -> ApiError {
    let code = match S::KIND {
        "offering" => codes::OFFERING_STAGE_CONFLICT,
        "organization" => codes::ORGANIZATION_STAGE_CONFLICT,
        _ => codes::INVESTMENT_STAGE_CONFLICT,
    };
    ApiError::new(
        code,
        format!(
            "This {} cannot move from {} to {}.",
            S::KIND,
            err.from.name(),
            err.to.name()
        ),
        format!("Refused stage transition: {err}."),
    )
}

/// A refused starting stage of a new investment: 403 when self-approval is off, else 400.
pub fn initial_stage_error(refusal: InvestmentCreateRefusal) -> ApiError {
    match refusal {
        InvestmentCreateRefusal::SelfApprovalDisabled => ApiError::new(
            codes::SELF_APPROVAL_DISABLED,
            "Your investment cannot be approved automatically on this platform.",
            format!(
                "Refused: {refusal}. Create it without a stage (Open) and let the offering's \
                 team approve it, or ask the network to turn on allow_self_approval."
            ),
        ),
        InvestmentCreateRefusal::NotAnInitialStage(_) => ApiError::new(
            codes::INVALID_INITIAL_STAGE,
            "The request could not be processed.",
            format!("Refused: {refusal}."),
        ),
    }
}

/// A refused starting stage of an offering or organization (only Draft or Submitted).
pub fn invalid_initial_stage(kind: &str, stage: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_INITIAL_STAGE,
        "The request could not be processed.",
        format!(
            "An {kind} cannot be created as {stage}: create it as Draft (the default) or \
             Submitted; later stages are reached by transitions."
        ),
    )
}

/// An investment rule breach: each rule its own code (`docs/marketplace.md` (Investment rules)).
pub fn rule_error(breach: RuleBreach) -> ApiError {
    let (code, user) = match breach {
        RuleBreach::NegativeAmount => (
            codes::NEGATIVE_AMOUNT,
            "The investment amount cannot be negative.",
        ),
        RuleBreach::NotOpen(_) => (
            codes::OFFERING_NOT_OPEN,
            "This offering is not open for investment.",
        ),
        RuleBreach::BeforeOpenDate(_) => (
            codes::BEFORE_OPEN_DATE,
            "This offering is not open for investment yet.",
        ),
        RuleBreach::AfterCloseDate(_) => (
            codes::AFTER_CLOSE_DATE,
            "This offering is closed for investment.",
        ),
        RuleBreach::BelowMinCommitment(_) => (
            codes::BELOW_MIN_COMMITMENT,
            "The amount is below the minimum investment for this offering.",
        ),
        RuleBreach::AboveMaxCommitment { .. } => (
            codes::ABOVE_MAX_COMMITMENT,
            "The amount is above the maximum you can invest in this offering.",
        ),
        RuleBreach::AboveMaxOverfunding { .. } => (
            codes::ABOVE_MAX_OVERFUNDING,
            "This offering cannot take an investment of this size any more.",
        ),
    };
    ApiError::new(code, user, format!("Investment refused: {breach}."))
}

/// A write refused to this writer: 403 for fields that are not theirs to set, 409 for an
/// object no longer editable at its stage, 400 for a contact point on creation.
pub fn write_refusal(refusal: WriteRefusal) -> ApiError {
    match refusal {
        WriteRefusal::AdminOnly(_) | WriteRefusal::AmountNotInvestor => {
            ApiError::forbidden(refusal.to_string())
        }
        WriteRefusal::ContactPointOnCreate => ApiError::bad_request(refusal.to_string()),
        WriteRefusal::OfferingNotEditable(stage) => ApiError::new(
            codes::OFFERING_NOT_EDITABLE,
            "This offering can no longer be changed.",
            format!(
                "An offering's fields can be edited by its team while Draft or Submitted; \
                 this one is {} ({}).",
                stage.name(),
                stage.code()
            ),
        ),
        WriteRefusal::InvestmentNotEditable(stage) => ApiError::new(
            codes::INVESTMENT_NOT_EDITABLE,
            "This investment can no longer be changed.",
            format!(
                "The investor may change an investment while it is Open; this one is {} ({}).",
                stage.name(),
                stage.code()
            ),
        ),
    }
}

/// A refused field value of `crate::domain::field_rules` as invalid data (400).
pub fn field_error(breach: FieldBreach) -> ApiError {
    invalid_data(breach.to_string())
}

/// Invalid organization or offering data (400, code 13017).
pub fn invalid_data(developer_message: impl Into<String>) -> ApiError {
    ApiError::new(
        codes::INVALID_MARKETPLACE_DATA,
        "The request could not be processed.",
        developer_message.into(),
    )
}

/// A database error of a marketplace write: a CHECK or foreign-key violation the input
/// checks did not catch is the client's (400, without SQL text); anything else is ours.
pub fn write_error(err: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::CheckViolation, info) => {
            tracing::info!(constraint = ?info.constraint_name(), "check violation");
            invalid_data(
                "A value breaks a rule of this object (e.g. a negative amount, \
                 min_commitment above max_commitment, open_date after close_date).",
            )
        }
        Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
            tracing::info!(constraint = ?info.constraint_name(), "foreign key violation");
            invalid_data("An identifier refers to nothing in this network.")
        }
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            tracing::info!(constraint = ?info.constraint_name(), "unique violation");
            ApiError::new(
                codes::MARKETPLACE_VALUE_TAKEN,
                "The request could not be processed.",
                "This value is already used by another object of this network (e.g. a \
                 capitalization attached to another offering).",
            )
        }
        other => other.into(),
    }
}
