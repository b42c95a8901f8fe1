//! Applications (`docs/outreach.md`, `docs/lifecycles.md`, `docs/visibility.md`): the
//! stage enumeration, who may move an application between stages, who sees it and its
//! applicant's name, and what a new application may hold; no I/O.
//!
//! Transitions (a refused one is a 409 naming both stages, see
//! [`crate::domain::lifecycle::TransitionError`]):
//! - an admin: Open -> Rejected | Approved | Withdrawn; Approved -> Completed | Rejected;
//!   Rejected -> Approved; Withdrawn and Completed are final;
//! - the applicant (the application's user or author): Open -> Withdrawn only.
//!
//! Applications are always created Open.

use async_graphql::Enum;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::lifecycle::{LifecycleStage, TransitionError};
use super::stages::Visibility;
use super::viewer::Viewer;

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

/// Whether `viewer` is the applicant: the application's user (`user_id`) or its author
/// (`author_id`, an admin applying on the user's behalf).
pub fn is_applicant(viewer: &Viewer, user_id: Uuid, author_id: Uuid) -> bool {
    viewer.is_user(user_id) || viewer.is_user(author_id)
}

/// Whether `viewer` may see an application: Approved ones are public; the others are
/// visible to the applicant and the network's admins only (Not Found for anybody else).
pub fn application_visible(viewer: &Viewer, user_id: Uuid, author_id: Uuid, stage: i16) -> bool {
    viewer.is_admin()
        || is_applicant(viewer, user_id, author_id)
        || stage == ApplicationStage::Approved.code()
}

/// Whether `viewer` sees the name of an application's user, whose visibility is
/// `user_visibility`: the applicant and admins always, others only for Open users.
pub fn applicant_name_shown(
    viewer: &Viewer,
    user_id: Uuid,
    author_id: Uuid,
    user_visibility: i16,
) -> bool {
    user_visibility == Visibility::Open.code()
        || viewer.is_admin()
        || is_applicant(viewer, user_id, author_id)
}

/// Longest `additional_type` or `code` of an application, in characters.
pub const MAX_SHORT_TEXT: usize = 200;
/// Longest `description` of an application, in characters.
pub const MAX_DESCRIPTION: usize = 10_000;
/// Largest interest rate the store holds (`NUMERIC(9,4)`).
pub const MAX_INTEREST_RATE: Decimal = Decimal::from_parts(999_999_999, 0, 0, false, 4);

/// Why a new application is refused; the text is the developer message the API answers
/// with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NewApplicationProblem {
    /// Applications are created Open; this stage was asked for.
    #[error(
        "Applications are created Open (0), not {0:?} ({code}); an admin moves them on with \
         setApplicationStage.",
        code = .0.code()
    )]
    NotOpen(ApplicationStage),
    /// Someone who is not an admin applied on another user's behalf.
    #[error("Only an admin may create an application on behalf of another user.")]
    OnBehalfOfOther,
    /// The named number is negative.
    #[error("`{0}` must not be negative.")]
    Negative(&'static str),
    /// The interest rate is above [`MAX_INTEREST_RATE`].
    #[error("`interest_rate` must be at most 99999.9999.")]
    InterestRateTooHigh,
}

/// A new application starts Open: no other stage may be asked for.
pub fn check_initial_stage(stage: Option<ApplicationStage>) -> Result<(), NewApplicationProblem> {
    match stage {
        Some(stage) if stage != ApplicationStage::Open => {
            Err(NewApplicationProblem::NotOpen(stage))
        }
        _ => Ok(()),
    }
}

/// Only an admin may apply on behalf of a user other than themself (`me`).
pub fn check_applicant(user: Uuid, me: Uuid, is_admin: bool) -> Result<(), NewApplicationProblem> {
    if user == me || is_admin {
        Ok(())
    } else {
        Err(NewApplicationProblem::OnBehalfOfOther)
    }
}

/// An amount that must not be negative (a negative zero is zero); `field` names it in
/// the refusal.
pub fn non_negative(
    value: Option<Decimal>,
    field: &'static str,
) -> Result<Option<Decimal>, NewApplicationProblem> {
    match value {
        Some(d) if d.is_sign_negative() && !d.is_zero() => {
            Err(NewApplicationProblem::Negative(field))
        }
        other => Ok(other),
    }
}

/// An interest rate: not negative and at most [`MAX_INTEREST_RATE`].
pub fn checked_interest_rate(
    rate: Option<Decimal>,
) -> Result<Option<Decimal>, NewApplicationProblem> {
    let rate = non_negative(rate, "interest_rate")?;
    if rate.is_some_and(|r| r > MAX_INTEREST_RATE) {
        return Err(NewApplicationProblem::InterestRateTooHigh);
    }
    Ok(rate)
}

/// A term: not negative.
pub fn check_term(term: Option<i32>) -> Result<(), NewApplicationProblem> {
    if term.is_some_and(|t| t < 0) {
        return Err(NewApplicationProblem::Negative("term"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ApplicationStage::*;
    use super::*;

    #[test]
    fn codes_round_trip_and_match_the_documented_codes() {
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

    fn viewer(id: Uuid, is_admin: bool) -> Viewer {
        Viewer::User(crate::domain::viewer::ViewerUser {
            id,
            is_admin,
            is_vip: false,
        })
    }

    #[test]
    fn who_sees_an_application_and_its_applicant_name() {
        let (user, author, other) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let open = Visibility::Open.code();
        let anonymous = Visibility::Anonymous.code();
        // (viewer, sees an Open application, sees an Approved one, sees the name of an
        // Anonymous user)
        let cases = [
            (Viewer::Anonymous, false, true, false),
            (viewer(user, false), true, true, true),
            (viewer(author, false), true, true, true),
            (viewer(other, false), false, true, false),
            (viewer(other, true), true, true, true),
        ];
        for (who, sees_open, sees_approved, sees_name) in cases {
            let stage = |s: ApplicationStage| application_visible(&who, user, author, s.code());
            assert_eq!(stage(Open), sees_open, "{who:?}");
            assert_eq!(stage(Approved), sees_approved, "{who:?}");
            assert_eq!(
                applicant_name_shown(&who, user, author, anonymous),
                sees_name,
                "{who:?}"
            );
            assert!(applicant_name_shown(&who, user, author, open), "{who:?}");
            assert_eq!(
                is_applicant(&who, user, author),
                sees_name && !who.is_admin()
            );
        }
    }

    #[test]
    fn new_applications_start_open() {
        assert_eq!(check_initial_stage(None), Ok(()));
        for stage in ApplicationStage::ALL {
            let want = match stage {
                Open => Ok(()),
                other => Err(NewApplicationProblem::NotOpen(*other)),
            };
            assert_eq!(check_initial_stage(Some(*stage)), want);
        }
        assert_eq!(
            NewApplicationProblem::NotOpen(Approved).to_string(),
            "Applications are created Open (0), not Approved (2); an admin moves them on \
             with setApplicationStage."
        );
    }

    #[test]
    fn only_admins_apply_for_others() {
        let (me, other) = (Uuid::new_v4(), Uuid::new_v4());
        let cases = [
            (me, false, Ok(())),
            (me, true, Ok(())),
            (other, true, Ok(())),
            (other, false, Err(NewApplicationProblem::OnBehalfOfOther)),
        ];
        for (user, is_admin, want) in cases {
            assert_eq!(check_applicant(user, me, is_admin), want);
        }
    }

    #[test]
    fn numbers_of_a_new_application() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let negative = Err(NewApplicationProblem::Negative("funding_goal"));
        for (value, want) in [
            (None, Ok(None)),
            (Some(d("0")), Ok(Some(d("0")))),
            (Some(d("-0")), Ok(Some(d("-0")))),
            (Some(d("12.5")), Ok(Some(d("12.5")))),
            (Some(d("-0.01")), negative),
        ] {
            assert_eq!(non_negative(value, "funding_goal"), want, "{value:?}");
        }
        for (rate, want) in [
            ("99999.9999", Ok(Some(d("99999.9999")))),
            ("100000", Err(NewApplicationProblem::InterestRateTooHigh)),
            ("-1", Err(NewApplicationProblem::Negative("interest_rate"))),
        ] {
            assert_eq!(checked_interest_rate(Some(d(rate))), want, "{rate}");
        }
        for (term, want) in [
            (None, Ok(())),
            (Some(0), Ok(())),
            (Some(-1), Err(NewApplicationProblem::Negative("term"))),
        ] {
            assert_eq!(check_term(term), want, "{term:?}");
        }
        assert_eq!(
            NewApplicationProblem::Negative("term").to_string(),
            "`term` must not be negative."
        );
    }
}
