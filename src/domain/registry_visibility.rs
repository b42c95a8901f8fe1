//! Who sees a capitalization of the share registry (`docs/visibility.md`, "Share
//! registry"), no I/O.
//!
//! A capitalization is a holding: who owns how much of an organization. It is seen by the
//! network's admins, the active members of its organization (the cap table is theirs)
//! and its owner. Nobody else, and never an anonymous viewer: everyone else gets Not
//! Found, and lists leave it out.

use uuid::Uuid;

use super::viewer::{Viewer, relation_counts};

/// Whether `viewer` may see a capitalization owned by `owner_id` (`None`: held by the
/// organization itself), given whether the viewer is an active member of its
/// organization (`is_org_member`, ignored for an anonymous viewer).
pub fn capitalization_visible(
    viewer: &Viewer,
    owner_id: Option<Uuid>,
    is_org_member: bool,
) -> bool {
    viewer.is_admin()
        || owner_id.is_some_and(|owner| viewer.is_user(owner))
        || relation_counts(viewer, is_org_member)
}

#[cfg(test)]
mod tests {
    use super::super::viewer::ViewerUser;
    use super::*;

    fn user(id: Uuid, is_admin: bool, is_vip: bool) -> Viewer {
        Viewer::User(ViewerUser {
            id,
            is_admin,
            is_vip,
        })
    }

    #[test]
    fn capitalization_visibility_table() {
        let owner = Uuid::new_v4();
        let other = Uuid::new_v4();
        // (label, viewer, owner, is_org_member, expected)
        let table = [
            ("anonymous", Viewer::Anonymous, Some(owner), false, false),
            (
                "anonymous claiming membership",
                Viewer::Anonymous,
                Some(owner),
                true,
                false,
            ),
            (
                "anonymous, organization's own",
                Viewer::Anonymous,
                None,
                false,
                false,
            ),
            (
                "other user",
                user(other, false, false),
                Some(owner),
                false,
                false,
            ),
            ("vip", user(other, false, true), Some(owner), false, false),
            (
                "other user, organization's own",
                user(other, false, false),
                None,
                false,
                false,
            ),
            ("owner", user(owner, false, false), Some(owner), false, true),
            (
                "owner who is also a member",
                user(owner, false, false),
                Some(owner),
                true,
                true,
            ),
            ("member", user(other, false, false), Some(owner), true, true),
            (
                "member, organization's own",
                user(other, false, false),
                None,
                true,
                true,
            ),
            ("admin", user(other, true, false), Some(owner), false, true),
            (
                "admin, organization's own",
                user(other, true, false),
                None,
                false,
                true,
            ),
        ];
        for (label, viewer, owner_id, member, want) in table {
            assert_eq!(
                capitalization_visible(&viewer, owner_id, member),
                want,
                "{label}"
            );
        }
    }
}
