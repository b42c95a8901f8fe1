//! Applications (seeds/001_d17389470978c889.txt, Application; seeds/002_338b46960d33f2b9.txt
//! `POST /self/applications`, `GET /public/applications`): submissions by users for the
//! admins' review, e.g. an onboarding form, a funding request, or a bid or ask in a P2P
//! market.
//!
//! Who sees an application: its user and author, the network's admins, and, once
//! Approved, anybody (the public list). Otherwise it does not exist (Not Found). The
//! applicant's name (`userName`) follows the user's visibility (DESIGN §6): shown to
//! others only for users with visibility Open.
//!
//! Stages (DESIGN §5) and their transitions: `crate::domain::application`.

use std::collections::HashMap;

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rust_decimal::Decimal;
use serde_json::Value;
use uuid::Uuid;

use super::{optional_id, optional_text};
use crate::domain::application::{
    ApplicationActor, ApplicationStage, check_application_transition,
};
use crate::domain::custom;
use crate::domain::lifecycle::TransitionError;
use crate::domain::stages::Visibility;
use crate::domain::viewer::Viewer;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::graphql::identity::input::custom_error;
use crate::graphql::ids::parse_id;
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::graphql::scalars::Money;
use crate::models::application::{
    self as model, Application as ApplicationRow, ApplicationScope, NewApplication,
    application_attrs,
};

/// Longest `additionalType` or `code`.
const MAX_SHORT_TEXT: usize = 200;
/// Longest `description`.
const MAX_DESCRIPTION: usize = 10_000;
/// Largest interest rate the store holds (`NUMERIC(9,4)`).
const MAX_INTEREST_RATE: Decimal = Decimal::from_parts(999_999_999, 0, 0, false, 4);

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
        ID(self.row.id.to_string())
    }

    /// The user who created the application; equals `userId` unless an admin created it
    /// on someone's behalf.
    async fn author_id(&self) -> ID {
        ID(self.row.author_id.to_string())
    }

    /// The user whose application it is.
    async fn user_id(&self) -> ID {
        ID(self.row.user_id.to_string())
    }

    /// The full name of the user whose application it is; `null` to others than that
    /// user, the author and admins unless the user's visibility is Open.
    async fn user_name(&self) -> Option<&str> {
        self.user_name.as_deref()
    }

    /// The offering the application is about (REST `offering`).
    async fn offering_id(&self) -> Option<ID> {
        self.row.offering_id.map(|id| ID(id.to_string()))
    }

    /// The organization the application is about (REST `organization`).
    async fn organization_id(&self) -> Option<ID> {
        self.row.organization_id.map(|id| ID(id.to_string()))
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
    viewer.is_user(row.user_id) || viewer.is_user(row.author_id)
}

/// Whether `viewer` may see the application at all.
fn visible(viewer: &Viewer, row: &ApplicationRow) -> bool {
    viewer.is_admin()
        || is_owner(viewer, row)
        || row.life_cycle_stage == ApplicationStage::Approved.code()
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
                let open = a.visibility == Visibility::Open.code();
                (open || viewer.is_admin() || is_owner(viewer, &row))
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

fn non_negative(value: Option<Money>, field: &str) -> ApiResult<Option<Decimal>> {
    match value {
        Some(Money(d)) if d.is_sign_negative() && !d.is_zero() => Err(ApiError::bad_request(
            format!("`{field}` must not be negative."),
        )),
        Some(Money(d)) => Ok(Some(d)),
        None => Ok(None),
    }
}

impl ApplicationInput {
    /// Checks the input and builds the row (ids of offering, organization and user are
    /// checked against the database afterwards, in the transaction).
    fn plan(self, network_id: Uuid, me: Uuid, is_admin: bool) -> ApiResult<NewApplication> {
        if let Some(stage) = self.life_cycle_stage
            && stage != ApplicationStage::Open
        {
            return Err(ApiError::bad_request(format!(
                "Applications are created Open (0), not {stage:?} ({}); an admin moves them \
                 on with setApplicationStage.",
                stage.code()
            )));
        }
        let user_id = optional_id(self.user_id.as_ref(), "user")?.unwrap_or(me);
        if user_id != me && !is_admin {
            return Err(ApiError::forbidden(
                "Only an admin may create an application on behalf of another user.",
            ));
        }
        let interest_rate = non_negative(self.interest_rate, "interest_rate")?;
        if interest_rate.is_some_and(|r| r > MAX_INTEREST_RATE) {
            return Err(ApiError::bad_request(
                "`interest_rate` must be at most 99999.9999.",
            ));
        }
        if self.term.is_some_and(|t| t < 0) {
            return Err(ApiError::bad_request("`term` must not be negative."));
        }
        let custom = match self.custom {
            Some(Json(changes)) => {
                custom::merge(&Value::Object(Default::default()), &changes).map_err(custom_error)?
            }
            None => Value::Object(Default::default()),
        };
        Ok(NewApplication {
            network_id,
            author_id: me,
            user_id,
            offering_id: optional_id(self.offering_id.as_ref(), "offering")?,
            organization_id: optional_id(self.organization_id.as_ref(), "organization")?,
            life_cycle_stage: ApplicationStage::Open.code(),
            additional_type: optional_text(
                self.additional_type,
                "additional_type",
                MAX_SHORT_TEXT,
            )?,
            code: optional_text(self.code, "code", MAX_SHORT_TEXT)?,
            description: optional_text(self.description, "description", MAX_DESCRIPTION)?,
            funding_goal: non_negative(self.funding_goal, "funding_goal")?,
            investment_amount: non_negative(self.investment_amount, "investment_amount")?,
            interest_rate,
            number_of_shares: non_negative(self.number_of_shares, "number_of_shares")?,
            price_per_share: non_negative(self.price_per_share, "price_per_share")?,
            term: self.term,
            custom,
        })
    }
}

/// Root query fields about applications.
#[derive(Default)]
pub struct ApplicationsQuery;

#[Object]
impl ApplicationsQuery {
    /// Approved applications, for anyone (GET /public/applications), newest first unless
    /// ordered otherwise. Attributes: `id`, `author_id`, `user_id`, `offering_id` (or
    /// `offering`), `organization_id` (or `organization`), `life_cycle_stage`,
    /// `additional_type`, `code`, `funding_goal`, `investment_amount`, `interest_rate`,
    /// `number_of_shares`, `price_per_share`, `term`, `created_at`, `updated_at`,
    /// `custom__<name>`.
    async fn public_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Application>> {
        let scope = ApplicationScope {
            stages: Some(vec![ApplicationStage::Approved.code()]),
            owner: None,
        };
        list_applications(ctx, scope, &args).await
    }

    /// The logged-in user's applications (as user or author), in every stage; the
    /// attributes of `publicApplications`.
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Application>> {
        let me = ctx.request().user()?.id;
        let scope = ApplicationScope {
            stages: None,
            owner: Some(me),
        };
        list_applications(ctx, scope, &args).await
    }

    /// Every application of the network, in every stage (admins only, for the review);
    /// the attributes of `publicApplications`.
    async fn applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] args: ListArgs,
    ) -> async_graphql::Result<Page<Application>> {
        ctx.request().admin()?;
        list_applications(ctx, ApplicationScope::default(), &args).await
    }

    /// One application: Approved ones for anyone; others for their user, author and
    /// admins only (Not Found for anybody else).
    async fn application(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Application> {
        let req = ctx.request();
        let network = req.network()?;
        let id = parse_id(&id, "application")?;
        let mut conn = ctx.conn().await?;
        let row = ApplicationRow::find(&mut conn, network.id, id)
            .await
            .map_err(ApiError::from)?
            .filter(|row| visible(&req.viewer, row))
            .ok_or_else(|| ApiError::not_found("application"))?;
        Ok(present_one(&mut conn, network.id, &req.viewer, row).await?)
    }
}

async fn list_applications(
    ctx: &Context<'_>,
    scope: ApplicationScope,
    args: &ListArgs,
) -> async_graphql::Result<Page<Application>> {
    let req = ctx.request();
    let network = req.network()?;
    let ListPlan {
        page,
        filters,
        order,
    } = args.plan(application_attrs::ATTRS)?;
    let mut conn = ctx.conn().await?;
    let (rows, count) = ApplicationRow::list(
        &mut conn,
        network.id,
        &scope,
        &filters,
        order.as_ref(),
        page,
    )
    .await
    .map_err(ApiError::bad_request)?
    .map_err(ApiError::from)?;
    let list = present(&mut conn, network.id, &req.viewer, rows).await?;
    Ok(Page {
        offset: page.offset,
        limit: page.limit,
        count,
        list,
    })
}

/// Mutations about applications.
#[derive(Default)]
pub struct ApplicationsMutation;

#[Object]
impl ApplicationsMutation {
    /// Creates an application for the logged-in user (POST /self/applications), in
    /// stage Open. The offering and organization, when given, must exist in the network
    /// (else Not Found). Returns the application (REST answers its `id` as
    /// `application_id`).
    async fn create_application(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] input: ApplicationInput,
    ) -> async_graphql::Result<Application> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let new = input.plan(network.id, me.id, me.is_admin)?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<ApplicationRow> {
                if new.user_id != me.id
                    && !model::user_exists(conn, network.id, new.user_id).await?
                {
                    return Err(ApiError::not_found("user"));
                }
                if let Some(id) = new.offering_id
                    && !model::offering_exists(conn, network.id, id).await?
                {
                    return Err(ApiError::not_found("offering"));
                }
                if let Some(id) = new.organization_id
                    && !model::organization_exists(conn, network.id, id).await?
                {
                    return Err(ApiError::not_found("organization"));
                }
                Ok(ApplicationRow::insert(conn, &new).await?)
            })
            .await?;
        Ok(present_one(&mut conn, network.id, &req.viewer, row).await?)
    }

    /// Withdraws one of the logged-in user's own applications (its user or author): only
    /// from Open (409 with code 12002 otherwise). Another user's application is Not
    /// Found (Forbidden when it is Approved, hence public).
    async fn withdraw_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Application> {
        let req = ctx.request();
        let network = req.network()?;
        req.user()?;
        let id = parse_id(&id, "application")?;
        let viewer = req.viewer;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<ApplicationRow> {
                let row = ApplicationRow::lock(conn, network.id, id)
                    .await?
                    .filter(|row| visible(&viewer, row))
                    .ok_or_else(|| ApiError::not_found("application"))?;
                if !is_owner(&viewer, &row) {
                    return Err(ApiError::forbidden(
                        "Only the applicant may withdraw an application; admins use \
                         setApplicationStage.",
                    ));
                }
                move_stage(
                    conn,
                    row,
                    ApplicationActor::Applicant,
                    ApplicationStage::Withdrawn,
                )
                .await
            })
            .await?;
        Ok(present_one(&mut conn, network.id, &viewer, row).await?)
    }

    /// Moves an application to another stage (admins only): Open -> Rejected | Approved
    /// | Withdrawn; Approved -> Completed | Rejected; Rejected -> Approved; Withdrawn and
    /// Completed are final. A refused move is a 409 (code 12002) naming both stages.
    async fn set_application_stage(
        &self,
        ctx: &Context<'_>,
        id: ID,
        stage: ApplicationStage,
    ) -> async_graphql::Result<Application> {
        let req = ctx.request();
        let network = req.network()?;
        req.admin()?;
        let id = parse_id(&id, "application")?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<ApplicationRow> {
                let row = ApplicationRow::lock(conn, network.id, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("application"))?;
                move_stage(conn, row, ApplicationActor::Admin, stage).await
            })
            .await?;
        Ok(present_one(&mut conn, network.id, &req.viewer, row).await?)
    }
}

/// Checks and applies a stage change of a locked row.
async fn move_stage(
    conn: &mut AsyncPgConnection,
    row: ApplicationRow,
    actor: ApplicationActor,
    to: ApplicationStage,
) -> ApiResult<ApplicationRow> {
    let from = stage_of(&row)?;
    check_application_transition(actor, from, to).map_err(transition_error)?;
    Ok(ApplicationRow::set_stage(conn, row.network_id, row.id, to.code()).await?)
}

/// The 409 of a refused application transition.
pub fn transition_error(err: TransitionError<ApplicationStage>) -> ApiError {
    ApiError::new(
        codes::APPLICATION_STAGE_CONFLICT,
        "This application cannot be moved to that stage.",
        format!("{err}."),
    )
}
