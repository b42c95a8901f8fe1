//! A database error of a share registry write, as the client sees it.
//!
//! The registry's guards (`docs/registry.md`, "What the database enforces") refuse a
//! breach with a named constraint; each name answers with the code of the rule it
//! enforces, for when the service's own checks did not catch it first (a race, or a
//! write path that forgot one). Other constraint breaches are the client's (400);
//! anything else converts as every database error does.

use diesel::result::{DatabaseErrorKind, Error};

use super::{ApiError, Code, codes};

/// The code, user message and developer message of a refusal by constraint `name`.
fn refusal(name: &str) -> Option<(Code, &'static str, &'static str)> {
    Some(match name {
        "capitalizations_whole_shares"
        | "capitalizations_shares_nonneg"
        | "capitalizations_shares_acq_nonneg" => (
            codes::SHARES_INVALID,
            "This is not a valid number of shares.",
            "Share counts are never negative, and whole numbers for Equity and Preferred \
             Equity.",
        ),
        "capitalizations_price_nonneg" | "capitalizations_price_acq_nonneg" => (
            codes::PRICE_INVALID,
            "This is not a valid price per share.",
            "A price per share is never negative.",
        ),
        "capitalizations_type_range" => (
            codes::CAPITALIZATION_TYPE_UNKNOWN,
            "This capitalization type does not exist.",
            "capitalization_type is 0 Equity, 1 Preferred Equity or 2 Debt.",
        ),
        "capitalizations_life_cycle_stage_range" => (
            codes::CAPITALIZATION_STAGE_UNKNOWN,
            "This capitalization stage does not exist.",
            "life_cycle_stage is 0 Authorized, 1 Issued, 2 Offered, 3 Treasury, \
             4 Distributed or 5 Merged.",
        ),
        "capitalizations_consumed_by_operation" => (
            codes::CAPITALIZATION_STAGE_NOT_SETTABLE,
            "This stage cannot be set directly.",
            "Only a split or a distribution makes a capitalization Distributed, and only a \
             merge makes it Merged.",
        ),
        "capitalizations_consumed" => (
            codes::CAPITALIZATION_CONSUMED,
            "These shares have already been split, merged or distributed.",
            "A Distributed or Merged capitalization never changes and is never used by \
             another operation.",
        ),
        "capitalizations_within_authorized" => (
            codes::ABOVE_AUTHORIZED,
            "This would issue more shares than the organization has authorized.",
            "Issued, Offered and Treasury shares of an organization and type may not \
             exceed its Authorized shares.",
        ),
        "capitalization_links_parent_not_issued" => (
            codes::CAPITALIZATION_NOT_ISSUED,
            "Only issued shares can be split or merged.",
            "The capitalization to split or merge is not Issued.",
        ),
        "capitalization_links_parent_not_offered" => (
            codes::DISTRIBUTION_NO_CAPITALIZATION,
            "Only offered shares can be distributed.",
            "The capitalization to distribute is not Offered.",
        ),
        "capitalization_links_conservation"
        | "capitalization_links_lineage"
        | "capitalization_links_fixed" => (
            codes::SHARES_NOT_CONSERVED,
            "Shares cannot be created or lost by this operation.",
            "A split or distribution's children must sum to their parent, a merge's child \
             to its parents, and each capitalization is consumed by one operation.",
        ),
        "capitalizations_network_investment_key" => (
            codes::ALREADY_DISTRIBUTED,
            "These shares have already been distributed.",
            "An investment already has its allotted capitalization.",
        ),
        "offerings_network_capitalization_key" => (
            codes::ATTACH_TAKEN,
            "These shares are already offered in another offering.",
            "The capitalization is attached to another offering that is not Canceled.",
        ),
        _ => return None,
    })
}

/// A database error of a share registry write (a capitalization, its links, or an
/// offering's capitalization) as the client's [`ApiError`]. A deferred guard fails at
/// COMMIT: its error is read out of a failed commit too.
pub fn registry_write_error(err: Error) -> ApiError {
    let err = match err {
        Error::RollbackErrorOnCommit { commit_error, .. } => *commit_error,
        other => other,
    };
    let Error::DatabaseError(kind, info) = &err else {
        return err.into();
    };
    let constraint = info.constraint_name().unwrap_or_default();
    tracing::info!(constraint, ?kind, "registry write refused by the database");
    let (code, user, developer) = match refusal(constraint) {
        Some(found) => found,
        None => match kind {
            DatabaseErrorKind::CheckViolation | DatabaseErrorKind::ForeignKeyViolation => (
                codes::BAD_REQUEST,
                "The request could not be processed.",
                "A value breaks a rule of capitalizations (e.g. an id naming nothing in \
                 this network).",
            ),
            _ => return err.into(),
        },
    };
    ApiError::new(code, user, developer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guard_of_the_registry_migration_has_a_registry_code() {
        let migration = include_str!("../../migrations/2026-12-06-000011_registry_guards/up.sql");
        let named: Vec<&str> = migration
            .split("CONSTRAINT = '")
            .skip(1)
            .filter_map(|rest| rest.split('\'').next())
            .collect();
        assert!(named.len() >= 6, "{named:?}");
        for name in named {
            let (code, _, _) = refusal(name).unwrap_or_else(|| panic!("{name} unmapped"));
            assert!((16001..17000).contains(&code.number()), "{name}");
        }
    }

    #[test]
    fn every_registry_code_is_documented_with_its_status() {
        let doc = include_str!("../../docs/errors.md");
        let all = [
            codes::SHARES_INVALID,
            codes::PRICE_INVALID,
            codes::CAPITALIZATION_TYPE_UNKNOWN,
            codes::CAPITALIZATION_STAGE_UNKNOWN,
            codes::CAPITALIZATION_STAGE_NOT_SETTABLE,
            codes::CAPITALIZATION_NOT_ISSUED,
            codes::SPLIT_SUM_MISMATCH,
            codes::SPLIT_TOO_FEW_CHILDREN,
            codes::SPLIT_CHILD_EMPTY,
            codes::MERGE_TOO_FEW,
            codes::MERGE_MIXED,
            codes::CAPITALIZATION_CONSUMED,
            codes::ABOVE_AUTHORIZED,
            codes::DISTRIBUTION_NOT_SETTLED,
            codes::DISTRIBUTION_NO_CAPITALIZATION,
            codes::ALREADY_DISTRIBUTED,
            codes::BIDS_ABOVE_BLOCK,
            codes::ATTACH_NOT_OFFERED,
            codes::ATTACH_TAKEN,
            codes::ATTACH_ABOVE_BLOCK,
            codes::SHARES_NOT_CONSERVED,
        ];
        for (i, code) in all.iter().enumerate() {
            assert_eq!(code.number(), 16001 + i as u32, "numbered in order");
            let row = format!("| {} | {} |", code.number(), code.status());
            assert!(doc.contains(&row), "docs/errors.md lacks {row}");
        }
    }

    #[test]
    fn a_guard_name_never_reaches_the_client() {
        for name in [
            "capitalizations_consumed",
            "capitalizations_within_authorized",
        ] {
            let (_, user, developer) = refusal(name).unwrap();
            assert!(!user.contains(name) && !developer.contains(name));
        }
    }
}
