//! The input of organizations and its validation into a change set.

use std::mem::take;

use async_graphql::{ID, InputObject, Json, MaybeUndefined};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{MAX_TEXT, any_set, convert, id_change, maybe, text};
use crate::domain::field_rules::display_name;
use crate::domain::stages::{OrganizationStage, Visibility};
use crate::domain::text::TextError;
use crate::error::{ApiError, ApiResult};
use crate::graphql::identity::input::{checked_bank_details, checked_postal_address};
use crate::graphql::marketplace::{field_error, invalid_data};
use crate::models::organization::OrganizationChanges;
use crate::models::shapes::{BankDetails, PostalAddress};

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
    pub fn plan(mut self) -> ApiResult<OrganizationPlan> {
        let display_name = self.display_name.as_deref().map(display_name);
        let mut changes = OrganizationChanges {
            display_name: display_name.transpose().map_err(field_error)?,
            ..OrganizationChanges::default()
        };
        let contact_point = self.contact_point.take().map(contact_point).transpose()?;
        self.describe(&mut changes)?;
        let integration = self.integration(&mut changes)?;
        Ok(OrganizationPlan {
            changes,
            integration,
            custom: self.custom.map(|j| j.0),
            contact_point,
            stage: self.life_cycle_stage,
            address: self.address.map(|a| postal_address(a.postal)).transpose()?,
            bank_account: self
                .bank_account
                .map(|b| bank_details(b.details))
                .transpose()?,
        })
    }

    /// The describing fields, in the order they are checked.
    fn describe(&mut self, changes: &mut OrganizationChanges) -> ApiResult<()> {
        let input = self;
        convert!(changes, input, text: legal_name, alternate_name, additional_type);
        convert!(changes, input, text: brief_desc, detail_desc, sector, location);
        changes.founding_date = maybe(take(&mut input.founding_date));
        convert!(changes, input, text: founding_location, company_number, tax_id);
        convert!(changes, input, text: credit_score, org_email, telephone, website);
        convert!(changes, input, text: facebook, linkedin, twitter, youtube);
        changes.logo_document_id = id_change("logo", take(&mut input.logo))?;
        changes.visibility = input.visibility.map(Visibility::code);
        Ok(())
    }

    /// The integration ids (admins only); answers whether any is being changed.
    fn integration(&mut self, changes: &mut OrganizationChanges) -> ApiResult<bool> {
        let input = self;
        convert!(changes, input, text: gcen_client_id, mangopay_user_id, mangopay_card_id);
        convert!(changes, input, text: mangopay_wallet_id, fundamerica_entity_id, reyker_isin);
        Ok(
            any_set!(changes: gcen_client_id, mangopay_user_id, mangopay_card_id,
            mangopay_wallet_id, fundamerica_entity_id, reyker_isin),
        )
    }
}

fn contact_point(id: ID) -> ApiResult<Uuid> {
    Uuid::parse_str(&id)
        .map_err(|_| invalid_data(format!("contact_point {:?} is not a valid id.", id.0)))
}

/// An address with each line trimmed and the country an ISO code (the same check as a
/// user's address).
fn postal_address(a: PostalAddress) -> ApiResult<PostalAddress> {
    checked_postal_address(a, MAX_TEXT).map_err(text_error)
}

/// Bank details with each value trimmed, the country and currency ISO codes (the same
/// check as a user's bank account).
fn bank_details(b: BankDetails) -> ApiResult<BankDetails> {
    checked_bank_details(b, MAX_TEXT).map_err(text_error)
}

/// A refused text: a wrong ISO code is invalid marketplace data (13017), the rest a bad
/// request, as the field-by-field checks answer.
fn text_error(err: TextError) -> ApiError {
    match err {
        TextError::NotAnIsoCode { .. } => invalid_data(err.to_string()),
        _ => ApiError::bad_request(err.to_string()),
    }
}
