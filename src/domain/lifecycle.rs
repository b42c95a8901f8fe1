//! Lifecycles (`docs/lifecycles.md`): which stage moves each actor may make, no I/O.
//!
//! Conventions shared by every rule here:
//! - A "transition" changes the stage: `from == to` is never an allowed transition.
//!   Callers skip the check when an update leaves the stage unchanged (a PATCH of other
//!   fields) instead of asking for a same-stage move.
//! - A refused transition is a 409 whose message names both stages: see
//!   [`TransitionError`] and the `check_*` functions.
//! - Who the actor is comes from the viewer and its relation to the row
//!   ([`Actor::for_offering`], [`Actor::for_organization`], [`InvestmentActor::roles`]);
//!   a viewer with no role at all is not an actor (the row is Not Found or the action
//!   Forbidden, per the caller).
//! - Data-dependent conditions (an offering's cancel needs no Open, Approved or Settled
//!   investment, `docs/lifecycles.md`) are separate functions the caller checks with the data in
//!   the same transaction: [`offering_cancel_blocked_by`].

use std::fmt;

use super::stages::{InvestmentStage, OfferingStage, OrganizationStage};
use super::viewer::{InvestmentRelation, OfferingRelation, Viewer, relation_counts};

/// Who moves an Offering or Organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// An admin of the network (the Back Office rules).
    Admin,
    /// A non-admin author of the row or member of its Organization.
    Member,
}

impl Actor {
    /// The actor `viewer` is for an offering: Admin for an admin, Member for its
    /// author or a member of its Organization, `None` otherwise (anonymous included).
    pub fn for_offering(viewer: &Viewer, relation: OfferingRelation) -> Option<Actor> {
        if viewer.is_admin() {
            Some(Actor::Admin)
        } else if relation_counts(viewer, relation.is_related()) {
            Some(Actor::Member)
        } else {
            None
        }
    }

    /// The actor `viewer` is for an organization: Admin for an admin, Member for a
    /// member, `None` otherwise (anonymous included).
    pub fn for_organization(viewer: &Viewer, is_member: bool) -> Option<Actor> {
        if viewer.is_admin() {
            Some(Actor::Admin)
        } else if relation_counts(viewer, is_member) {
            Some(Actor::Member)
        } else {
            None
        }
    }
}

/// Who moves an Investment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvestmentActor {
    /// The investor (the investment's user).
    Investor,
    /// An admin or a member of the offering's Organization.
    Manager,
}

impl InvestmentActor {
    /// The roles `viewer` holds for an investment: Manager if admin or member of the
    /// offering's Organization, Investor if the investor; both, one, or none.
    pub fn roles(viewer: &Viewer, relation: InvestmentRelation) -> &'static [InvestmentActor] {
        let manager = viewer.is_admin() || relation_counts(viewer, relation.is_offering_org_member);
        let investor = relation_counts(viewer, relation.is_investor);
        match (investor, manager) {
            (true, true) => &[InvestmentActor::Investor, InvestmentActor::Manager],
            (true, false) => &[InvestmentActor::Investor],
            (false, true) => &[InvestmentActor::Manager],
            (false, false) => &[],
        }
    }
}

// ---------------------------------------------------------------------------------------
// Offerings
// ---------------------------------------------------------------------------------------

/// Whether `actor` may create an offering in `stage`: Draft (the default) or Submitted,
/// for members and admins alike. Anything further (Approved, Published, …) is reached by
/// transitions afterwards, so an admin's approval and publication always go through the
/// transition rules and their stamps. (The seeds' Back Office creates in Draft;
/// `docs/lifecycles.md` allows Draft or Submitted to members; admins get the same.)
pub fn offering_initial_stage_allowed(actor: Actor, stage: OfferingStage) -> bool {
    match actor {
        Actor::Admin | Actor::Member => {
            matches!(stage, OfferingStage::Draft | OfferingStage::Submitted)
        }
    }
}

/// Whether `actor` may move an offering from `from` to `to` (`docs/lifecycles.md`).
///
/// Member (author or Organization member, non-admin): Draft -> Submitted; Draft or
/// Submitted -> Canceled. Nothing else: publishing is never possible without an admin.
///
/// Admin: Draft -> Submitted | Approved | Rejected | Canceled; Submitted -> Draft |
/// Approved | Rejected | Canceled; Rejected -> Submitted | Approved | Canceled;
/// Approved -> Rejected | Restricted | Published | Canceled; Restricted -> Published |
/// Closing | Canceled; Published -> Closing | Canceled; Closing -> Settled | Canceled;
/// Settled and Canceled are final.
///
/// Moving to Canceled additionally needs [`offering_cancel_blocked_by`] false for every
/// investment of the offering.
pub fn offering_transition_allowed(actor: Actor, from: OfferingStage, to: OfferingStage) -> bool {
    use OfferingStage::*;
    match actor {
        Actor::Member => matches!(
            (from, to),
            (Draft, Submitted) | (Draft, Canceled) | (Submitted, Canceled)
        ),
        Actor::Admin => matches!(
            (from, to),
            (Draft, Submitted | Approved | Rejected | Canceled)
                | (Submitted, Draft | Approved | Rejected | Canceled)
                | (Rejected, Submitted | Approved | Canceled)
                | (Approved, Rejected | Restricted | Published | Canceled)
                | (Restricted, Published | Closing | Canceled)
                | (Published, Closing | Canceled)
                | (Closing, Settled | Canceled)
        ),
    }
}

/// [`offering_transition_allowed`] as a `Result`, for the 409.
pub fn check_offering_transition(
    actor: Actor,
    from: OfferingStage,
    to: OfferingStage,
) -> Result<(), TransitionError<OfferingStage>> {
    TransitionError::check(offering_transition_allowed(actor, from, to), from, to)
}

/// Whether an offering stage is final (no transition leaves it): Settled, Canceled.
pub fn offering_stage_is_final(stage: OfferingStage) -> bool {
    matches!(stage, OfferingStage::Settled | OfferingStage::Canceled)
}

/// Whether a member may edit an offering's fields in `stage`: while Draft or Submitted
/// (`docs/lifecycles.md`).
pub fn offering_fields_editable_by_member(stage: OfferingStage) -> bool {
    matches!(stage, OfferingStage::Draft | OfferingStage::Submitted)
}

/// The investment stages that forbid cancelling an offering: Open, Approved, Settled
/// (`docs/lifecycles.md`: "Cancel only when no investment is Open, Approved or Settled").
pub const INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL: &[InvestmentStage] = &[
    InvestmentStage::Open,
    InvestmentStage::Approved,
    InvestmentStage::Settled,
];

/// Whether an investment in `stage` forbids cancelling its offering (see
/// [`INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL`]); Rejected and Withdrawn ones do not.
pub fn offering_cancel_blocked_by(stage: InvestmentStage) -> bool {
    INVESTMENT_STAGES_BLOCKING_OFFERING_CANCEL.contains(&stage)
}

/// A timestamp an offering gets when it enters a stage (`docs/lifecycles.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferingStamp {
    /// `submitted_at`, on entering Submitted.
    SubmittedAt,
    /// `published_at`, on entering Published.
    PublishedAt,
    /// `settled_at`, on entering Settled.
    SettledAt,
}

/// The timestamp to set when an offering enters `to` (by a transition, or by creation
/// in that stage), if any. Set on every entry: after Submitted -> Draft -> Submitted,
/// `submitted_at` is the latest submission.
pub fn offering_stamp_on_entry(to: OfferingStage) -> Option<OfferingStamp> {
    match to {
        OfferingStage::Submitted => Some(OfferingStamp::SubmittedAt),
        OfferingStage::Published => Some(OfferingStamp::PublishedAt),
        OfferingStage::Settled => Some(OfferingStamp::SettledAt),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Investments
// ---------------------------------------------------------------------------------------

/// Why an investment cannot be created in the requested stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvestmentCreateRefusal {
    /// Approved was asked for but the network does not allow self-approval (a 403).
    SelfApprovalDisabled,
    /// The stage is not a starting stage (only Open, or Approved with self-approval).
    NotAnInitialStage(InvestmentStage),
}

impl fmt::Display for InvestmentCreateRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvestmentCreateRefusal::SelfApprovalDisabled => {
                f.write_str("this network does not allow investments to be created as Approved (2)")
            }
            InvestmentCreateRefusal::NotAnInitialStage(stage) => write!(
                f,
                "an investment cannot be created as {} ({}): only Open (0), or Approved (2) \
                 where the network allows self-approval",
                stage.name(),
                stage.code()
            ),
        }
    }
}

impl std::error::Error for InvestmentCreateRefusal {}

/// Whether an investment may be created in `requested` (`docs/lifecycles.md`): Open always;
/// Approved when the network allows self-approval (`self_approval_enabled`, off by
/// default), else [`InvestmentCreateRefusal::SelfApprovalDisabled`]; nothing else.
pub fn investment_initial_stage(
    requested: InvestmentStage,
    self_approval_enabled: bool,
) -> Result<(), InvestmentCreateRefusal> {
    match requested {
        InvestmentStage::Open => Ok(()),
        InvestmentStage::Approved if self_approval_enabled => Ok(()),
        InvestmentStage::Approved => Err(InvestmentCreateRefusal::SelfApprovalDisabled),
        other => Err(InvestmentCreateRefusal::NotAnInitialStage(other)),
    }
}

/// Whether `actor` may move an investment from `from` to `to` (`docs/lifecycles.md`).
///
/// Investor: Open or Approved -> Withdrawn. Manager (admin or member of the offering's
/// Organization): Open -> Rejected | Approved | Settled; Rejected -> Approved; Approved
/// -> Rejected | Settled. Withdrawn and Settled are final.
pub fn investment_transition_allowed(
    actor: InvestmentActor,
    from: InvestmentStage,
    to: InvestmentStage,
) -> bool {
    use InvestmentStage::*;
    match actor {
        InvestmentActor::Investor => matches!((from, to), (Open | Approved, Withdrawn)),
        InvestmentActor::Manager => matches!(
            (from, to),
            (Open, Rejected | Approved | Settled)
                | (Rejected, Approved)
                | (Approved, Rejected | Settled)
        ),
    }
}

/// Whether `viewer` may move an investment from `from` to `to` through any role it
/// holds ([`InvestmentActor::roles`]).
pub fn investment_transition_allowed_for(
    viewer: &Viewer,
    relation: InvestmentRelation,
    from: InvestmentStage,
    to: InvestmentStage,
) -> bool {
    InvestmentActor::roles(viewer, relation)
        .iter()
        .any(|actor| investment_transition_allowed(*actor, from, to))
}

/// [`investment_transition_allowed`] as a `Result`, for the 409.
pub fn check_investment_transition(
    actor: InvestmentActor,
    from: InvestmentStage,
    to: InvestmentStage,
) -> Result<(), TransitionError<InvestmentStage>> {
    TransitionError::check(investment_transition_allowed(actor, from, to), from, to)
}

/// Whether an investment stage is final: Withdrawn, Settled.
pub fn investment_stage_is_final(stage: InvestmentStage) -> bool {
    matches!(stage, InvestmentStage::Withdrawn | InvestmentStage::Settled)
}

/// Whether the investor may edit an investment (its amount) in `stage`: while Open
/// (`docs/lifecycles.md`).
pub fn investment_editable_by_investor(stage: InvestmentStage) -> bool {
    stage == InvestmentStage::Open
}

// ---------------------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------------------

/// Whether `actor` may create an organization in `stage`: Draft or Submitted (creating
/// as Submitted is creating and submitting a Draft), for members and admins alike; later
/// stages are reached by transitions.
pub fn organization_initial_stage_allowed(actor: Actor, stage: OrganizationStage) -> bool {
    match actor {
        Actor::Admin | Actor::Member => matches!(
            stage,
            OrganizationStage::Draft | OrganizationStage::Submitted
        ),
    }
}

/// Whether an organization stage is final: Archived, Cancelled.
pub fn organization_stage_is_final(stage: OrganizationStage) -> bool {
    matches!(
        stage,
        OrganizationStage::Archived | OrganizationStage::Cancelled
    )
}

/// Whether `actor` may move an organization from `from` to `to` (`docs/lifecycles.md`: "forward
/// only; admin moves stages; members may submit a Draft").
///
/// Our reading: "forward" is a strictly increasing stage code (Draft 0 … Published 5,
/// Archived 6, Cancelled 7), and Archived and Cancelled are final. So an admin may move
/// any non-final organization to any later stage, including straight to Archived or
/// Cancelled from any non-final stage, and a Rejected one on to Approved; nothing moves
/// back (no Rejected -> Submitted, no un-publishing) and Archived -> Cancelled is
/// refused (both are ends). A member may only move Draft -> Submitted.
pub fn organization_transition_allowed(
    actor: Actor,
    from: OrganizationStage,
    to: OrganizationStage,
) -> bool {
    match actor {
        Actor::Member => from == OrganizationStage::Draft && to == OrganizationStage::Submitted,
        Actor::Admin => !organization_stage_is_final(from) && to.code() > from.code(),
    }
}

/// [`organization_transition_allowed`] as a `Result`, for the 409.
pub fn check_organization_transition(
    actor: Actor,
    from: OrganizationStage,
    to: OrganizationStage,
) -> Result<(), TransitionError<OrganizationStage>> {
    TransitionError::check(organization_transition_allowed(actor, from, to), from, to)
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// A lifecycle stage enumeration, as named in messages.
pub trait LifecycleStage: Copy + fmt::Debug {
    /// What has the stage, for messages ("offering").
    const KIND: &'static str;

    /// The stage's name as in `docs/product.md` ("Published").
    fn name(self) -> &'static str;

    /// The stage's integer code.
    fn stage_code(self) -> i16;
}

/// Implements [`LifecycleStage`] for a stage enum.
macro_rules! lifecycle_stage {
    ($ty:ident, $kind:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl LifecycleStage for $ty {
            const KIND: &'static str = $kind;

            fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }

            fn stage_code(self) -> i16 {
                self.code()
            }
        }
    };
}

lifecycle_stage!(OfferingStage, "offering", {
    Draft => "Draft",
    Submitted => "Submitted",
    Rejected => "Rejected",
    Approved => "Approved",
    Restricted => "Restricted",
    Published => "Published",
    Closing => "Closing",
    Settled => "Settled",
    Canceled => "Canceled",
});

lifecycle_stage!(OrganizationStage, "organization", {
    Draft => "Draft",
    Submitted => "Submitted",
    Rejected => "Rejected",
    Approved => "Approved",
    Restricted => "Restricted",
    Published => "Published",
    Archived => "Archived",
    Cancelled => "Cancelled",
});

lifecycle_stage!(InvestmentStage, "investment", {
    Open => "Open",
    Rejected => "Rejected",
    Approved => "Approved",
    Withdrawn => "Withdrawn",
    Settled => "Settled",
});

/// A refused stage transition (a 409). Its `Display` names the kind and both stages
/// with their codes, e.g. "an offering cannot move from Published (5) to Draft (0)".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransitionError<S> {
    /// The current stage.
    pub from: S,
    /// The requested stage.
    pub to: S,
}

impl<S: LifecycleStage> TransitionError<S> {
    /// `Ok(())` when `allowed`, else the error for `from -> to`.
    pub fn check(allowed: bool, from: S, to: S) -> Result<(), TransitionError<S>> {
        if allowed {
            Ok(())
        } else {
            Err(TransitionError { from, to })
        }
    }
}

impl<S: LifecycleStage> fmt::Display for TransitionError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let article = if S::KIND.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        write!(
            f,
            "{article} {} cannot move from {} ({}) to {} ({})",
            S::KIND,
            self.from.name(),
            self.from.stage_code(),
            self.to.name(),
            self.to.stage_code()
        )
    }
}

impl<S: LifecycleStage> std::error::Error for TransitionError<S> {}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::super::viewer::ViewerUser;
    use super::*;

    /// Reads a transition matrix written as text: one row per `from` stage (in `ALL`
    /// order), one column per `to` stage (in `ALL` order), `x` allowed, `.` refused.
    fn matrix<S: Copy>(all: &[S], rows: &[&str]) -> Vec<(S, S, bool)> {
        assert_eq!(rows.len(), all.len(), "one row per from-stage");
        let mut out = Vec::new();
        for (from, row) in all.iter().zip(rows) {
            let cells: Vec<char> = row.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(cells.len(), all.len(), "one column per to-stage: {row:?}");
            for (to, cell) in all.iter().zip(cells) {
                let allowed = match cell {
                    'x' => true,
                    '.' => false,
                    other => panic!("bad cell {other:?}"),
                };
                out.push((*from, *to, allowed));
            }
        }
        out
    }

    // Offering columns (to): Draft Submitted Rejected Approved Restricted Published
    // Closing Settled Canceled. Rows (from) in the same order. From `docs/lifecycles.md`.

    #[rustfmt::skip]
    const OFFERING_ADMIN: &[&str] = &[
        //          Dr Su Rj Ap Rs Pu Cl St Ca
        /* Draft */ ".  x  x  x  .  .  .  .  x",
        /* Subm. */ "x  .  x  x  .  .  .  .  x",
        /* Rej.  */ ".  x  .  x  .  .  .  .  x",
        /* Appr. */ ".  .  x  .  x  x  .  .  x",
        /* Restr */ ".  .  .  .  .  x  x  .  x",
        /* Publ. */ ".  .  .  .  .  .  x  .  x",
        /* Clos. */ ".  .  .  .  .  .  .  x  x",
        /* Sett. */ ".  .  .  .  .  .  .  .  .",
        /* Canc. */ ".  .  .  .  .  .  .  .  .",
    ];

    #[rustfmt::skip]
    const OFFERING_MEMBER: &[&str] = &[
        //          Dr Su Rj Ap Rs Pu Cl St Ca
        /* Draft */ ".  x  .  .  .  .  .  .  x",
        /* Subm. */ ".  .  .  .  .  .  .  .  x",
        /* Rej.  */ ".  .  .  .  .  .  .  .  .",
        /* Appr. */ ".  .  .  .  .  .  .  .  .",
        /* Restr */ ".  .  .  .  .  .  .  .  .",
        /* Publ. */ ".  .  .  .  .  .  .  .  .",
        /* Clos. */ ".  .  .  .  .  .  .  .  .",
        /* Sett. */ ".  .  .  .  .  .  .  .  .",
        /* Canc. */ ".  .  .  .  .  .  .  .  .",
    ];

    #[test]
    fn offering_transitions_every_pair_admin() {
        let table = matrix(OfferingStage::ALL, OFFERING_ADMIN);
        assert_eq!(table.len(), 81);
        for (from, to, want) in table {
            assert_eq!(
                offering_transition_allowed(Actor::Admin, from, to),
                want,
                "admin {from:?} -> {to:?}"
            );
            assert_eq!(
                check_offering_transition(Actor::Admin, from, to).is_ok(),
                want
            );
        }
    }

    #[test]
    fn offering_transitions_every_pair_member() {
        let table = matrix(OfferingStage::ALL, OFFERING_MEMBER);
        assert_eq!(table.len(), 81);
        for (from, to, want) in table {
            assert_eq!(
                offering_transition_allowed(Actor::Member, from, to),
                want,
                "member {from:?} -> {to:?}"
            );
        }
    }

    #[test]
    fn offering_final_stages_have_no_way_out() {
        for from in OfferingStage::ALL {
            let leaves = OfferingStage::ALL
                .iter()
                .any(|to| offering_transition_allowed(Actor::Admin, *from, *to));
            assert_eq!(offering_stage_is_final(*from), !leaves, "{from:?}");
        }
    }

    #[test]
    fn offering_initial_stages() {
        use OfferingStage::*;
        // (stage, allowed for member, allowed for admin)
        let table = [
            (Draft, true, true),
            (Submitted, true, true),
            (Rejected, false, false),
            (Approved, false, false),
            (Restricted, false, false),
            (Published, false, false),
            (Closing, false, false),
            (Settled, false, false),
            (Canceled, false, false),
        ];
        assert_eq!(table.len(), OfferingStage::ALL.len());
        for (stage, member, admin) in table {
            assert_eq!(
                offering_initial_stage_allowed(Actor::Member, stage),
                member,
                "{stage:?}"
            );
            assert_eq!(
                offering_initial_stage_allowed(Actor::Admin, stage),
                admin,
                "{stage:?}"
            );
        }
    }

    #[test]
    fn offering_editing_cancel_blocking_and_stamps() {
        use OfferingStage::*;
        // (stage, member may edit fields, stamp on entry)
        let table = [
            (Draft, true, None),
            (Submitted, true, Some(OfferingStamp::SubmittedAt)),
            (Rejected, false, None),
            (Approved, false, None),
            (Restricted, false, None),
            (Published, false, Some(OfferingStamp::PublishedAt)),
            (Closing, false, None),
            (Settled, false, Some(OfferingStamp::SettledAt)),
            (Canceled, false, None),
        ];
        for (stage, editable, stamp) in table {
            assert_eq!(
                offering_fields_editable_by_member(stage),
                editable,
                "{stage:?}"
            );
            assert_eq!(offering_stamp_on_entry(stage), stamp, "{stage:?}");
        }
        // (investment stage, blocks cancelling the offering)
        let blocking = [
            (InvestmentStage::Open, true),
            (InvestmentStage::Rejected, false),
            (InvestmentStage::Approved, true),
            (InvestmentStage::Withdrawn, false),
            (InvestmentStage::Settled, true),
        ];
        for (stage, blocks) in blocking {
            assert_eq!(offering_cancel_blocked_by(stage), blocks, "{stage:?}");
        }
    }

    // Investment columns (to): Open Rejected Approved Withdrawn Settled; rows (from) in
    // the same order. From `docs/lifecycles.md`.

    #[rustfmt::skip]
    const INVESTMENT_INVESTOR: &[&str] = &[
        //          Op Rj Ap Wd St
        /* Open  */ ".  .  .  x  .",
        /* Rej.  */ ".  .  .  .  .",
        /* Appr. */ ".  .  .  x  .",
        /* Withd */ ".  .  .  .  .",
        /* Sett. */ ".  .  .  .  .",
    ];

    #[rustfmt::skip]
    const INVESTMENT_MANAGER: &[&str] = &[
        //          Op Rj Ap Wd St
        /* Open  */ ".  x  x  .  x",
        /* Rej.  */ ".  .  x  .  .",
        /* Appr. */ ".  x  .  .  x",
        /* Withd */ ".  .  .  .  .",
        /* Sett. */ ".  .  .  .  .",
    ];

    #[test]
    fn investment_transitions_every_pair_both_actors() {
        for (actor, rows) in [
            (InvestmentActor::Investor, INVESTMENT_INVESTOR),
            (InvestmentActor::Manager, INVESTMENT_MANAGER),
        ] {
            let table = matrix(InvestmentStage::ALL, rows);
            assert_eq!(table.len(), 25);
            for (from, to, want) in table {
                assert_eq!(
                    investment_transition_allowed(actor, from, to),
                    want,
                    "{actor:?} {from:?} -> {to:?}"
                );
                assert_eq!(check_investment_transition(actor, from, to).is_ok(), want);
            }
        }
    }

    #[test]
    fn investment_final_stages_have_no_way_out() {
        for from in InvestmentStage::ALL {
            let leaves = InvestmentStage::ALL.iter().any(|to| {
                investment_transition_allowed(InvestmentActor::Investor, *from, *to)
                    || investment_transition_allowed(InvestmentActor::Manager, *from, *to)
            });
            let final_by_design =
                matches!(from, InvestmentStage::Withdrawn | InvestmentStage::Settled);
            assert_eq!(
                investment_stage_is_final(*from),
                final_by_design,
                "{from:?}"
            );
            // Rejected has a way out (to Approved) even though nothing leads back to Open.
            assert_eq!(!leaves, final_by_design, "{from:?}");
        }
    }

    #[test]
    fn investment_initial_stage_table() {
        use InvestmentStage::*;
        // (requested, self-approval on, self-approval off)
        let table = [
            (Open, Ok(()), Ok(())),
            (
                Rejected,
                Err(InvestmentCreateRefusal::NotAnInitialStage(Rejected)),
                Err(InvestmentCreateRefusal::NotAnInitialStage(Rejected)),
            ),
            (
                Approved,
                Ok(()),
                Err(InvestmentCreateRefusal::SelfApprovalDisabled),
            ),
            (
                Withdrawn,
                Err(InvestmentCreateRefusal::NotAnInitialStage(Withdrawn)),
                Err(InvestmentCreateRefusal::NotAnInitialStage(Withdrawn)),
            ),
            (
                Settled,
                Err(InvestmentCreateRefusal::NotAnInitialStage(Settled)),
                Err(InvestmentCreateRefusal::NotAnInitialStage(Settled)),
            ),
        ];
        for (stage, on, off) in table {
            assert_eq!(investment_initial_stage(stage, true), on, "{stage:?} on");
            assert_eq!(investment_initial_stage(stage, false), off, "{stage:?} off");
        }
        assert!(
            InvestmentCreateRefusal::NotAnInitialStage(Settled)
                .to_string()
                .contains("Settled (4)")
        );
    }

    #[test]
    fn investment_editable_only_while_open() {
        for stage in InvestmentStage::ALL {
            assert_eq!(
                investment_editable_by_investor(*stage),
                *stage == InvestmentStage::Open
            );
        }
    }

    #[test]
    fn investment_roles_and_transitions_for_viewers() {
        let user = Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: false,
            is_vip: false,
        });
        let admin = Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: true,
            is_vip: false,
        });
        let investor = InvestmentRelation {
            is_investor: true,
            is_offering_org_member: false,
        };
        let member = InvestmentRelation {
            is_investor: false,
            is_offering_org_member: true,
        };
        let both = InvestmentRelation {
            is_investor: true,
            is_offering_org_member: true,
        };
        use InvestmentActor::{Investor, Manager};
        let table: [(&str, Viewer, InvestmentRelation, &[InvestmentActor]); 7] = [
            (
                "anonymous",
                Viewer::Anonymous,
                InvestmentRelation::NONE,
                &[],
            ),
            ("anonymous claiming both", Viewer::Anonymous, both, &[]),
            ("stranger", user, InvestmentRelation::NONE, &[]),
            ("investor", user, investor, &[Investor]),
            ("org member", user, member, &[Manager]),
            ("investor and org member", user, both, &[Investor, Manager]),
            ("admin", admin, InvestmentRelation::NONE, &[Manager]),
        ];
        for (label, viewer, relation, roles) in table {
            assert_eq!(InvestmentActor::roles(&viewer, relation), roles, "{label}");
        }
        use InvestmentStage::*;
        assert!(investment_transition_allowed_for(
            &user, investor, Open, Withdrawn
        ));
        assert!(!investment_transition_allowed_for(
            &user, investor, Open, Approved
        ));
        assert!(investment_transition_allowed_for(
            &user, both, Open, Approved
        ));
        assert!(investment_transition_allowed_for(
            &user, both, Open, Withdrawn
        ));
        assert!(!investment_transition_allowed_for(
            &admin,
            InvestmentRelation::NONE,
            Open,
            Withdrawn
        ));
        assert!(!investment_transition_allowed_for(
            &Viewer::Anonymous,
            both,
            Open,
            Withdrawn
        ));
    }

    // Organization columns (to): Draft Submitted Rejected Approved Restricted Published
    // Archived Cancelled; rows (from) in the same order. `docs/lifecycles.md` "forward only", read
    // as strictly increasing code with Archived and Cancelled final (see the function).

    #[rustfmt::skip]
    const ORGANIZATION_ADMIN: &[&str] = &[
        //          Dr Su Rj Ap Rs Pu Ar Ca
        /* Draft */ ".  x  x  x  x  x  x  x",
        /* Subm. */ ".  .  x  x  x  x  x  x",
        /* Rej.  */ ".  .  .  x  x  x  x  x",
        /* Appr. */ ".  .  .  .  x  x  x  x",
        /* Restr */ ".  .  .  .  .  x  x  x",
        /* Publ. */ ".  .  .  .  .  .  x  x",
        /* Arch. */ ".  .  .  .  .  .  .  .",
        /* Canc. */ ".  .  .  .  .  .  .  .",
    ];

    #[rustfmt::skip]
    const ORGANIZATION_MEMBER: &[&str] = &[
        //          Dr Su Rj Ap Rs Pu Ar Ca
        /* Draft */ ".  x  .  .  .  .  .  .",
        /* Subm. */ ".  .  .  .  .  .  .  .",
        /* Rej.  */ ".  .  .  .  .  .  .  .",
        /* Appr. */ ".  .  .  .  .  .  .  .",
        /* Restr */ ".  .  .  .  .  .  .  .",
        /* Publ. */ ".  .  .  .  .  .  .  .",
        /* Arch. */ ".  .  .  .  .  .  .  .",
        /* Canc. */ ".  .  .  .  .  .  .  .",
    ];

    #[test]
    fn organization_transitions_every_pair_both_actors() {
        for (actor, rows) in [
            (Actor::Admin, ORGANIZATION_ADMIN),
            (Actor::Member, ORGANIZATION_MEMBER),
        ] {
            let table = matrix(OrganizationStage::ALL, rows);
            assert_eq!(table.len(), 64);
            for (from, to, want) in table {
                assert_eq!(
                    organization_transition_allowed(actor, from, to),
                    want,
                    "{actor:?} {from:?} -> {to:?}"
                );
                assert_eq!(check_organization_transition(actor, from, to).is_ok(), want);
            }
        }
    }

    #[test]
    fn organization_initial_stages() {
        for stage in OrganizationStage::ALL {
            let want = matches!(
                stage,
                OrganizationStage::Draft | OrganizationStage::Submitted
            );
            for actor in [Actor::Admin, Actor::Member] {
                assert_eq!(
                    organization_initial_stage_allowed(actor, *stage),
                    want,
                    "{actor:?} {stage:?}"
                );
            }
        }
    }

    #[test]
    fn actors_from_viewers() {
        let user = Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: false,
            is_vip: true,
        });
        let admin = Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: true,
            is_vip: false,
        });
        let author = OfferingRelation {
            is_author: true,
            is_org_member: false,
        };
        let member = OfferingRelation {
            is_author: false,
            is_org_member: true,
        };
        // (label, viewer, offering relation, organization membership, expected actor)
        let table = [
            (
                "anonymous",
                Viewer::Anonymous,
                OfferingRelation::NONE,
                false,
                None,
            ),
            ("anonymous claiming", Viewer::Anonymous, author, true, None),
            ("stranger (VIP)", user, OfferingRelation::NONE, false, None),
            ("author", user, author, true, Some(Actor::Member)),
            ("org member", user, member, true, Some(Actor::Member)),
            (
                "admin",
                admin,
                OfferingRelation::NONE,
                false,
                Some(Actor::Admin),
            ),
            ("admin and member", admin, member, true, Some(Actor::Admin)),
        ];
        for (label, viewer, relation, is_member, want) in table {
            assert_eq!(Actor::for_offering(&viewer, relation), want, "{label}");
            assert_eq!(Actor::for_organization(&viewer, is_member), want, "{label}");
        }
    }

    #[test]
    fn transition_errors_name_both_stages() {
        let e = check_offering_transition(
            Actor::Member,
            OfferingStage::Draft,
            OfferingStage::Published,
        )
        .unwrap_err();
        assert_eq!(
            e,
            TransitionError {
                from: OfferingStage::Draft,
                to: OfferingStage::Published
            }
        );
        assert_eq!(
            e.to_string(),
            "an offering cannot move from Draft (0) to Published (5)"
        );
        let e = check_investment_transition(
            InvestmentActor::Manager,
            InvestmentStage::Settled,
            InvestmentStage::Rejected,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "an investment cannot move from Settled (4) to Rejected (1)"
        );
        let e = check_organization_transition(
            Actor::Admin,
            OrganizationStage::Published,
            OrganizationStage::Draft,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "an organization cannot move from Published (5) to Draft (0)"
        );
        // Every stage has a distinct name that matches its variant.
        for s in OfferingStage::ALL {
            assert_eq!(s.name(), format!("{s:?}"));
        }
        for s in OrganizationStage::ALL {
            assert_eq!(s.name(), format!("{s:?}"));
        }
        for s in InvestmentStage::ALL {
            assert_eq!(s.name(), format!("{s:?}"));
        }
    }
}
