//! The committed schema files match the code: `schema.graphql` (the SDL) and
//! `src/db/schema.rs` (diesel's view of the migrations).

use std::path::Path;
use std::process::Command;

use crate::common::TestDb;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

#[test]
fn schema_graphql_is_up_to_date() {
    let committed = repo_file("schema.graphql");
    let current = crowdgraph::graphql::sdl();
    assert!(
        committed == current,
        "schema.graphql is out of date: run `make schema` and commit the result"
    );
}

#[tokio::test]
async fn db_schema_rs_matches_the_migrations() {
    let db = TestDb::migrated().await;
    let diesel = which_diesel()
        .expect("the diesel CLI is needed for this check: run `bash scripts/ensure-diesel.sh`");
    let output = Command::new(diesel)
        .args(["print-schema", "--database-url", &db.url])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running diesel print-schema");
    assert!(
        output.status.success(),
        "diesel print-schema failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let committed = repo_file("src/db/schema.rs");
    assert!(
        printed == committed,
        "src/db/schema.rs does not match the migrations: run `make db-schema` and commit it"
    );
}

fn which_diesel() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin/diesel"));
    let in_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("diesel"))
            .find(|p| p.is_file())
    });
    in_path.or(home.filter(|p| p.is_file()))
}
