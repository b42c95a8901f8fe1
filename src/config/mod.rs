//! Service configuration: environment variables (optionally from `.env`), overridable by
//! command-line flags. `.env.sample` lists every variable with its default.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, ValueEnum};

pub mod check;

pub use check::ConfigError;

/// Settings shared by every subcommand that talks to the database.
#[derive(Debug, Clone, Args)]
pub struct DbConfig {
    /// PostgreSQL connection URL. The database is created if it does not exist yet.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/crowdgraph"
    )]
    pub database_url: String,

    /// Largest number of pooled database connections.
    #[arg(long, env = "DB_POOL_SIZE", default_value_t = 16)]
    pub pool_size: usize,

    /// How long a request waits for a free pooled connection (or for a new one to be
    /// established) before it fails with a 503-class error, in milliseconds.
    #[arg(long, env = "DB_POOL_WAIT_TIMEOUT_MS", default_value_t = 3_000)]
    pub pool_wait_timeout_ms: u64,

    /// PostgreSQL `statement_timeout` set on every pooled connection, in milliseconds.
    #[arg(long, env = "DB_STATEMENT_TIMEOUT_MS", default_value_t = 5_000)]
    pub statement_timeout_ms: u64,
}

impl DbConfig {
    /// The pool wait timeout as a [`Duration`].
    pub fn pool_wait_timeout(&self) -> Duration {
        Duration::from_millis(self.pool_wait_timeout_ms)
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Settings of the HTTP server (`crowdgraph serve`).
#[derive(Debug, Clone, Args)]
pub struct ServerConfig {
    /// Address and port to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Largest accepted request body, in bytes (larger ones get 413).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 1_048_576)]
    pub max_body_bytes: usize,

    /// Time limit for one request, in milliseconds (past it: 503 with code 19009).
    #[arg(long, env = "REQUEST_TIMEOUT_MS", default_value_t = 15_000)]
    pub request_timeout_ms: u64,

    /// Time limit, in milliseconds, of a request that writes a bulk of rows in one
    /// transaction (a payment schedule of more than 1,000 payouts) once its input is
    /// checked: such a request may run this long instead of `REQUEST_TIMEOUT_MS` (never
    /// shorter than it).
    #[arg(long, env = "BULK_REQUEST_TIMEOUT_MS", default_value_t = 300_000)]
    pub bulk_request_timeout_ms: u64,

    /// Deepest selection nesting a GraphQL operation may have.
    #[arg(long, env = "GRAPHQL_MAX_DEPTH", default_value_t = 12)]
    pub graphql_max_depth: usize,

    /// Most introspection lists (`types`, `fields`, `args`, …) nested in one another on
    /// one path: each level multiplies the answer by the size of the schema.
    #[arg(long, env = "GRAPHQL_MAX_INTROSPECTION_LISTS", default_value_t = 3)]
    pub graphql_max_introspection_lists: usize,

    /// Largest complexity (roughly: number of fields resolved, lists weighted by their
    /// limit) a GraphQL operation may have.
    #[arg(long, env = "GRAPHQL_MAX_COMPLEXITY", default_value_t = 5_000)]
    pub graphql_max_complexity: usize,

    /// Largest number of aliased fields in one GraphQL document.
    #[arg(long, env = "GRAPHQL_MAX_ALIASES", default_value_t = 30)]
    pub graphql_max_aliases: usize,

    /// Whether the schema can be introspected (GraphiQL needs it).
    #[arg(long, env = "GRAPHQL_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphql_introspection: bool,

    /// Most lexical tokens in one GraphQL document, counted before it is parsed.
    #[arg(long, env = "GRAPHQL_MAX_TOKENS", default_value_t = 10_000)]
    pub graphql_max_tokens: usize,

    /// Most fields in one GraphQL document once its fragment spreads are expanded.
    #[arg(long, env = "GRAPHQL_MAX_SELECTIONS", default_value_t = 2_000)]
    pub graphql_max_selections: usize,

    /// Most directives in one GraphQL document.
    #[arg(long, env = "GRAPHQL_MAX_DIRECTIVES", default_value_t = 50)]
    pub graphql_max_directives: usize,

    /// Most errors in one GraphQL response; past it one last error says how many were
    /// left out.
    #[arg(long, env = "GRAPHQL_MAX_ERRORS", default_value_t = 20)]
    pub graphql_max_errors: usize,

    /// Longest message of one GraphQL error, in characters (longer ones are cut).
    #[arg(long, env = "GRAPHQL_MAX_ERROR_LENGTH", default_value_t = 500)]
    pub graphql_max_error_length: usize,

    /// Memory for automatic persisted queries (documents by SHA-256 hash), in bytes of
    /// document text; 0 turns them off (clients are told `PersistedQueryNotSupported`).
    #[arg(long, env = "GRAPHQL_APQ_CACHE_BYTES", default_value_t = 8_388_608)]
    pub graphql_apq_cache_bytes: usize,

    /// Browser origins allowed by CORS, comma-separated (e.g. `https://app.example.com`).
    /// Empty: no cross-origin browser access.
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = ""
    )]
    pub cors_allowed_origins: Vec<String>,

    /// How long `serve` waits for in-flight requests on shutdown, in milliseconds.
    #[arg(long, env = "SHUTDOWN_GRACE_MS", default_value_t = 10_000)]
    pub shutdown_grace_ms: u64,

    /// A connection that has not sent the complete headers of a request within this time
    /// is closed, in milliseconds; counted again for every request of a keep-alive
    /// connection.
    #[arg(long, env = "HTTP_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000)]
    pub http_header_read_timeout_ms: u64,

    /// A connection on which nothing is received or sent and no request is being answered
    /// for this long is closed, in milliseconds.
    #[arg(long, env = "HTTP_IDLE_TIMEOUT_MS", default_value_t = 5_000)]
    pub http_idle_timeout_ms: u64,

    /// Most open connections; past it a new connection is answered 503 (code 19021,
    /// `Retry-After: 1`) and closed.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 512)]
    pub max_connections: usize,

    /// Lifetime of a session token from login, in minutes.
    #[arg(long, env = "TOKEN_TTL_MINUTES", default_value_t = 720)]
    pub token_ttl_minutes: i64,

    /// How far `cv-auth`'s `Created` may be from server time, either way, in seconds.
    #[arg(long, env = "CV_AUTH_WINDOW_SECS", default_value_t = 900)]
    pub cv_auth_window_secs: i64,

    /// Refuse a `cv-auth` nonce seen before (turn off only behind a trusted gateway that
    /// replays headers).
    #[arg(long, env = "CV_AUTH_NONCE_CHECK", default_value_t = true, action = clap::ArgAction::Set)]
    pub cv_auth_nonce_check: bool,

    /// Failed logins for one account within the window before it is locked.
    #[arg(long, env = "LOGIN_MAX_FAILURES_ACCOUNT", default_value_t = 5)]
    pub login_max_failures_account: i32,

    /// Failed logins from one client address within the window before it is locked.
    #[arg(long, env = "LOGIN_MAX_FAILURES_ADDRESS", default_value_t = 50)]
    pub login_max_failures_address: i32,

    /// Length of the failure window and of a lock, in minutes.
    #[arg(long, env = "LOGIN_LOCK_MINUTES", default_value_t = 15)]
    pub login_lock_minutes: i64,

    /// Extra delay per failure past the third, before a password is checked, in ms.
    #[arg(long, env = "LOGIN_SLOWDOWN_STEP_MS", default_value_t = 500)]
    pub login_slowdown_step_ms: u64,

    /// Refused when true: it trusted the leftmost `X-Forwarded-For` entry, which the
    /// client writes. Use `TRUSTED_PROXIES` instead; `serve` stops with a message saying so.
    #[arg(long, env = "TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_forwarded_for: bool,

    /// Addresses or CIDR ranges of the reverse proxies in front of the service,
    /// comma-separated (e.g. `10.0.0.0/8,192.168.1.7`). A request from one of them has its
    /// client address taken from `X-Forwarded-For`: the right-most entry that is not a
    /// trusted proxy. Empty: the peer address is the client, `X-Forwarded-For` is ignored.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "", value_parser = TrustedProxies::parse)]
    pub trusted_proxies: TrustedProxies,

    /// Requests that send mail (forgotPassword, resendVerificationEmail, register,
    /// changeEmail, newsletterSignUp) to one email address per mail window; more get 429.
    #[arg(long, env = "MAIL_LIMIT_PER_ADDRESS", default_value_t = 3)]
    pub mail_limit_per_address: i32,

    /// Requests that send mail from one client address per mail window; more get 429.
    #[arg(long, env = "MAIL_LIMIT_PER_CLIENT", default_value_t = 20)]
    pub mail_limit_per_client: i32,

    /// Length of the mail window, in minutes.
    #[arg(long, env = "MAIL_LIMIT_WINDOW_MINUTES", default_value_t = 60)]
    pub mail_limit_window_minutes: i64,

    /// Most bank accounts one user can have; an update that would leave more is refused
    /// whole (400, code 19020).
    #[arg(long, env = "MAX_BANK_ACCOUNTS_PER_USER", default_value_t = 10)]
    pub max_bank_accounts_per_user: usize,

    /// Most postal addresses one user can have; adding one more is refused (400, code
    /// 19020).
    #[arg(long, env = "MAX_ADDRESSES_PER_USER", default_value_t = 10)]
    pub max_addresses_per_user: usize,

    /// Add `extensions.sql { statements, dbTimeMs }` to every GraphQL response (also
    /// per request with the header `x-debug-sql: 1`).
    #[arg(long, env = "GRAPHQL_DEBUG_SQL", default_value_t = false, action = clap::ArgAction::Set)]
    pub graphql_debug_sql: bool,

    /// Seed the demo network at startup (idempotent).
    #[arg(long, env = "SEED_DEMO", default_value_t = false, action = clap::ArgAction::Set)]
    pub seed_demo: bool,
}

impl ServerConfig {
    /// Limits suitable for tests and embedding: the defaults of every flag.
    pub fn defaults() -> Self {
        Self {
            bind: "127.0.0.1:8080".parse().expect("valid literal address"),
            max_body_bytes: 1_048_576,
            request_timeout_ms: 15_000,
            bulk_request_timeout_ms: 300_000,
            graphql_max_depth: 12,
            graphql_max_introspection_lists: 3,
            graphql_max_complexity: 5_000,
            graphql_max_aliases: 30,
            graphql_introspection: true,
            graphql_max_tokens: 10_000,
            graphql_max_selections: 2_000,
            graphql_max_directives: 50,
            graphql_max_errors: 20,
            graphql_max_error_length: 500,
            graphql_apq_cache_bytes: 8_388_608,
            cors_allowed_origins: Vec::new(),
            shutdown_grace_ms: 10_000,
            http_header_read_timeout_ms: 10_000,
            http_idle_timeout_ms: 5_000,
            max_connections: 512,
            token_ttl_minutes: 720,
            cv_auth_window_secs: 900,
            cv_auth_nonce_check: true,
            login_max_failures_account: 5,
            login_max_failures_address: 50,
            login_lock_minutes: 15,
            login_slowdown_step_ms: 500,
            trust_forwarded_for: false,
            trusted_proxies: TrustedProxies::default(),
            mail_limit_per_address: 3,
            mail_limit_per_client: 20,
            mail_limit_window_minutes: 60,
            max_bank_accounts_per_user: 10,
            max_addresses_per_user: 10,
            graphql_debug_sql: false,
            seed_demo: false,
        }
    }

    /// The request timeout as a [`Duration`].
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// The time limit of a bulk write: the longer of the bulk and the plain request
    /// timeouts.
    pub fn bulk_request_timeout(&self) -> Duration {
        Duration::from_millis(self.bulk_request_timeout_ms.max(self.request_timeout_ms))
    }

    /// The CORS allow-list without empty entries.
    pub fn cors_origins(&self) -> Vec<String> {
        self.cors_allowed_origins
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect()
    }
}

/// The reverse proxies of `TRUSTED_PROXIES`: addresses and CIDR ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<ipnet::IpNet>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses (a range of one) and CIDR ranges;
    /// blank entries are skipped, anything else that is not one is refused.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let parse = |entry: &str| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| {
                    format!("TRUSTED_PROXIES: {entry:?} is neither an IP address nor a CIDR range")
                })
        };
        list.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(parse)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    /// Whether `ip` is one of the proxies.
    pub fn contains(&self, ip: &std::net::IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }
}

impl DbConfig {
    /// A configuration for `database_url` with every other setting at its default.
    pub fn for_url(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            pool_size: 16,
            pool_wait_timeout_ms: 3_000,
            statement_timeout_ms: 5_000,
        }
    }
}
