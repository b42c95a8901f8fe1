//! The input of offerings and its validation into a change set.

use std::mem::take;

use async_graphql::{ID, InputObject, Json, MaybeUndefined};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{amount, any_set, convert, id_change, iso_code, maybe, text, whole};
use crate::domain::field_rules::check_percentage;
use crate::domain::stages::OfferingStage;
use crate::error::ApiResult;
use crate::graphql::marketplace::field_error;
use crate::graphql::scalars::Money;
use crate::models::offering::OfferingChanges;

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
    pub fn plan(mut self) -> ApiResult<OfferingPlan> {
        let mut changes = OfferingChanges::default();
        self.shares(&mut changes)?;
        self.describe(&mut changes)?;
        self.terms(&mut changes)?;
        let c = &changes;
        let admin_fields = any_set!(c: is_featured, gcen_client_id, mangopay_wallet_id,
            fundamerica_offering_id);
        let any_field = admin_fields
            || self.custom.is_some()
            || any_set!(c: capitalization_id, primary_offering_id, name, offering_description,
                additional_type, category, credit_score, currency, is_secondary_offering,
                funding_goal, external_commitments, valuation, service_charge, equity_offered,
                interest_rate, term, num_of_shares, price_per_share, open_date, close_date,
                min_commitment, max_commitment, max_overfunding_amount);
        Ok(OfferingPlan {
            changes,
            admin_fields,
            any_field,
            custom: self.custom.map(|j| j.0),
            stage: self.life_cycle_stage,
        })
    }

    /// The equity offered (a percentage) and the money raised elsewhere (`null` is 0).
    fn shares(&mut self, changes: &mut OfferingChanges) -> ApiResult<()> {
        let input = self;
        convert!(changes, input, amount: equity_offered);
        if let Some(Some(e)) = changes.equity_offered {
            check_percentage(e).map_err(field_error)?;
        }
        let external = amount(
            "external_commitments",
            take(&mut input.external_commitments),
        )?;
        changes.external_commitments = external.map(|e| e.unwrap_or(Decimal::ZERO));
        Ok(())
    }

    /// The ids, texts and flags, in the order they are checked.
    fn describe(&mut self, changes: &mut OfferingChanges) -> ApiResult<()> {
        let input = self;
        convert!(changes, input, id_change: capitalization_id, primary_offering_id);
        convert!(changes, input, text: name, offering_description, additional_type);
        convert!(changes, input, text: category, credit_score);
        changes.currency = iso_code("currency", text("currency", take(&mut input.currency))?, 3)?;
        changes.is_featured = input.is_featured;
        changes.is_secondary_offering = input.is_secondary_offering;
        Ok(())
    }

    /// The money terms, dates, investment limits and integration ids.
    fn terms(&mut self, changes: &mut OfferingChanges) -> ApiResult<()> {
        let input = self;
        convert!(changes, input, amount: funding_goal, valuation, service_charge, interest_rate);
        convert!(changes, input, whole: term);
        convert!(changes, input, amount: num_of_shares, price_per_share);
        changes.open_date = maybe(take(&mut input.open_date));
        changes.close_date = maybe(take(&mut input.close_date));
        convert!(changes, input, amount: min_commitment, max_commitment, max_overfunding_amount);
        convert!(changes, input, text: gcen_client_id, mangopay_wallet_id);
        convert!(changes, input, text: fundamerica_offering_id);
        Ok(())
    }
}
