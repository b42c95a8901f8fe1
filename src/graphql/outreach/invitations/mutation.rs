//! The mutations of invitations: sending one (the row and its mail in one transaction)
//! and opening the mailed link.

use super::*;

/// Mutations about invitations.
#[derive(Default)]
pub struct InvitationsMutation;

#[Object]
impl InvitationsMutation {
    /// Invites someone to join the network on behalf of the logged-in user (POST
    /// /self/invitations). The invitation mail is queued in the same transaction; its
    /// link is `url?invitation_id=…&secret=…`, works once and for 7 days. A user may
    /// send at most 50 invitations within 24 hours (code 12003 beyond).
    async fn create_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationInput,
    ) -> ApiResult<Invitation> {
        Invitation::create(ctx, input).await
    }

    /// Opens an invitation link (anyone holding it, no login): checks the `secret` of
    /// the mailed link, stamps the invitation's `respondedAt` the first time, and returns
    /// the invitee's details to prefill the registration. A wrong or used secret is Not
    /// Found; an expired link is code 12004 (410).
    async fn respond_to_invitation(
        &self,
        ctx: &Context<'_>,
        invitation_id: ID,
        secret: String,
    ) -> ApiResult<InvitationPrefill> {
        InvitationPrefill::respond(ctx, &invitation_id, &secret).await
    }
}

impl Invitation {
    /// Sends the invitation `input` describes on behalf of the logged-in user: the row
    /// and its mail in one transaction.
    pub async fn create(ctx: &Context<'_>, input: InvitationInput) -> ApiResult<Self> {
        let req = ctx.request();
        let network = req.network()?;
        let me = req.user()?;
        let plan = input.plan(network)?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| plan.send(conn, network, me.id).await)
            .await?;
        Ok(Invitation(row))
    }
}

impl InvitationPrefill {
    /// Opens the link of the invitation `id` holding `secret` (no login needed).
    pub async fn respond(ctx: &Context<'_>, id: &str, secret: &str) -> ApiResult<Self> {
        let network = ctx.request().network()?;
        let id = parse_id(id, "invitation")?;
        let secret_hash = token::hash(secret.trim());
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| respond(conn, network.id, id, &secret_hash).await)
            .await?;
        Ok(Self::from(row))
    }
}

/// A checked invitation, ready to be sent.
struct InvitationPlan {
    email: String,
    given_name: Option<String>,
    family_name: Option<String>,
    organization_name: Option<String>,
    /// The page the mailed link opens.
    url: String,
}

impl InvitationInput {
    /// Checks the input before anything is written: the email, the invitee's names and
    /// the page the link opens.
    fn plan(self, network: &Network) -> ApiResult<InvitationPlan> {
        let email = checked_email(&self.email)?;
        let name = |value, field| optional_text(value, field, MAX_INVITEE_NAME);
        Ok(InvitationPlan {
            email,
            given_name: name(self.given_name, "given_name")?,
            family_name: name(self.family_name, "family_name")?,
            organization_name: name(self.organization_name, "organization_name")?,
            url: link_page(network, self.url)?,
        })
    }
}

/// The page the mailed link opens: the one asked for, else the network's default
/// (setting `invitation_url`, as legacy clients send none); checked like the base of
/// every mailed link.
fn link_page(network: &Network, url: Option<String>) -> ApiResult<String> {
    let url = match url.filter(|u| !u.trim().is_empty()) {
        Some(url) => url,
        None => network
            .settings
            .get("invitation_url")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "url is required: the front-end page the invitation mail links to \
                     (or set the network setting invitation_url).",
                )
            })?,
    };
    checked_link(network, &url, "url")?;
    Ok(url)
}

impl InvitationPlan {
    /// Writes the invitation of `author_id` and queues its mail, in the caller's
    /// transaction.
    async fn send(
        &self,
        conn: &mut AsyncPgConnection,
        network: &Network,
        author_id: Uuid,
    ) -> ApiResult<InvitationRow> {
        // Locking the author serializes their invitations, so the daily limit holds.
        let author = UserRow::lock(conn, network.id, author_id).await?;
        let now = Utc::now();
        let since = limit_window_start(now);
        let recent =
            InvitationRow::count_by_author_since(conn, network.id, author_id, since).await?;
        check_daily_limit(recent).map_err(invitation_error)?;
        let secret = token::generate();
        let new = NewInvitation {
            network_id: network.id,
            author_id,
            email: &self.email,
            given_name: self.given_name.as_deref(),
            family_name: self.family_name.as_deref(),
            organization_name: self.organization_name.as_deref(),
            secret_hash: &token::hash(&secret),
            expires_at: link_expiry(now),
        };
        let row = InvitationRow::insert(conn, &new).await?;
        self.queue_mail(conn, network, &author, &row, &secret)
            .await?;
        Ok(row)
    }

    /// Queues the invitation mail, whose link carries the invitation's id and secret.
    async fn queue_mail(
        &self,
        conn: &mut AsyncPgConnection,
        network: &Network,
        author: &UserRow,
        row: &InvitationRow,
        secret: &str,
    ) -> ApiResult<()> {
        let id = row.id.to_string();
        let params = [("invitation_id", id.as_str()), ("secret", secret)];
        let link = link_with_params(&self.url, &params).map_err(|e| e.for_field("url"))?;
        let inviter = author.full_name().unwrap_or_else(|| author.email.clone());
        let mut content = invitation_mail(&network.name, &inviter, &link);
        content.text.push_str(&format!(
            "\nThe link works for {INVITATION_VALIDITY_DAYS} days.\n"
        ));
        mail::enqueue(conn, &content.to(network.id, &self.email)).await?;
        Ok(())
    }
}

/// Opens the link of the invitation `id`: Not Found unless `secret_hash` matches, a
/// refusal once expired; stamps the first response.
async fn respond(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    id: Uuid,
    secret_hash: &str,
) -> ApiResult<InvitationRow> {
    let row = InvitationRow::find_by_secret(conn, network_id, id, secret_hash)
        .await?
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    check_link_works(row.expires_at, Utc::now()).map_err(invitation_error)?;
    Ok(InvitationRow::mark_responded(conn, network_id, id).await?)
}

/// A refused invitation as the API answers it.
fn invitation_error(err: InvitationError) -> ApiError {
    let (code, user_message) = match err {
        InvitationError::DailyLimit => (
            codes::INVITATION_LIMIT,
            "You have sent too many invitations today. Please try again later.",
        ),
        InvitationError::Expired => (
            codes::INVITATION_EXPIRED,
            "This invitation has expired. Please ask for a new one.",
        ),
    };
    ApiError::new(code, user_message, err.to_string())
}

impl From<InvitationRow> for InvitationPrefill {
    fn from(row: InvitationRow) -> Self {
        Self {
            invitation_id: id_of(row.id),
            email: row.email,
            given_name: row.given_name,
            family_name: row.family_name,
            organization_name: row.organization_name,
            expires_at: row.expires_at,
        }
    }
}
