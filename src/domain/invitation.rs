//! Invitation rules (`docs/outreach.md`): how long a link works and how many
//! invitations one user may send a day.

use chrono::{DateTime, TimeDelta, Utc};

/// How long an invitation's link works, in days.
pub const INVITATION_VALIDITY_DAYS: i64 = 7;
/// Most invitations one user may send within 24 hours.
pub const MAX_INVITATIONS_PER_DAY: i64 = 50;
/// Longest name or organization name of an invitee.
pub const MAX_INVITEE_NAME: usize = 200;

/// The start of the 24 hours whose invitations count towards the daily limit.
pub fn limit_window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - TimeDelta::hours(24)
}

/// Whether a user who sent `recent` invitations within 24 hours may send another.
pub fn may_send_another(recent: i64) -> bool {
    recent < MAX_INVITATIONS_PER_DAY
}

/// When the link of an invitation created at `now` stops working.
pub fn link_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + TimeDelta::days(INVITATION_VALIDITY_DAYS)
}

/// Whether a link that stops working at `expires_at` no longer works at `now`.
pub fn is_expired(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|at| at <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daily_limit() {
        for (recent, ok) in [(0, true), (49, true), (50, false), (51, false)] {
            assert_eq!(may_send_another(recent), ok, "{recent}");
        }
        let now = Utc::now();
        assert_eq!(now - limit_window_start(now), TimeDelta::hours(24));
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
        }
    }
}
