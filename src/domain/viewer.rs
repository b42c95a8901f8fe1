//! Who is asking (`docs/product.md`): the [`Viewer`] of a request, and the *relations* between a
//! viewer and a row that widen what the viewer may see or do.
//!
//! Relations are facts computed elsewhere (from the database, in the same network as the
//! row) and passed in by the caller; this module only carries them. A relation never
//! widens anything for [`Viewer::Anonymous`]: an anonymous viewer cannot be an author,
//! investor or member, so the rules in [`super::visibility`] and [`super::lifecycle`]
//! ignore relation flags set for one.

use uuid::Uuid;

/// The logged-in user behind a request. Built only for a user who may log in: a blocked
/// user never becomes a `ViewerUser` (their calls fail with 401 before any rule runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ViewerUser {
    /// The user's id (in the request's network).
    pub id: Uuid,
    /// Admin of the network: sees and manages everything in it.
    pub is_admin: bool,
    /// VIP: additionally sees Restricted offerings.
    pub is_vip: bool,
}

/// Who is asking: nobody in particular, or a logged-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Viewer {
    /// A valid network API key without a user (cv-auth `Username="new"`), or no
    /// credentials at all on GraphQL. Sees the public sets only.
    #[default]
    Anonymous,
    /// A logged-in, non-blocked user.
    User(ViewerUser),
}

impl Viewer {
    /// The logged-in user's id; `None` when anonymous.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Viewer::Anonymous => None,
            Viewer::User(u) => Some(u.id),
        }
    }

    /// The logged-in user, if any.
    pub fn user(&self) -> Option<&ViewerUser> {
        match self {
            Viewer::Anonymous => None,
            Viewer::User(u) => Some(u),
        }
    }

    /// Whether nobody is logged in.
    pub fn is_anonymous(&self) -> bool {
        matches!(self, Viewer::Anonymous)
    }

    /// Whether the viewer is an admin of the network (never true when anonymous).
    pub fn is_admin(&self) -> bool {
        matches!(self, Viewer::User(u) if u.is_admin)
    }

    /// Whether the viewer is a VIP user (never true when anonymous).
    pub fn is_vip(&self) -> bool {
        matches!(self, Viewer::User(u) if u.is_vip)
    }

    /// Whether the viewer is the logged-in user `id` (never true when anonymous).
    pub fn is_user(&self, id: Uuid) -> bool {
        self.user_id() == Some(id)
    }

    /// Whether the viewer is the user `id` or an admin: the pair that sees every field
    /// of a user and every piece of a user's money.
    pub fn is_self_or_admin(&self, id: Uuid) -> bool {
        self.is_admin() || self.is_user(id)
    }
}

/// Relations between a viewer and an Offering that widen access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OfferingRelation {
    /// The viewer created the offering (its owner).
    pub is_author: bool,
    /// The viewer is a member of the offering's Organization.
    pub is_org_member: bool,
}

impl OfferingRelation {
    /// No relation at all.
    pub const NONE: OfferingRelation = OfferingRelation {
        is_author: false,
        is_org_member: false,
    };

    /// Whether the viewer is the author or a member of the offering's Organization (the
    /// "Member" actor of `docs/lifecycles.md`).
    pub fn is_related(&self) -> bool {
        self.is_author || self.is_org_member
    }
}

/// Relations between a viewer and an Investment that widen access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct InvestmentRelation {
    /// The viewer is the investor (the investment's user).
    pub is_investor: bool,
    /// The viewer is a member of the Organization of the investment's offering.
    pub is_offering_org_member: bool,
}

impl InvestmentRelation {
    /// No relation at all.
    pub const NONE: InvestmentRelation = InvestmentRelation {
        is_investor: false,
        is_offering_org_member: false,
    };

    /// Whether the viewer is the investor or a member of the offering's Organization.
    pub fn is_related(&self) -> bool {
        self.is_investor || self.is_offering_org_member
    }
}

/// Whether a relation counts for this viewer: relations only ever widen access for a
/// logged-in user (an anonymous viewer has no relations, whatever the caller passed).
pub(crate) fn relation_counts(viewer: &Viewer, related: bool) -> bool {
    related && !viewer.is_anonymous()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(is_admin: bool, is_vip: bool) -> (Uuid, Viewer) {
        let id = Uuid::new_v4();
        (
            id,
            Viewer::User(ViewerUser {
                id,
                is_admin,
                is_vip,
            }),
        )
    }

    #[test]
    fn anonymous_has_no_id_and_no_flags() {
        let v = Viewer::Anonymous;
        assert_eq!(v.user_id(), None);
        assert!(v.user().is_none());
        assert!(v.is_anonymous());
        assert!(!v.is_admin());
        assert!(!v.is_vip());
        assert!(!v.is_user(Uuid::nil()));
        assert!(!v.is_self_or_admin(Uuid::nil()));
        assert_eq!(Viewer::default(), Viewer::Anonymous);
    }

    #[test]
    fn user_flags_are_reported_as_set() {
        // (is_admin, is_vip)
        let table = [(false, false), (false, true), (true, false), (true, true)];
        for (is_admin, is_vip) in table {
            let (id, v) = user(is_admin, is_vip);
            assert_eq!(v.user_id(), Some(id));
            assert!(!v.is_anonymous());
            assert_eq!(v.is_admin(), is_admin);
            assert_eq!(v.is_vip(), is_vip);
            assert!(v.is_user(id));
            assert!(!v.is_user(Uuid::new_v4()));
            assert!(v.is_self_or_admin(id));
            assert_eq!(v.is_self_or_admin(Uuid::new_v4()), is_admin);
        }
    }

    #[test]
    fn relations_are_related_when_any_flag_is_set() {
        assert!(!OfferingRelation::NONE.is_related());
        assert_eq!(OfferingRelation::default(), OfferingRelation::NONE);
        for (is_author, is_org_member) in [(true, false), (false, true), (true, true)] {
            assert!(
                OfferingRelation {
                    is_author,
                    is_org_member
                }
                .is_related()
            );
        }
        assert!(!InvestmentRelation::NONE.is_related());
        assert_eq!(InvestmentRelation::default(), InvestmentRelation::NONE);
        for (is_investor, is_offering_org_member) in [(true, false), (false, true), (true, true)] {
            assert!(
                InvestmentRelation {
                    is_investor,
                    is_offering_org_member
                }
                .is_related()
            );
        }
    }

    #[test]
    fn relations_never_count_for_anonymous() {
        let (_, u) = user(false, false);
        assert!(!relation_counts(&Viewer::Anonymous, true));
        assert!(!relation_counts(&u, false));
        assert!(relation_counts(&u, true));
    }
}
