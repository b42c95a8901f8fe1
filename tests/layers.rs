//! The layer check: every module of `src/` imports only from its own layer or the layers
//! below it (ARCHITECTURE.md). A `use crate::…` that points up fails `make test`.
//!
//! Layers, bottom to top:
//! 0. `config`, `error`, `metrics`: leaves;
//! 1. `domain`: rules as pure functions;
//! 2. `db`, `models`: PostgreSQL access;
//! 3. `auth`, `mail`, `housekeeping`, `seed`, `bench_seed`: services over the data;
//! 4. `graphql`: the schema, built from the pool, config and metrics it is given;
//! 5. `app`: the composition root;
//! 6. `http`, `rest`, `router`: the HTTP surface;
//! 7. `server`, `cli`: running it.

use std::collections::BTreeSet;
use std::path::Path;

const LAYERS: &[&[&str]] = &[
    &["config", "error", "metrics"],
    &["domain"],
    &["db", "models"],
    &["auth", "mail", "housekeeping", "seed", "bench_seed"],
    &["graphql"],
    &["app"],
    &["http", "rest", "router"],
    &["server", "cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules a source file names through `crate::`, outside comments.
fn crate_imports(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                // `use crate::{a::X, b};` (one line) names every module of the group.
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != "self" {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
            rest = after;
        }
    }
    found
}

/// Every upward import of `module`'s file, as `module -> imported`.
fn upward_imports(module: &str, source: &str) -> Vec<String> {
    let Some(own) = layer_of(module) else {
        return vec![format!("{module}: not in any layer (add it to LAYERS)")];
    };
    crate_imports(source)
        .into_iter()
        .filter(|name| layer_of(name).is_some_and(|layer| layer > own))
        .map(|name| format!("{module} -> {name}"))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let first = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default();
        let module = first.trim_end_matches(".rs");
        if matches!(module, "lib" | "main") {
            continue;
        }
        let source = std::fs::read_to_string(&file).expect("readable source");
        for v in upward_imports(module, &source) {
            violations.push(format!("{}: {v}", relative.display()));
        }
    }
    assert!(
        violations.is_empty(),
        "imports pointing up a layer:\n{}",
        violations.join("\n")
    );
}

#[test]
fn an_upward_import_is_reported() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("graphql", "use crate::app::AppState;", &["graphql -> app"]),
        (
            "domain",
            "let x = crate::graphql::scalars::Money;",
            &["domain -> graphql"],
        ),
        (
            "auth",
            "use crate::{db::DbConn, http::x, error};",
            &["auth -> http"],
        ),
        ("models", "use crate::domain::stages::Stage;", &[]),
        ("graphql", "// see crate::app for the composition root", &[]),
        ("rest", "use crate::app::AppState;", &[]),
        (
            "newthing",
            "use crate::db;",
            &["newthing: not in any layer (add it to LAYERS)"],
        ),
    ];
    for (module, source, want) in cases {
        assert_eq!(&upward_imports(module, source), want, "{module}: {source}");
    }
}
