//! Applications (`docs/outreach.md`; REST `POST /self/applications`,
//! `GET /public/applications`): submissions by users for the admins' review, e.g. an
//! onboarding form, a funding request, or a bid or ask in a P2P market.
//!
//! Who sees an application: its user and author, the network's admins, and, once
//! Approved, anybody (the public list). Otherwise it does not exist (Not Found). The
//! applicant's name (`userName`) is shown to others only for users with visibility Open.
//! These rules, the stages and their transitions, and what a new application may hold
//! are `crate::domain::application`. The type is here, its root fields in
//! `applications/query.rs`, its mutations in `applications/mutation.rs`.

use std::collections::HashMap;

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use serde_json::Value;
use uuid::Uuid;

use super::{optional_id, optional_text};
use crate::domain::application::{
    ApplicationActor, ApplicationStage, MAX_DESCRIPTION, MAX_SHORT_TEXT, NewApplicationProblem,
    applicant_name_shown, application_visible, check_applicant, check_application_transition,
    check_initial_stage, check_term, checked_interest_rate, is_applicant, non_negative,
};
use crate::domain::custom;
use crate::domain::lifecycle::TransitionError;
use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::input::custom_error;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::graphql::scalars::Money;
use crate::models::application::{
    self as model, Application as ApplicationRow, ApplicationScope, NewApplication,
    application_attrs,
};

mod mutation;
mod query;

pub use mutation::*;
pub use query::*;

/// An application, as the current viewer may see it.
pub struct Application {
    row: ApplicationRow,
    user_name: Option<String>,
}

/// One custom field as the deprecated `info` list shows it.
#[derive(Debug, Clone, SimpleObject)]
pub struct ApplicationInfoEntry {
    /// The name of the custom field.
    #[graphql(name = "type")]
    pub field_type: String,
    /// The value of the custom field.
    pub value: Json<Value>,
}

#[Object]
impl Application {
    /// Unique identifier (REST `application_id`).
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    /// The user who created the application; equals `userId` unless an admin created it
    /// on someone's behalf.
    async fn author_id(&self) -> ID {
        id_of(self.row.author_id)
    }

    /// The user whose application it is.
    async fn user_id(&self) -> ID {
        id_of(self.row.user_id)
    }

    /// The full name of the user whose application it is; `null` to others than that
    /// user, the author and admins unless the user's visibility is Open.
    async fn user_name(&self) -> Option<&str> {
        self.user_name.as_deref()
    }

    /// The offering the application is about (REST `offering`).
    async fn offering_id(&self) -> Option<ID> {
        self.row.offering_id.map(id_of)
    }

    /// The organization the application is about (REST `organization`).
    async fn organization_id(&self) -> Option<ID> {
        self.row.organization_id.map(id_of)
    }

    /// The current stage (REST `life_cycle_stage`: 0 Open, 1 Rejected, 2 Approved,
    /// 3 Withdrawn, 4 Completed).
    async fn life_cycle_stage(&self) -> ApiResult<ApplicationStage> {
        stage_of(&self.row)
    }

    /// A type or category of the application.
    async fn additional_type(&self) -> Option<&str> {
        self.row.additional_type.as_deref()
    }

    /// A configurable internal code of the application.
    async fn code(&self) -> Option<&str> {
        self.row.code.as_deref()
    }

    /// A description of the application.
    async fn description(&self) -> Option<&str> {
        self.row.description.as_deref()
    }

    /// The funding goal (when the application becomes an offering).
    async fn funding_goal(&self) -> Option<Money> {
        self.row.funding_goal.map(Money)
    }

    /// The investment amount (when the application becomes an investment).
    async fn investment_amount(&self) -> Option<Money> {
        self.row.investment_amount.map(Money)
    }

    /// The interest rate, a decimal string such as `"7.5"`.
    async fn interest_rate(&self) -> Option<Money> {
        self.row.interest_rate.map(Money)
    }

    /// The number of shares.
    async fn number_of_shares(&self) -> Option<Money> {
        self.row.number_of_shares.map(Money)
    }

    /// The price per share.
    async fn price_per_share(&self) -> Option<Money> {
        self.row.price_per_share.map(Money)
    }

    /// The term (e.g. in months).
    async fn term(&self) -> Option<i32> {
        self.row.term
    }

    /// Custom fields: a JSON object of name to value.
    async fn custom(&self) -> &Value {
        &self.row.custom
    }

    /// The custom fields as a list of `{type, value}`.
    #[graphql(deprecation = "Use `custom`.")]
    async fn info(&self) -> Vec<ApplicationInfoEntry> {
        self.row
            .custom
            .as_object()
            .map(|fields| {
                fields
                    .iter()
                    .map(|(name, value)| ApplicationInfoEntry {
                        field_type: name.clone(),
                        value: Json(value.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// When the application was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }

    /// Last change of the application.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }
}

impl Application {
    /// The application `id` as the viewer may see it: Not Found when it is not an
    /// application id, no such application exists in the network, or the viewer may not
    /// see it.
    pub async fn fetch(ctx: &Context<'_>, id: &str) -> ApiResult<Self> {
        let req = ctx.request();
        let network = req.network()?;
        let id = parse_id(id, "application")?;
        let mut conn = ctx.conn().await?;
        let row = ApplicationRow::find(&mut conn, network.id, id)
            .await?
            .filter(|row| visible(&req.viewer, row))
            .ok_or_else(|| ApiError::not_found("application"))?;
        present_one(&mut conn, network.id, &req.viewer, row).await
    }

    /// One page of the network's applications in `scope`.
    pub async fn paginate(
        ctx: &Context<'_>,
        scope: ApplicationScope,
        args: &ListArgs,
    ) -> ApiResult<Page<Self>> {
        let viewer = ctx.request().viewer;
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let listing = ApplicationRow::list(conn, network_id, &scope, filters, order, plan.page);
            let (rows, count) = listed(listing.await)?;
            Ok((present(conn, network_id, &viewer, rows).await?, count))
        };
        paginate(ctx, args, application_attrs::ATTRS, list, |node| node).await
    }

    /// The application `id`, locked for a change by `actor`: Not Found when `viewer` may
    /// not see it; for the applicant, Forbidden unless the viewer is its user or author.
    pub async fn lock_managed(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        viewer: &Viewer,
        actor: ApplicationActor,
    ) -> ApiResult<ApplicationRow> {
        let row = ApplicationRow::lock(conn, network_id, id)
            .await?
            .filter(|row| visible(viewer, row))
            .ok_or_else(|| ApiError::not_found("application"))?;
        if actor == ApplicationActor::Applicant && !is_owner(viewer, &row) {
            return Err(ApiError::forbidden(
                "Only the applicant may withdraw an application; admins use \
                 setApplicationStage.",
            ));
        }
        Ok(row)
    }
}

fn stage_of(row: &ApplicationRow) -> ApiResult<ApplicationStage> {
    ApplicationStage::from_code(row.life_cycle_stage).ok_or_else(|| {
        ApiError::internal(format!(
            "application {} has the unknown stage {}",
            row.id, row.life_cycle_stage
        ))
    })
}

/// Whether `viewer` is the application's user or author.
fn is_owner(viewer: &Viewer, row: &ApplicationRow) -> bool {
    is_applicant(viewer, row.user_id, row.author_id)
}

/// Whether `viewer` may see the application at all.
fn visible(viewer: &Viewer, row: &ApplicationRow) -> bool {
    application_visible(viewer, row.user_id, row.author_id, row.life_cycle_stage)
}

/// Wraps rows for `viewer`, with the applicants' names as the viewer may see them (one
/// statement for the whole page).
async fn present(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    viewer: &Viewer,
    rows: Vec<ApplicationRow>,
) -> ApiResult<Vec<Application>> {
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let applicants: HashMap<Uuid, model::Applicant> = model::applicants(conn, network_id, &ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let user_name = applicants.get(&row.user_id).and_then(|a| {
                applicant_name_shown(viewer, row.user_id, row.author_id, a.visibility)
                    .then(|| a.full_name())
                    .flatten()
            });
            Application { row, user_name }
        })
        .collect())
}

async fn present_one(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    viewer: &Viewer,
    row: ApplicationRow,
) -> ApiResult<Application> {
    present(conn, network_id, viewer, vec![row])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("presenting one application gave none"))
}

/// A new application (POST /self/applications). Every field is optional.
#[derive(Debug, Clone, Default, InputObject)]
pub struct ApplicationInput {
    /// The stage to create in: applications always start `OPEN` (REST
    /// `life_cycle_stage` 0); any other stage is refused (400). Admins move it on with
    /// `setApplicationStage`.
    pub life_cycle_stage: Option<ApplicationStage>,
    /// Whose application it is (admins only, to apply on a user's behalf); default: the
    /// logged-in user.
    pub user_id: Option<ID>,
    /// A type or category (up to 200 characters).
    pub additional_type: Option<String>,
    /// A code defining a kind of application (up to 200 characters).
    pub code: Option<String>,
    /// A description (up to 10,000 characters).
    pub description: Option<String>,
    /// The funding goal, not negative.
    pub funding_goal: Option<Money>,
    /// The investment amount, not negative.
    pub investment_amount: Option<Money>,
    /// The interest rate, a decimal string from `"0"` to `"99999.9999"`.
    pub interest_rate: Option<Money>,
    /// The number of shares, not negative.
    pub number_of_shares: Option<Money>,
    /// The price per share, not negative.
    pub price_per_share: Option<Money>,
    /// The term, not negative.
    pub term: Option<i32>,
    /// The offering it is about (REST `offering`): must exist in the network, else Not
    /// Found.
    pub offering_id: Option<ID>,
    /// The organization it is about (REST `organization`): must exist in the network,
    /// else Not Found.
    pub organization_id: Option<ID>,
    /// Custom fields: names of 1-64 `[A-Za-z0-9_-]`, any JSON values, `null` values
    /// dropped, at most 100 (code 11015 beyond).
    pub custom: Option<Json<Value>>,
}
