//! Database, connection and pool errors as clients see them.
//!
//! Every way the database can be away (a killed backend, a server shutting down or
//! restarting, a cut network, a full pool) is 503 **19001** with a generic message; the
//! driver's text is only logged. Anything else a query fails with is a bug (500, 19000),
//! except `NotFound` (404).

use diesel::result::{DatabaseErrorKind, Error};
use diesel_async::pooled_connection::deadpool::PoolError;

use super::ApiError;

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::NotFound => ApiError::not_found("object"),
            ref e if is_unavailable(e) => ApiError::unavailable(err),
            other => ApiError::internal(other),
        }
    }
}

impl From<PoolError> for ApiError {
    // Every pool failure is about getting a connection: waiting too long for a free one,
    // connecting (refused, timed out, the server starting up) or the pool closing at
    // shutdown.
    fn from(err: PoolError) -> Self {
        ApiError::unavailable(err)
    }
}

impl From<diesel::ConnectionError> for ApiError {
    fn from(err: diesel::ConnectionError) -> Self {
        ApiError::unavailable(err)
    }
}

/// Whether `err` means the database is unavailable rather than that the query is wrong:
/// the connection is closed or broken, the server is shutting down, restarting or out of
/// connection slots, the statement was cancelled (statement timeout, an operator's
/// `pg_cancel_backend`), or the connection's transaction state was lost with it.
///
/// diesel-async hands PostgreSQL errors over with their message only (the SQLSTATE is
/// not reachable through `DatabaseErrorInformation`), and driver errors without a
/// SQLSTATE as `UnableToSendCommand` with the driver's text, so both are recognised by
/// their (English, PostgreSQL's default `lc_messages`) text.
pub fn is_unavailable(err: &Error) -> bool {
    match err {
        // The transaction manager gives up when a BEGIN, COMMIT or ROLLBACK failed half
        // way, which is what a connection lost mid-transaction leaves behind.
        Error::BrokenTransactionManager => true,
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => true,
        Error::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            is_server_unavailable(info.message())
        }
        Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, info) => {
            is_connection_lost(info.message()) || is_server_unavailable(info.message())
        }
        Error::RollbackErrorOnCommit {
            rollback_error,
            commit_error,
        } => is_unavailable(rollback_error) || is_unavailable(commit_error),
        _ => false,
    }
}

/// Messages PostgreSQL sends with these SQLSTATEs: class 57 (operator intervention:
/// 57014 query_canceled, 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
/// cannot_connect_now, 57P04 database_dropped, 57P05 idle_session_timeout), 25P03
/// idle_in_transaction_session_timeout and 25P04 transaction_timeout (both "terminating
/// connection due to …"), 53300 too_many_connections, and class 08 (connection
/// exception) as libpq words it.
const SERVER_UNAVAILABLE: &[&str] = &[
    // 57014: DB_STATEMENT_TIMEOUT_MS, or an operator's pg_cancel_backend.
    "canceling statement due to statement timeout",
    "canceling statement due to user request",
    // 57P01, 57P02, 57P04, 57P05, 25P03, 25P04.
    "terminating connection",
    // 57P03: starting up, shutting down, in recovery, not (yet) accepting connections.
    "the database system is",
    // 53300.
    "sorry, too many clients already",
    "remaining connection slots are reserved",
    "too many connections for",
    // Class 08.
    "server closed the connection unexpectedly",
    "no connection to the server",
    "could not connect to server",
    "could not receive data from server",
    "could not send data to server",
];

/// Texts of the driver's own errors when the connection is gone (tokio-postgres'
/// `Closed`, `Io`, `Connect`, `Timeout`, `Tls`, and diesel-async's background task
/// ending). Its other errors without a SQLSTATE (a parameter that cannot be serialized,
/// a wrong column count, too many bind parameters) are bugs and stay 500s.
const CONNECTION_LOST: &[&str] = &[
    "connection closed",
    "error communicating with the server",
    "error connecting to server",
    "timeout waiting for server",
    "error performing tls handshake",
    "channel closed",
];

fn is_server_unavailable(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    SERVER_UNAVAILABLE.iter().any(|m| message.contains(m))
}

fn is_connection_lost(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    CONNECTION_LOST.iter().any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

    fn db(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_owned()))
    }

    fn code_of(err: Error) -> (u32, u16) {
        let api = ApiError::from(err);
        (api.code, api.status)
    }

    const UNAVAILABLE: (u32, u16) = (codes::UNAVAILABLE.number(), 503);
    const INTERNAL: (u32, u16) = (codes::INTERNAL.number(), 500);

    #[test]
    fn a_lost_connection_is_unavailable() {
        use DatabaseErrorKind::{ClosedConnection, UnableToSendCommand};
        for err in [
            db(ClosedConnection, "anything"),
            db(UnableToSendCommand, "connection closed"),
            db(UnableToSendCommand, "error communicating with the server"),
            db(UnableToSendCommand, "error connecting to server"),
            db(UnableToSendCommand, "timeout waiting for server"),
            db(UnableToSendCommand, "error performing TLS handshake"),
            db(UnableToSendCommand, "channel closed"),
            db(
                UnableToSendCommand,
                "server closed the connection unexpectedly\n\tThis probably means …",
            ),
            Error::BrokenTransactionManager,
        ] {
            assert_eq!(code_of(err), UNAVAILABLE);
        }
    }

    #[test]
    fn operator_intervention_and_server_states_are_unavailable() {
        for message in [
            "terminating connection due to administrator command",
            "terminating connection because of crash of another server process",
            "terminating connection due to idle-in-transaction timeout",
            "terminating connection due to idle-session timeout",
            "the database system is starting up",
            "the database system is shutting down",
            "the database system is in recovery mode",
            "the database system is not yet accepting connections",
            "sorry, too many clients already",
            "remaining connection slots are reserved for roles with the SUPERUSER attribute",
            "too many connections for role \"app\"",
            "canceling statement due to statement timeout",
            "canceling statement due to user request",
        ] {
            assert_eq!(
                code_of(db(DatabaseErrorKind::Unknown, message)),
                UNAVAILABLE,
                "{message}"
            );
        }
    }

    #[test]
    fn a_failed_commit_after_a_lost_connection_is_unavailable() {
        let err = Error::RollbackErrorOnCommit {
            rollback_error: Box::new(db(
                DatabaseErrorKind::UnableToSendCommand,
                "connection closed",
            )),
            commit_error: Box::new(db(
                DatabaseErrorKind::Unknown,
                "terminating connection due to administrator command",
            )),
        };
        assert_eq!(code_of(err), UNAVAILABLE);
    }

    #[test]
    fn query_bugs_stay_internal() {
        use DatabaseErrorKind::{CheckViolation, UnableToSendCommand, Unknown};
        for err in [
            db(UnableToSendCommand, "error serializing parameter 0"),
            db(UnableToSendCommand, "expected 2 parameters but got 1"),
            db(
                UnableToSendCommand,
                "query returned an unexpected number of columns",
            ),
            db(Unknown, "syntax error at or near \"SELEC\""),
            db(Unknown, "relation \"nowhere\" does not exist"),
            // A constraint named like a connection error is still a constraint.
            db(
                CheckViolation,
                "new row violates check constraint \"connection closed\"",
            ),
            Error::QueryBuilderError("bad".into()),
            Error::AlreadyInTransaction,
            Error::RollbackErrorOnCommit {
                rollback_error: Box::new(Error::NotInTransaction),
                commit_error: Box::new(db(Unknown, "deferred constraint failed")),
            },
        ] {
            assert_eq!(code_of(err), INTERNAL);
        }
    }

    #[test]
    fn the_client_never_sees_the_driver_text() {
        let api = ApiError::from(db(
            DatabaseErrorKind::Unknown,
            "terminating connection due to administrator command",
        ));
        assert!(!api.user_message.contains("terminating"));
        assert!(!api.developer_message.contains("terminating"));
        let api = ApiError::from(db(
            DatabaseErrorKind::UnableToSendCommand,
            "error connecting to server: Connection refused (os error 111) at 10.0.0.5",
        ));
        assert!(!api.developer_message.contains("10.0.0.5"));
    }
}
