//! Account flows through GraphQL: email verification (and resend), forgotten and reset
//! passwords, changing the login email, newsletter sign-up; every documented exception
//! 10001–10022 with its status and messages; the `link_origins` rule for mailed links;
//! isolation between networks.

mod change_email;
mod documented_exceptions;
mod email_verification;
mod link_origins;
mod mail_limits;
mod newsletter;
mod password_reset;
mod tenancy;
