//! Rules on the fields of organizations, offerings and investments as a client writes
//! them (`docs/marketplace.md`): each value on its own (amounts not negative, ISO codes,
//! a percentage, a display name) and the rules across the fields of an offering, checked
//! on the merged values (the stored row with the change applied).
//!
//! No I/O. Every breach is a [`FieldBreach`], whose text is the developer message the API
//! answers with (all of them are "invalid marketplace data").

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::lifecycle::{
    Actor, InvestmentActor, investment_editable_by_investor, offering_fields_editable_by_member,
};
use super::stages::{InvestmentStage, OfferingStage};

/// Longest display name of an organization, in characters.
pub const MAX_DISPLAY_NAME: usize = 500;

/// Why a field value, or a combination of values, is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldBreach {
    /// An amount or a count below zero.
    #[error("{0} must not be negative.")]
    Negative(String),
    /// `equity_offered` above 100.
    #[error("equity_offered is a percentage: 0 to 100.")]
    NotAPercentage,
    /// Not an ISO code of `len` upper-case letters (2: a country, 3: a currency).
    #[error("{field} must be an ISO code of {len} upper-case letters, e.g. {}.", iso_example(*.len))]
    NotAnIsoCode {
        /// The field, as the client named it.
        field: String,
        /// The code's length.
        len: usize,
    },
    /// `min_commitment` above `max_commitment`.
    #[error(
        "min_commitment ({}) must not exceed max_commitment ({}).",
        .min.normalize(),
        .max.normalize()
    )]
    CommitmentsReversed {
        /// The smallest investment.
        min: Decimal,
        /// The largest total per investor.
        max: Decimal,
    },
    /// `open_date` after `close_date`.
    #[error("open_date ({open}) must not be after close_date ({close}).")]
    DatesReversed {
        /// First day of investment.
        open: NaiveDate,
        /// Last day of investment.
        close: NaiveDate,
    },
    /// An offering named as its own primary offering.
    #[error("An offering cannot be its own primary offering.")]
    OwnPrimaryOffering,
    /// An organization created without a display name.
    #[error("display_name is required to create an organization.")]
    DisplayNameMissing,
    /// A display name that is empty once trimmed.
    #[error("display_name must not be empty.")]
    DisplayNameEmpty,
    /// A display name longer than [`MAX_DISPLAY_NAME`].
    #[error("display_name is longer than 500 characters.")]
    DisplayNameTooLong,
}

fn iso_example(len: usize) -> &'static str {
    if len == 2 { "GB" } else { "EUR" }
}

/// An amount must not be below zero (a negative zero is zero).
pub fn check_amount(field: &str, amount: Decimal) -> Result<(), FieldBreach> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(FieldBreach::Negative(field.to_owned()));
    }
    Ok(())
}

/// A whole number (a term, a count) must not be below zero.
pub fn check_whole(field: &str, n: i32) -> Result<(), FieldBreach> {
    if n < 0 {
        return Err(FieldBreach::Negative(field.to_owned()));
    }
    Ok(())
}

/// A percentage of equity is at most 100 (it is an amount, so never negative either).
pub fn check_percentage(equity_offered: Decimal) -> Result<(), FieldBreach> {
    if equity_offered > Decimal::ONE_HUNDRED {
        return Err(FieldBreach::NotAPercentage);
    }
    Ok(())
}

/// An ISO code of `len` upper-case ASCII letters: 2 for a country (ISO 3166-1 alpha-2),
/// 3 for a currency (ISO 4217).
pub fn check_iso_code(field: &str, code: &str, len: usize) -> Result<(), FieldBreach> {
    if !super::text::is_iso_code(code, len) {
        return Err(FieldBreach::NotAnIsoCode {
            field: field.to_owned(),
            len,
        });
    }
    Ok(())
}

/// The trimmed display name of an organization: not empty, at most
/// [`MAX_DISPLAY_NAME`] characters.
pub fn display_name(name: &str) -> Result<String, FieldBreach> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldBreach::DisplayNameEmpty);
    }
    if name.chars().count() > MAX_DISPLAY_NAME {
        return Err(FieldBreach::DisplayNameTooLong);
    }
    Ok(name.to_owned())
}

/// The fields of an offering that constrain each other, as they will be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OfferingTerms {
    /// Smallest investment.
    pub min_commitment: Option<Decimal>,
    /// Largest total per investor.
    pub max_commitment: Option<Decimal>,
    /// No investment before this day.
    pub open_date: Option<NaiveDate>,
    /// No investment after this day.
    pub close_date: Option<NaiveDate>,
}

/// The rules across an offering's fields: `min_commitment <= max_commitment` and
/// `open_date <= close_date` where both are set (commitments are checked first).
pub fn check_offering_terms(terms: &OfferingTerms) -> Result<(), FieldBreach> {
    if let (Some(min), Some(max)) = (terms.min_commitment, terms.max_commitment)
        && min > max
    {
        return Err(FieldBreach::CommitmentsReversed { min, max });
    }
    if let (Some(open), Some(close)) = (terms.open_date, terms.close_date)
        && open > close
    {
        return Err(FieldBreach::DatesReversed { open, close });
    }
    Ok(())
}

/// An offering is not its own primary offering (whether the primary one exists and is
/// visible is the caller's check, against the database).
pub fn check_primary_offering(offering: Uuid, primary: Uuid) -> Result<(), FieldBreach> {
    if offering == primary {
        return Err(FieldBreach::OwnPrimaryOffering);
    }
    Ok(())
}

/// Why a writer may not write the fields they sent (who writes what, by stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WriteRefusal {
    /// Fields only admins set; names them.
    #[error("Only an admin may set {0}.")]
    AdminOnly(&'static str),
    /// A new organization's contact point is its creator.
    #[error(
        "contact_point is the creator at first; change it with updateOrganization once \
         the new contact is a member."
    )]
    ContactPointOnCreate,
    /// An offering whose fields its team may no longer edit.
    #[error("The offering's fields are no longer editable by its team ({0:?}).")]
    OfferingNotEditable(OfferingStage),
    /// Only the investor changes an investment's amount.
    #[error("Only the investor may change an investment's amount.")]
    AmountNotInvestor,
    /// An investment its investor may no longer change.
    #[error("The investment is no longer editable by its investor ({0:?}).")]
    InvestmentNotEditable(InvestmentStage),
}

/// The fields of an offering only admins set.
pub const OFFERING_ADMIN_FIELDS: &str = "is_featured or integration ids";

/// The fields of an organization only admins set.
pub const ORGANIZATION_ADMIN_FIELDS: &str = "integration ids";

/// Fields only admins set (`fields` names them) are refused to everyone else.
pub fn check_admin_fields(
    actor: Actor,
    asked: bool,
    fields: &'static str,
) -> Result<(), WriteRefusal> {
    if asked && actor != Actor::Admin {
        return Err(WriteRefusal::AdminOnly(fields));
    }
    Ok(())
}

/// Who may change an offering's fields in `stage`: admins always; its team while Draft or
/// Submitted, and never the fields only admins set.
pub fn check_offering_edit(
    actor: Actor,
    stage: OfferingStage,
    admin_fields: bool,
) -> Result<(), WriteRefusal> {
    check_admin_fields(actor, admin_fields, OFFERING_ADMIN_FIELDS)?;
    if actor == Actor::Member && !offering_fields_editable_by_member(stage) {
        return Err(WriteRefusal::OfferingNotEditable(stage));
    }
    Ok(())
}

/// A new organization: its creator is its contact point (none may be named), and only
/// an admin sets integration ids.
pub fn check_new_organization(
    actor: Actor,
    contact_point: bool,
    integration: bool,
) -> Result<(), WriteRefusal> {
    if contact_point {
        return Err(WriteRefusal::ContactPointOnCreate);
    }
    check_admin_fields(actor, integration, ORGANIZATION_ADMIN_FIELDS)
}

/// A change of an investment in `stage` by a viewer holding `roles`: a new amount is the
/// investor's, while the investor may still edit it; other details are the investor's
/// while editable, or the offering's team's and admins' at any stage.
pub fn check_investment_change(
    roles: &[InvestmentActor],
    stage: InvestmentStage,
    amount: bool,
    details: bool,
) -> Result<(), WriteRefusal> {
    let editable = investment_editable_by_investor(stage);
    if amount && !roles.contains(&InvestmentActor::Investor) {
        return Err(WriteRefusal::AmountNotInvestor);
    }
    if amount && !editable {
        return Err(WriteRefusal::InvestmentNotEditable(stage));
    }
    if details && !editable && !roles.contains(&InvestmentActor::Manager) {
        return Err(WriteRefusal::InvestmentNotEditable(stage));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_set_admin_fields_and_members_edit_early_offerings() {
        use Actor::*;
        use OfferingStage::*;
        let not_editable = |s| Err(WriteRefusal::OfferingNotEditable(s));
        let admin_only = Err(WriteRefusal::AdminOnly(OFFERING_ADMIN_FIELDS));
        let cases = [
            (Admin, Published, true, Ok(())),
            (Admin, Settled, false, Ok(())),
            (Member, Draft, false, Ok(())),
            (Member, Submitted, false, Ok(())),
            (Member, Draft, true, admin_only),
            (Member, Published, true, admin_only),
            (Member, Published, false, not_editable(Published)),
            (Member, Approved, false, not_editable(Approved)),
        ];
        for (actor, stage, admin_fields, want) in cases {
            let got = check_offering_edit(actor, stage, admin_fields);
            assert_eq!(got, want, "{actor:?} {stage:?} {admin_fields}");
        }
        assert_eq!(
            WriteRefusal::AdminOnly(OFFERING_ADMIN_FIELDS).to_string(),
            "Only an admin may set is_featured or integration ids."
        );
    }

    #[test]
    fn a_new_organization_names_no_contact_point_and_admins_set_integration_ids() {
        use Actor::*;
        let admin_only = Err(WriteRefusal::AdminOnly(ORGANIZATION_ADMIN_FIELDS));
        let cases = [
            (Admin, false, true, Ok(())),
            (Member, false, false, Ok(())),
            (Member, false, true, admin_only),
            (Admin, true, false, Err(WriteRefusal::ContactPointOnCreate)),
            (Member, true, true, Err(WriteRefusal::ContactPointOnCreate)),
        ];
        for (actor, contact, integration, want) in cases {
            let got = check_new_organization(actor, contact, integration);
            assert_eq!(got, want, "{actor:?} {contact} {integration}");
        }
        assert_eq!(
            WriteRefusal::AdminOnly(ORGANIZATION_ADMIN_FIELDS).to_string(),
            "Only an admin may set integration ids."
        );
    }

    #[test]
    fn investors_change_amounts_while_open_and_managers_details_always() {
        use InvestmentActor::*;
        use InvestmentStage::*;
        let investor: &[InvestmentActor] = &[Investor];
        let manager: &[InvestmentActor] = &[Manager];
        let both: &[InvestmentActor] = &[Investor, Manager];
        let not_editable = |s| Err(WriteRefusal::InvestmentNotEditable(s));
        let cases = [
            (investor, Open, true, true, Ok(())),
            (investor, Approved, true, false, not_editable(Approved)),
            (investor, Approved, false, true, not_editable(Approved)),
            (investor, Approved, false, false, Ok(())),
            (
                manager,
                Open,
                true,
                false,
                Err(WriteRefusal::AmountNotInvestor),
            ),
            (manager, Settled, false, true, Ok(())),
            (both, Approved, false, true, Ok(())),
            (both, Approved, true, false, not_editable(Approved)),
            (&[], Open, false, true, Ok(())),
        ];
        for (roles, stage, amount, details, want) in cases {
            let got = check_investment_change(roles, stage, amount, details);
            assert_eq!(got, want, "{roles:?} {stage:?} {amount} {details}");
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_and_counts_are_not_negative() {
        let cases: &[(&str, Result<(), &str>)] = &[
            ("0", Ok(())),
            ("-0", Ok(())),
            ("0.01", Ok(())),
            ("1000000", Ok(())),
            ("-0.01", Err("funding_goal must not be negative.")),
            ("-5", Err("funding_goal must not be negative.")),
        ];
        for (amount, want) in cases {
            let got = check_amount("funding_goal", d(amount)).map_err(|e| e.to_string());
            assert_eq!(got, want.map_err(str::to_owned), "{amount}");
        }
        assert_eq!(check_whole("term", 0), Ok(()));
        assert_eq!(check_whole("term", 12), Ok(()));
        assert_eq!(
            check_whole("term", -1).unwrap_err().to_string(),
            "term must not be negative."
        );
    }

    #[test]
    fn equity_is_a_percentage() {
        let cases = [
            ("0", true),
            ("55.5", true),
            ("100", true),
            ("100.01", false),
        ];
        for (equity, ok) in cases {
            assert_eq!(check_percentage(d(equity)).is_ok(), ok, "{equity}");
        }
        assert_eq!(
            check_percentage(d("101")).unwrap_err().to_string(),
            "equity_offered is a percentage: 0 to 100."
        );
    }

    #[test]
    fn iso_codes_are_upper_case_letters_of_their_length() {
        let cases = [
            ("EUR", 3, true),
            ("GB", 2, true),
            ("eur", 3, false),
            ("EU", 3, false),
            ("EURO", 3, false),
            ("E1R", 3, false),
            ("GBR", 2, false),
            ("", 2, false),
        ];
        for (code, len, ok) in cases {
            assert_eq!(check_iso_code("currency", code, len).is_ok(), ok, "{code}");
        }
        assert_eq!(
            check_iso_code("currency", "eur", 3)
                .unwrap_err()
                .to_string(),
            "currency must be an ISO code of 3 upper-case letters, e.g. EUR."
        );
        assert_eq!(
            check_iso_code("address.country", "gb", 2)
                .unwrap_err()
                .to_string(),
            "address.country must be an ISO code of 2 upper-case letters, e.g. GB."
        );
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        let long = "x".repeat(MAX_DISPLAY_NAME + 1);
        let longest = "é".repeat(MAX_DISPLAY_NAME);
        let cases: &[(&str, Result<&str, FieldBreach>)] = &[
            ("Acme", Ok("Acme")),
            ("  Acme Ltd \n", Ok("Acme Ltd")),
            (&longest, Ok(&longest)),
            ("", Err(FieldBreach::DisplayNameEmpty)),
            ("   ", Err(FieldBreach::DisplayNameEmpty)),
            (&long, Err(FieldBreach::DisplayNameTooLong)),
        ];
        for (name, want) in cases {
            let want = want.clone().map(str::to_owned);
            assert_eq!(display_name(name), want, "{name:?}");
        }
        assert_eq!(
            FieldBreach::DisplayNameMissing.to_string(),
            "display_name is required to create an organization."
        );
    }

    #[test]
    fn offering_terms_are_ordered() {
        let terms =
            |min: Option<&str>, max: Option<&str>, open: Option<&str>, close: Option<&str>| {
                OfferingTerms {
                    min_commitment: min.map(d),
                    max_commitment: max.map(d),
                    open_date: open.map(day),
                    close_date: close.map(day),
                }
            };
        let cases: &[(OfferingTerms, Result<(), &str>)] = &[
            (OfferingTerms::default(), Ok(())),
            (terms(Some("100"), Some("100"), None, None), Ok(())),
            (terms(Some("100"), None, None, None), Ok(())),
            (terms(None, Some("5"), None, None), Ok(())),
            (
                terms(Some("100.50"), Some("99.0"), None, None),
                Err("min_commitment (100.5) must not exceed max_commitment (99)."),
            ),
            (
                terms(None, None, Some("2026-01-01"), Some("2026-01-01")),
                Ok(()),
            ),
            (terms(None, None, Some("2026-01-02"), None), Ok(())),
            (
                terms(None, None, Some("2026-01-02"), Some("2026-01-01")),
                Err("open_date (2026-01-02) must not be after close_date (2026-01-01)."),
            ),
            (
                // Both broken: the commitments are named first.
                terms(Some("2"), Some("1"), Some("2026-01-02"), Some("2026-01-01")),
                Err("min_commitment (2) must not exceed max_commitment (1)."),
            ),
        ];
        for (terms, want) in cases {
            let got = check_offering_terms(terms).map_err(|e| e.to_string());
            assert_eq!(got, want.map_err(str::to_owned), "{terms:?}");
        }
    }

    #[test]
    fn an_offering_is_not_its_own_primary() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(check_primary_offering(a, b), Ok(()));
        assert_eq!(
            check_primary_offering(a, a),
            Err(FieldBreach::OwnPrimaryOffering)
        );
    }
}
