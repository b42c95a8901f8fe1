#!/usr/bin/env bash
# `make test`: formatting, lints, the SDL and schema.rs checks and every test, against a
# real PostgreSQL (brought up by pg-env.sh when none is configured); then standard tools
# (graphql-js, GraphiQL in headless Chromium, schemathesis) against a running server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh
bash scripts/ensure-diesel.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "== tests (includes schema.graphql and src/db/schema.rs checks)"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --locked --no-fail-fast
else
  cargo test --locked --no-fail-fast
fi
echo "== standard tools against a running server (scripts/test-tools.sh)"
bash scripts/test-tools.sh
