//! The route table: every `/v1/{network}` route of the platform reference manual's
//! route list (`docs/rest.md`), one row each. Adding a route is adding a row here, a
//! document in `documents/` and, when it takes more than the list parameters or a path
//! id, a variables function in its section's file (`identity.rs`, `marketplace.rs`,
//! `money.rs`, `payouts.rs`, `registry.rs`, `stats.rs`).
//!
//! A row reads `route!(METHOD "/path", "document", variables, output, "summary")`:
//! - `"document"` is `documents/<document>.graphql`; the `fragments_*.graphql` it spreads
//!   are appended by themselves (`super::document`);
//! - `variables` turns the request into the document's variables
//!   ([`VarsFn`](super::route::VarsFn));
//! - `output` turns the GraphQL `data` into the route's `data` ([`Output`]);
//! - `"summary"` is the route's line in `/v1/openapi.json`.
//!
//! `route!(METHOD "/path", not_enabled, "summary")` is a route of an integration this
//! platform does not enable: it answers 501 (`docs/product.md`).

mod identity;
mod marketplace;
mod money;
mod payouts;
mod registry;
mod schedules;
mod stats;

use std::sync::LazyLock;

use axum::http::Method;

use super::document::{Document, Prepared};
use super::route::Output::{
    self, EmptyList, Field, Ids, Param, Pick, Session, Token, Withheld, Wrap,
};
use super::route::{Route, list_vars, no_vars};
use identity::*;
use marketplace::*;
use money::*;
use payouts::*;
use registry::*;
use schedules::*;
use stats::*;

/// One row of [`ROUTES`] (the forms are described at the top of this file).
macro_rules! route {
    ($method:ident $path:literal, not_enabled, $summary:literal) => {
        Route {
            method: Method::$method,
            path: $path,
            summary: $summary,
            document: None,
            vars: no_vars,
            output: Output::Field("none"),
        }
    };
    ($method:ident $path:literal, $document:literal, $vars:ident, $output:expr, $summary:literal) => {
        Route {
            method: Method::$method,
            path: $path,
            summary: $summary,
            // Each row owns the cell that holds its document once the fragments are
            // appended and the text parsed.
            document: Some({
                static PREPARED: LazyLock<Prepared> = LazyLock::new(|| {
                    let source = include_str!(concat!("../documents/", $document, ".graphql"));
                    Prepared::new($document, source)
                });
                Document::new($document, &PREPARED)
            }),
            vars: $vars,
            output: $output,
        }
    };
}

/// Every route of the shim, in the order of the reference manual (the third-party
/// payment integrations come after its platform routes there too).
pub static ROUTES: &[Route] = &[
    // Public
    route!(GET    "/public/stats", "get_public_stats", no_vars, Field("publicStats"), "Platform statistics"),
    route!(GET    "/public/users", "get_public_users", list_vars, Field("publicUsers"), "Public users (visibility Open)"),
    route!(GET    "/public/organizations", "get_public_organizations", list_vars, Field("publicOrganizations"), "Public organizations (Approved, Restricted or Published; not Hidden)"),
    route!(GET    "/public/organizations/{organization_id}", "get_public_organization", organization_id_var, Wrap("publicOrganization", "organization"), "One public organization"),
    route!(GET    "/public/featuredOfferings", "get_public_featured_offerings", list_vars, Field("featuredOfferings"), "Featured public offerings"),
    route!(GET    "/public/offerings", "get_public_offerings", list_vars, Field("publicOfferings"), "Public offerings (Published, Closing, Settled)"),
    route!(GET    "/public/offerings/{offering_id}", "get_public_offering", offering_id_var, Wrap("publicOffering", "offering"), "One public offering"),
    route!(POST   "/public/verifyEmail", "post_public_verify_email", verify_email_vars, Pick("verifyEmail", "user_id"), "Verify an email address with the mailed secret"),
    route!(POST   "/public/forgotPassword", "post_public_forgot_password", forgot_password_vars, Withheld("user_id"), "Mail a password-reset link"),
    route!(POST   "/public/resetPassword", "post_public_reset_password", reset_password_vars, Pick("resetPassword", "user_id"), "Set a new password with the mailed secret"),
    route!(POST   "/public/newsletterSignUp", "post_public_newsletter_sign_up", newsletter_vars, Pick("newsletterSignUp", "message"), "Ask to be added to the newsletter"),
    route!(GET    "/public/globals", "get_public_globals", no_vars, Field("globals"), "The network's global settings"),
    route!(GET    "/public/applications", "get_public_applications", list_vars, Field("publicApplications"), "Approved applications"),
    // Authenticate
    route!(GET    "/authenticate", "get_authenticate", no_vars, Token("authenticate"), "Log in with a cv-auth header; returns a token"),
    // Social sign-on: not enabled.
    route!(GET    "/social/facebook/link", not_enabled, "Facebook login link (not enabled)"),
    route!(GET    "/social/twitter/link", not_enabled, "Twitter login link (not enabled)"),
    route!(GET    "/social/linkedin/link", not_enabled, "LinkedIn login link (not enabled)"),
    route!(POST   "/social/facebook/authenticate", not_enabled, "Facebook login (not enabled)"),
    route!(POST   "/social/twitter/authenticate", not_enabled, "Twitter login (not enabled)"),
    route!(POST   "/social/linkedin/authenticate", not_enabled, "LinkedIn login (not enabled)"),
    // Self
    route!(GET    "/self", "get_self", no_vars, Wrap("me", "user"), "The logged-in user"),
    route!(GET    "/self/stats", "get_self_stats", stats_vars, Field("myStats"), "The logged-in user's payout statistics, optionally by due date"),
    route!(PATCH  "/self", "patch_self", patch_self_vars, Pick("updateMe.id", "user_id"), "Update the logged-in user's profile"),
    route!(DELETE "/self", "delete_self", no_vars, Pick("deleteMe", "user_id"), "Ask for the account to be deleted (blocks it)"),
    route!(POST   "/self/acceptTerms", "post_self_accept_terms", no_vars, Pick("acceptTerms.id", "user_id"), "Accept the terms and conditions"),
    route!(POST   "/self/resetAcceptTerms", "post_self_reset_accept_terms", no_vars, Pick("resetAcceptTerms.id", "user_id"), "Withdraw the acceptance of the terms"),
    route!(POST   "/self/markRegistrationComplete", "post_self_mark_registration_complete", no_vars, Pick("markRegistrationComplete.id", "user_id"), "Mark the registration complete"),
    route!(POST   "/self/approveUser", "post_self_approve_user", no_vars, Pick("approveMe.id", "user_id"), "Mark the logged-in user approved"),
    route!(POST   "/self/blockUser", "post_self_block_user", block_self_vars, Pick("blockMe", "user_access_denied_log_id"), "Block the logged-in user"),
    route!(GET    "/self/organizations", "get_self_organizations", list_vars, Field("myOrganizations"), "The logged-in user's organizations"),
    route!(GET    "/self/offerings", "get_self_offerings", list_vars, Field("myOfferings"), "The logged-in user's own offerings"),
    route!(GET    "/self/investments", "get_self_investments", list_vars, Field("myInvestments"), "The logged-in user's investments, every stage"),
    route!(POST   "/self/changePassword", "post_self_change_password", change_password_vars, Session("changePassword"), "Change the password; returns a new token"),
    route!(POST   "/self/resendVerificationEmail", "post_self_resend_verification_email", resend_verification_vars, Pick("resendVerificationEmail", "user_id"), "Mail a new verification link"),
    route!(POST   "/self/changeEmail", "post_self_change_email", change_email_vars, Session("changeEmail"), "Change the email address; returns a new token"),
    route!(GET    "/self/invitations", "get_self_invitations", list_vars, Field("myInvitations"), "Invitations sent by the logged-in user"),
    route!(POST   "/self/invitations", "post_self_invitations", invitation_vars, Pick("createInvitation.id", "invitation_id"), "Invite an external contact"),
    route!(GET    "/self/invitations/{invitation_id}", "get_self_invitation", invitation_id_var, Wrap("invitation", "invitation"), "One invitation of the logged-in user"),
    route!(POST   "/self/applications", "post_self_applications", application_vars, Pick("createApplication.id", "application_id"), "Create an application"),
    route!(GET    "/self/payouts", "get_self_payouts", list_vars, Field("myPayouts"), "The payouts owed to the logged-in user"),
    route!(GET    "/self/portfolio", "get_self_portfolio", stats_vars, Wrap("myPortfolio", "portfolio"), "The logged-in user's portfolio, optionally by period"),
    route!(GET    "/self/capitalizations", "get_self_capitalizations", list_vars, Field("myCapitalizations"), "The capitalizations the logged-in user holds"),
    route!(GET    "/self/wallets", "get_self_wallets", list_vars, Field("myWallets"), "The logged-in user's internal wallets"),
    route!(POST   "/self/wallets", "post_self_wallets", create_wallet_vars, Pick("createWallet.id", "wallet_id"), "Create an internal wallet for the logged-in user"),
    // Users
    route!(POST   "/users", "post_users", register_vars, Pick("register.user.id", "user_id"), "Register a new user"),
    route!(GET    "/users", "get_users", list_vars, Field("users"), "Users visible to the viewer"),
    route!(GET    "/users/{user_id}", "get_user", user_id_var, Wrap("user", "user"), "One user"),
    route!(GET    "/users/{user_id}/offerings", "get_user_offerings", user_list_vars, Field("userOfferings"), "A user's offerings the viewer may see"),
    route!(GET    "/users/{user_id}/investments", "get_user_investments", user_list_vars, Field("userInvestments"), "A user's investments the viewer may see"),
    // Organizations
    route!(POST   "/organizations", "post_organizations", create_organization_vars, Pick("createOrganization.id", "organization_id"), "Create an organization"),
    route!(GET    "/organizations", "get_organizations", list_vars, Field("organizations"), "Organizations visible to the viewer"),
    route!(GET    "/organizations/{organization_id}", "get_organization", organization_id_var, Wrap("organization", "organization"), "One organization"),
    route!(PATCH  "/organizations/{organization_id}", "patch_organization", update_organization_vars, Pick("updateOrganization.id", "organization_id"), "Update an organization (a life_cycle_stage moves it forward)"),
    route!(POST   "/organizations/{organization_id}/members/{user_id}", "post_organization_member", member_vars, EmptyList, "Add a user to an organization's team"),
    route!(DELETE "/organizations/{organization_id}/members/{user_id}", "delete_organization_member", member_vars, Param("user_id", "org_member_id deleted"), "Remove a user from an organization's team"),
    route!(GET    "/organizations/{organization_id}/offerings", "get_organization_offerings", organization_list_vars, Field("organizationOfferings"), "An organization's offerings the viewer may see"),
    route!(POST   "/organizations/{organization_id}/offerings", "post_organization_offerings", create_offering_vars, Pick("createOffering.id", "offering_id"), "Create an offering (Draft or Submitted)"),
    route!(GET    "/organizations/{organization_id}/capitalizations", "get_organization_capitalizations", organization_list_vars, Field("organizationCapitalizations"), "An organization's capitalizations the viewer may see (its cap table)"),
    route!(POST   "/organizations/{organization_id}/capitalizations", "post_organization_capitalizations", create_capitalization_vars, Pick("createCapitalization.id", "capitalization_id"), "Create a capitalization of an organization (admins and its members)"),
    // Offerings
    route!(GET    "/offerings", "get_offerings", list_vars, Field("offerings"), "Offerings visible to the viewer"),
    route!(GET    "/offerings/{offering_id}", "get_offering", offering_id_var, Wrap("offering", "offering"), "One offering"),
    route!(PATCH  "/offerings/{offering_id}", "patch_offering", update_offering_vars, Pick("updateOffering.id", "offering_id"), "Update an offering (a life_cycle_stage is a lifecycle transition)"),
    route!(DELETE "/offerings/{offering_id}", "delete_offering", offering_id_var, Pick("cancelOffering.id", "offering_id"), "Cancel an offering"),
    route!(GET    "/offerings/{offering_id}/investments", "get_offering_investments", offering_list_vars, Field("offeringInvestments"), "An offering's investments the viewer may see"),
    route!(POST   "/offerings/{offering_id}/investments", "post_offering_investments", invest_vars, Pick("invest.id", "investment_id"), "Invest in an offering (the investment rules apply)"),
    route!(POST   "/offerings/{offering_id}/bulletins", "post_offering_bulletins", bulletin_vars, Pick("createBulletin.id", "bulletin_id"), "Post a bulletin on an offering"),
    route!(GET    "/offerings/{offering_id}/bulletins", "get_offering_bulletins", offering_list_vars, Field("offeringBulletins"), "An offering's bulletins"),
    route!(GET    "/offerings/{offering_id}/payouts", "get_offering_payouts", offering_list_vars, Field("offeringPayouts"), "An offering's own payouts (its borrower's repayment schedule)"),
    route!(POST   "/offerings/{offering_id}/payouts", "post_offering_payouts", create_offering_payout_vars, Pick("createPayout.id", "payout_id"), "Create a payout of an offering (admins and its team)"),
    route!(POST   "/offerings/{offering_id}/generatePaymentSchedule", "post_offering_schedule", offering_schedule_vars, Ids("generatePaymentSchedule", "payout_id", "payout_ids"), "Create many payouts of an offering at once: listed, or computed and split among its Settled investments"),
    // Investments
    route!(GET    "/investments/{investment_id}", "get_investment", investment_id_var, Wrap("investment", "investment"), "One investment"),
    route!(PATCH  "/investments/{investment_id}", "patch_investment", update_investment_vars, Pick("updateInvestment.id", "investment_id"), "Update an investment (a life_cycle_stage is a lifecycle transition)"),
    route!(DELETE "/investments/{investment_id}", "delete_investment", investment_id_var, Pick("withdrawInvestment.id", "investment_id"), "Withdraw an investment"),
    route!(GET    "/investments/{investment_id}/payouts", "get_investment_payouts", investment_payouts_vars, Field("investmentPayouts"), "An investment's payouts"),
    route!(POST   "/investments/{investment_id}/payouts", "post_investment_payouts", create_investment_payout_vars, Pick("createPayout.id", "payout_id"), "Create a payout of an investment (admins and the offering's team)"),
    route!(POST   "/investments/{investment_id}/generatePaymentSchedule", "post_investment_schedule", investment_schedule_vars, Ids("generatePaymentSchedule", "payout_id", "payout_ids"), "Create many payouts of a Settled investment at once: listed or computed"),
    // Payouts
    route!(GET    "/payouts/{payout_id}", "get_payout", payout_id_var, Wrap("payout", "payout"), "One payout"),
    route!(PATCH  "/payouts/{payout_id}", "patch_payout", update_payout_vars, Pick("updatePayout.id", "payout_id"), "Update a payout (a paid one keeps its amounts and due date)"),
    route!(GET    "/payouts/{payout_id}/transactions", "get_payout_transactions", payout_transactions_vars, Field("payoutTransactions"), "The transactions paying a payout"),
    // Capitalizations
    route!(GET    "/capitalizations/{capitalization_id}", "get_capitalization", capitalization_id_var, Wrap("capitalization", "capitalization"), "One capitalization (its owner, its organization's members, admins)"),
    route!(GET    "/capitalizations/{capitalization_id}/changelog", "get_capitalization_changelog", capitalization_changelog_vars, Field("capitalizationChangelog"), "A capitalization's change log, newest first"),
    route!(PATCH  "/capitalizations/{capitalization_id}", "patch_capitalization", update_capitalization_vars, Pick("updateCapitalization.id", "capitalization_id"), "Update a capitalization (admins and its organization's members)"),
    route!(POST   "/capitalizations/{capitalization_id}/merge", "post_capitalization_merge", merge_capitalizations_vars, Pick("mergeCapitalizations.id", "capitalization_id"), "Merge capitalizations of one owner into one child"),
    // Wallets and transactions
    route!(GET    "/wallets/{wallet_id}", "get_wallet", wallet_id_var, Wrap("wallet", "wallet"), "One internal wallet (its owner and admins)"),
    route!(POST   "/wallets/{wallet_id}/transactions", "post_wallet_transactions", create_transaction_vars, Pick("createTransaction.id", "transaction_id"), "Record a transaction in a wallet (the ledger's rules apply)"),
    route!(GET    "/transactions/{transaction_id}", "get_transaction", transaction_id_var, Wrap("transaction", "transaction"), "One transaction"),
    route!(PATCH  "/transactions/{transaction_id}", "patch_transaction", update_transaction_vars, Pick("updateTransaction.id", "transaction_id"), "Update a transaction (a payment_status moves a Pending one; money never changes)"),
    // Stripe payments: not enabled.
    route!(GET    "/stripe", not_enabled, "Stripe publishable key (not enabled)"),
    route!(POST   "/self/stripe/payment", not_enabled, "Pay with Stripe (not enabled)"),
    // Mangopay payments: not enabled.
    route!(POST   "/self/mangopay/register", not_enabled, "Register the logged-in user with Mangopay (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/register", not_enabled, "Register an organization with Mangopay (not enabled)"),
    route!(POST   "/self/mangopay/wallets", not_enabled, "Create a Mangopay wallet for the logged-in user (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/wallets", not_enabled, "Create a Mangopay wallet for an organization (not enabled)"),
    route!(POST   "/offerings/{offering_id}/mangopay/wallets", not_enabled, "Create a Mangopay wallet for an offering (not enabled)"),
    route!(GET    "/self/mangopay/wallets", not_enabled, "The logged-in user's Mangopay wallets (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/wallets", not_enabled, "An organization's Mangopay wallets (not enabled)"),
    route!(GET    "/self/mangopay/wallets/{wallet_id}", not_enabled, "One Mangopay wallet of the logged-in user (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/wallets/{wallet_id}", not_enabled, "One Mangopay wallet of an organization (not enabled)"),
    route!(POST   "/self/mangopay/submitKycDocument", not_enabled, "Send a KYC document of the logged-in user to Mangopay (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/submitKycDocument", not_enabled, "Send a KYC document of an organization to Mangopay (not enabled)"),
    route!(POST   "/self/mangopay/cards/register", not_enabled, "Start registering a card of the logged-in user (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/cards/register", not_enabled, "Start registering a card of an organization (not enabled)"),
    route!(POST   "/self/mangopay/cards", not_enabled, "Finish registering a card of the logged-in user (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/cards", not_enabled, "Finish registering a card of an organization (not enabled)"),
    route!(GET    "/self/mangopay/cards", not_enabled, "The logged-in user's Mangopay cards (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/cards", not_enabled, "An organization's Mangopay cards (not enabled)"),
    route!(GET    "/self/mangopay/cards/{card_id}", not_enabled, "One Mangopay card of the logged-in user (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/cards/{card_id}", not_enabled, "One Mangopay card of an organization (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/payinByCard", not_enabled, "Pay into an organization's wallet by card (not enabled)"),
    route!(POST   "/self/mangopay/wallets/{wallet_id}/payinByCard", not_enabled, "Pay into the logged-in user's wallet by card (not enabled)"),
    route!(POST   "/self/mangopay/wallets/{wallet_id}/payinByUnregisteredCard", not_enabled, "Pay into the logged-in user's wallet by an unregistered card (not enabled)"),
    route!(POST   "/self/mangopay/wallets/{wallet_id}/payinByBankWire", not_enabled, "Pay into the logged-in user's wallet by bank wire (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/payinByBankWire", not_enabled, "Pay into an organization's wallet by bank wire (not enabled)"),
    route!(POST   "/self/mangopay/wallets/{wallet_id}/transfer", not_enabled, "Transfer from the logged-in user's wallet (not enabled)"),
    route!(POST   "/self/mangopay/bankaccounts", not_enabled, "Add a Mangopay bank account of the logged-in user (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/bankaccounts", not_enabled, "Add a Mangopay bank account of an organization (not enabled)"),
    route!(GET    "/self/mangopay/bankaccounts", not_enabled, "The logged-in user's Mangopay bank accounts (not enabled)"),
    route!(GET    "/self/mangopay/bankaccounts/{bank_account_id}", not_enabled, "One Mangopay bank account of the logged-in user (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/bankaccounts", not_enabled, "An organization's Mangopay bank accounts (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/bankaccounts/{bank_account_id}", not_enabled, "One Mangopay bank account of an organization (not enabled)"),
    route!(POST   "/self/mangopay/wallets/{wallet_id}/payout", not_enabled, "Pay out of the logged-in user's wallet to a bank account (not enabled)"),
    route!(POST   "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/payout", not_enabled, "Pay out of an organization's wallet to a bank account (not enabled)"),
    route!(GET    "/self/mangopay/wallets/{wallet_id}/transactions", not_enabled, "Transactions of the logged-in user's wallet (not enabled)"),
    route!(GET    "/organizations/{organization_id}/mangopay/wallets/{wallet_id}/transactions", not_enabled, "Transactions of an organization's wallet (not enabled)"),
    // GCEN payments: not enabled.
    route!(POST   "/self/gcen/register", not_enabled, "Register the logged-in user with GCEN (not enabled)"),
    route!(GET    "/self/gcen", not_enabled, "The logged-in user's GCEN account (not enabled)"),
    route!(GET    "/self/gcen/balance", not_enabled, "The logged-in user's GCEN balance (not enabled)"),
    route!(GET    "/self/gcen/balanceLog", not_enabled, "The logged-in user's GCEN balance log (not enabled)"),
    route!(GET    "/self/gcen/runningBalance", not_enabled, "The logged-in user's GCEN running balance (not enabled)"),
    route!(POST   "/self/gcen/requestWithdrawal", not_enabled, "Ask GCEN for a withdrawal (not enabled)"),
];

#[cfg(test)]
mod tests {
    use async_graphql::parser::types::Selection;

    use super::*;

    /// The root field an output reads, if any.
    fn root_field(output: Output) -> Option<&'static str> {
        match output {
            Field(path) | Wrap(path, _) | Pick(path, _) | Ids(path, _, _) => path.split('.').next(),
            Token(field) | Session(field) => Some(field),
            Param(..) | EmptyList | Withheld(_) => None,
        }
    }

    #[test]
    fn every_output_reads_a_root_field_of_its_document() {
        for route in ROUTES {
            let (Some(document), Some(field)) = (route.document, root_field(route.output)) else {
                continue;
            };
            let roots: Vec<&str> = document
                .parsed()
                .operations
                .iter()
                .flat_map(|(_, op)| &op.node.selection_set.node.items)
                .filter_map(|selection| match &selection.node {
                    Selection::Field(f) => Some(f.node.response_key().node.as_str()),
                    _ => None,
                })
                .collect();
            assert!(
                roots.contains(&field),
                "{} {}: {field} is not a root field of {} ({roots:?})",
                route.method,
                route.path,
                document.name
            );
        }
    }
}
