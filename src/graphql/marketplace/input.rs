//! Inputs of the marketplace mutations and their validation into model changes. An
//! omitted field is left as it is; `null` clears a nullable field. Amounts are `Money`
//! strings (never floats).

use async_graphql::{ID, InputObject, Json, MaybeUndefined};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::field_rules::{
    check_amount, check_iso_code, check_percentage, check_whole, display_name,
};
use crate::domain::stages::{InvestmentStage, OfferingStage, OrganizationStage, Visibility};
use crate::error::{ApiError, ApiResult};
use crate::graphql::scalars::Money;
use crate::models::investment::InvestmentChanges;
use crate::models::offering::OfferingChanges;
use crate::models::organization::OrganizationChanges;
use crate::models::shapes::{BankDetails, PostalAddress};

use super::{field_error, invalid_data};

/// Longest free-text value accepted (descriptions included).
pub const MAX_TEXT: usize = 20_000;

/// A trimmed text change; an empty string clears.
pub fn text(field: &str, v: MaybeUndefined<String>) -> ApiResult<Option<Option<String>>> {
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

fn maybe<T>(v: MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(x) => Some(Some(x)),
    }
}

/// A non-negative amount change.
fn amount(field: &str, v: MaybeUndefined<Money>) -> ApiResult<Option<Option<Decimal>>> {
    let v = maybe(v).map(|o| o.map(|m| m.0));
    if let Some(Some(d)) = v {
        check_amount(field, d).map_err(field_error)?;
    }
    Ok(v)
}

/// A non-negative whole number change.
fn whole(field: &str, v: MaybeUndefined<i32>) -> ApiResult<Option<Option<i32>>> {
    let v = maybe(v);
    if let Some(Some(n)) = v {
        check_whole(field, n).map_err(field_error)?;
    }
    Ok(v)
}

/// An ISO code of `len` upper-case letters.
fn iso_code(
    field: &str,
    value: Option<Option<String>>,
    len: usize,
) -> ApiResult<Option<Option<String>>> {
    if let Some(Some(code)) = &value {
        check_iso_code(field, code, len).map_err(field_error)?;
    }
    Ok(value)
}

fn id_change(field: &str, v: MaybeUndefined<ID>) -> ApiResult<Option<Option<Uuid>>> {
    match maybe(v) {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(id)) => Uuid::parse_str(&id)
            .map(|u| Some(Some(u)))
            .map_err(|_| invalid_data(format!("{field} {:?} is not a valid id.", id.0))),
    }
}

/// An organization's address (organizations have at most one; setting it replaces it).
#[derive(Debug, Default, InputObject)]
pub struct OrganizationAddressInput {
    #[graphql(flatten)]
    pub postal: PostalAddress,
}

/// An organization's bank account (at most one; setting it replaces it).
#[derive(Debug, Default, InputObject)]
pub struct OrganizationBankAccountInput {
    #[graphql(flatten)]
    pub details: BankDetails,
}

/// Fields of an organization (POST and PATCH /organizations). On creation `displayName`
/// is required and `lifeCycleStage` may be Draft (default) or Submitted; on update a
/// `lifeCycleStage` moves the organization (forward only; members may only submit a
/// Draft). The integration ids are set by admins only.
#[derive(Debug, Default, InputObject)]
pub struct OrganizationInput {
    /// Public name (required on creation; cannot be cleared).
    pub display_name: Option<String>,
    /// Registered name.
    pub legal_name: MaybeUndefined<String>,
    /// Another name.
    pub alternate_name: MaybeUndefined<String>,
    /// Category.
    pub additional_type: MaybeUndefined<String>,
    /// Short description.
    pub brief_desc: MaybeUndefined<String>,
    /// Long description.
    pub detail_desc: MaybeUndefined<String>,
    /// Industry or sector.
    pub sector: MaybeUndefined<String>,
    /// Location, e.g. a city.
    pub location: MaybeUndefined<String>,
    /// Founding date.
    pub founding_date: MaybeUndefined<NaiveDate>,
    /// Founding location.
    pub founding_location: MaybeUndefined<String>,
    /// Company registration number.
    pub company_number: MaybeUndefined<String>,
    /// Tax / fiscal id.
    pub tax_id: MaybeUndefined<String>,
    /// Credit score.
    pub credit_score: MaybeUndefined<String>,
    /// Contact email.
    pub org_email: MaybeUndefined<String>,
    /// Phone.
    pub telephone: MaybeUndefined<String>,
    /// Web site.
    pub website: MaybeUndefined<String>,
    /// Facebook page.
    pub facebook: MaybeUndefined<String>,
    /// LinkedIn page.
    pub linkedin: MaybeUndefined<String>,
    /// Twitter page.
    pub twitter: MaybeUndefined<String>,
    /// YouTube page.
    pub youtube: MaybeUndefined<String>,
    /// The id of a Document holding the logo.
    pub logo: MaybeUndefined<ID>,
    /// Who may see the organization.
    pub visibility: Option<Visibility>,
    /// The contact point: the id of an active member (update only).
    pub contact_point: Option<ID>,
    /// Stage: the starting stage on creation, a transition on update.
    pub life_cycle_stage: Option<OrganizationStage>,
    /// Custom fields to merge: each name is set, a `null` value removes it (at most 100).
    pub custom: Option<Json<serde_json::Value>>,
    /// The address (replaces the current one).
    pub address: Option<OrganizationAddressInput>,
    /// The bank account (replaces the current one).
    pub bank_account: Option<OrganizationBankAccountInput>,
    /// GCEN client id (admins only).
    pub gcen_client_id: MaybeUndefined<String>,
    /// MangoPay legal user id (admins only).
    pub mangopay_user_id: MaybeUndefined<String>,
    /// MangoPay card id (admins only).
    pub mangopay_card_id: MaybeUndefined<String>,
    /// MangoPay wallet id (admins only).
    pub mangopay_wallet_id: MaybeUndefined<String>,
    /// FundAmerica entity id (admins only).
    pub fundamerica_entity_id: MaybeUndefined<String>,
    /// Reyker ISIN (admins only).
    pub reyker_isin: MaybeUndefined<String>,
}

/// A validated organization change.
pub struct OrganizationPlan {
    /// Column changes (stage, contact point, custom and stamps are set by the caller).
    pub changes: OrganizationChanges,
    /// Whether an integration id (admins only) is being changed.
    pub integration: bool,
    /// Custom fields to merge.
    pub custom: Option<serde_json::Value>,
    /// The contact point asked for.
    pub contact_point: Option<Uuid>,
    /// The stage asked for.
    pub stage: Option<OrganizationStage>,
    /// The address to set.
    pub address: Option<PostalAddress>,
    /// The bank account to set.
    pub bank_account: Option<BankDetails>,
}

impl OrganizationInput {
    /// Validates the input.
    pub fn plan(self) -> ApiResult<OrganizationPlan> {
        let display_name = self
            .display_name
            .map(|name| display_name(&name))
            .transpose()
            .map_err(field_error)?;
        let contact_point = self
            .contact_point
            .map(|id| {
                Uuid::parse_str(&id).map_err(|_| {
                    invalid_data(format!("contact_point {:?} is not a valid id.", id.0))
                })
            })
            .transpose()?;
        let changes = OrganizationChanges {
            display_name,
            legal_name: text("legal_name", self.legal_name)?,
            alternate_name: text("alternate_name", self.alternate_name)?,
            additional_type: text("additional_type", self.additional_type)?,
            brief_desc: text("brief_desc", self.brief_desc)?,
            detail_desc: text("detail_desc", self.detail_desc)?,
            sector: text("sector", self.sector)?,
            location: text("location", self.location)?,
            founding_date: maybe(self.founding_date),
            founding_location: text("founding_location", self.founding_location)?,
            company_number: text("company_number", self.company_number)?,
            tax_id: text("tax_id", self.tax_id)?,
            credit_score: text("credit_score", self.credit_score)?,
            org_email: text("org_email", self.org_email)?,
            telephone: text("telephone", self.telephone)?,
            website: text("website", self.website)?,
            facebook: text("facebook", self.facebook)?,
            linkedin: text("linkedin", self.linkedin)?,
            twitter: text("twitter", self.twitter)?,
            youtube: text("youtube", self.youtube)?,
            logo_document_id: id_change("logo", self.logo)?,
            visibility: self.visibility.map(Visibility::code),
            ..OrganizationChanges::default()
        };
        let mut changes = changes;
        changes.gcen_client_id = text("gcen_client_id", self.gcen_client_id)?;
        changes.mangopay_user_id = text("mangopay_user_id", self.mangopay_user_id)?;
        changes.mangopay_card_id = text("mangopay_card_id", self.mangopay_card_id)?;
        changes.mangopay_wallet_id = text("mangopay_wallet_id", self.mangopay_wallet_id)?;
        changes.fundamerica_entity_id = text("fundamerica_entity_id", self.fundamerica_entity_id)?;
        changes.reyker_isin = text("reyker_isin", self.reyker_isin)?;
        let integration = changes.gcen_client_id.is_some()
            || changes.mangopay_user_id.is_some()
            || changes.mangopay_card_id.is_some()
            || changes.mangopay_wallet_id.is_some()
            || changes.fundamerica_entity_id.is_some()
            || changes.reyker_isin.is_some();
        let address = match self.address {
            None => None,
            Some(a) => Some(PostalAddress {
                building: plain("address.building", a.postal.building)?,
                sub_building: plain("address.sub_building", a.postal.sub_building)?,
                street_address: plain("address.street_address", a.postal.street_address)?,
                address_locality: plain("address.address_locality", a.postal.address_locality)?,
                city: plain("address.city", a.postal.city)?,
                region: plain("address.region", a.postal.region)?,
                postal_code: plain("address.postal_code", a.postal.postal_code)?,
                country: iso_code(
                    "address.country",
                    Some(plain("address.country", a.postal.country)?),
                    2,
                )?
                .flatten(),
            }),
        };
        let bank_account = match self.bank_account {
            None => None,
            Some(b) => Some(BankDetails {
                bank_name: plain("bank_name", b.details.bank_name)?,
                bank_account_number: plain("bank_account_number", b.details.bank_account_number)?,
                bank_routing_number: plain("bank_routing_number", b.details.bank_routing_number)?,
                bank_swift_code: plain("bank_swift_code", b.details.bank_swift_code)?,
                bank_address: plain("bank_address", b.details.bank_address)?,
                bank_country: iso_code(
                    "bank_country",
                    Some(plain("bank_country", b.details.bank_country)?),
                    2,
                )?
                .flatten(),
                bank_currency: iso_code(
                    "bank_currency",
                    Some(plain("bank_currency", b.details.bank_currency)?),
                    3,
                )?
                .flatten(),
            }),
        };
        Ok(OrganizationPlan {
            changes,
            integration,
            custom: self.custom.map(|j| j.0),
            contact_point,
            stage: self.life_cycle_stage,
            address,
            bank_account,
        })
    }
}

/// Fields of an offering (POST /organizations/{id}/offerings and PATCH /offerings/{id}).
/// On creation `lifeCycleStage` may be Draft (default) or Submitted; on update it is a
/// transition under the lifecycle rules. Members edit fields while Draft or Submitted;
/// admins at any stage. `isFeatured` and the integration ids are set by admins only.
#[derive(Debug, Default, InputObject)]
pub struct OfferingInput {
    /// Name, e.g. "SPV 1".
    pub name: MaybeUndefined<String>,
    /// Long description.
    pub offering_description: MaybeUndefined<String>,
    /// Category.
    pub additional_type: MaybeUndefined<String>,
    /// Another category.
    pub category: MaybeUndefined<String>,
    /// Credit score.
    pub credit_score: MaybeUndefined<String>,
    /// Currency, ISO 4217 (e.g. `EUR`).
    pub currency: MaybeUndefined<String>,
    /// Featured on the public home page (admins only).
    pub is_featured: Option<bool>,
    /// A secondary-market offering.
    pub is_secondary_offering: Option<bool>,
    /// The original offering of a secondary offering.
    pub primary_offering_id: MaybeUndefined<ID>,
    /// The capitalization offered.
    pub capitalization_id: MaybeUndefined<ID>,
    /// Funding goal.
    pub funding_goal: MaybeUndefined<Money>,
    /// Money raised outside the platform (counted into amountRaised); `null` sets 0.
    pub external_commitments: MaybeUndefined<Money>,
    /// Valuation.
    pub valuation: MaybeUndefined<Money>,
    /// Service charge.
    pub service_charge: MaybeUndefined<Money>,
    /// Equity offered, percent (0-100).
    pub equity_offered: MaybeUndefined<Money>,
    /// Interest rate.
    pub interest_rate: MaybeUndefined<Money>,
    /// Loan term.
    pub term: MaybeUndefined<i32>,
    /// Shares offered.
    pub num_of_shares: MaybeUndefined<Money>,
    /// Price per share.
    pub price_per_share: MaybeUndefined<Money>,
    /// No investments before this day.
    pub open_date: MaybeUndefined<NaiveDate>,
    /// No investments after this day.
    pub close_date: MaybeUndefined<NaiveDate>,
    /// Smallest investment.
    pub min_commitment: MaybeUndefined<Money>,
    /// Largest total per investor (Open + Approved + Settled).
    pub max_commitment: MaybeUndefined<Money>,
    /// Largest total of the offering's non-Rejected, non-Withdrawn investments.
    pub max_overfunding_amount: MaybeUndefined<Money>,
    /// GCEN client id (admins only).
    pub gcen_client_id: MaybeUndefined<String>,
    /// MangoPay wallet id (admins only).
    pub mangopay_wallet_id: MaybeUndefined<String>,
    /// FundAmerica offering id (admins only).
    pub fundamerica_offering_id: MaybeUndefined<String>,
    /// Stage: the starting stage on creation, a transition on update.
    pub life_cycle_stage: Option<OfferingStage>,
    /// Custom fields to merge: each name is set, a `null` value removes it (at most 100).
    pub custom: Option<Json<serde_json::Value>>,
}

/// A validated offering change.
pub struct OfferingPlan {
    /// Column changes (stage, custom and stamps are set by the caller).
    pub changes: OfferingChanges,
    /// Whether a field only admins may set is being changed.
    pub admin_fields: bool,
    /// Whether any field at all (not the stage) is being changed.
    pub any_field: bool,
    /// Custom fields to merge.
    pub custom: Option<serde_json::Value>,
    /// The stage asked for.
    pub stage: Option<OfferingStage>,
}

impl OfferingInput {
    /// Validates the input (each value on its own; rules across values, such as
    /// min_commitment <= max_commitment, are checked on the merged row).
    pub fn plan(self) -> ApiResult<OfferingPlan> {
        let equity_offered = amount("equity_offered", self.equity_offered)?;
        if let Some(Some(e)) = equity_offered {
            check_percentage(e).map_err(field_error)?;
        }
        let external = amount("external_commitments", self.external_commitments)?;
        let changes = OfferingChanges {
            capitalization_id: id_change("capitalization_id", self.capitalization_id)?,
            primary_offering_id: id_change("primary_offering_id", self.primary_offering_id)?,
            name: text("name", self.name)?,
            offering_description: text("offering_description", self.offering_description)?,
            additional_type: text("additional_type", self.additional_type)?,
            category: text("category", self.category)?,
            credit_score: text("credit_score", self.credit_score)?,
            currency: iso_code("currency", text("currency", self.currency)?, 3)?,
            is_featured: self.is_featured,
            is_secondary_offering: self.is_secondary_offering,
            funding_goal: amount("funding_goal", self.funding_goal)?,
            external_commitments: external.map(|e| e.unwrap_or(Decimal::ZERO)),
            valuation: amount("valuation", self.valuation)?,
            service_charge: amount("service_charge", self.service_charge)?,
            equity_offered,
            interest_rate: amount("interest_rate", self.interest_rate)?,
            term: whole("term", self.term)?,
            num_of_shares: amount("num_of_shares", self.num_of_shares)?,
            price_per_share: amount("price_per_share", self.price_per_share)?,
            open_date: maybe(self.open_date),
            close_date: maybe(self.close_date),
            min_commitment: amount("min_commitment", self.min_commitment)?,
            max_commitment: amount("max_commitment", self.max_commitment)?,
            max_overfunding_amount: amount("max_overfunding_amount", self.max_overfunding_amount)?,
            gcen_client_id: text("gcen_client_id", self.gcen_client_id)?,
            mangopay_wallet_id: text("mangopay_wallet_id", self.mangopay_wallet_id)?,
            fundamerica_offering_id: text("fundamerica_offering_id", self.fundamerica_offering_id)?,
            ..OfferingChanges::default()
        };
        let admin_fields = changes.is_featured.is_some()
            || changes.gcen_client_id.is_some()
            || changes.mangopay_wallet_id.is_some()
            || changes.fundamerica_offering_id.is_some();
        let c = &changes;
        let any_field = admin_fields
            || self.custom.is_some()
            || c.capitalization_id.is_some()
            || c.primary_offering_id.is_some()
            || c.name.is_some()
            || c.offering_description.is_some()
            || c.additional_type.is_some()
            || c.category.is_some()
            || c.credit_score.is_some()
            || c.currency.is_some()
            || c.is_secondary_offering.is_some()
            || c.funding_goal.is_some()
            || c.external_commitments.is_some()
            || c.valuation.is_some()
            || c.service_charge.is_some()
            || c.equity_offered.is_some()
            || c.interest_rate.is_some()
            || c.term.is_some()
            || c.num_of_shares.is_some()
            || c.price_per_share.is_some()
            || c.open_date.is_some()
            || c.close_date.is_some()
            || c.min_commitment.is_some()
            || c.max_commitment.is_some()
            || c.max_overfunding_amount.is_some();
        Ok(OfferingPlan {
            changes,
            admin_fields,
            any_field,
            custom: self.custom.map(|j| j.0),
            stage: self.life_cycle_stage,
        })
    }
}

/// Details of an investment (POST /offerings/{id}/investments, PATCH /investments/{id}).
#[derive(Debug, Default, InputObject)]
pub struct InvestmentInput {
    /// Shares asked for (drives the share distribution of a Settled offering).
    pub number_of_shares: MaybeUndefined<Money>,
    /// Currency, ISO 4217.
    pub currency: MaybeUndefined<String>,
    /// Interest rate asked for.
    pub interest_rate: MaybeUndefined<Money>,
    /// Term asked for.
    pub term: MaybeUndefined<i32>,
    /// Who may see the investment: Open (default), Hidden or Anonymous.
    pub visibility: Option<Visibility>,
    /// Custom fields to merge: each name is set, a `null` value removes it (at most 100).
    pub custom: Option<Json<serde_json::Value>>,
}

/// A change of an existing investment (PATCH /investments/{id}).
#[derive(Debug, Default, InputObject)]
pub struct InvestmentUpdateInput {
    /// A new amount (the investor, while Open; the investment rules apply again).
    pub investment_amount: Option<Money>,
    /// A stage transition under the lifecycle rules.
    pub life_cycle_stage: Option<InvestmentStage>,
    /// Other details.
    #[graphql(flatten)]
    pub details: InvestmentInput,
}

/// A validated investment change.
pub struct InvestmentPlan {
    /// Column changes (amount, stage, custom and stamps are set by the caller).
    pub changes: InvestmentChanges,
    /// Whether any detail is being changed.
    pub any_detail: bool,
    /// Custom fields to merge.
    pub custom: Option<serde_json::Value>,
}

impl InvestmentInput {
    /// Validates the details.
    pub fn plan(self) -> ApiResult<InvestmentPlan> {
        let changes = InvestmentChanges {
            number_of_shares: amount("number_of_shares", self.number_of_shares)?,
            currency: iso_code("currency", text("currency", self.currency)?, 3)?,
            interest_rate: amount("interest_rate", self.interest_rate)?,
            term: whole("term", self.term)?,
            visibility: self.visibility.map(Visibility::code),
            ..InvestmentChanges::default()
        };
        let any_detail = changes.number_of_shares.is_some()
            || changes.currency.is_some()
            || changes.interest_rate.is_some()
            || changes.term.is_some()
            || changes.visibility.is_some()
            || self.custom.is_some();
        Ok(InvestmentPlan {
            changes,
            any_detail,
            custom: self.custom.map(|j| j.0),
        })
    }
}
