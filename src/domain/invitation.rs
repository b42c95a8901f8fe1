//! Invitations (`docs/outreach.md`, `docs/visibility.md`): who sees one, how many a user
//! may send a day, how long the mailed link works and how long an invitee's names may
//! be. No I/O: the caller counts, reads the clock and writes.

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use super::viewer::Viewer;

/// How long an invitation's link works, in days.
pub const INVITATION_VALIDITY_DAYS: i64 = 7;
/// Most invitations one user may send within 24 hours.
pub const MAX_INVITATIONS_PER_DAY: i64 = 50;
/// Longest given, family or organization name of an invitee, in characters.
pub const MAX_INVITEE_NAME: usize = 200;

/// Why an invitation may not be sent or its link not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvitationError {
    /// The author already sent [`MAX_INVITATIONS_PER_DAY`] invitations within 24 hours.
    #[error("A user may send at most {MAX_INVITATIONS_PER_DAY} invitations within 24 hours.")]
    DailyLimit,
    /// The link is older than [`INVITATION_VALIDITY_DAYS`] days.
    #[error("Invitation links work for {INVITATION_VALIDITY_DAYS} days; this one has expired.")]
    Expired,
}

/// Whether `viewer` may see an invitation written by `author_id`: its author and the
/// network's admins only (to anybody else it does not exist).
pub fn invitation_visible(viewer: &Viewer, author_id: Uuid) -> bool {
    viewer.is_self_or_admin(author_id)
}

/// The start of the 24 hours whose invitations count towards the daily limit.
pub fn limit_window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - TimeDelta::hours(24)
}

/// A user who sent `recent` invitations since [`limit_window_start`] may send another
/// only below [`MAX_INVITATIONS_PER_DAY`] (the service must not become a spam relay).
pub fn check_daily_limit(recent: i64) -> Result<(), InvitationError> {
    if recent >= MAX_INVITATIONS_PER_DAY {
        return Err(InvitationError::DailyLimit);
    }
    Ok(())
}

/// When the link of an invitation created at `now` stops working.
pub fn link_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + TimeDelta::days(INVITATION_VALIDITY_DAYS)
}

/// Whether a link that stops working at `expires_at` no longer works at `now` (a link
/// without an expiry always works).
pub fn is_expired(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|at| at <= now)
}

/// [`is_expired`] as a refusal.
pub fn check_link_works(
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), InvitationError> {
    if is_expired(expires_at, now) {
        return Err(InvitationError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::viewer::ViewerUser;

    #[test]
    fn only_the_author_and_admins_see_an_invitation() {
        let (author, other) = (Uuid::new_v4(), Uuid::new_v4());
        let user = |id, is_admin| {
            Viewer::User(ViewerUser {
                id,
                is_admin,
                is_vip: false,
            })
        };
        let cases = [
            (Viewer::Anonymous, false),
            (user(author, false), true),
            (user(other, false), false),
            (user(other, true), true),
        ];
        for (viewer, visible) in cases {
            assert_eq!(invitation_visible(&viewer, author), visible, "{viewer:?}");
        }
    }

    #[test]
    fn fifty_invitations_a_day() {
        let cases = [
            (0, Ok(())),
            (49, Ok(())),
            (50, Err(InvitationError::DailyLimit)),
            (51, Err(InvitationError::DailyLimit)),
        ];
        for (recent, want) in cases {
            assert_eq!(check_daily_limit(recent), want, "{recent}");
        }
        let now = Utc::now();
        assert_eq!(now - limit_window_start(now), TimeDelta::hours(24));
        assert_eq!(
            InvitationError::DailyLimit.to_string(),
            "A user may send at most 50 invitations within 24 hours."
        );
    }

    #[test]
    fn links_work_for_seven_days() {
        let now = Utc::now();
        let expiry = link_expiry(now);
        assert_eq!(expiry - now, TimeDelta::days(7));
        let cases = [
            (None, false),
            (Some(now - TimeDelta::seconds(1)), true),
            (Some(now), true),
            (Some(expiry), false),
        ];
        for (expires_at, expired) in cases {
            assert_eq!(is_expired(expires_at, now), expired, "{expires_at:?}");
            let want = if expired {
                Err(InvitationError::Expired)
            } else {
                Ok(())
            };
            assert_eq!(check_link_works(expires_at, now), want, "{expires_at:?}");
        }
        assert_eq!(
            InvitationError::Expired.to_string(),
            "Invitation links work for 7 days; this one has expired."
        );
    }
}
