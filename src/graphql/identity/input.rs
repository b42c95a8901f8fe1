//! Inputs of the identity mutations and their validation into model changes.

use async_graphql::{InputObject, MaybeUndefined};
use chrono::NaiveDate;

use super::limits::{Detail, DetailLimits};
use crate::domain::custom::{self, CustomError};
use crate::domain::stages::Visibility;
use crate::domain::text::{self, TextError};
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
    /// An address: with `id` it updates that address, without it adds one (a user has at
    /// most `MAX_ADDRESSES_PER_USER` addresses, 10 by default; more is error 19020).
    pub address: Option<AddressInput>,
    /// Bank accounts: each with `id` updates that account, without it adds one (a user
    /// has at most `MAX_BANK_ACCOUNTS_PER_USER`, 10 by default; an update that would leave
    /// more is refused whole with error 19020).
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

/// A refused text as the identity mutations answer it (400, the rule's message).
fn text_error(err: TextError) -> ApiError {
    ApiError::bad_request(err.to_string())
}

fn text(field: &str, v: MaybeUndefined<String>) -> ApiResult<Option<Option<String>>> {
    text::change(field, v.into(), MAX_TEXT).map_err(text_error)
}

/// A text change holding an ISO code of `len` letters.
fn iso_code(
    field: &str,
    v: MaybeUndefined<String>,
    len: usize,
) -> ApiResult<Option<Option<String>>> {
    let value = text(field, v)?;
    if let Some(Some(code)) = &value {
        text::check_iso_code(field, code, len).map_err(text_error)?;
    }
    Ok(value)
}

/// An address as a client wrote it, checked: parts trimmed (blank is none), at most `max`
/// characters each, the country an ISO 3166-1 alpha-2 code. Fields are named
/// `address.<part>` in the refusal.
pub fn checked_postal_address(p: PostalAddress, max: usize) -> Result<PostalAddress, TextError> {
    let part = |field: &str, v| text::optional(field, v, max);
    Ok(PostalAddress {
        building: part("address.building", p.building)?,
        sub_building: part("address.sub_building", p.sub_building)?,
        street_address: part("address.street_address", p.street_address)?,
        address_locality: part("address.address_locality", p.address_locality)?,
        city: part("address.city", p.city)?,
        region: part("address.region", p.region)?,
        postal_code: part("address.postal_code", p.postal_code)?,
        country: optional_iso_code("address.country", part("address.country", p.country)?, 2)?,
    })
}

/// A bank account's details as a client wrote them, checked like
/// [`checked_postal_address`]; the country is an alpha-2 code, the currency an ISO 4217
/// code.
pub fn checked_bank_details(b: BankDetails, max: usize) -> Result<BankDetails, TextError> {
    let part = |field: &str, v| text::optional(field, v, max);
    Ok(BankDetails {
        bank_name: part("bank_name", b.bank_name)?,
        bank_account_number: part("bank_account_number", b.bank_account_number)?,
        bank_routing_number: part("bank_routing_number", b.bank_routing_number)?,
        bank_swift_code: part("bank_swift_code", b.bank_swift_code)?,
        bank_address: part("bank_address", b.bank_address)?,
        bank_country: optional_iso_code("bank_country", part("bank_country", b.bank_country)?, 2)?,
        bank_currency: optional_iso_code(
            "bank_currency",
            part("bank_currency", b.bank_currency)?,
            3,
        )?,
    })
}

fn optional_iso_code(
    field: &str,
    code: Option<String>,
    len: usize,
) -> Result<Option<String>, TextError> {
    code.as_deref()
        .map_or(Ok(()), |c| text::check_iso_code(field, c, len))?;
    Ok(code)
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
    /// The caps the upserts must keep.
    pub limits: DetailLimits,
}

fn input_id(id: Option<async_graphql::ID>, what: &str) -> ApiResult<Option<uuid::Uuid>> {
    id.map(|id| {
        parse_id(&id, what)
            .map_err(|_| ApiError::bad_request(format!("{what} id {:?} is not a valid id.", id.0)))
    })
    .transpose()
}

impl ProfileInput {
    /// Validates the input. `may_set_vip` is true for admins only. More bank accounts
    /// than `limits` allows are refused first; then the profile's fields are checked,
    /// then the address, then the bank accounts in order.
    pub fn plan(mut self, may_set_vip: bool, limits: DetailLimits) -> ApiResult<ProfilePlan> {
        if self.is_vip.is_some() && !may_set_vip {
            return Err(ApiError::forbidden("Only an admin may set is_vip."));
        }
        let address = self.address.take();
        let bank_accounts = self.bank_accounts.take().unwrap_or_default();
        limits.check_input(Detail::BankAccount, bank_accounts.len())?;
        let custom = self.custom.take().map(|j| j.0);
        let changes = self.changes()?;
        Ok(ProfilePlan {
            changes,
            custom,
            address: address.map(AddressInput::plan).transpose()?,
            bank_accounts: bank_accounts
                .into_iter()
                .map(BankAccountInput::plan)
                .collect::<ApiResult<_>>()?,
            limits,
        })
    }

    /// The column changes (custom fields are merged later, against the stored ones).
    fn changes(self) -> ApiResult<ProfileChanges> {
        Ok(ProfileChanges {
            additional_type: text("additional_type", self.additional_type)?,
            affiliate_code: text("affiliate_code", self.affiliate_code)?,
            biography: text("biography", self.biography)?,
            birth_date: self.birth_date.into(),
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
            nationality: iso_code("nationality", self.nationality, 2)?,
            passport_country: iso_code("passport_country", self.passport_country, 2)?,
            passport_expiry: self.passport_expiry.into(),
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
        })
    }
}

impl AddressInput {
    /// The address to upsert: the id of the one to update (none adds one) and its parts.
    fn plan(self) -> ApiResult<(Option<uuid::Uuid>, PostalAddress)> {
        let id = input_id(self.id, "address")?;
        let postal = checked_postal_address(self.postal, MAX_TEXT).map_err(text_error)?;
        Ok((id, postal))
    }
}

impl BankAccountInput {
    /// The bank account to upsert: the id of the one to update (none adds one) and its
    /// details.
    fn plan(self) -> ApiResult<(Option<uuid::Uuid>, BankDetails)> {
        let id = input_id(self.id, "bank account")?;
        let details = checked_bank_details(self.details, MAX_TEXT).map_err(text_error)?;
        Ok((id, details))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: DetailLimits = DetailLimits {
        bank_accounts: 10,
        addresses: 10,
    };

    /// The code and message refusing an empty input changed by `change`.
    fn refusal(change: impl FnOnce(&mut ProfileInput)) -> (u32, String) {
        let mut input = ProfileInput::default();
        change(&mut input);
        let err = input.plan(false, LIMITS).err().expect("refused");
        (err.code, err.developer_message.into_owned())
    }

    fn bank(details: BankDetails, id: Option<&str>) -> Option<Vec<BankAccountInput>> {
        let id = id.map(async_graphql::ID::from);
        Some(vec![BankAccountInput { id, details }])
    }

    #[test]
    fn refusals_name_the_field_and_the_rule() {
        let bad = |m: &str| (codes::BAD_REQUEST.number(), m.to_owned());
        let long = "x".repeat(MAX_TEXT + 1);
        assert_eq!(
            refusal(|i| i.biography = MaybeUndefined::Value(long)),
            bad("biography is longer than 4000 characters.")
        );
        assert_eq!(
            refusal(|i| i.nationality = MaybeUndefined::Value(" gb ".into())),
            bad("nationality must be an ISO code of 2 upper-case letters, e.g. GB.")
        );
        let postal = PostalAddress {
            country: Some("GBR".into()),
            ..Default::default()
        };
        assert_eq!(
            refusal(|i| i.address = Some(AddressInput { id: None, postal })),
            bad("address.country must be an ISO code of 2 upper-case letters, e.g. GB.")
        );
        let currency = BankDetails {
            bank_currency: Some("eur".into()),
            ..Default::default()
        };
        assert_eq!(
            refusal(|i| i.bank_accounts = bank(currency, None)),
            bad("bank_currency must be an ISO code of 3 upper-case letters, e.g. EUR.")
        );
        assert_eq!(
            refusal(|i| i.bank_accounts = bank(BankDetails::default(), Some("nope"))),
            bad("bank account id \"nope\" is not a valid id.")
        );
        let vip = refusal(|i| i.is_vip = Some(true));
        assert_eq!(vip.0, codes::FORBIDDEN.number());
    }

    #[test]
    fn texts_are_trimmed_and_blank_clears() {
        let input = ProfileInput {
            given_name: MaybeUndefined::Value("  Ada ".into()),
            family_name: MaybeUndefined::Value("  ".into()),
            tagline: MaybeUndefined::Null,
            address: Some(AddressInput {
                id: None,
                postal: PostalAddress {
                    city: Some(" London ".into()),
                    country: Some("GB".into()),
                    ..Default::default()
                },
            }),
            ..Default::default()
        };
        let plan = input.plan(false, LIMITS).unwrap();
        assert_eq!(plan.changes.given_name, Some(Some("Ada".into())));
        assert_eq!(plan.changes.family_name, Some(None));
        assert_eq!(plan.changes.tagline, Some(None));
        assert_eq!(plan.changes.biography, None);
        let (id, postal) = plan.address.unwrap();
        assert_eq!(id, None);
        assert_eq!(postal.city.as_deref(), Some("London"));
        assert_eq!(postal.country.as_deref(), Some("GB"));
    }
}
