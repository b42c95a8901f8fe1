//! Applications (`docs/outreach.md`, `docs/lifecycles.md`): the stage enumeration and who
//! may move an application between stages, no I/O.
//!
//! Transitions (a refused one is a 409 naming both stages, see
//! [`crate::domain::lifecycle::TransitionError`]):
//! - an admin: Open -> Rejected | Approved | Withdrawn; Approved -> Completed | Rejected;
//!   Rejected -> Approved; Withdrawn and Completed are final;
//! - the applicant (the application's user or author): Open -> Withdrawn only.
//!
//! Applications are always created Open.

use async_graphql::Enum;

use super::lifecycle::{LifecycleStage, TransitionError};

/// Life-cycle stage of an Application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationStage {
    /// Submitted, waiting for the admins' review (code 0).
    Open,
    /// Refused by the admins (code 1).
    Rejected,
    /// Accepted by the admins; listed publicly (code 2).
    Approved,
    /// Withdrawn by the applicant (or an admin for them): final (code 3).
    Withdrawn,
    /// Done, e.g. promoted to an offering or investment: final (code 4).
    Completed,
}

impl ApplicationStage {
    /// Every stage, in code order.
    pub const ALL: &'static [ApplicationStage] = &[
        ApplicationStage::Open,
        ApplicationStage::Rejected,
        ApplicationStage::Approved,
        ApplicationStage::Withdrawn,
        ApplicationStage::Completed,
    ];

    /// The stored and REST integer code.
    pub const fn code(self) -> i16 {
        match self {
            ApplicationStage::Open => 0,
            ApplicationStage::Rejected => 1,
            ApplicationStage::Approved => 2,
            ApplicationStage::Withdrawn => 3,
            ApplicationStage::Completed => 4,
        }
    }

    /// The stage stored as `code`, if any.
    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// Whether no transition leaves this stage (Withdrawn, Completed).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStage::Withdrawn | ApplicationStage::Completed
        )
    }
}

impl LifecycleStage for ApplicationStage {
    const KIND: &'static str = "application";

    fn name(self) -> &'static str {
        match self {
            ApplicationStage::Open => "Open",
            ApplicationStage::Rejected => "Rejected",
            ApplicationStage::Approved => "Approved",
            ApplicationStage::Withdrawn => "Withdrawn",
            ApplicationStage::Completed => "Completed",
        }
    }

    fn stage_code(self) -> i16 {
        self.code()
    }
}

/// Who moves an Application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationActor {
    /// An admin of the network (the review).
    Admin,
    /// The applicant: the application's user or its author.
    Applicant,
}

/// Whether `actor` may move an application from `from` to `to`. `from == to` is never a
/// transition.
pub fn application_transition_allowed(
    actor: ApplicationActor,
    from: ApplicationStage,
    to: ApplicationStage,
) -> bool {
    use ApplicationStage::*;
    match actor {
        ApplicationActor::Admin => matches!(
            (from, to),
            (Open, Rejected | Approved | Withdrawn)
                | (Approved, Completed | Rejected)
                | (Rejected, Approved)
        ),
        ApplicationActor::Applicant => matches!((from, to), (Open, Withdrawn)),
    }
}

/// [`application_transition_allowed`] as a `Result`, for the 409.
pub fn check_application_transition(
    actor: ApplicationActor,
    from: ApplicationStage,
    to: ApplicationStage,
) -> Result<(), TransitionError<ApplicationStage>> {
    TransitionError::check(application_transition_allowed(actor, from, to), from, to)
}

#[cfg(test)]
mod tests {
    use super::ApplicationStage::*;
    use super::*;

    #[test]
    fn codes_round_trip_and_match_design_section_5() {
        for s in ApplicationStage::ALL {
            assert_eq!(ApplicationStage::from_code(s.code()), Some(*s));
        }
        let codes: Vec<i16> = ApplicationStage::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
        assert_eq!(ApplicationStage::from_code(5), None);
        assert_eq!(ApplicationStage::from_code(-1), None);
    }

    /// Every (from, to) pair for each actor: rows are `from` in code order, columns `to`
    /// in code order (Open, Rejected, Approved, Withdrawn, Completed); `x` allowed.
    #[test]
    fn every_transition_pair_for_every_actor() {
        let tables: [(ApplicationActor, [&str; 5]); 2] = [
            (
                ApplicationActor::Admin,
                [
                    ". x x x .", // Open
                    ". . x . .", // Rejected
                    ". x . . x", // Approved
                    ". . . . .", // Withdrawn
                    ". . . . .", // Completed
                ],
            ),
            (
                ApplicationActor::Applicant,
                [
                    ". . . x .", // Open
                    ". . . . .", // Rejected
                    ". . . . .", // Approved
                    ". . . . .", // Withdrawn
                    ". . . . .", // Completed
                ],
            ),
        ];
        let mut checked = 0;
        for (actor, rows) in tables {
            for (from, row) in ApplicationStage::ALL.iter().zip(rows) {
                let cells: Vec<char> = row.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(cells.len(), ApplicationStage::ALL.len());
                for (to, cell) in ApplicationStage::ALL.iter().zip(cells) {
                    let want = cell == 'x';
                    assert_eq!(
                        application_transition_allowed(actor, *from, *to),
                        want,
                        "{actor:?}: {from:?} -> {to:?}"
                    );
                    assert_eq!(
                        check_application_transition(actor, *from, *to).is_ok(),
                        want
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 2 * 5 * 5);
    }

    #[test]
    fn final_stages_have_no_way_out() {
        for from in ApplicationStage::ALL {
            let leaves = ApplicationStage::ALL.iter().any(|to| {
                application_transition_allowed(ApplicationActor::Admin, *from, *to)
                    || application_transition_allowed(ApplicationActor::Applicant, *from, *to)
            });
            assert_eq!(leaves, !from.is_final(), "{from:?}");
        }
    }

    #[test]
    fn a_refusal_names_both_stages_and_codes() {
        let err = check_application_transition(ApplicationActor::Applicant, Approved, Withdrawn)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "an application cannot move from Approved (2) to Withdrawn (3)"
        );
        assert_eq!((err.from, err.to), (Approved, Withdrawn));
        assert!(check_application_transition(ApplicationActor::Admin, Completed, Open).is_err());
    }
}
