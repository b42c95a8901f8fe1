//! Checks of the settings at startup, before the database is connected to: every number
//! in its range, `DATABASE_URL` a PostgreSQL URL, CORS origins exact, retired settings
//! refused. Every problem is reported at once, each naming its environment variable and
//! flag, the value given and what is allowed.

use super::{DbConfig, ServerConfig};

/// The settings that are wrong, one message each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration:\n  - {}", .problems.join("\n  - "))]
pub struct ConfigError {
    /// One message per wrong setting, e.g.
    /// `DB_POOL_SIZE (--pool-size) is 0: it must be between 1 and 1000`.
    pub problems: Vec<String>,
}

impl ConfigError {
    /// `Ok` when `problems` is empty.
    pub fn check(problems: Vec<String>) -> Result<(), ConfigError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError { problems })
        }
    }
}

/// The allowed range of one numeric setting.
struct Range<C> {
    var: &'static str,
    flag: &'static str,
    value: fn(&C) -> i128,
    min: i128,
    max: i128,
}

const MINUTES_PER_YEAR: i128 = 525_600;
const MS_PER_HOUR: i128 = 3_600_000;
const GIB: i128 = 1 << 30;

/// One line per numeric setting of [`DbConfig`].
#[rustfmt::skip]
const DB_RANGES: &[Range<DbConfig>] = &[
    r("DB_POOL_SIZE", "--pool-size", |c| c.pool_size as i128, 1, 1_000),
    r("DB_POOL_WAIT_TIMEOUT_MS", "--pool-wait-timeout-ms", |c| c.pool_wait_timeout_ms as i128, 1, 600_000),
    r("DB_STATEMENT_TIMEOUT_MS", "--statement-timeout-ms", |c| c.statement_timeout_ms as i128, 1, MS_PER_HOUR),
];

/// One line per numeric setting of [`ServerConfig`].
#[rustfmt::skip]
const SERVER_RANGES: &[Range<ServerConfig>] = &[
    r("MAX_BODY_BYTES", "--max-body-bytes", |c| c.max_body_bytes as i128, 1_024, GIB),
    r("REQUEST_TIMEOUT_MS", "--request-timeout-ms", |c| c.request_timeout_ms as i128, 1, MS_PER_HOUR),
    r("BULK_REQUEST_TIMEOUT_MS", "--bulk-request-timeout-ms", |c| c.bulk_request_timeout_ms as i128, 1, MS_PER_HOUR),
    r("GRAPHQL_MAX_DEPTH", "--graphql-max-depth", |c| c.graphql_max_depth as i128, 1, 1_000),
    r("GRAPHQL_MAX_INTROSPECTION_LISTS", "--graphql-max-introspection-lists", |c| c.graphql_max_introspection_lists as i128, 1, 100),
    r("GRAPHQL_MAX_COMPLEXITY", "--graphql-max-complexity", |c| c.graphql_max_complexity as i128, 1, 100_000_000),
    // 0 aliases or directives: documents may use none.
    r("GRAPHQL_MAX_ALIASES", "--graphql-max-aliases", |c| c.graphql_max_aliases as i128, 0, 100_000),
    r("GRAPHQL_MAX_TOKENS", "--graphql-max-tokens", |c| c.graphql_max_tokens as i128, 1, 100_000_000),
    r("GRAPHQL_MAX_SELECTIONS", "--graphql-max-selections", |c| c.graphql_max_selections as i128, 1, 10_000_000),
    r("GRAPHQL_MAX_DIRECTIVES", "--graphql-max-directives", |c| c.graphql_max_directives as i128, 0, 100_000),
    r("GRAPHQL_MAX_ERRORS", "--graphql-max-errors", |c| c.graphql_max_errors as i128, 1, 100_000),
    r("GRAPHQL_MAX_ERROR_LENGTH", "--graphql-max-error-length", |c| c.graphql_max_error_length as i128, 20, 1_000_000),
    // 0 turns automatic persisted queries off.
    r("GRAPHQL_APQ_CACHE_BYTES", "--graphql-apq-cache-bytes", |c| c.graphql_apq_cache_bytes as i128, 0, GIB),
    // 0: in-flight requests are cut at once.
    r("SHUTDOWN_GRACE_MS", "--shutdown-grace-ms", |c| c.shutdown_grace_ms as i128, 0, MS_PER_HOUR),
    r("HTTP_HEADER_READ_TIMEOUT_MS", "--http-header-read-timeout-ms", |c| c.http_header_read_timeout_ms as i128, 1, 600_000),
    r("HTTP_IDLE_TIMEOUT_MS", "--http-idle-timeout-ms", |c| c.http_idle_timeout_ms as i128, 1, MS_PER_HOUR),
    r("MAX_CONNECTIONS", "--max-connections", |c| c.max_connections as i128, 1, 1_000_000),
    r("TOKEN_TTL_MINUTES", "--token-ttl-minutes", |c| c.token_ttl_minutes as i128, 1, MINUTES_PER_YEAR),
    r("CV_AUTH_WINDOW_SECS", "--cv-auth-window-secs", |c| c.cv_auth_window_secs as i128, 1, 86_400),
    r("LOGIN_MAX_FAILURES_ACCOUNT", "--login-max-failures-account", |c| c.login_max_failures_account as i128, 1, 1_000_000),
    r("LOGIN_MAX_FAILURES_ADDRESS", "--login-max-failures-address", |c| c.login_max_failures_address as i128, 1, 1_000_000),
    r("LOGIN_LOCK_MINUTES", "--login-lock-minutes", |c| c.login_lock_minutes as i128, 1, MINUTES_PER_YEAR),
    // 0: no extra delay (the lock still applies).
    r("LOGIN_SLOWDOWN_STEP_MS", "--login-slowdown-step-ms", |c| c.login_slowdown_step_ms as i128, 0, 60_000),
    r("MAIL_LIMIT_PER_ADDRESS", "--mail-limit-per-address", |c| c.mail_limit_per_address as i128, 1, 1_000_000),
    r("MAIL_LIMIT_PER_CLIENT", "--mail-limit-per-client", |c| c.mail_limit_per_client as i128, 1, 1_000_000),
    r("MAIL_LIMIT_WINDOW_MINUTES", "--mail-limit-window-minutes", |c| c.mail_limit_window_minutes as i128, 1, MINUTES_PER_YEAR),
    r("MAX_BANK_ACCOUNTS_PER_USER", "--max-bank-accounts-per-user", |c| c.max_bank_accounts_per_user as i128, 1, 1_000),
    r("MAX_ADDRESSES_PER_USER", "--max-addresses-per-user", |c| c.max_addresses_per_user as i128, 1, 1_000),
];

const fn r<C>(
    var: &'static str,
    flag: &'static str,
    value: fn(&C) -> i128,
    min: i128,
    max: i128,
) -> Range<C> {
    Range {
        var,
        flag,
        value,
        min,
        max,
    }
}

fn out_of_range<C>(config: &C, ranges: &[Range<C>]) -> Vec<String> {
    ranges
        .iter()
        .filter_map(|range| {
            let value = (range.value)(config);
            (value < range.min || value > range.max).then(|| {
                format!(
                    "{} ({}) is {value}: it must be between {} and {}",
                    range.var, range.flag, range.min, range.max
                )
            })
        })
        .collect()
}

impl DbConfig {
    /// Checks every database setting; see [`ConfigError`].
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut problems = out_of_range(self, DB_RANGES);
        problems.extend(check_database_url(&self.database_url).err());
        ConfigError::check(problems)
    }
}

impl ServerConfig {
    /// Checks every server setting; see [`ConfigError`].
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut problems = out_of_range(self, SERVER_RANGES);
        problems.extend(
            self.cors_origins()
                .iter()
                .filter_map(|origin| check_origin(origin).err()),
        );
        if self.trust_forwarded_for {
            problems.push(
                "TRUST_FORWARDED_FOR (--trust-forwarded-for) is true, which is no longer \
                 supported: it believed the leftmost X-Forwarded-For entry, which any client \
                 can write. Set TRUSTED_PROXIES to the addresses or CIDR ranges of your \
                 reverse proxies (e.g. TRUSTED_PROXIES=10.0.0.0/8) and unset \
                 TRUST_FORWARDED_FOR."
                    .to_owned(),
            );
        }
        ConfigError::check(problems)
    }
}

/// `DATABASE_URL` must be a `postgres://` or `postgresql://` URL naming a database. The
/// message never repeats the URL: it may hold a password.
pub fn check_database_url(database_url: &str) -> Result<(), String> {
    const WHAT: &str = "DATABASE_URL (--database-url)";
    let url = url::Url::parse(database_url)
        .map_err(|e| format!("{WHAT} is not a URL ({e}): write postgres://user@host:5432/name"))?;
    if !matches!(url.scheme(), "postgres" | "postgresql") {
        return Err(format!(
            "{WHAT} has the scheme {:?}: it must be postgres:// or postgresql://",
            url.scheme()
        ));
    }
    if url.path().trim_start_matches('/').is_empty() {
        return Err(format!(
            "{WHAT} names no database: write postgres://user@host:5432/name"
        ));
    }
    Ok(())
}

/// A CORS origin must be exactly what browsers send in `Origin`: `scheme://host[:port]`,
/// http or https, lowercase, no default port, no path, query or trailing slash.
pub fn check_origin(origin: &str) -> Result<(), String> {
    const WHAT: &str = "CORS_ALLOWED_ORIGINS (--cors-allowed-origins)";
    if origin.contains('*') {
        return Err(format!(
            "{WHAT} has {origin:?}: wildcards are not accepted; list the origins allowed, \
             comma-separated, e.g. https://app.example.com,https://admin.example.com"
        ));
    }
    let shape = "an origin is scheme://host[:port] (http or https) with no path, query or \
                 trailing slash";
    let url = url::Url::parse(origin)
        .map_err(|e| format!("{WHAT} has {origin:?}, which is not a URL ({e}): {shape}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("{WHAT} has {origin:?}: {shape}"));
    }
    let exact = url.origin().ascii_serialization();
    if exact != origin {
        return Err(format!(
            "{WHAT} has {origin:?}: {shape}, as browsers send it; write {exact:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(config: &ServerConfig) -> Vec<String> {
        config
            .validate()
            .err()
            .map(|e| e.problems)
            .unwrap_or_default()
    }

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(ServerConfig::defaults().validate(), Ok(()));
        assert_eq!(
            DbConfig::for_url("postgres://u@h:5432/db").validate(),
            Ok(())
        );
    }

    #[test]
    fn numbers_out_of_range_name_variable_flag_value_and_range() {
        let mut db = DbConfig::for_url("postgres://u@h/db");
        db.pool_size = 0;
        assert_eq!(
            db.validate().unwrap_err().problems,
            ["DB_POOL_SIZE (--pool-size) is 0: it must be between 1 and 1000"]
        );
        type Adjust = fn(&mut ServerConfig);
        let cases: &[(Adjust, &str)] = &[
            (
                |c| c.max_connections = 0,
                "MAX_CONNECTIONS (--max-connections) is 0",
            ),
            (
                |c| c.http_idle_timeout_ms = 0,
                "HTTP_IDLE_TIMEOUT_MS (--http-idle-timeout-ms) is 0",
            ),
            (
                |c| c.http_header_read_timeout_ms = 0,
                "HTTP_HEADER_READ_TIMEOUT_MS",
            ),
            (|c| c.request_timeout_ms = 0, "REQUEST_TIMEOUT_MS"),
            (|c| c.graphql_max_depth = 0, "GRAPHQL_MAX_DEPTH"),
            (|c| c.graphql_max_errors = 0, "GRAPHQL_MAX_ERRORS"),
            (|c| c.token_ttl_minutes = 0, "TOKEN_TTL_MINUTES"),
            (
                |c| c.token_ttl_minutes = -5,
                "TOKEN_TTL_MINUTES (--token-ttl-minutes) is -5",
            ),
            (
                |c| c.login_max_failures_account = 0,
                "LOGIN_MAX_FAILURES_ACCOUNT",
            ),
            (
                |c| c.mail_limit_window_minutes = 0,
                "MAIL_LIMIT_WINDOW_MINUTES",
            ),
            (
                |c| c.max_body_bytes = 10,
                "MAX_BODY_BYTES (--max-body-bytes) is 10",
            ),
        ];
        for (adjust, expected) in cases {
            let mut config = ServerConfig::defaults();
            adjust(&mut config);
            let found = problems(&config);
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].starts_with(expected), "{found:?}");
            assert!(found[0].contains(": it must be between "), "{found:?}");
        }
    }

    #[test]
    fn zero_is_allowed_where_it_means_off() {
        let mut config = ServerConfig::defaults();
        config.graphql_apq_cache_bytes = 0;
        config.shutdown_grace_ms = 0;
        config.login_slowdown_step_ms = 0;
        config.graphql_max_aliases = 0;
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut config = ServerConfig::defaults();
        config.max_connections = 0;
        config.graphql_max_depth = 0;
        config.cors_allowed_origins = vec!["*".into()];
        config.trust_forwarded_for = true;
        let error = config.validate().unwrap_err();
        assert_eq!(error.problems.len(), 4, "{error}");
        let text = error.to_string();
        for name in [
            "MAX_CONNECTIONS",
            "GRAPHQL_MAX_DEPTH",
            "CORS_ALLOWED_ORIGINS",
            "TRUSTED_PROXIES",
        ] {
            assert!(text.contains(name), "{text}");
        }
    }

    #[test]
    fn origins_must_be_exactly_what_browsers_send() {
        for good in [
            "https://app.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
        ] {
            assert_eq!(check_origin(good), Ok(()), "{good}");
        }
        let cases = [
            ("*", "list the origins"),
            ("https://a.example/", "write \"https://a.example\""),
            ("https://a.example/app", "write \"https://a.example\""),
            ("https://a.example?x=1", "write \"https://a.example\""),
            ("https://A.example", "write \"https://a.example\""),
            ("https://a.example:443", "write \"https://a.example\""),
            ("https://*.example.com", "list the origins"),
            ("a.example", "not a URL"),
            ("ftp://a.example", "scheme://host[:port]"),
            ("null", "not a URL"),
        ];
        for (bad, hint) in cases {
            let message = check_origin(bad).unwrap_err();
            assert!(
                message.starts_with("CORS_ALLOWED_ORIGINS (--cors-allowed-origins)"),
                "{message}"
            );
            assert!(message.contains(hint), "{bad}: {message}");
        }
    }

    #[test]
    fn database_urls_must_be_postgres_and_are_never_repeated() {
        for good in [
            "postgres://u:p@h:5432/db",
            "postgresql://h/db",
            "postgres:///db?host=/run/pg",
        ] {
            assert_eq!(check_database_url(good), Ok(()), "{good}");
        }
        for bad in [
            "mysql://u:secret@h/db",
            "u:secret@h/db",
            "postgres://u:secret@h",
            "postgres://u:secret@h/",
        ] {
            let message = check_database_url(bad).unwrap_err();
            assert!(
                message.starts_with("DATABASE_URL (--database-url)"),
                "{message}"
            );
            assert!(!message.contains("secret"), "{message}");
        }
    }

    #[test]
    fn the_range_tables_name_the_real_variables_and_flags() {
        fn check<C: clap::Args>(ranges: &[Range<C>]) {
            let command = C::augment_args(clap::Command::new("t"));
            for range in ranges {
                let arg = command
                    .get_arguments()
                    .find(|a| a.get_env().is_some_and(|e| e == range.var))
                    .unwrap_or_else(|| panic!("no setting {}", range.var));
                assert_eq!(
                    arg.get_long().map(|l| format!("--{l}")).as_deref(),
                    Some(range.flag)
                );
                assert!(range.min <= range.max, "{}", range.var);
            }
        }
        check(DB_RANGES);
        check(SERVER_RANGES);
    }
}
