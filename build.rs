//! Build script: installs the pinned GraphiQL and React packages of `assets/graphiql/`
//! with `npm ci` (exact versions, each package checked against the lockfile's sha512) and
//! writes the table of the browser assets the binary embeds and serves itself, so the
//! GraphiQL page needs nothing from outside this server (docs/http.md, "GraphiQL").

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

/// The files served under `/graphiql/assets/`: key, file (from `node_modules/` of the
/// installed packages, or from `assets/graphiql/` for our own), content type.
const ASSETS: &[(&str, Source, &str)] = &[
    (
        "react",
        Source::Npm("react/umd/react.production.min.js"),
        JS,
    ),
    (
        "react-dom",
        Source::Npm("react-dom/umd/react-dom.production.min.js"),
        JS,
    ),
    ("graphiql", Source::Npm("graphiql/graphiql.min.js"), JS),
    (
        "graphiql-css",
        Source::Npm("graphiql/graphiql.min.css"),
        CSS,
    ),
    ("page", Source::Own("page.js"), JS),
    ("page-css", Source::Own("page.css"), CSS),
];

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

enum Source {
    Npm(&'static str),
    Own(&'static str),
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let assets = manifest.join("assets/graphiql");
    for file in ["package.json", "package-lock.json", "page.js", "page.css"] {
        println!("cargo::rerun-if-changed=assets/graphiql/{file}");
    }
    // `embed_migrations!` reads `migrations/` at compile time but cannot tell cargo so: a
    // new migration directory must rebuild the crate.
    println!("cargo::rerun-if-changed=migrations");
    let modules = install(&assets, &out.join("graphiql-npm"));
    let mut table = String::from("&[\n");
    for (key, source, content_type) in ASSETS {
        let path = match source {
            Source::Npm(file) => modules.join(file),
            Source::Own(file) => assets.join(file),
        };
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("GraphiQL asset {} is missing: {e}", path.display()));
        let served = served_name(&path, &bytes);
        let integrity = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
        );
        writeln!(
            table,
            "    Asset {{ key: {key:?}, name: {served:?}, content_type: {content_type:?}, \
             integrity: {integrity:?}, bytes: include_bytes!({:?}) }},",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    table.push_str("]\n");
    std::fs::write(out.join("graphiql_assets.rs"), table).expect("OUT_DIR is writable");
}

/// Runs `npm ci` in `dir` on a copy of the package files, unless the same lockfile is
/// already installed there; returns its `node_modules`.
fn install(assets: &Path, dir: &Path) -> PathBuf {
    let lock =
        std::fs::read(assets.join("package-lock.json")).expect("assets/graphiql/package-lock.json");
    let modules = dir.join("node_modules");
    let installed = dir.join("installed-lock.json");
    if modules.is_dir() && std::fs::read(&installed).is_ok_and(|l| l == lock) {
        return modules;
    }
    std::fs::create_dir_all(dir).expect("OUT_DIR is writable");
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(assets.join(file), dir.join(file)).expect("copy the package files");
    }
    // `--prefer-offline`: a package already in npm's cache is not downloaded again.
    let status = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
        ])
        .args(["--loglevel=error"])
        .current_dir(dir)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "building crowdgraph needs npm (Node.js) to install the pinned GraphiQL assets \
                 of assets/graphiql/: running `npm ci` failed: {e}"
            )
        });
    assert!(
        status.success(),
        "`npm ci` of assets/graphiql/ failed ({status}): the GraphiQL assets are installed \
         from the npm registry at their pinned versions"
    );
    std::fs::write(&installed, &lock).expect("OUT_DIR is writable");
    modules
}

/// `graphiql.min.js` → `graphiql.min.<hash>.js`: a new content is a new name, so every
/// asset can be cached for good.
fn served_name(path: &Path, bytes: &[u8]) -> String {
    let file = path
        .file_name()
        .and_then(|f| f.to_str())
        .expect("UTF-8 file name");
    let (stem, ext) = file.rsplit_once('.').expect("file with an extension");
    let hash = Sha256::digest(bytes);
    let short: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{stem}.{short}.{ext}")
}
