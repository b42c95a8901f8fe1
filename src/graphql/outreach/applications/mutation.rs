//! The mutations of applications: creating one and moving it between stages, each in
//! one transaction (stage changes on the locked row).

use super::*;

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
    ) -> ApiResult<Application> {
        Application::create(ctx, input).await
    }

    /// Withdraws one of the logged-in user's own applications (its user or author): only
    /// from Open (409 with code 12002 otherwise). Another user's application is Not
    /// Found (Forbidden when it is Approved, hence public).
    async fn withdraw_application(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Application> {
        let to = ApplicationStage::Withdrawn;
        Application::change_stage(ctx, &id, ApplicationActor::Applicant, to).await
    }

    /// Moves an application to another stage (admins only): Open -> Rejected | Approved
    /// | Withdrawn; Approved -> Completed | Rejected; Rejected -> Approved; Withdrawn and
    /// Completed are final. A refused move is a 409 (code 12002) naming both stages.
    async fn set_application_stage(
        &self,
        ctx: &Context<'_>,
        id: ID,
        stage: ApplicationStage,
    ) -> ApiResult<Application> {
        Application::change_stage(ctx, &id, ApplicationActor::Admin, stage).await
    }
}

impl Application {
    /// Creates the application `input` describes for the logged-in user, after checking
    /// the users, offering and organization it names exist in the network.
    pub async fn create(ctx: &Context<'_>, input: ApplicationInput) -> ApiResult<Self> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let new = input.plan(network.id, me.id, me.is_admin)?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<ApplicationRow> {
                check_references(conn, &new, me.id).await?;
                Ok(ApplicationRow::insert(conn, &new).await?)
            })
            .await?;
        present_one(&mut conn, network.id, &req.viewer, row).await
    }

    /// Moves the application `id` to `to` as `actor` (the logged-in applicant or an
    /// admin) on the locked row, under the transition rules.
    pub async fn change_stage(
        ctx: &Context<'_>,
        id: &str,
        actor: ApplicationActor,
        to: ApplicationStage,
    ) -> ApiResult<Self> {
        let req = ctx.request();
        let network = req.network()?;
        match actor {
            ApplicationActor::Admin => req.admin()?,
            ApplicationActor::Applicant => req.user()?,
        };
        let id = parse_id(id, "application")?;
        let viewer = req.viewer;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<ApplicationRow> {
                let row = Self::lock_managed(conn, network.id, id, &viewer, actor).await?;
                let from = stage_of(&row)?;
                check_application_transition(actor, from, to).map_err(transition_error)?;
                Ok(ApplicationRow::set_stage(conn, row.network_id, row.id, to.code()).await?)
            })
            .await?;
        present_one(&mut conn, network.id, &viewer, row).await
    }
}

/// Not Found for a user (other than the author), offering or organization the new
/// application names that does not exist in its network.
async fn check_references(
    conn: &mut AsyncPgConnection,
    new: &NewApplication,
    me: Uuid,
) -> ApiResult<()> {
    let network_id = new.network_id;
    if new.user_id != me && !model::user_exists(conn, network_id, new.user_id).await? {
        return Err(ApiError::not_found("user"));
    }
    if let Some(id) = new.offering_id
        && !model::offering_exists(conn, network_id, id).await?
    {
        return Err(ApiError::not_found("offering"));
    }
    if let Some(id) = new.organization_id
        && !model::organization_exists(conn, network_id, id).await?
    {
        return Err(ApiError::not_found("organization"));
    }
    Ok(())
}

impl ApplicationInput {
    /// Checks the input and builds the row (ids of offering, organization and user are
    /// checked against the database afterwards, in the transaction).
    fn plan(self, network_id: Uuid, me: Uuid, is_admin: bool) -> ApiResult<NewApplication> {
        check_initial_stage(self.life_cycle_stage).map_err(new_application_error)?;
        let user_id = optional_id(self.user_id.as_ref(), "user")?.unwrap_or(me);
        check_applicant(user_id, me, is_admin).map_err(new_application_error)?;
        let interest_rate = checked_interest_rate(self.interest_rate.map(|m| m.0))
            .map_err(new_application_error)?;
        check_term(self.term).map_err(new_application_error)?;
        let custom = new_custom(self.custom)?;
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
            funding_goal: amount(self.funding_goal, "funding_goal")?,
            investment_amount: amount(self.investment_amount, "investment_amount")?,
            interest_rate,
            number_of_shares: amount(self.number_of_shares, "number_of_shares")?,
            price_per_share: amount(self.price_per_share, "price_per_share")?,
            term: self.term,
            custom,
        })
    }
}

/// An amount of a new application: not negative.
fn amount(value: Option<Money>, field: &'static str) -> ApiResult<Option<Decimal>> {
    non_negative(value.map(|m| m.0), field).map_err(new_application_error)
}

/// The custom fields of a new application, under the custom-field rules.
fn new_custom(custom: Option<Json<Value>>) -> ApiResult<Value> {
    let empty = Value::Object(Default::default());
    match custom {
        Some(Json(changes)) => custom::merge(&empty, &changes).map_err(custom_error),
        None => Ok(empty),
    }
}

/// A refused new application: Forbidden for applying on another's behalf, else a 400.
fn new_application_error(problem: NewApplicationProblem) -> ApiError {
    match problem {
        NewApplicationProblem::OnBehalfOfOther => ApiError::forbidden(problem.to_string()),
        _ => ApiError::bad_request(problem.to_string()),
    }
}

/// The 409 of a refused application transition.
pub fn transition_error(err: TransitionError<ApplicationStage>) -> ApiError {
    ApiError::new(
        codes::APPLICATION_STAGE_CONFLICT,
        "This application cannot be moved to that stage.",
        format!("{err}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code and message refusing the default input changed by `change`.
    fn refusal(change: impl FnOnce(&mut ApplicationInput)) -> (u32, String) {
        let mut input = ApplicationInput::default();
        change(&mut input);
        let err = input.plan(Uuid::nil(), Uuid::nil(), false).unwrap_err();
        (err.code, err.developer_message.into_owned())
    }

    #[test]
    fn refusals_keep_their_codes_and_messages() {
        let bad = |m: &str| (codes::BAD_REQUEST.number(), m.to_owned());
        let money = |s: &str| Some(Money(s.parse().unwrap()));
        assert_eq!(
            refusal(|i| i.life_cycle_stage = Some(ApplicationStage::Approved)),
            bad(
                "Applications are created Open (0), not Approved (2); an admin moves them \
                 on with setApplicationStage."
            )
        );
        assert_eq!(
            refusal(|i| i.user_id = Some(ID(Uuid::new_v4().to_string()))),
            (
                codes::FORBIDDEN.number(),
                "Only an admin may create an application on behalf of another user.".to_owned()
            )
        );
        assert_eq!(
            refusal(|i| i.interest_rate = money("100000")),
            bad("`interest_rate` must be at most 99999.9999.")
        );
        assert_eq!(
            refusal(|i| i.price_per_share = money("-1")),
            bad("`price_per_share` must not be negative.")
        );
        assert_eq!(
            refusal(|i| i.code = Some("x".repeat(MAX_SHORT_TEXT + 1))),
            bad("`code` is longer than 200 characters.")
        );
    }
}
