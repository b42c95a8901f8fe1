//! The one error type of the service.
//!
//! Every failure a client can see is an [`ApiError`]: a numeric exception `code` (the
//! documented 10001–10022 of the legacy API keep their numbers, ours are
//! listed in `docs/errors.md`), an HTTP `status`, a `user_message` fit to show to an end
//! user and a `developer_message` for the front-end developer. GraphQL carries them in
//! `extensions { code status userMessage developerMessage }` (docs/errors.md).
//!
//! Database and pool errors convert into `ApiError` here and nowhere else, so their text
//! (SQL, constraint names, host names) is logged with a reference and never sent out.

use std::borrow::Cow;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

mod database;
mod registry;

pub use database::is_unavailable;
pub use registry::registry_write_error;

/// An exception code with the HTTP status it is always answered with, so no call site
/// restates a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code(pub u32, pub u16);

impl Code {
    /// The exception reference number clients see in `code`.
    pub const fn number(self) -> u32 {
        self.0
    }

    /// The HTTP status of a failure with this code.
    pub const fn status(self) -> u16 {
        self.1
    }
}

/// Every exception code of the service with its status (the documented 10001–10022 keep
/// their numbers). Keep `docs/errors.md` in step with this list.
pub mod codes {
    use super::Code;

    /// Unexpected failure inside the service (500).
    pub const INTERNAL: Code = Code(19000, 500);
    /// The database is unreachable, dropped the connection or the pool is exhausted (503).
    pub const UNAVAILABLE: Code = Code(19001, 503);
    /// Malformed request or invalid argument (400).
    pub const BAD_REQUEST: Code = Code(19002, 400);
    /// The object does not exist or the viewer may not see it (404).
    pub const NOT_FOUND: Code = Code(19003, 404);
    /// The GraphQL document failed to parse or validate (400).
    pub const GRAPHQL_VALIDATION: Code = Code(19004, 400);
    /// The GraphQL operation is nested deeper than allowed (400).
    pub const QUERY_TOO_DEEP: Code = Code(19005, 400);
    /// The GraphQL operation is more complex than allowed (400).
    pub const QUERY_TOO_COMPLEX: Code = Code(19006, 400);
    /// The GraphQL document uses more aliases than allowed (400).
    pub const TOO_MANY_ALIASES: Code = Code(19007, 400);
    /// HTTP method not allowed here, e.g. a mutation sent by GET (405).
    pub const METHOD_NOT_ALLOWED: Code = Code(19008, 405);
    /// The request took longer than the configured request timeout (503).
    pub const REQUEST_TIMEOUT: Code = Code(19009, 503);
    /// The request body is larger than allowed (413).
    pub const PAYLOAD_TOO_LARGE: Code = Code(19010, 413);
    /// A browser request that could have been sent cross-site without a CORS preflight (400).
    pub const CSRF_REFUSED: Code = Code(19011, 400);
    /// The request needs a network (tenant) and named none (400).
    pub const NETWORK_REQUIRED: Code = Code(19012, 400);
    /// The request named a network that does not exist (404).
    pub const NETWORK_UNKNOWN: Code = Code(19013, 404);
    /// The request's content type is not supported (415).
    pub const UNSUPPORTED_MEDIA_TYPE: Code = Code(19014, 415);
    /// Introspection was asked for while it is turned off (400).
    pub const INTROSPECTION_DISABLED: Code = Code(19015, 400);
    /// The GraphQL document has more tokens or deeper bracket nesting than allowed (400).
    pub const DOCUMENT_TOO_LARGE: Code = Code(19016, 400);
    /// The GraphQL document has more fields, once its fragments are expanded, than
    /// allowed (400).
    pub const TOO_MANY_SELECTIONS: Code = Code(19017, 400);
    /// The GraphQL document uses more directives than allowed (400).
    pub const TOO_MANY_DIRECTIVES: Code = Code(19018, 400);
    /// A text of the request (a GraphQL string, a variable, a JSON value) holds the NUL
    /// character U+0000, which no stored text may hold (400).
    pub const NUL_CHARACTER: Code = Code(19019, 400);
    /// The update would leave a user more bank accounts or addresses than allowed
    /// (`MAX_BANK_ACCOUNTS_PER_USER`, `MAX_ADDRESSES_PER_USER`); nothing was written (400).
    pub const COLLECTION_LIMIT: Code = Code(19020, 400);
    /// `MAX_CONNECTIONS` connections are open: a new one is answered this and closed,
    /// with `Retry-After: 1` (503).
    pub const TOO_MANY_CONNECTIONS: Code = Code(19021, 503);

    /// Automatic persisted query: the hash is not known (yet); the client sends the
    /// document with it. Answered with HTTP 200, `message` `PersistedQueryNotFound` and
    /// `extensions.code` `PERSISTED_QUERY_NOT_FOUND`, as Apollo's clients expect.
    pub const PERSISTED_QUERY_NOT_FOUND: Code = Code(19030, 200);
    /// Automatic persisted query: the document's SHA-256 is not the hash sent (400).
    pub const PERSISTED_QUERY_MISMATCH: Code = Code(19031, 400);
    /// Automatic persisted queries are turned off, or the version sent is not 1: HTTP
    /// 200, `message` `PersistedQueryNotSupported`, `extensions.code`
    /// `PERSISTED_QUERY_NOT_SUPPORTED`.
    pub const PERSISTED_QUERY_NOT_SUPPORTED: Code = Code(19032, 200);
    /// The last entry of a GraphQL `errors` list that was cut: how many were left out (400).
    pub const ERRORS_LEFT_OUT: Code = Code(19033, 400);

    /// Documented 10001: password and confirmation differ (409).
    pub const PASSWORDS_DIFFER: Code = Code(10001, 409);
    /// Documented 10002: resetPassword for a user that does not exist in the network (404).
    pub const RESET_USER_UNKNOWN: Code = Code(10002, 404);
    /// Documented 10003: resetPassword with a secret that is wrong or already used (400).
    pub const RESET_SECRET_INVALID: Code = Code(10003, 400);
    /// Documented 10004: resetPassword with a secret older than 24 hours (409).
    pub const RESET_LINK_EXPIRED: Code = Code(10004, 409);
    /// Documented 10005: resetPassword without `user_id` (400).
    pub const RESET_MISSING_USER_ID: Code = Code(10005, 400);
    /// Documented 10006: resetPassword without `secret` (400).
    pub const RESET_MISSING_SECRET: Code = Code(10006, 400);
    /// Documented 10007: resetPassword without `password` (400).
    pub const RESET_MISSING_PASSWORD: Code = Code(10007, 400);
    /// Documented 10008: resetPassword without `password_confirm` (400).
    pub const RESET_MISSING_PASSWORD_CONFIRM: Code = Code(10008, 400);
    /// Documented 10009: forgotPassword without `email` (400).
    pub const FORGOT_MISSING_EMAIL: Code = Code(10009, 400);
    /// Documented 10010: forgotPassword without `url` (400).
    pub const FORGOT_MISSING_URL: Code = Code(10010, 400);
    /// Documented 10011: forgotPassword for an email no user of the network has (404).
    pub const FORGOT_EMAIL_UNKNOWN: Code = Code(10011, 404);
    /// Documented 10012: forgotPassword with an invalid email address (400).
    pub const FORGOT_EMAIL_INVALID: Code = Code(10012, 400);
    /// Documented 10017: resending the verification mail without `email` (400).
    pub const RESEND_MISSING_EMAIL: Code = Code(10017, 400);
    /// Documented 10018: resending the verification mail without `url` (400).
    pub const RESEND_MISSING_URL: Code = Code(10018, 400);
    /// Documented 10019: verifyEmail or a resend for a user that does not exist (404).
    pub const VERIFY_USER_UNKNOWN: Code = Code(10019, 404);
    /// Documented 10020: resending the verification mail to an invalid address (400).
    pub const RESEND_EMAIL_INVALID: Code = Code(10020, 400);
    /// Documented 10021: the email address is already verified (409).
    pub const EMAIL_ALREADY_VERIFIED: Code = Code(10021, 409);
    /// Documented 10022: newsletterSignUp with an invalid email address (400).
    pub const NEWSLETTER_EMAIL_INVALID: Code = Code(10022, 400);

    /// The operation needs a logged-in user (401).
    pub const AUTH_REQUIRED: Code = Code(11001, 401);
    /// Wrong email or password (401); the same answer for an unknown email.
    pub const BAD_CREDENTIALS: Code = Code(11002, 401);
    /// The `cv-auth` header is not of the documented form (401).
    pub const CV_AUTH_MALFORMED: Code = Code(11003, 401);
    /// Unknown API key, or a key of another network (401).
    pub const CV_AUTH_BAD_KEY: Code = Code(11004, 401);
    /// The `cv-auth` TokenDigest does not match (401).
    pub const CV_AUTH_BAD_DIGEST: Code = Code(11005, 401);
    /// The `cv-auth` Created time is outside the freshness window (401).
    pub const CV_AUTH_STALE: Code = Code(11006, 401);
    /// The `cv-auth` nonce was used before (401).
    pub const CV_AUTH_REPLAY: Code = Code(11007, 401);
    /// The session token is unknown, expired, revoked or of another network (401).
    pub const TOKEN_INVALID: Code = Code(11008, 401);
    /// The user is blocked (401); the user message is the block's message.
    pub const USER_BLOCKED: Code = Code(11009, 401);
    /// Too many failed logins for the account or the address (429).
    pub const LOGIN_LOCKED: Code = Code(11010, 429);
    /// The viewer may not do this (403).
    pub const FORBIDDEN: Code = Code(11011, 403);
    /// Social sign-on or a third-party integration that is not enabled (501).
    pub const NOT_ENABLED: Code = Code(11012, 501);
    /// The email is already registered in this network (409).
    pub const EMAIL_TAKEN: Code = Code(11013, 409);
    /// The password does not meet the rules (400).
    pub const WEAK_PASSWORD: Code = Code(11014, 400);
    /// The object would hold more than 100 custom fields (400).
    pub const CUSTOM_FIELDS_LIMIT: Code = Code(11015, 400);
    /// An email address that is not valid (400).
    pub const INVALID_EMAIL: Code = Code(11016, 400);
    /// changeEmail: the new email and its confirmation differ (409).
    pub const EMAILS_DIFFER: Code = Code(11017, 409);
    /// verifyEmail: the secret is wrong, used, superseded or for an older address (400).
    pub const VERIFY_SECRET_INVALID: Code = Code(11018, 400);
    /// verifyEmail: the secret is older than 24 hours (409).
    pub const VERIFY_LINK_EXPIRED: Code = Code(11019, 409);
    /// A link URL whose origin is not in the network's `link_origins` setting (400).
    pub const LINK_ORIGIN_REFUSED: Code = Code(11020, 400);
    /// Login with an email that is empty or longer than an address can be, or a password
    /// longer than the password rules allow (400); counted as a failed login.
    pub const LOGIN_INPUT_INVALID: Code = Code(11021, 400);
    /// Too many requests that send mail, for one email address or from one client
    /// address within the window (429); nothing was queued.
    pub const MAIL_LIMIT: Code = Code(11022, 429);

    /// The network's globals would hold more than 100 keys or 64 KiB (400).
    pub const GLOBALS_LIMIT: Code = Code(12001, 400);
    /// A refused application stage transition; the message names both stages (409).
    pub const APPLICATION_STAGE_CONFLICT: Code = Code(12002, 409);
    /// Too many invitations sent by one user within 24 hours (429).
    pub const INVITATION_LIMIT: Code = Code(12003, 429);
    /// The invitation link has expired (410).
    pub const INVITATION_EXPIRED: Code = Code(12004, 410);

    /// Marketplace (issue #4): a refused offering stage transition; the message names
    /// both stages (409).
    pub const OFFERING_STAGE_CONFLICT: Code = Code(13001, 409);
    /// A refused organization stage transition; the message names both stages (409).
    pub const ORGANIZATION_STAGE_CONFLICT: Code = Code(13002, 409);
    /// A refused investment stage transition; the message names both stages (409).
    pub const INVESTMENT_STAGE_CONFLICT: Code = Code(13003, 409);
    /// The offering cannot be canceled: it has Open, Approved or Settled investments (409).
    pub const OFFERING_HAS_INVESTMENTS: Code = Code(13004, 409);
    /// The offering's fields cannot be edited in its stage (409).
    pub const OFFERING_NOT_EDITABLE: Code = Code(13005, 409);
    /// The investment cannot be edited in its stage (409).
    pub const INVESTMENT_NOT_EDITABLE: Code = Code(13006, 409);
    /// The contact point must be an active member of the organization (400).
    pub const CONTACT_POINT_NOT_MEMBER: Code = Code(13007, 400);
    /// Approved at creation asked for while the network does not allow self-approval (403).
    pub const SELF_APPROVAL_DISABLED: Code = Code(13008, 403);
    /// The stage asked for at creation is not a starting stage (400).
    pub const INVALID_INITIAL_STAGE: Code = Code(13009, 400);
    /// Investment rule: the offering is not open for investment in its stage (409).
    pub const OFFERING_NOT_OPEN: Code = Code(13010, 409);
    /// Investment rule: before the offering's open_date (409).
    pub const BEFORE_OPEN_DATE: Code = Code(13011, 409);
    /// Investment rule: after the offering's close_date (409).
    pub const AFTER_CLOSE_DATE: Code = Code(13012, 409);
    /// Investment rule: the amount is below min_commitment (409).
    pub const BELOW_MIN_COMMITMENT: Code = Code(13013, 409);
    /// Investment rule: the investor's total would exceed max_commitment (409).
    pub const ABOVE_MAX_COMMITMENT: Code = Code(13014, 409);
    /// Investment rule: the offering's total would exceed max_overfunding_amount (409).
    pub const ABOVE_MAX_OVERFUNDING: Code = Code(13015, 409);
    /// The investment amount is negative (400).
    pub const NEGATIVE_AMOUNT: Code = Code(13016, 400);
    /// Organization or offering data that breaks a rule (dates, commitments, currency) (400).
    pub const INVALID_MARKETPLACE_DATA: Code = Code(13017, 400);
    /// A value another object of the network already uses, e.g. a capitalization attached
    /// to another offering (409; same number as [`INVALID_MARKETPLACE_DATA`]).
    pub const MARKETPLACE_VALUE_TAKEN: Code = Code(13017, 409);
    /// Ledger (issue #13): a wallet or transaction currency that is not a current ISO 4217
    /// code (400).
    pub const CURRENCY_INVALID: Code = Code(14001, 400);
    /// The transaction's currency differs from its wallet's (409).
    pub const CURRENCY_MISMATCH: Code = Code(14002, 409);
    /// A debit larger than the wallet's free balance (409); nothing was written.
    pub const INSUFFICIENT_FUNDS: Code = Code(14003, 409);
    /// The transaction is Paid, Cancelled or Failed and can no longer change, or the
    /// status asked for is not a final one (409).
    pub const TRANSACTION_FINAL: Code = Code(14004, 409);
    /// Only admins (or the paying team) may record money received, or create a
    /// transaction Cancelled or Failed (403).
    pub const MAY_NOT_CREDIT: Code = Code(14005, 403);
    /// Only admins (or the paying team) may mark a transaction Paid or Failed (403).
    pub const MAY_NOT_SETTLE: Code = Code(14006, 403);
    /// Only the wallet's owner, admins or the paying team may cancel a transaction (403).
    pub const MAY_NOT_CANCEL: Code = Code(14007, 403);
    /// The viewer may see the wallet or transaction but not write in it (403).
    pub const NOT_YOUR_WALLET: Code = Code(14008, 403);
    /// A transaction amount of zero (400).
    pub const ZERO_AMOUNT: Code = Code(14009, 400);
    /// A transaction amount with more decimal places than its currency has (400).
    pub const AMOUNT_TOO_PRECISE: Code = Code(14010, 400);
    /// An update that would change a transaction's amount, currency, wallet or user:
    /// money is never edited, corrections are new transactions (409).
    pub const MONEY_FIXED: Code = Code(14011, 409);
    /// The transaction already belongs to another payout, or the payout is not the
    /// wallet owner's or not in the wallet's currency (409).
    pub const PAYOUT_CONFLICT: Code = Code(14012, 409);
    /// `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII (400).
    pub const IDEMPOTENCY_KEY_INVALID: Code = Code(14013, 400);
    /// The `Idempotency-Key` was used before with a different request (422).
    pub const IDEMPOTENCY_KEY_REUSED: Code = Code(14014, 422);
    /// The first request with this `Idempotency-Key` is still running (409).
    pub const IDEMPOTENCY_KEY_IN_PROGRESS: Code = Code(14015, 409);

    /// Payouts (issue #14): a payout type other than 0 Dividend, 1 Capital Gain, 2 Loan
    /// Repayment (400).
    pub const PAYOUT_TYPE_INVALID: Code = Code(15001, 400);
    /// A payout amount (or minimum payment, fee, charge) that is negative or not a decimal
    /// of at most 4 places (400).
    pub const PAYOUT_AMOUNT_INVALID: Code = Code(15002, 400);
    /// A due date (or a stats start/end date) that is not a `YYYY-MM-DD` date, or a start
    /// after its end (400).
    pub const DATE_INVALID: Code = Code(15003, 400);
    /// A payment schedule with no payouts or no installments (400).
    pub const SCHEDULE_EMPTY: Code = Code(15004, 400);
    /// A payment schedule longer than allowed (400); nothing was written.
    pub const SCHEDULE_TOO_LARGE: Code = Code(15005, 400);
    /// A computed schedule's terms that do not make a schedule: principal, rate, periods,
    /// frequency, method, interest or day count (400).
    pub const SCHEDULE_TERMS_INVALID: Code = Code(15006, 400);
    /// A schedule for an investment that is not Settled, or for an offering without
    /// Settled investments to fan out to (409).
    pub const NOT_SETTLED: Code = Code(15007, 409);
    /// The payout is paid: its amounts and due date can no longer change (409).
    pub const PAYOUT_PAID: Code = Code(15008, 409);

    /// Share registry (issue #15): a share count that is negative, has more than 8
    /// decimal places or 16 whole digits, or is fractional for Equity or Preferred
    /// Equity (whole shares only; Debt loan parts may be fractional) (400).
    pub const SHARES_INVALID: Code = Code(16001, 400);
    /// A price per share that is negative, has more than 8 decimal places or 16 whole
    /// digits, or a merge whose weighted price cannot be computed exactly (400).
    pub const PRICE_INVALID: Code = Code(16002, 400);
    /// A capitalization type other than 0 Equity, 1 Preferred Equity, 2 Debt (400).
    pub const CAPITALIZATION_TYPE_UNKNOWN: Code = Code(16003, 400);
    /// A capitalization stage other than 0-5 (400).
    pub const CAPITALIZATION_STAGE_UNKNOWN: Code = Code(16004, 400);
    /// A create or update asking for Distributed or Merged, which only a split, merge
    /// or distribution sets (400).
    pub const CAPITALIZATION_STAGE_NOT_SETTABLE: Code = Code(16005, 400);
    /// A split or merge of a capitalization that is not Issued (409).
    pub const CAPITALIZATION_NOT_ISSUED: Code = Code(16006, 409);
    /// Split children whose shares do not sum to the parent's (400).
    pub const SPLIT_SUM_MISMATCH: Code = Code(16007, 400);
    /// A split into fewer than two children (400).
    pub const SPLIT_TOO_FEW_CHILDREN: Code = Code(16008, 400);
    /// A split child of zero shares (400).
    pub const SPLIT_CHILD_EMPTY: Code = Code(16009, 400);
    /// A merge of fewer than two distinct capitalizations (400).
    pub const MERGE_TOO_FEW: Code = Code(16010, 400);
    /// A merge of capitalizations of different owners, organizations or types (409).
    pub const MERGE_MIXED: Code = Code(16011, 409);
    /// The capitalization is Distributed or Merged: it can never change or be split,
    /// merged, distributed or offered again (409).
    pub const CAPITALIZATION_CONSUMED: Code = Code(16012, 409);
    /// Issued, Offered and Treasury shares of the organization and type would exceed its
    /// Authorized shares (409); nothing was written.
    pub const ABOVE_AUTHORIZED: Code = Code(16013, 409);
    /// A distribution for an offering that is not Settled (409).
    pub const DISTRIBUTION_NOT_SETTLED: Code = Code(16014, 409);
    /// A distribution for an offering without an Offered capitalization attached (409).
    pub const DISTRIBUTION_NO_CAPITALIZATION: Code = Code(16015, 409);
    /// The offering's capitalization is already distributed, or an investment already has
    /// its allotment (409).
    pub const ALREADY_DISTRIBUTED: Code = Code(16016, 409);
    /// The Settled investments ask for more shares than the offered capitalization
    /// holds (409); nothing was written.
    pub const BIDS_ABOVE_BLOCK: Code = Code(16017, 409);
    /// Attaching to an offering a capitalization that is not Offered or is of another
    /// organization (409).
    pub const ATTACH_NOT_OFFERED: Code = Code(16018, 409);
    /// Attaching a capitalization already attached to another offering that is not
    /// Canceled (409).
    pub const ATTACH_TAKEN: Code = Code(16019, 409);
    /// An offering's `num_of_shares` above the shares of its capitalization (409).
    pub const ATTACH_ABOVE_BLOCK: Code = Code(16020, 409);
    /// A split, merge or distribution that would create or lose shares, or link
    /// capitalizations in a way no operation does (409); refused by the database's
    /// guards when the service's own checks did not catch it first.
    pub const SHARES_NOT_CONSERVED: Code = Code(16021, 409);

    /// A unique value another object already uses, e.g. an affiliate code or a network
    /// name (409; same number as [`BAD_REQUEST`]).
    pub const VALUE_TAKEN: Code = Code(19002, 409);
}

/// A failure as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} ({status}): {developer_message}")]
pub struct ApiError {
    /// Exception reference number.
    pub code: u32,
    /// HTTP status of the failure.
    pub status: u16,
    /// Message fit for an end user.
    pub user_message: Cow<'static, str>,
    /// Message for the developer of the client.
    pub developer_message: Cow<'static, str>,
}

/// Shorthand for results of operations that fail with an [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A failure with `code` (and so its status) and both messages.
    pub fn new(
        code: Code,
        user_message: impl Into<Cow<'static, str>>,
        developer_message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::from_parts(
            code.number(),
            code.status(),
            user_message,
            developer_message,
        )
    }

    /// A failure rebuilt from its wire form (number and status as a client saw them).
    pub fn from_parts(
        code: u32,
        status: u16,
        user_message: impl Into<Cow<'static, str>>,
        developer_message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            code,
            status,
            user_message: user_message.into(),
            developer_message: developer_message.into(),
        }
    }

    /// An unexpected failure: logs `detail` under a fresh reference and returns a generic
    /// 500 that shows only that reference.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let reference = uuid::Uuid::new_v4();
        tracing::error!(%reference, error = %detail, "internal error");
        Self::new(
            codes::INTERNAL,
            "Something went wrong on our side. Please try again later.",
            format!("Internal error; quote reference {reference} when reporting it."),
        )
    }

    /// The database is unavailable: unreachable, not answering in time, shutting down,
    /// or it dropped the connection (503). `detail` is logged, never sent.
    pub fn unavailable(detail: impl std::fmt::Display) -> Self {
        tracing::warn!(error = %detail, "database unavailable");
        Self::new(
            codes::UNAVAILABLE,
            "The service is temporarily unavailable. Please try again in a moment.",
            "The database is unavailable or did not answer in time; retry with backoff.",
        )
    }

    /// Malformed input (400) with a message naming what is wrong.
    pub fn bad_request(developer_message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            codes::BAD_REQUEST,
            "The request could not be processed.",
            developer_message,
        )
    }

    /// Object missing or invisible to the viewer (404).
    pub fn not_found(what: &str) -> Self {
        Self::new(
            codes::NOT_FOUND,
            "Not found.",
            format!("No {what} with this identifier is visible to you."),
        )
    }

    /// The operation needs a logged-in user (401).
    pub fn auth_required() -> Self {
        Self::new(
            codes::AUTH_REQUIRED,
            "Please log in to continue.",
            "This operation needs a logged-in user: send `Authorization: Bearer <token>` \
             or a `cv-auth` header.",
        )
    }

    /// The viewer may not do this (403).
    pub fn forbidden(developer_message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            codes::FORBIDDEN,
            "You are not allowed to do this.",
            developer_message,
        )
    }

    /// A 401 with one of the `cv-auth`/token codes.
    pub fn unauthorized(code: Code, developer_message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            code,
            "Your session is not valid. Please log in again.",
            developer_message,
        )
    }

    /// The HTTP status as a [`StatusCode`].
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The JSON body of a failure outside GraphQL, in the envelope of docs/errors.md.
#[derive(Debug, Serialize)]
pub struct FailureEnvelope<'a> {
    /// Always `"failure"`.
    pub outcome: &'static str,
    /// The HTTP status, repeated.
    pub status: u16,
    /// The exception.
    pub data: FailureData<'a>,
}

/// The `data` part of [`FailureEnvelope`].
#[derive(Debug, Serialize)]
pub struct FailureData<'a> {
    /// Exception reference number.
    pub code: u32,
    /// Message fit for an end user.
    pub user_message: &'a str,
    /// Message for the developer of the client.
    pub developer_message: &'a str,
}

impl ApiError {
    /// The failure in the envelope of docs/errors.md.
    pub fn envelope(&self) -> FailureEnvelope<'_> {
        FailureEnvelope {
            outcome: "failure",
            status: self.status,
            data: FailureData {
                code: self.code,
                user_message: &self.user_message,
                developer_message: &self.developer_message,
            },
        }
    }

    /// [`ApiError::envelope`] as JSON text, for answers written outside axum.
    pub fn envelope_json(&self) -> String {
        // Two numbers and two strings: serialising cannot fail.
        serde_json::to_string(&self.envelope()).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status_code(), Json(self.envelope())).into_response()
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        let mut gql = async_graphql::Error::new(err.user_message.clone());
        set_extensions(&mut gql.extensions, &err);
        gql
    }
}

/// Writes the four extension fields of `err` into a GraphQL error's extensions.
pub fn set_extensions(ext: &mut Option<async_graphql::ErrorExtensionValues>, err: &ApiError) {
    let ext = ext.get_or_insert_with(Default::default);
    ext.set("code", err.code);
    ext.set("status", err.status);
    ext.set("userMessage", err.user_message.as_ref());
    ext.set("developerMessage", err.developer_message.as_ref());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_error_text_never_reaches_the_client() {
        let db_err = diesel::result::Error::QueryBuilderError("SELECT secret FROM users".into());
        let api: ApiError = db_err.into();
        assert_eq!(api.code, codes::INTERNAL.number());
        assert_eq!(api.status, 500);
        assert!(!api.user_message.contains("SELECT"));
        assert!(!api.developer_message.contains("SELECT"));
    }

    #[test]
    fn not_found_maps_to_404() {
        let api: ApiError = diesel::result::Error::NotFound.into();
        assert_eq!((api.code, api.status), (codes::NOT_FOUND.number(), 404));
    }

    #[test]
    fn graphql_error_carries_all_four_extensions() {
        let gql: async_graphql::Error = ApiError::bad_request("field x is wrong").into();
        let ext = serde_json::to_value(gql.extensions.unwrap()).unwrap();
        assert_eq!(ext["code"], 19002);
        assert_eq!(ext["status"], 400);
        assert_eq!(ext["developerMessage"], "field x is wrong");
        assert_eq!(ext["userMessage"], "The request could not be processed.");
    }
}
