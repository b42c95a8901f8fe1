//! Newsletter sign-up (`newsletterSignUp`): the admins are asked to add an address.

use async_graphql::Context;
use diesel_async::AsyncConnection;

use super::{documented, mail_allowed};
use crate::domain::account::valid_email;
use crate::error::{ApiResult, codes};
use crate::graphql::context::ContextExt;
use crate::mail::content::newsletter_alert_mail;
use crate::models::mail;
use crate::models::newsletter;
use crate::models::user::User as UserRow;

/// The confirmation `newsletterSignUp` answers (the same for a first and a repeated
/// sign-up, so it reveals nothing about earlier ones).
pub fn newsletter_message(email: &str) -> String {
    format!("The email address {email} requested to sign up to the newsletter list.")
}

/// Stores the sign-up of `email` and, the first time, alerts each admin by mail.
pub async fn sign_up(ctx: &Context<'_>, email: &str) -> ApiResult<String> {
    let network = ctx.request().network()?;
    let email = email.trim();
    if !valid_email(email) {
        return Err(documented(codes::NEWSLETTER_EMAIL_INVALID));
    }
    mail_allowed(ctx, network.id, email).await?;
    let mut conn = ctx.conn().await?;
    conn.transaction(async |conn| -> ApiResult<()> {
        let user_id = UserRow::find_by_email(conn, network.id, email)
            .await?
            .map(|u| u.id);
        if newsletter::sign_up(conn, network.id, email, user_id).await? {
            let content = newsletter_alert_mail(&network.name, email);
            for admin in UserRow::admin_emails(conn, network.id).await? {
                mail::enqueue(conn, &content.to(network.id, &admin)).await?;
            }
        }
        Ok(())
    })
    .await?;
    Ok(newsletter_message(email))
}
