//! Brute-force protection for password checks (login, `cv-auth` with a password).
//!
//! Failures are counted per account (lower-cased email) and per client address, in
//! PostgreSQL so the counters survive restarts and are shared by every instance. Past
//! three failures each attempt is slowed down; at the limit the key is locked for a while
//! and refused without checking the password (no oracle, no argon2 cost). An attempt is
//! counted before its password is checked ([`take_attempt`]), so parallel guesses never
//! check more passwords than the limit.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::config::ServerConfig;
use crate::db::schema::login_attempts;

/// What a counter is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// The account's lower-cased email.
    Account = 0,
    /// The client's address.
    Address = 1,
}

/// The stored counter of one key.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = login_attempts, check_for_backend(diesel::pg::Pg))]
pub struct Counter {
    /// Failures in the current window.
    pub failures: i32,
    /// Start of the current window.
    pub window_started_at: DateTime<Utc>,
    /// Locked until then, if set.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Limits of one key kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures within `window` that lock the key.
    pub max_failures: i32,
    /// Length of the counting window, and of a lock.
    pub window: TimeDelta,
    /// Delay added per failure past the third.
    pub slowdown_step: Duration,
}

impl Policy {
    /// The policy of `kind` from the configuration.
    pub fn from_config(config: &ServerConfig, kind: KeyKind) -> Policy {
        Policy {
            max_failures: match kind {
                KeyKind::Account => config.login_max_failures_account,
                KeyKind::Address => config.login_max_failures_address,
            },
            window: TimeDelta::minutes(config.login_lock_minutes),
            slowdown_step: Duration::from_millis(config.login_slowdown_step_ms),
        }
    }
}

/// The decision before a password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Check the password after waiting `delay`.
    Open {
        /// Wait this long first.
        delay: Duration,
    },
    /// Refuse without checking until then.
    Locked {
        /// End of the lock.
        until: DateTime<Utc>,
    },
}

/// Most a single attempt is slowed down.
pub const MAX_DELAY: Duration = Duration::from_secs(5);

/// Decides what to do with an attempt, given the key's counter once [`take_attempt`]
/// counted it: refused while a lock holds and the limit was already reached before it,
/// else checked, slowed down per earlier failure past the third.
pub fn gate(counter: &Counter, now: DateTime<Utc>, policy: &Policy) -> Gate {
    if let Some(until) = counter.locked_until.filter(|until| *until > now)
        && counter.failures > policy.max_failures
    {
        return Gate::Locked { until };
    }
    let earlier = counter.failures.saturating_sub(1);
    let extra = u32::try_from(earlier.saturating_sub(3)).unwrap_or(0);
    Gate::Open {
        delay: (policy.slowdown_step * extra).min(MAX_DELAY),
    }
}

/// The stricter of two gates (a lock wins, else the longer delay).
pub fn stricter(a: Gate, b: Gate) -> Gate {
    match (a, b) {
        (Gate::Locked { until: x }, Gate::Locked { until: y }) => Gate::Locked { until: x.max(y) },
        (locked @ Gate::Locked { .. }, _) | (_, locked @ Gate::Locked { .. }) => locked,
        (Gate::Open { delay: x }, Gate::Open { delay: y }) => Gate::Open { delay: x.max(y) },
    }
}

/// Takes one attempt on a key's counter, atomically and before any password is checked:
/// every attempt counts as a failure until it succeeds (see [`release`]), so parallel
/// guesses cannot all pass one check of an old counter. A new window starts when the old
/// one is over and no lock holds; the attempt that reaches the limit sets the lock. While
/// locked the count still rises, which is how [`gate`] tells a refused attempt apart.
pub async fn take_attempt(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    kind: KeyKind,
    key: &str,
    policy: &Policy,
) -> QueryResult<Counter> {
    use diesel::sql_types::{Int2, Int4, Interval, Text, Uuid as SqlUuid};
    // One statement: the upsert holds the row lock while it reads, adds and locks.
    crate::db::cached::CachedSql::new(
        "INSERT INTO login_attempts AS a (network_id, key_kind, key, failures, window_started_at, locked_until)
         VALUES ($1, $2, $3, 1, now(), CASE WHEN 1 >= $4 THEN now() + $5 END)
         ON CONFLICT (network_id, key_kind, key) DO UPDATE SET
           failures = CASE WHEN a.window_started_at < now() - $5
                             AND (a.locked_until IS NULL OR a.locked_until <= now())
                           THEN 1 ELSE a.failures + 1 END,
           window_started_at = CASE WHEN a.window_started_at < now() - $5
                                      AND (a.locked_until IS NULL OR a.locked_until <= now())
                                    THEN now() ELSE a.window_started_at END,
           locked_until = CASE
             WHEN a.locked_until > now() THEN a.locked_until
             WHEN (CASE WHEN a.window_started_at < now() - $5 THEN 1 ELSE a.failures + 1 END) >= $4
             THEN now() + $5
             ELSE NULL END
         RETURNING failures, window_started_at, locked_until",
    )
    .bind::<SqlUuid, _>(network_id)
    .bind::<Int2, _>(kind as i16)
    .bind::<Text, _>(key)
    .bind::<Int4, _>(policy.max_failures)
    .bind::<Interval, _>(interval(policy.window))
    .get_result::<CounterRow>(conn)
    .await
    .map(Counter::from)
}

/// Gives back an attempt taken by [`take_attempt`] that turned out to succeed: the count
/// drops by one, and a lock goes when the count is under the limit again (only that
/// attempt can have set it).
pub async fn release(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    kind: KeyKind,
    key: &str,
    policy: &Policy,
) -> QueryResult<usize> {
    use diesel::sql_types::{Int2, Int4, Text, Uuid as SqlUuid};
    crate::db::cached::CachedSql::new(
        "UPDATE login_attempts SET
           failures = GREATEST(failures - 1, 0),
           locked_until = CASE WHEN failures - 1 < $4 THEN NULL ELSE locked_until END
         WHERE network_id = $1 AND key_kind = $2 AND key = $3",
    )
    .bind::<SqlUuid, _>(network_id)
    .bind::<Int2, _>(kind as i16)
    .bind::<Text, _>(key)
    .bind::<Int4, _>(policy.max_failures)
    .execute(conn)
    .await
}

fn interval(window: TimeDelta) -> diesel::data_types::PgInterval {
    diesel::data_types::PgInterval::from_microseconds(window.num_microseconds().unwrap_or(i64::MAX))
}

#[derive(QueryableByName)]
struct CounterRow {
    #[diesel(sql_type = diesel::sql_types::Int4)]
    failures: i32,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    window_started_at: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>)]
    locked_until: Option<DateTime<Utc>>,
}

impl From<CounterRow> for Counter {
    fn from(row: CounterRow) -> Counter {
        Counter {
            failures: row.failures,
            window_started_at: row.window_started_at,
            locked_until: row.locked_until,
        }
    }
}

/// Forgets the failures of a key (after a successful login).
pub async fn clear(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    kind: KeyKind,
    key: &str,
) -> QueryResult<usize> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::network_id.eq(network_id))
            .filter(login_attempts::key_kind.eq(kind as i16))
            .filter(login_attempts::key.eq(key)),
    )
    .execute(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            max_failures: 5,
            window: TimeDelta::minutes(15),
            slowdown_step: Duration::from_millis(500),
        }
    }

    fn counter(failures: i32, started_ago_min: i64, locked_for_min: Option<i64>) -> Counter {
        let now = now();
        Counter {
            failures,
            window_started_at: now - TimeDelta::minutes(started_ago_min),
            locked_until: locked_for_min.map(|m| now + TimeDelta::minutes(m)),
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z")
            .unwrap()
            .to_utc()
    }

    #[test]
    fn gate_slows_down_then_locks() {
        let ms = Duration::from_millis;
        // The counters as taking the attempt left them (this attempt included).
        let cases = [
            (counter(1, 0, None), Gate::Open { delay: ms(0) }),
            (counter(4, 1, None), Gate::Open { delay: ms(0) }),
            (counter(5, 1, None), Gate::Open { delay: ms(500) }),
            (counter(7, 1, None), Gate::Open { delay: ms(1500) }),
            (counter(41, 1, None), Gate::Open { delay: MAX_DELAY }),
            // The attempt that reaches the limit sets the lock and is still checked.
            (counter(5, 1, Some(15)), Gate::Open { delay: ms(500) }),
            (
                counter(6, 1, Some(10)),
                Gate::Locked {
                    until: now() + TimeDelta::minutes(10),
                },
            ),
            // An expired lock refuses nothing.
            (counter(6, 30, Some(-1)), Gate::Open { delay: ms(1000) }),
        ];
        for (counter, want) in cases {
            assert_eq!(gate(&counter, now(), &policy()), want, "{counter:?}");
        }
    }

    #[test]
    fn the_stricter_gate_wins() {
        let open = |ms| Gate::Open {
            delay: Duration::from_millis(ms),
        };
        let locked = |m| Gate::Locked {
            until: now() + TimeDelta::minutes(m),
        };
        assert_eq!(stricter(open(1), open(5)), open(5));
        assert_eq!(stricter(open(1), locked(2)), locked(2));
        assert_eq!(stricter(locked(3), open(9)), locked(3));
        assert_eq!(stricter(locked(3), locked(4)), locked(4));
    }
}
