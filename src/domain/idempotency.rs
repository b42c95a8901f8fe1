//! Idempotent writes (`docs/money.md`): what an `Idempotency-Key` may be, how a repeat is
//! told from a different request, what a repeat is answered, and which first answers are
//! kept. No I/O: the caller stores and reads the keys.

use std::time::Duration;

use sha2::{Digest, Sha256};

/// Longest key, in characters.
pub const MAX_KEY_LENGTH: usize = 255;

/// How long a first answer is kept, in hours (at least; housekeeping removes it after).
pub const RETENTION_HOURS: i64 = 24;

/// Why a key is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Empty, too long, or holding characters other than visible ASCII.
    #[error(
        "An Idempotency-Key is 1 to {MAX_KEY_LENGTH} visible ASCII characters (a UUID is a good choice)."
    )]
    Malformed,
}

/// Checks a key: 1 to [`MAX_KEY_LENGTH`] visible ASCII characters (no spaces).
pub fn check_key(key: &str) -> Result<(), KeyError> {
    let visible = key.bytes().all(|b| b.is_ascii_graphic());
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !visible {
        return Err(KeyError::Malformed);
    }
    Ok(())
}

/// The fingerprint of a request: SHA-256 over its method, path, query and body, each
/// length-prefixed so that no two different requests share one.
pub fn fingerprint(method: &str, path: &str, query: &str, body: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes(), query.as_bytes(), body] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// What is stored under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The first request is still running.
    Running {
        /// Its fingerprint.
        fingerprint: [u8; 32],
    },
    /// The first request's answer.
    Done {
        /// Its fingerprint.
        fingerprint: [u8; 32],
    },
}

/// What to do with a request that carries a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing is stored: run it (and keep its answer).
    Run,
    /// The same request was answered: send that answer again, without running it.
    Replay,
    /// The key was used for a different request (422).
    OtherRequest,
    /// The same request is still running (409).
    InProgress,
}

/// Decides what to do with a request of `fingerprint` given what its key holds.
pub fn decide(stored: Option<&Stored>, fingerprint: &[u8; 32]) -> Decision {
    match stored {
        None => Decision::Run,
        Some(Stored::Running { fingerprint: f } | Stored::Done { fingerprint: f })
            if f != fingerprint =>
        {
            Decision::OtherRequest
        }
        Some(Stored::Running { .. }) => Decision::InProgress,
        Some(Stored::Done { .. }) => Decision::Replay,
    }
}

/// Whether a first answer with HTTP `status` is kept for repeats. Answers that say the
/// request was not taken up are not: failed validation (400), missing credentials (401),
/// a body too large or of the wrong type (413, 415), a time-out or a rate limit (408,
/// 429) and server failures (5xx); a retry of those runs again.
pub fn keeps_answer(status: u16) -> bool {
    !matches!(status, 400 | 401 | 408 | 413 | 415 | 429 | 500..=599)
}

/// How much longer than the request time limit a first request may stay marked running
/// before it counts as abandoned (it covers clock differences between instances).
pub const ABANDON_MARGIN: Duration = Duration::from_secs(5);

/// Whether a first request still marked running after `running_for` was left by a process
/// that stopped (a crash): a live request is cancelled at `request_timeout` and releases
/// its key then, so past that (and the margin) the key counts as holding nothing.
pub fn is_abandoned(running_for: Duration, request_timeout: Duration) -> bool {
    running_for > request_timeout + ABANDON_MARGIN
}

/// The status that decides whether a GraphQL answer sent with HTTP 200 is kept, its errors
/// carrying their own statuses: 200 when some field of it ran (running it again would do
/// that twice) or it has no errors; else the first error status that [`keeps_answer`]
/// refuses, else the first one.
pub fn graphql_answer_status(any_field_ran: bool, error_statuses: &[u16]) -> u16 {
    if any_field_ran {
        return 200;
    }
    error_statuses
        .iter()
        .find(|s| !keeps_answer(**s))
        .or(error_statuses.first())
        .copied()
        .unwrap_or(200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_of_bounded_length() {
        for ok in [
            "a",
            "3f2c9b1e-8d4a-4c1e-9b7f-2a6d5e8c1f00",
            &"k".repeat(255),
            "A_b-c.d:e/f",
        ] {
            assert_eq!(check_key(ok), Ok(()), "{ok}");
        }
        for bad in ["", " ", "a b", "é", "tab\t", &"k".repeat(256), "nul\0"] {
            assert_eq!(check_key(bad), Err(KeyError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn fingerprints_tell_every_part_of_the_request_apart() {
        let base = fingerprint("POST", "/v1/n/self/wallets", "", b"{\"currency\":\"EUR\"}");
        assert_eq!(
            base,
            fingerprint("POST", "/v1/n/self/wallets", "", b"{\"currency\":\"EUR\"}")
        );
        for other in [
            fingerprint("PATCH", "/v1/n/self/wallets", "", b"{\"currency\":\"EUR\"}"),
            fingerprint("POST", "/v1/m/self/wallets", "", b"{\"currency\":\"EUR\"}"),
            fingerprint(
                "POST",
                "/v1/n/self/wallets",
                "a=1",
                b"{\"currency\":\"EUR\"}",
            ),
            fingerprint("POST", "/v1/n/self/wallets", "", b"{\"currency\":\"USD\"}"),
            // Moving bytes between parts changes it too.
            fingerprint("POST", "/v1/n/self/wallets{", "", b"\"currency\":\"EUR\"}"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn repeats_replay_others_conflict_and_running_ones_wait() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        let running = Stored::Running { fingerprint: a };
        let done = Stored::Done { fingerprint: a };
        let cases = [
            (None, a, Decision::Run),
            (Some(&done), a, Decision::Replay),
            (Some(&done), b, Decision::OtherRequest),
            (Some(&running), a, Decision::InProgress),
            (Some(&running), b, Decision::OtherRequest),
        ];
        for (stored, fp, want) in cases {
            assert_eq!(decide(stored, &fp), want, "{stored:?}");
        }
    }

    #[test]
    fn answers_that_did_not_take_the_request_up_are_not_kept() {
        for kept in [200, 201, 403, 404, 409, 410, 422] {
            assert!(keeps_answer(kept), "{kept}");
        }
        for not in [400, 401, 408, 413, 415, 429, 500, 502, 503] {
            assert!(!keeps_answer(not), "{not}");
        }
    }

    #[test]
    fn running_rows_are_abandoned_only_past_the_time_limit_and_margin() {
        let limit = Duration::from_secs(15);
        let cases = [
            (Duration::ZERO, false),
            (Duration::from_secs(15), false),
            (Duration::from_secs(20), false),
            (Duration::from_millis(20_001), true),
            (Duration::from_secs(3600), true),
        ];
        for (running_for, want) in cases {
            assert_eq!(is_abandoned(running_for, limit), want, "{running_for:?}");
        }
    }

    #[test]
    fn graphql_answers_count_as_their_errors_only_when_nothing_ran() {
        let cases: &[(bool, &[u16], u16)] = &[
            (true, &[], 200),
            (false, &[], 200),
            // Something ran: kept whatever failed beside it.
            (true, &[400], 200),
            (false, &[400], 400),
            (false, &[401], 401),
            (false, &[404], 404),
            (false, &[422, 400], 400),
            (false, &[403, 404], 403),
            (false, &[503], 503),
        ];
        for (ran, errors, want) in cases {
            assert_eq!(
                graphql_answer_status(*ran, errors),
                *want,
                "{ran} {errors:?}"
            );
        }
    }
}
