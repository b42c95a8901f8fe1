//! The documented keys of every in-scope route of `seeds/002_338b46960d33f2b9.txt`,
//! written out from its sample responses (`scripts/seed_routes.py --section NAME` lists
//! them), and the checker the section tables of `rest_documented_keys*` use.
//!
//! A key path is relative to the documented object: `address.city` (a nested object),
//! `info[].type` (every element of a list). Left out, as docs/rest.md says: `documents`,
//! `loanbook_id`, `divested_amount`, `divested_shares`, `interest_outstanding`, and the
//! placeholders of `custom` (`"The name of the custom field"`).

use axum::http::Method;
use serde_json::Value;

use super::TestApp;
use super::rest::{assert_success, rest};

/// The documented keys of GET /public/users (line 28).
pub const PUBLIC_USER_KEYS: &[&str] = &[
    "additional_type",
    "affiliate_code",
    "biography",
    "created_at",
    "custom",
    "email",
    "external_reference_id",
    "family_name",
    "full_name",
    "gender",
    "given_name",
    "has_been_approved",
    "has_been_blocked",
    "honorific_prefix",
    "honorific_suffix",
    "id",
    "image",
    "info",
    "info[].type",
    "info[].value",
    "is_admin",
    "is_vip",
    "job_title",
    "location",
    "organizations",
    "organizations[].organization_id",
    "organizations[].organization_name",
    "organizations[].member_type",
    "organizations[].status",
    "organizations[].contact_point",
    "phone_1",
    "phone_2",
    "referral_code",
    "registration_complete",
    "sector",
    "tagline",
    "time_zone",
    "visibility",
    "web_site",
];

/// The documented keys of GET /public/organizations (line 117); GET /public/organizations/{organization_id} (line 220); GET /self/organizations (line 1960); GET /organizations (line 3449); GET /organizations/{organization_id} (line 3561).
pub const ORGANIZATION_KEYS: &[&str] = &[
    "additional_type",
    "address",
    "address.building",
    "address.street_address",
    "address.city",
    "address.address_locality",
    "address.region",
    "address.postal_code",
    "address.country",
    "alternate_name",
    "approved_at",
    "brief_desc",
    "canceled_at",
    "company_number",
    "contact_point",
    "created_at",
    "credit_score",
    "custom",
    "detail_desc",
    "display_name",
    "facebook",
    "founding_date",
    "founding_location",
    "fundamerica_entity_id",
    "gcen_client_id",
    "id",
    "info",
    "info[].type",
    "info[].value",
    "legal_name",
    "life_cycle_stage",
    "linkedin",
    "location",
    "logo",
    "mangopay_card_id",
    "mangopay_user_id",
    "mangopay_wallet_id",
    "members",
    "members[].user_id",
    "members[].member_type",
    "members[].user_full_name",
    "members[].contact_point",
    "org_email",
    "reyker_isin",
    "sector",
    "submitted_at",
    "tax_id",
    "telephone",
    "twitter",
    "updated_at",
    "user_name",
    "user_id",
    "visibility",
    "website",
    "youtube",
];

/// The documented keys of GET /public/featuredOfferings (line 329); GET /public/offerings (line 429); GET /self/offerings (line 2064); GET /users/{user_id}/offerings (line 3126); GET /organizations/{organization_id}/offerings (line 3976); GET /offerings (line 4626); GET /offerings/{offering_id} (line 4733).
pub const OFFERING_KEYS: &[&str] = &[
    "additional_type",
    "amount_raised",
    "capital_outstanding",
    "category",
    "close_date",
    "created_at",
    "credit_score",
    "currency",
    "custom",
    "equity_offered",
    "external_commitments",
    "fundamerica_offering_id",
    "funding_goal",
    "gcen_client_id",
    "id",
    "info",
    "info[].type",
    "info[].value",
    "interest_rate",
    "investment_count",
    "investor_count",
    "is_featured",
    "is_secondary_offering",
    "life_cycle_stage",
    "loan_to_value",
    "mangopay_wallet_id",
    "max_commitment",
    "max_overfunding_amount",
    "min_commitment",
    "name",
    "num_of_shares",
    "offering_description",
    "open_date",
    "organization_id",
    "price_per_share",
    "primary_offering_id",
    "published_at",
    "raised_percent",
    "repayments_remaining",
    "settled_at",
    "sum_outstanding_payouts",
    "sum_outstanding_payouts.dividends",
    "sum_outstanding_payouts.capitalgains",
    "sum_outstanding_payouts.loanrepayments",
    "term",
    "updated_at",
    "user_id",
    "valuation",
];

/// The documented keys of GET /public/offerings/{offering_id} (line 529).
pub const PUBLIC_OFFERING_KEYS: &[&str] = &[
    "additional_type",
    "amount_raised",
    "capital_outstanding",
    "category",
    "close_date",
    "created_at",
    "credit_score",
    "currency",
    "custom",
    "equity_offered",
    "external_commitments",
    "fundamerica_offering_id",
    "funding_goal",
    "gcen_client_id",
    "id",
    "info",
    "info[].type",
    "info[].value",
    "interest_rate",
    "investment_count",
    "investor_count",
    "is_featured",
    "is_secondary_offering",
    "life_cycle_stage",
    "loan_to_value",
    "mangopay_wallet_id",
    "max_commitment",
    "max_overfunding_amount",
    "min_commitment",
    "name",
    "num_of_shares",
    "offering_description",
    "open_date",
    "organization_id",
    "price_per_share",
    "primary_offering_id",
    "published_at",
    "raised_percent",
    "repayments_remaining",
    "settled_at",
    "term",
    "updated_at",
    "user_id",
    "valuation",
];

/// The documented keys of GET /public/applications (line 931).
pub const APPLICATION_KEYS: &[&str] = &[
    "additional_type",
    "author_id",
    "code",
    "created_at",
    "custom",
    "description",
    "funding_goal",
    "id",
    "info",
    "info[].type",
    "info[].value",
    "interest_rate",
    "investment_amount",
    "life_cycle_stage",
    "number_of_shares",
    "offering",
    "organization",
    "price_per_share",
    "term",
    "updated_at",
    "user_id",
    "user_name",
];

/// The documented keys of GET /self (line 1241).
pub const SELF_USER_KEYS: &[&str] = &[
    "additional_name",
    "additional_type",
    "address",
    "address.building",
    "address.sub_building",
    "address.street_address",
    "address.city",
    "address.address_locality",
    "address.region",
    "address.postal_code",
    "address.country",
    "addresses",
    "addresses[].id",
    "addresses[].building",
    "addresses[].sub_building",
    "addresses[].street_address",
    "addresses[].city",
    "addresses[].address_locality",
    "addresses[].region",
    "addresses[].postal_code",
    "addresses[].country",
    "affiliate_code",
    "bank_accounts",
    "bank_accounts[].id",
    "bank_accounts[].bank_name",
    "bank_accounts[].bank_account_number",
    "bank_accounts[].bank_swift_code",
    "bank_accounts[].bank_routing_number",
    "bank_accounts[].bank_address",
    "bank_accounts[].bank_currency",
    "bank_accounts[].bank_country",
    "biography",
    "birth_country",
    "birth_date",
    "birth_place",
    "created_at",
    "custom",
    "driving_license_number",
    "email",
    "email_verified",
    "external_reference_id",
    "family_name",
    "full_name",
    "fundamerica_entity_id",
    "gbg_pass_id",
    "gcen_client_id",
    "gender",
    "given_name",
    "has_been_approved",
    "has_been_blocked",
    "honorific_prefix",
    "honorific_suffix",
    "id",
    "image",
    "income_range",
    "info",
    "info[].type",
    "info[].value",
    "is_admin",
    "is_vip",
    "job_title",
    "last_login_at",
    "location",
    "mangopay_card_id",
    "mangopay_user_id",
    "nationality",
    "organizations",
    "organizations[].organization_id",
    "organizations[].organization_name",
    "organizations[].member_type",
    "organizations[].status",
    "organizations[].contact_point",
    "passport_country",
    "passport_expiry",
    "passport_number",
    "password_expired",
    "phone_1",
    "phone_2",
    "phone_verified",
    "referral_code",
    "registration_complete",
    "reyker_id",
    "sector",
    "tagline",
    "tax_id",
    "term_service_accepted",
    "time_zone",
    "updated_at",
    "visibility",
    "web_site",
];

/// The documented keys of GET /self/investments (line 2160); GET /users/{user_id}/investments (line 3235); GET /offerings/{offering_id}/investments (line 5003); GET /investments/{investment_id} (line 5992).
pub const INVESTMENT_KEYS: &[&str] = &[
    "capital_outstanding",
    "created_at",
    "currency",
    "custom",
    "fundamerica_investment_id",
    "funding_goal",
    "id",
    "info",
    "info[].type",
    "info[].value",
    "interest_rate",
    "investment_amount",
    "is_loanbook",
    "life_cycle_stage",
    "number_of_shares",
    "offering_id",
    "org_id",
    "org_name",
    "raised_percent",
    "repayments_remaining",
    "settled_at",
    "term",
    "updated_at",
    "user_email",
    "user_id",
    "user_name",
    "visibility",
];

/// The documented keys of GET /self/invitations (line 2539); GET /self/invitations/{invitation_id} (line 2612).
pub const INVITATION_KEYS: &[&str] = &["author_id", "created_at", "email", "expires_at", "id"];

/// The documented keys of GET /users (line 2919); GET /users/{user_id} (line 3020).
pub const USER_KEYS: &[&str] = &[
    "additional_type",
    "address",
    "address.building",
    "address.street_address",
    "address.city",
    "address.address_locality",
    "address.region",
    "address.postal_code",
    "address.country",
    "affiliate_code",
    "biography",
    "created_at",
    "custom",
    "email",
    "external_reference_id",
    "family_name",
    "full_name",
    "gender",
    "given_name",
    "has_been_approved",
    "has_been_blocked",
    "honorific_prefix",
    "honorific_suffix",
    "id",
    "image",
    "info",
    "info[].type",
    "info[].value",
    "is_admin",
    "is_vip",
    "job_title",
    "location",
    "organizations",
    "organizations[].organization_id",
    "organizations[].organization_name",
    "organizations[].member_type",
    "organizations[].status",
    "organizations[].contact_point",
    "phone_1",
    "phone_2",
    "referral_code",
    "registration_complete",
    "sector",
    "tagline",
    "time_zone",
    "visibility",
    "web_site",
];

/// The documented keys of GET /offerings/{offering_id}/bulletins (line 5282).
pub const BULLETIN_KEYS: &[&str] = &[
    "body",
    "created_at",
    "id",
    "life_cycle_stage",
    "offering_id",
    "title",
    "updated_at",
];

/// `GET /public/stats` (line 8).
pub const STATS_KEYS: &[&str] = &[
    "sum_settled_investments",
    "count_settled_investments",
    "count_settled_offerings",
    "count_investors_with_settled_investments",
];

/// Keys whose value the seeds give as an integer code ("0 = Open, 1 = Hidden, …").
const INTEGER_CODES: &[&str] = &["life_cycle_stage", "visibility"];

/// Money keys: a string on the wire, never a JSON number.
const MONEY: &[&str] = &[
    "amount_raised",
    "capital_outstanding",
    "external_commitments",
    "funding_goal",
    "investment_amount",
    "max_commitment",
    "max_overfunding_amount",
    "min_commitment",
    "price_per_share",
    "sum_settled_investments",
    "valuation",
];

/// The documented shape of a route's `data`.
pub enum Shape {
    /// `{offset, limit, count, list}`; every element of `list` has the keys.
    List(&'static [&'static str]),
    /// `{wrapper: {…}}`, e.g. `{"user": {…}}`.
    Wrap(&'static str, &'static [&'static str]),
    /// An object with exactly these keys, e.g. `{"user_id": …}`.
    Exactly(&'static [&'static str]),
    /// `[]`.
    EmptyList,
}

/// One row of a section's table: the documented request and the documented answer.
pub struct Call {
    /// HTTP method.
    pub method: Method,
    /// Path after `/v1/{network}`, with real ids.
    pub path: String,
    /// The `cv-auth` value (an SDK header or a token).
    pub auth: String,
    /// The JSON body: the seeds' sample body where there is one.
    pub body: Option<Value>,
    /// The documented `data`.
    pub shape: Shape,
    /// Keys this viewer may not see (null by design, DESIGN §6): what lies below them
    /// is not checked for this call.
    pub withheld: &'static [&'static str],
}

impl Call {
    /// A call whose viewer sees every documented key.
    pub fn new(method: Method, path: impl Into<String>, auth: &str, shape: Shape) -> Self {
        Self {
            method,
            path: path.into(),
            auth: auth.to_owned(),
            body: None,
            shape,
            withheld: &[],
        }
    }

    /// With the seeds' sample body (ids replaced by real ones).
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// With keys the viewer may not see.
    pub fn withheld(mut self, keys: &'static [&'static str]) -> Self {
        self.withheld = keys;
        self
    }

    fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Runs every call in order: status 200, the success envelope and every documented key.
pub async fn run_table(app: &TestApp, calls: Vec<Call>) {
    for call in calls {
        let label = call.label();
        let r = rest(
            app,
            call.method.clone(),
            &call.path,
            Some(&call.auth),
            call.body.clone(),
        )
        .await;
        let data = assert_success(&r);
        match call.shape {
            Shape::List(keys) => {
                for key in ["offset", "limit", "count"] {
                    assert!(data[key].is_i64(), "{label}: {key} in {data}");
                }
                let list = data["list"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{label}: no list in {data}"));
                assert!(!list.is_empty(), "{label}: the fixtures should give a list");
                check_keys(&label, data, "list[].", keys, call.withheld);
            }
            Shape::Wrap(wrapper, keys) => {
                assert!(data[wrapper].is_object(), "{label}: {wrapper} in {data}");
                check_keys(&label, data, &format!("{wrapper}."), keys, call.withheld);
            }
            Shape::Exactly(keys) => {
                let map = data
                    .as_object()
                    .unwrap_or_else(|| panic!("{label}: not an object: {data}"));
                let mut got: Vec<&str> = map.keys().map(String::as_str).collect();
                let mut want = keys.to_vec();
                got.sort_unstable();
                want.sort_unstable();
                assert_eq!(got, want, "{label}: {data}");
                assert!(
                    map.iter()
                        .all(|(k, v)| !v.is_null() || call.withheld.contains(&k.as_str())),
                    "{label}: a null in {data}"
                );
            }
            Shape::EmptyList => assert_eq!(data, &Value::Array(vec![]), "{label}"),
        }
    }
}

/// Checks each documented key (`prefix` + key) in `data`: every key is present; a
/// nested key must be reached at least once (the fixtures give the nested objects and
/// lists), unless it lies below a withheld key.
fn check_keys(label: &str, data: &Value, prefix: &str, keys: &[&str], withheld: &[&str]) {
    for key in keys {
        let path = format!("{prefix}{key}");
        let segments: Vec<&str> = path.split('.').collect();
        let reached = reach(label, data, &segments, &path);
        let below_withheld = key
            .split('.')
            .any(|s| withheld.contains(&s.trim_end_matches("[]")));
        assert!(
            reached > 0 || below_withheld,
            "{label}: no {path} to check (a null or empty parent): {data}"
        );
    }
}

/// Walks `segments` from `value`; returns how many values were reached. A missing key
/// fails; a null parent (or an empty list) ends the walk.
fn reach(label: &str, value: &Value, segments: &[&str], path: &str) -> usize {
    let Some((first, rest)) = segments.split_first() else {
        return 1;
    };
    let (name, is_list) = match first.strip_suffix("[]") {
        Some(name) => (name, true),
        None => (*first, false),
    };
    let map = value
        .as_object()
        .unwrap_or_else(|| panic!("{label}: {path}: not an object at {name}: {value}"));
    let inner = map
        .get(name)
        .unwrap_or_else(|| panic!("{label}: {path}: {name} missing from {value}"));
    check_type(label, name, inner);
    match inner {
        _ if rest.is_empty() && !is_list => 1,
        Value::Null => 0,
        Value::Array(items) if is_list => {
            if rest.is_empty() {
                return items.len();
            }
            items.iter().map(|i| reach(label, i, rest, path)).sum()
        }
        Value::Object(_) if !is_list => reach(label, inner, rest, path),
        other => panic!("{label}: {path}: {name} has the wrong shape: {other}"),
    }
}

/// The wire types the seeds and DESIGN fix: integer enum codes, money as strings, ids as
/// UUID strings.
fn check_type(label: &str, name: &str, value: &Value) {
    if value.is_null() {
        return;
    }
    if INTEGER_CODES.contains(&name) {
        assert!(
            value.is_i64(),
            "{label}: {name} is not an integer code: {value}"
        );
    }
    if MONEY.contains(&name) {
        assert!(
            value.is_string(),
            "{label}: {name} is not a string: {value}"
        );
    }
    if name == "id" {
        let id = value.as_str().unwrap_or_default();
        assert!(
            uuid::Uuid::parse_str(id).is_ok(),
            "{label}: id is not a UUID string: {value}"
        );
    }
}
