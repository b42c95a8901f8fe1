//! The `crowdgraph` command line: serve, migrate, seed-demo, print-schema, create-network.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::{ConfigError, DbConfig, LogFormat, ServerConfig};
use crate::{db, graphql, seed, server};

/// crowdgraph: GraphQL back end of investment marketplaces, with a /v1 REST shim.
#[derive(Debug, Parser)]
#[command(name = "crowdgraph", version)]
pub struct Cli {
    /// Log output format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
// Parsed once at startup: the size of the `serve` variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Create and migrate the database if needed, then serve HTTP.
    Serve {
        /// Database settings.
        #[command(flatten)]
        db: DbConfig,
        /// Server settings.
        #[command(flatten)]
        server: ServerConfig,
        /// Mail settings.
        #[command(flatten)]
        mail: crate::mail::MailConfig,
    },
    /// Create the database if needed and apply pending migrations.
    Migrate {
        /// Database settings.
        #[command(flatten)]
        db: DbConfig,
    },
    /// Create (idempotently) the demo network with its demo users and offerings.
    SeedDemo {
        /// Database settings.
        #[command(flatten)]
        db: DbConfig,
    },
    /// Load the deterministic benchmark dataset into the `bench` network (replacing it).
    SeedBench {
        /// Multiplier of the scale-1 sizes (2,000 users, 1,000 offerings, 50,000 investments).
        #[arg(long, default_value_t = 1)]
        scale: i32,
        /// Database settings.
        #[command(flatten)]
        db: DbConfig,
    },
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    PrintSchema,
    /// Grant (or with --revoke, take away) admin rights of a network: an operator action
    /// that no API offers.
    SetAdmin {
        /// The network's name.
        network: String,
        /// Email of the user.
        email: String,
        /// Take the rights away instead of granting them.
        #[arg(long)]
        revoke: bool,
        /// Database settings.
        #[command(flatten)]
        db: DbConfig,
    },
    /// Create a network and its first admin user; prints the API key and secret.
    CreateNetwork {
        /// The network's name (lowercase letters, digits, `-`, `_`).
        name: String,
        /// Email of the first admin user.
        #[arg(long)]
        admin_email: String,
        /// Password of the first admin user (or set ADMIN_PASSWORD).
        #[arg(long, env = "ADMIN_PASSWORD", hide_env_values = true)]
        admin_password: String,
        /// Database settings.
        #[command(flatten)]
        db: DbConfig,
    },
}

impl Command {
    /// Checks the settings this command uses, all at once, before anything connects to
    /// the database (see [`crate::config::check`]).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let (db, server) = match self {
            Command::Serve { db, server, .. } => (Some(db), Some(server)),
            Command::Migrate { db }
            | Command::SeedDemo { db }
            | Command::SeedBench { db, .. }
            | Command::SetAdmin { db, .. }
            | Command::CreateNetwork { db, .. } => (Some(db), None),
            Command::PrintSchema => (None, None),
        };
        let problems = [
            db.map(DbConfig::validate),
            server.map(ServerConfig::validate),
        ]
        .into_iter()
        .flatten()
        .filter_map(Result::err)
        .flat_map(|e| e.problems)
        .collect();
        ConfigError::check(problems)
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    init_tracing(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    command.validate()?;
    match command {
        Command::Serve { db, server, mail } => serve(db, server, mail).await,
        Command::Migrate { db } => {
            db::ensure_database(&db.database_url).await?;
            let applied = db::run_migrations(&db.database_url).await?;
            println!("applied {} migration(s)", applied.len());
            Ok(())
        }
        Command::SeedDemo { db } => {
            let pool = migrated_pool(&db).await?;
            let demo = seed::seed_demo(&pool).await?;
            print!("{}", demo.describe(None));
            Ok(())
        }
        Command::SeedBench { scale, db } => {
            let pool = migrated_pool(&db).await?;
            let started = std::time::Instant::now();
            let data = crate::bench_seed::seed_bench(&pool, scale).await?;
            println!(
                "bench network: {} users, {} organizations, {} offerings, {} investments in {:.1?}",
                data.users,
                data.organizations,
                data.offerings,
                data.investments,
                started.elapsed()
            );
            println!(
                "  api key bench-key / secret bench-secret; users user<n>@bench.test / {}",
                crate::bench_seed::BENCH_PASSWORD
            );
            Ok(())
        }
        Command::PrintSchema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::SetAdmin {
            network,
            email,
            revoke,
            db,
        } => {
            let pool = migrated_pool(&db).await?;
            seed::set_admin(&pool, &network, &email, !revoke)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.developer_message))?;
            let what = if revoke { "is no longer" } else { "is now" };
            println!("{email} {what} an admin of {network}");
            Ok(())
        }
        Command::CreateNetwork {
            name,
            admin_email,
            admin_password,
            db,
        } => {
            let pool = migrated_pool(&db).await?;
            let created = seed::create_network(&pool, &name, &admin_email, &admin_password)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.developer_message))?;
            println!("network:    {}", created.network.name);
            println!("api key:    {}", created.network.api_key);
            println!("api secret: {}", created.network.api_secret);
            println!("admin:      {admin_email}");
            Ok(())
        }
    }
}

async fn migrated_pool(db_config: &DbConfig) -> anyhow::Result<db::DbPool> {
    db::ensure_database(&db_config.database_url).await?;
    db::run_migrations(&db_config.database_url).await?;
    db::build_pool(db_config)
}

async fn serve(
    db_config: DbConfig,
    config: ServerConfig,
    mail: crate::mail::MailConfig,
) -> anyhow::Result<()> {
    let state = server::prepare(&db_config, &config).await?;
    let sender = crate::mail::start_from_env(state.pool.clone(), mail)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let housekeeping = crate::housekeeping::spawn(state.pool.clone(), stop_rx);
    let demo = if config.seed_demo {
        Some(seed::seed_demo(&state.pool).await?)
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr()?;
    println!("crowdgraph listening on http://{addr}");
    println!("  GraphQL:  http://{addr}/graphql  (header `network: <name>`)");
    match &demo {
        Some(demo) => print!("{}", demo.describe(Some(addr))),
        None => println!("  GraphiQL: http://{addr}/graphiql?network=<name>"),
    }
    let served = server::serve(state, listener, server::shutdown_signal()).await;
    let _ = stop_tx.send(true);
    let _ = housekeeping.await;
    sender
        .shutdown(std::time::Duration::from_millis(config.shutdown_grace_ms))
        .await;
    served
}
