//! The route table: every documented `/v1/{network}` route (seeds/002_338b46960d33f2b9.txt)
//! with the GraphQL document it runs, its variables and its output. Adding a route is
//! adding a row here, a document in `documents/` and, when it takes more than a path id
//! or the list parameters, a variables function in the section's submodule.

mod identity;
mod marketplace;

use axum::http::Method;

use super::route::{Output, Route, list_vars, no_vars};
use identity::*;
use marketplace::*;

/// A document of `documents/`, with the `fragments_<name>.graphql` files it uses
/// appended.
macro_rules! doc {
    ($name:literal $(, $fragment:literal)*) => {
        Some(concat!(
            include_str!(concat!("../documents/", $name, ".graphql"))
            $(, include_str!(concat!("../documents/fragments_", $fragment, ".graphql")))*
        ))
    };
}

/// A document of `documents/` that uses the `ApplicationFields` fragment.
macro_rules! application_doc {
    ($name:literal) => {
        doc!($name, "application")
    };
}

/// A document of `documents/` that uses the `UserFields` fragment.
macro_rules! user_doc {
    ($name:literal) => {
        doc!($name, "user")
    };
}

/// A document of `documents/` that uses the `OrganizationFields` fragment.
macro_rules! organization_doc {
    ($name:literal) => {
        doc!($name, "organization")
    };
}

/// A document of `documents/` that uses the `OfferingFields` fragment.
macro_rules! offering_doc {
    ($name:literal) => {
        doc!($name, "offering")
    };
}

/// A document of `documents/` that uses the `InvestmentFields` fragment.
macro_rules! investment_doc {
    ($name:literal) => {
        doc!($name, "investment")
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
        method: GET,
        path: "/public/organizations",
        summary: "Public organizations (Approved, Restricted or Published; not Hidden)",
        document: organization_doc!("get_public_organizations"),
        vars: list_vars,
        output: Output::Field("publicOrganizations"),
    },
    Route {
        method: GET,
        path: "/public/organizations/{organization_id}",
        summary: "One public organization",
        document: organization_doc!("get_public_organization"),
        vars: organization_id_var,
        output: Output::Wrap("publicOrganization", "organization"),
    },
    Route {
        method: GET,
        path: "/public/featuredOfferings",
        summary: "Featured public offerings",
        document: offering_doc!("get_public_featured_offerings"),
        vars: list_vars,
        output: Output::Field("featuredOfferings"),
    },
    Route {
        method: GET,
        path: "/public/offerings",
        summary: "Public offerings (Published, Closing, Settled)",
        document: offering_doc!("get_public_offerings"),
        vars: list_vars,
        output: Output::Field("publicOfferings"),
    },
    Route {
        method: GET,
        path: "/public/offerings/{offering_id}",
        summary: "One public offering",
        document: offering_doc!("get_public_offering"),
        vars: offering_id_var,
        output: Output::Wrap("publicOffering", "offering"),
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
        method: GET,
        path: "/self/organizations",
        summary: "The logged-in user's organizations",
        document: organization_doc!("get_self_organizations"),
        vars: list_vars,
        output: Output::Field("myOrganizations"),
    },
    Route {
        method: GET,
        path: "/self/offerings",
        summary: "The logged-in user's own offerings",
        document: offering_doc!("get_self_offerings"),
        vars: list_vars,
        output: Output::Field("myOfferings"),
    },
    Route {
        method: GET,
        path: "/self/investments",
        summary: "The logged-in user's investments, every stage",
        document: investment_doc!("get_self_investments"),
        vars: list_vars,
        output: Output::Field("myInvestments"),
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
    Route {
        method: GET,
        path: "/users/{user_id}/offerings",
        summary: "A user's offerings the viewer may see",
        document: offering_doc!("get_user_offerings"),
        vars: user_list_vars,
        output: Output::Field("userOfferings"),
    },
    Route {
        method: GET,
        path: "/users/{user_id}/investments",
        summary: "A user's investments the viewer may see",
        document: investment_doc!("get_user_investments"),
        vars: user_list_vars,
        output: Output::Field("userInvestments"),
    },
    // Organizations
    Route {
        method: POST,
        path: "/organizations",
        summary: "Create an organization",
        document: doc!("post_organizations"),
        vars: create_organization_vars,
        output: Output::Pick("createOrganization.id", "organization_id"),
    },
    Route {
        method: GET,
        path: "/organizations",
        summary: "Organizations visible to the viewer",
        document: organization_doc!("get_organizations"),
        vars: list_vars,
        output: Output::Field("organizations"),
    },
    Route {
        method: GET,
        path: "/organizations/{organization_id}",
        summary: "One organization",
        document: organization_doc!("get_organization"),
        vars: organization_id_var,
        output: Output::Wrap("organization", "organization"),
    },
    Route {
        method: PATCH,
        path: "/organizations/{organization_id}",
        summary: "Update an organization (a life_cycle_stage moves it forward)",
        document: doc!("patch_organization"),
        vars: update_organization_vars,
        output: Output::Pick("updateOrganization.id", "organization_id"),
    },
    Route {
        method: POST,
        path: "/organizations/{organization_id}/members/{user_id}",
        summary: "Add a user to an organization's team",
        document: doc!("post_organization_member"),
        vars: member_vars,
        output: Output::EmptyList,
    },
    Route {
        method: DELETE,
        path: "/organizations/{organization_id}/members/{user_id}",
        summary: "Remove a user from an organization's team",
        document: doc!("delete_organization_member"),
        vars: member_vars,
        output: Output::Param("user_id", "org_member_id deleted"),
    },
    Route {
        method: GET,
        path: "/organizations/{organization_id}/offerings",
        summary: "An organization's offerings the viewer may see",
        document: offering_doc!("get_organization_offerings"),
        vars: organization_list_vars,
        output: Output::Field("organizationOfferings"),
    },
    Route {
        method: POST,
        path: "/organizations/{organization_id}/offerings",
        summary: "Create an offering (Draft or Submitted)",
        document: doc!("post_organization_offerings"),
        vars: create_offering_vars,
        output: Output::Pick("createOffering.id", "offering_id"),
    },
    // Offerings
    Route {
        method: GET,
        path: "/offerings",
        summary: "Offerings visible to the viewer",
        document: offering_doc!("get_offerings"),
        vars: list_vars,
        output: Output::Field("offerings"),
    },
    Route {
        method: GET,
        path: "/offerings/{offering_id}",
        summary: "One offering",
        document: offering_doc!("get_offering"),
        vars: offering_id_var,
        output: Output::Wrap("offering", "offering"),
    },
    Route {
        method: PATCH,
        path: "/offerings/{offering_id}",
        summary: "Update an offering (a life_cycle_stage is a lifecycle transition)",
        document: doc!("patch_offering"),
        vars: update_offering_vars,
        output: Output::Pick("updateOffering.id", "offering_id"),
    },
    Route {
        method: DELETE,
        path: "/offerings/{offering_id}",
        summary: "Cancel an offering",
        document: doc!("delete_offering"),
        vars: offering_id_var,
        output: Output::Pick("cancelOffering.id", "offering_id"),
    },
    Route {
        method: GET,
        path: "/offerings/{offering_id}/investments",
        summary: "An offering's investments the viewer may see",
        document: investment_doc!("get_offering_investments"),
        vars: offering_list_vars,
        output: Output::Field("offeringInvestments"),
    },
    Route {
        method: POST,
        path: "/offerings/{offering_id}/investments",
        summary: "Invest in an offering (the investment rules apply)",
        document: doc!("post_offering_investments"),
        vars: invest_vars,
        output: Output::Pick("invest.id", "investment_id"),
    },
    Route {
        method: POST,
        path: "/offerings/{offering_id}/bulletins",
        summary: "Post a bulletin on an offering",
        document: doc!("post_offering_bulletins"),
        vars: bulletin_vars,
        output: Output::Pick("createBulletin.id", "bulletin_id"),
    },
    Route {
        method: GET,
        path: "/offerings/{offering_id}/bulletins",
        summary: "An offering's bulletins",
        document: doc!("get_offering_bulletins"),
        vars: offering_list_vars,
        output: Output::Field("offeringBulletins"),
    },
    // Investments
    Route {
        method: GET,
        path: "/investments/{investment_id}",
        summary: "One investment",
        document: investment_doc!("get_investment"),
        vars: investment_id_var,
        output: Output::Wrap("investment", "investment"),
    },
    Route {
        method: PATCH,
        path: "/investments/{investment_id}",
        summary: "Update an investment (a life_cycle_stage is a lifecycle transition)",
        document: doc!("patch_investment"),
        vars: update_investment_vars,
        output: Output::Pick("updateInvestment.id", "investment_id"),
    },
    Route {
        method: DELETE,
        path: "/investments/{investment_id}",
        summary: "Withdraw an investment",
        document: doc!("delete_investment"),
        vars: investment_id_var,
        output: Output::Pick("withdrawInvestment.id", "investment_id"),
    },
];
