//! Applications (`docs/outreach.md`; REST `POST /self/applications`,
//! `GET /public/applications`): submissions for admin review. Every query takes the
//! network id.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::schema::{applications, offerings, organizations, users};
use crate::domain::list::{AttrRef, Direction, Filter, Page};

/// An application row: every stored attribute.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = applications, check_for_backend(diesel::pg::Pg))]
pub struct Application {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// Who created it.
    pub author_id: Uuid,
    /// Whose application it is.
    pub user_id: Uuid,
    /// The offering it is about (`offering` in the REST API).
    pub offering_id: Option<Uuid>,
    /// The organization it is about (`organization` in the REST API).
    pub organization_id: Option<Uuid>,
    /// 0 Open, 1 Rejected, 2 Approved, 3 Withdrawn, 4 Completed.
    pub life_cycle_stage: i16,
    /// Type or category.
    pub additional_type: Option<String>,
    /// Configurable internal code.
    pub code: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Funding goal (when promoted to an offering).
    pub funding_goal: Option<Decimal>,
    /// Investment amount (when promoted to an investment).
    pub investment_amount: Option<Decimal>,
    /// Interest rate.
    pub interest_rate: Option<Decimal>,
    /// Number of shares.
    pub number_of_shares: Option<Decimal>,
    /// Price per share.
    pub price_per_share: Option<Decimal>,
    /// Term.
    pub term: Option<i32>,
    /// Custom fields (a JSON object).
    pub custom: serde_json::Value,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A new application (validated by the caller).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = applications)]
pub struct NewApplication {
    /// See [`Application::network_id`].
    pub network_id: Uuid,
    /// See [`Application::author_id`].
    pub author_id: Uuid,
    /// See [`Application::user_id`].
    pub user_id: Uuid,
    /// See [`Application::offering_id`].
    pub offering_id: Option<Uuid>,
    /// See [`Application::organization_id`].
    pub organization_id: Option<Uuid>,
    /// See [`Application::life_cycle_stage`].
    pub life_cycle_stage: i16,
    /// See [`Application::additional_type`].
    pub additional_type: Option<String>,
    /// See [`Application::code`].
    pub code: Option<String>,
    /// See [`Application::description`].
    pub description: Option<String>,
    /// See [`Application::funding_goal`].
    pub funding_goal: Option<Decimal>,
    /// See [`Application::investment_amount`].
    pub investment_amount: Option<Decimal>,
    /// See [`Application::interest_rate`].
    pub interest_rate: Option<Decimal>,
    /// See [`Application::number_of_shares`].
    pub number_of_shares: Option<Decimal>,
    /// See [`Application::price_per_share`].
    pub price_per_share: Option<Decimal>,
    /// See [`Application::term`].
    pub term: Option<i32>,
    /// See [`Application::custom`].
    pub custom: serde_json::Value,
}

/// What an application list shows of its applicant: enough for `user_name` under the
/// user's visibility.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct Applicant {
    /// The user.
    pub id: Uuid,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// 0 Open, 1 Hidden, 2 Anonymous.
    pub visibility: i16,
}

impl Applicant {
    /// `given_name family_name`, skipping missing parts.
    pub fn full_name(&self) -> Option<String> {
        let parts: Vec<&str> = [self.given_name.as_deref(), self.family_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

crate::list_columns! {
    /// Attributes applications may be ordered and filtered by (`offering` and
    /// `organization` are the REST API's names of `offering_id` and `organization_id`).
    pub mod application_attrs for applications, id applications::id, custom applications::custom {
        "id" => applications::id: uuid,
        "author_id" => applications::author_id: uuid,
        "user_id" => applications::user_id: uuid,
        "offering_id" => applications::offering_id: uuid,
        "offering" => applications::offering_id: uuid,
        "organization_id" => applications::organization_id: uuid,
        "organization" => applications::organization_id: uuid,
        "life_cycle_stage" => applications::life_cycle_stage: int2,
        "additional_type" => applications::additional_type: text,
        "code" => applications::code: text,
        "funding_goal" => applications::funding_goal: numeric,
        "investment_amount" => applications::investment_amount: numeric,
        "interest_rate" => applications::interest_rate: numeric,
        "number_of_shares" => applications::number_of_shares: numeric,
        "price_per_share" => applications::price_per_share: numeric,
        "term" => applications::term: int4,
        "created_at" => applications::created_at: timestamptz,
        "updated_at" => applications::updated_at: timestamptz,
    }
}

/// Which applications a list may contain, decided by the caller from the viewer.
#[derive(Debug, Clone, Default)]
pub struct ApplicationScope {
    /// Only these stage codes; `None` for all.
    pub stages: Option<Vec<i16>>,
    /// Only applications of this user (as `user_id` or `author_id`).
    pub owner: Option<Uuid>,
}

impl Application {
    /// Inserts an application.
    pub async fn insert(
        conn: &mut AsyncPgConnection,
        new: &NewApplication,
    ) -> QueryResult<Application> {
        diesel::insert_into(applications::table)
            .values(new)
            .returning(Application::as_returning())
            .get_result(conn)
            .await
    }

    crate::models::lookup::lookups! {
        applications => Application;
        /// The application `id` of `network_id`, if any.
        pub fn find = find;
        /// Like [`Application::find`], locking the row until the end of the transaction.
        pub fn lock = lock;
    }

    /// Sets the stage; returns the updated row.
    pub async fn set_stage(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        id: Uuid,
        stage: i16,
    ) -> QueryResult<Application> {
        diesel::update(
            applications::table
                .filter(applications::network_id.eq(network_id))
                .filter(applications::id.eq(id)),
        )
        .set(applications::life_cycle_stage.eq(stage))
        .returning(Application::as_returning())
        .get_result(conn)
        .await
    }

    /// One page of applications and the total count. Without an ordering: newest first.
    /// The outer error is a filter the list cannot apply (a 400).
    pub async fn list(
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        scope: &ApplicationScope,
        filters: &[Filter],
        order: Option<&(AttrRef, Direction)>,
        page: Page,
    ) -> Result<QueryResult<(Vec<Application>, i64)>, String> {
        let build = || -> Result<application_attrs::Query<'static>, String> {
            let mut query = applications::table
                .filter(applications::network_id.eq(network_id))
                .into_boxed();
            if let Some(stages) = &scope.stages {
                query = query.filter(applications::life_cycle_stage.eq_any(stages.clone()));
            }
            if let Some(owner) = scope.owner {
                query = query.filter(
                    applications::user_id
                        .eq(owner)
                        .or(applications::author_id.eq(owner)),
                );
            }
            for f in filters {
                query = application_attrs::filter(query, f)?;
            }
            Ok(query)
        };
        crate::models::paging::count_and_page!(
            conn,
            applications,
            build,
            order by application_attrs::order,
            page,
            select Application::as_select(),
        )
    }
}

crate::models::lookup::lookups! {
    users => Applicant;
    /// The applicants `ids` of `network_id` (names and visibility), in one statement.
    pub fn applicants = find_many;
}

crate::models::lookup::lookups! {
    offerings;
    /// Whether the offering `id` exists in `network_id`.
    pub fn offering_exists = exists;
}

crate::models::lookup::lookups! {
    organizations;
    /// Whether the organization `id` exists in `network_id`.
    pub fn organization_exists = exists;
}

crate::models::lookup::lookups! {
    users;
    /// Whether the user `id` exists in `network_id`.
    pub fn user_exists = exists;
}
