//! Inputs of the identity mutations and their validation into model changes.

use async_graphql::{InputObject, MaybeUndefined};
use chrono::NaiveDate;

use crate::domain::custom::{self, CustomError};
use crate::domain::stages::Visibility;
use crate::error::{ApiError, ApiResult, codes};
use crate::graphql::ids::parse_id;
use crate::models::shapes::{BankDetails, PostalAddress};
use crate::models::user::ProfileChanges;

/// Editable fields of a user's profile (PATCH /self). An
/// omitted field is left as it is; `null` clears it.
#[derive(Debug, Default, InputObject)]
pub struct ProfileInput {
    /// A category for the user, e.g. investor or borrower.
    pub additional_type: MaybeUndefined<String>,
    /// The code this user hands out as an affiliate (unique in the network).
    pub affiliate_code: MaybeUndefined<String>,
    /// Biography.
    pub biography: MaybeUndefined<String>,
    /// Date of birth.
    pub birth_date: MaybeUndefined<NaiveDate>,
    /// Place of birth.
    pub birth_place: MaybeUndefined<String>,
    /// Country of birth.
    pub birth_country: MaybeUndefined<String>,
    /// Driving licence number.
    pub driving_license_number: MaybeUndefined<String>,
    /// Identifier in another system of the platform.
    pub external_reference_id: MaybeUndefined<String>,
    /// Family name.
    pub family_name: MaybeUndefined<String>,
    /// Gender.
    pub gender: MaybeUndefined<String>,
    /// Given name.
    pub given_name: MaybeUndefined<String>,
    /// Middle name.
    pub additional_name: MaybeUndefined<String>,
    /// Honorific prefix such as Dr.
    pub honorific_prefix: MaybeUndefined<String>,
    /// Honorific suffix such as PhD.
    pub honorific_suffix: MaybeUndefined<String>,
    /// Income range.
    pub income_range: MaybeUndefined<String>,
    /// Job title.
    pub job_title: MaybeUndefined<String>,
    /// Location.
    pub location: MaybeUndefined<String>,
    /// Nationality, ISO 3166-1 alpha-2 (e.g. `GB`).
    pub nationality: MaybeUndefined<String>,
    /// Passport issuing country, alpha-2.
    pub passport_country: MaybeUndefined<String>,
    /// Passport expiry date.
    pub passport_expiry: MaybeUndefined<NaiveDate>,
    /// Passport number.
    pub passport_number: MaybeUndefined<String>,
    /// Primary phone.
    #[graphql(name = "phone1")]
    pub phone_1: MaybeUndefined<String>,
    /// Secondary phone.
    #[graphql(name = "phone2")]
    pub phone_2: MaybeUndefined<String>,
    /// Industry or sector.
    pub sector: MaybeUndefined<String>,
    /// Short tagline.
    pub tagline: MaybeUndefined<String>,
    /// Tax or fiscal id.
    pub tax_id: MaybeUndefined<String>,
    /// Time zone, e.g. `Europe/London`.
    pub time_zone: MaybeUndefined<String>,
    /// Web site.
    pub web_site: MaybeUndefined<String>,
    /// Who may see the user.
    pub visibility: Option<Visibility>,
    /// VIP status: only admins may set it.
    pub is_vip: Option<bool>,
    /// Custom fields to merge: each name is set, a `null` value removes it (at most 100
    /// fields per user).
    pub custom: Option<async_graphql::Json<serde_json::Value>>,
    /// An address: with `id` it updates that address, without it adds one.
    pub address: Option<AddressInput>,
    /// Bank accounts: each with `id` updates that account, without it adds one.
    pub bank_accounts: Option<Vec<BankAccountInput>>,
}

/// An address to add (no `id`) or update (`id` of one of the user's addresses).
#[derive(Debug, Default, InputObject)]
pub struct AddressInput {
    /// The address to update; omit to add a new one.
    pub id: Option<async_graphql::ID>,
    #[graphql(flatten)]
    pub postal: PostalAddress,
}

/// A bank account to add (no `id`) or update.
#[derive(Debug, Default, InputObject)]
pub struct BankAccountInput {
    /// The account to update; omit to add a new one.
    pub id: Option<async_graphql::ID>,
    #[graphql(flatten)]
    pub details: BankDetails,
}

/// Longest free-text value accepted for a profile field.
pub const MAX_TEXT: usize = 4000;

fn text(field: &str, v: MaybeUndefined<String>) -> ApiResult<Option<Option<String>>> {
    match v {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(s) => {
            let s = s.trim().to_owned();
            if s.chars().count() > MAX_TEXT {
                return Err(ApiError::bad_request(format!(
                    "{field} is longer than {MAX_TEXT} characters."
                )));
            }
            Ok(Some((!s.is_empty()).then_some(s)))
        }
    }
}

fn plain(field: &str, v: Option<String>) -> ApiResult<Option<String>> {
    let v = v.map_or(MaybeUndefined::Undefined, MaybeUndefined::Value);
    Ok(text(field, v)?.flatten())
}

fn date(v: MaybeUndefined<NaiveDate>) -> Option<Option<NaiveDate>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(d) => Some(Some(d)),
    }
}

/// Checks an ISO code of `len` upper-case letters.
fn iso_code(
    field: &str,
    value: Option<Option<String>>,
    len: usize,
) -> ApiResult<Option<Option<String>>> {
    if let Some(Some(code)) = &value
        && (code.len() != len || !code.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(ApiError::bad_request(format!(
            "{field} must be an ISO code of {len} upper-case letters, e.g. {}.",
            if len == 2 { "GB" } else { "EUR" }
        )));
    }
    Ok(value)
}

/// The custom-field limit or name error as a client error.
pub fn custom_error(err: CustomError) -> ApiError {
    match err {
        CustomError::NotAnObject => {
            ApiError::bad_request("custom must be a JSON object of name to value.")
        }
        CustomError::BadName(name) => ApiError::bad_request(format!(
            "Custom field name {name:?} is invalid: use 1-64 letters, digits, '_' or '-'."
        )),
        CustomError::TooMany(n) => ApiError::new(
            codes::CUSTOM_FIELDS_LIMIT,
            "You have reached the limit of custom fields.",
            format!(
                "At most {} custom fields per object; this change would leave {n}.",
                custom::MAX_CUSTOM_FIELDS
            ),
        ),
    }
}

/// A validated profile change.
pub struct ProfilePlan {
    /// Column changes (custom fields still to merge).
    pub changes: ProfileChanges,
    /// Custom fields to merge into the current ones.
    pub custom: Option<serde_json::Value>,
    /// Address to upsert.
    pub address: Option<(Option<uuid::Uuid>, PostalAddress)>,
    /// Bank accounts to upsert.
    pub bank_accounts: Vec<(Option<uuid::Uuid>, BankDetails)>,
}

fn input_id(id: Option<async_graphql::ID>, what: &str) -> ApiResult<Option<uuid::Uuid>> {
    id.map(|id| {
        parse_id(&id, what)
            .map_err(|_| ApiError::bad_request(format!("{what} id {:?} is not a valid id.", id.0)))
    })
    .transpose()
}

impl ProfileInput {
    /// Validates the input. `may_set_vip` is true for admins only.
    pub fn plan(self, may_set_vip: bool) -> ApiResult<ProfilePlan> {
        if self.is_vip.is_some() && !may_set_vip {
            return Err(ApiError::forbidden("Only an admin may set is_vip."));
        }
        let changes = ProfileChanges {
            additional_type: text("additional_type", self.additional_type)?,
            affiliate_code: text("affiliate_code", self.affiliate_code)?,
            biography: text("biography", self.biography)?,
            birth_date: date(self.birth_date),
            birth_place: text("birth_place", self.birth_place)?,
            birth_country: text("birth_country", self.birth_country)?,
            driving_license_number: text("driving_license_number", self.driving_license_number)?,
            external_reference_id: text("external_reference_id", self.external_reference_id)?,
            family_name: text("family_name", self.family_name)?,
            gender: text("gender", self.gender)?,
            given_name: text("given_name", self.given_name)?,
            additional_name: text("additional_name", self.additional_name)?,
            honorific_prefix: text("honorific_prefix", self.honorific_prefix)?,
            honorific_suffix: text("honorific_suffix", self.honorific_suffix)?,
            income_range: text("income_range", self.income_range)?,
            job_title: text("job_title", self.job_title)?,
            location: text("location", self.location)?,
            nationality: iso_code("nationality", text("nationality", self.nationality)?, 2)?,
            passport_country: iso_code(
                "passport_country",
                text("passport_country", self.passport_country)?,
                2,
            )?,
            passport_expiry: date(self.passport_expiry),
            passport_number: text("passport_number", self.passport_number)?,
            phone_1: text("phone_1", self.phone_1)?,
            phone_2: text("phone_2", self.phone_2)?,
            sector: text("sector", self.sector)?,
            tagline: text("tagline", self.tagline)?,
            tax_id: text("tax_id", self.tax_id)?,
            time_zone: text("time_zone", self.time_zone)?,
            web_site: text("web_site", self.web_site)?,
            visibility: self.visibility.map(Visibility::code),
            is_vip: self.is_vip,
            custom: None,
        };
        let address = match self.address {
            None => None,
            Some(a) => Some((
                input_id(a.id, "address")?,
                PostalAddress {
                    building: plain("address.building", a.postal.building)?,
                    sub_building: plain("address.sub_building", a.postal.sub_building)?,
                    street_address: plain("address.street_address", a.postal.street_address)?,
                    address_locality: plain("address.address_locality", a.postal.address_locality)?,
                    city: plain("address.city", a.postal.city)?,
                    region: plain("address.region", a.postal.region)?,
                    postal_code: plain("address.postal_code", a.postal.postal_code)?,
                    country: iso_code(
                        "address.country",
                        plain("address.country", a.postal.country)?.map(Some),
                        2,
                    )?
                    .flatten(),
                },
            )),
        };
        let mut bank_accounts = Vec::new();
        for b in self.bank_accounts.unwrap_or_default() {
            bank_accounts.push((
                input_id(b.id, "bank account")?,
                BankDetails {
                    bank_name: plain("bank_name", b.details.bank_name)?,
                    bank_account_number: plain(
                        "bank_account_number",
                        b.details.bank_account_number,
                    )?,
                    bank_routing_number: plain(
                        "bank_routing_number",
                        b.details.bank_routing_number,
                    )?,
                    bank_swift_code: plain("bank_swift_code", b.details.bank_swift_code)?,
                    bank_address: plain("bank_address", b.details.bank_address)?,
                    bank_country: iso_code(
                        "bank_country",
                        plain("bank_country", b.details.bank_country)?.map(Some),
                        2,
                    )?
                    .flatten(),
                    bank_currency: iso_code(
                        "bank_currency",
                        plain("bank_currency", b.details.bank_currency)?.map(Some),
                        3,
                    )?
                    .flatten(),
                },
            ));
        }
        Ok(ProfilePlan {
            changes,
            custom: self.custom.map(|j| j.0),
            address,
            bank_accounts,
        })
    }
}
