//! The route table: every documented `/v1/{network}` route (seeds/002_338b46960d33f2b9.txt)
//! with the GraphQL document it runs, its variables and its output. Adding a route is
//! adding a row here and a document in `documents/`.

use axum::http::Method;
use serde_json::{Value, json};

use super::convert::EnumKind;
use super::route::{Input, Output, Route, body_to_input, list_vars, no_vars};
use crate::error::ApiResult;

/// A document of `documents/`.
macro_rules! doc {
    ($name:literal) => {
        Some(include_str!(concat!("documents/", $name, ".graphql")))
    };
}

/// A document of `documents/` that uses the `ApplicationFields` fragment.
macro_rules! application_doc {
    ($name:literal) => {
        Some(concat!(
            include_str!(concat!("documents/", $name, ".graphql")),
            include_str!("documents/fragments_application.graphql")
        ))
    };
}

/// A document of `documents/` that uses the `UserFields` fragment.
macro_rules! user_doc {
    ($name:literal) => {
        Some(concat!(
            include_str!(concat!("documents/", $name, ".graphql")),
            include_str!("documents/fragments_user.graphql")
        ))
    };
}

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PATCH: Method = Method::PATCH;
const DELETE: Method = Method::DELETE;

/// Social sign-on and third-party integration routes: not enabled (501, DESIGN §4).
const fn not_enabled(method: Method, path: &'static str, summary: &'static str) -> Route {
    Route {
        method,
        path,
        summary,
        document: None,
        vars: no_vars,
        output: Output::Field("none"),
    }
}

/// Every route of the shim.
pub static ROUTES: &[Route] = &[
    // Public
    Route {
        method: GET,
        path: "/public/stats",
        summary: "Platform statistics",
        document: doc!("get_public_stats"),
        vars: no_vars,
        output: Output::Field("publicStats"),
    },
    Route {
        method: GET,
        path: "/public/users",
        summary: "Public users (visibility Open)",
        document: user_doc!("get_public_users"),
        vars: list_vars,
        output: Output::Field("publicUsers"),
    },
    Route {
        method: POST,
        path: "/public/verifyEmail",
        summary: "Verify an email address with the mailed secret",
        document: doc!("post_public_verify_email"),
        vars: verify_email_vars,
        output: Output::Pick("verifyEmail", "user_id"),
    },
    Route {
        method: POST,
        path: "/public/forgotPassword",
        summary: "Mail a password-reset link",
        document: doc!("post_public_forgot_password"),
        vars: forgot_password_vars,
        output: Output::Pick("forgotPassword", "user_id"),
    },
    Route {
        method: POST,
        path: "/public/resetPassword",
        summary: "Set a new password with the mailed secret",
        document: doc!("post_public_reset_password"),
        vars: reset_password_vars,
        output: Output::Pick("resetPassword", "user_id"),
    },
    Route {
        method: POST,
        path: "/public/newsletterSignUp",
        summary: "Ask to be added to the newsletter",
        document: doc!("post_public_newsletter_sign_up"),
        vars: newsletter_vars,
        output: Output::Pick("newsletterSignUp", "message"),
    },
    Route {
        method: GET,
        path: "/public/globals",
        summary: "The network's global settings",
        document: doc!("get_public_globals"),
        vars: no_vars,
        output: Output::Field("globals"),
    },
    Route {
        method: GET,
        path: "/public/applications",
        summary: "Approved applications",
        document: application_doc!("get_public_applications"),
        vars: list_vars,
        output: Output::Field("publicApplications"),
    },
    // Authenticate
    Route {
        method: GET,
        path: "/authenticate",
        summary: "Log in with a cv-auth header; returns a token",
        document: doc!("get_authenticate"),
        vars: no_vars,
        output: Output::Token("authenticate"),
    },
    // Social sign-on: not enabled.
    not_enabled(
        GET,
        "/social/facebook/link",
        "Facebook login link (not enabled)",
    ),
    not_enabled(
        GET,
        "/social/twitter/link",
        "Twitter login link (not enabled)",
    ),
    not_enabled(
        GET,
        "/social/linkedin/link",
        "LinkedIn login link (not enabled)",
    ),
    not_enabled(
        POST,
        "/social/facebook/authenticate",
        "Facebook login (not enabled)",
    ),
    not_enabled(
        POST,
        "/social/twitter/authenticate",
        "Twitter login (not enabled)",
    ),
    not_enabled(
        POST,
        "/social/linkedin/authenticate",
        "LinkedIn login (not enabled)",
    ),
    // Self
    Route {
        method: GET,
        path: "/self",
        summary: "The logged-in user",
        document: user_doc!("get_self"),
        vars: no_vars,
        output: Output::Wrap("me", "user"),
    },
    Route {
        method: PATCH,
        path: "/self",
        summary: "Update the logged-in user's profile",
        document: doc!("patch_self"),
        vars: patch_self_vars,
        output: Output::Pick("updateMe.id", "user_id"),
    },
    Route {
        method: DELETE,
        path: "/self",
        summary: "Ask for the account to be deleted (blocks it)",
        document: doc!("delete_self"),
        vars: no_vars,
        output: Output::Pick("deleteMe", "user_id"),
    },
    Route {
        method: POST,
        path: "/self/acceptTerms",
        summary: "Accept the terms and conditions",
        document: doc!("post_self_accept_terms"),
        vars: no_vars,
        output: Output::Pick("acceptTerms.id", "user_id"),
    },
    Route {
        method: POST,
        path: "/self/resetAcceptTerms",
        summary: "Withdraw the acceptance of the terms",
        document: doc!("post_self_reset_accept_terms"),
        vars: no_vars,
        output: Output::Pick("resetAcceptTerms.id", "user_id"),
    },
    Route {
        method: POST,
        path: "/self/markRegistrationComplete",
        summary: "Mark the registration complete",
        document: doc!("post_self_mark_registration_complete"),
        vars: no_vars,
        output: Output::Pick("markRegistrationComplete.id", "user_id"),
    },
    Route {
        method: POST,
        path: "/self/approveUser",
        summary: "Mark the logged-in user approved",
        document: doc!("post_self_approve_user"),
        vars: no_vars,
        output: Output::Pick("approveMe.id", "user_id"),
    },
    Route {
        method: POST,
        path: "/self/blockUser",
        summary: "Block the logged-in user",
        document: doc!("post_self_block_user"),
        vars: block_self_vars,
        output: Output::Pick("blockMe", "user_access_denied_log_id"),
    },
    Route {
        method: POST,
        path: "/self/changePassword",
        summary: "Change the password; returns a new token",
        document: doc!("post_self_change_password"),
        vars: change_password_vars,
        output: Output::Session("changePassword"),
    },
    Route {
        method: POST,
        path: "/self/resendVerificationEmail",
        summary: "Mail a new verification link",
        document: doc!("post_self_resend_verification_email"),
        vars: resend_verification_vars,
        output: Output::Pick("resendVerificationEmail", "user_id"),
    },
    Route {
        method: POST,
        path: "/self/changeEmail",
        summary: "Change the email address; returns a new token",
        document: doc!("post_self_change_email"),
        vars: change_email_vars,
        output: Output::Session("changeEmail"),
    },
    Route {
        method: GET,
        path: "/self/invitations",
        summary: "Invitations sent by the logged-in user",
        document: doc!("get_self_invitations"),
        vars: list_vars,
        output: Output::Field("myInvitations"),
    },
    Route {
        method: POST,
        path: "/self/invitations",
        summary: "Invite an external contact",
        document: doc!("post_self_invitations"),
        vars: invitation_vars,
        output: Output::Pick("createInvitation.id", "invitation_id"),
    },
    Route {
        method: GET,
        path: "/self/invitations/{invitation_id}",
        summary: "One invitation of the logged-in user",
        document: doc!("get_self_invitation"),
        vars: invitation_id_var,
        output: Output::Wrap("invitation", "invitation"),
    },
    Route {
        method: POST,
        path: "/self/applications",
        summary: "Create an application",
        document: doc!("post_self_applications"),
        vars: application_vars,
        output: Output::Pick("createApplication.id", "application_id"),
    },
    // Users
    Route {
        method: POST,
        path: "/users",
        summary: "Register a new user",
        document: doc!("post_users"),
        vars: register_vars,
        output: Output::Pick("register.user.id", "user_id"),
    },
    Route {
        method: GET,
        path: "/users",
        summary: "Users visible to the viewer",
        document: user_doc!("get_users"),
        vars: list_vars,
        output: Output::Field("users"),
    },
    Route {
        method: GET,
        path: "/users/{user_id}",
        summary: "One user",
        document: user_doc!("get_user"),
        vars: user_id_var,
        output: Output::Wrap("user", "user"),
    },
];

const USER_ENUMS: &[(&str, EnumKind)] = &[("visibility", EnumKind::Visibility)];

fn patch_self_vars(input: &Input) -> ApiResult<Value> {
    let fields = body_to_input(&input.body, USER_ENUMS, &["timezone"])?;
    let mut fields = fields;
    // The seeds call the time zone `timezone` in requests and `time_zone` in responses.
    if let Some(tz) = input.body.get("timezone") {
        fields.insert("timeZone".into(), tz.clone());
    }
    Ok(json!({ "input": fields }))
}

fn register_vars(input: &Input) -> ApiResult<Value> {
    let mut fields = body_to_input(&input.body, USER_ENUMS, &["timezone"])?;
    if let Some(tz) = input.body.get("timezone") {
        fields.insert("timeZone".into(), tz.clone());
    }
    for required in ["email", "password", "url"] {
        fields
            .entry(required)
            .or_insert_with(|| Value::String(String::new()));
    }
    Ok(json!({ "input": fields }))
}

fn block_self_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "userMessage": input.body_str("user_message")?,
        "description": input.body_str("description")?,
        "expirationDate": input.body_str("expiration_date")?,
    }))
}

fn change_password_vars(input: &Input) -> ApiResult<Value> {
    // The seeds name the current password `password` in the table and
    // `current_password` in the sample body: both are accepted.
    let current = match input.body_str("current_password")? {
        Some(current) => current,
        None => input.body_str_or_empty("password")?,
    };
    Ok(json!({
        "current": current,
        "new": input.body_str_or_empty("new_password")?,
        "confirm": input.body_str_or_empty("new_password_confirm")?,
    }))
}

fn user_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("user_id")? }))
}

fn verify_email_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "userId": input.body_str_or_empty("user_id")?,
        "secret": input.body_str_or_empty("secret")?,
    }))
}

fn forgot_password_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "email": input.body_str_or_empty("email")?,
        "url": input.body_str_or_empty("url")?,
    }))
}

fn reset_password_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "userId": input.body_str_or_empty("user_id")?,
        "secret": input.body_str_or_empty("secret")?,
        "password": input.body_str_or_empty("password")?,
        "passwordConfirm": input.body_str_or_empty("password_confirm")?,
    }))
}

fn newsletter_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "email": input.body_str_or_empty("email")? }))
}

fn resend_verification_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "url": input.body_str_or_empty("url")?,
        "email": input.body_str("email")?,
    }))
}

fn change_email_vars(input: &Input) -> ApiResult<Value> {
    Ok(json!({
        "newEmail": input.body_str_or_empty("new_email")?,
        "newEmailConfirm": input.body_str_or_empty("new_email_confirm")?,
        "url": input.body_str_or_empty("verify_email_url")?,
    }))
}

fn invitation_vars(input: &Input) -> ApiResult<Value> {
    let mut fields = body_to_input(&input.body, &[], &[])?;
    for required in ["email", "url"] {
        fields
            .entry(required)
            .or_insert_with(|| Value::String(String::new()));
    }
    Ok(json!({ "input": fields }))
}

fn invitation_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("invitation_id")? }))
}

fn application_vars(input: &Input) -> ApiResult<Value> {
    let mut fields = body_to_input(
        &input.body,
        &[("life_cycle_stage", EnumKind::ApplicationStage)],
        &["offering", "organization"],
    )?;
    // The seeds name the links `offering` and `organization`.
    for (rest, graphql) in [
        ("offering", "offeringId"),
        ("organization", "organizationId"),
    ] {
        if let Some(id) = input.body_str(rest)? {
            fields.insert(graphql.into(), Value::String(id));
        }
    }
    // Amounts travel as strings (Money never goes through a float).
    for money in [
        "fundingGoal",
        "investmentAmount",
        "interestRate",
        "numberOfShares",
        "pricePerShare",
    ] {
        if let Some(Value::Number(n)) = fields.get(money) {
            return Err(crate::error::ApiError::bad_request(format!(
                "{} must be a string such as \"{n}\", not a JSON number.",
                super::convert::camel_to_snake(money)
            )));
        }
    }
    Ok(json!({ "input": fields }))
}
