#!/usr/bin/env bash
# Standard tools against a real server (part of `make test`, after the cargo tests):
#   - graphql-js's standard introspection query, and a client schema built from it;
#   - GraphiQL in a headless Chromium that reaches nothing but this server;
#   - a bounded schemathesis run against /v1/openapi.json and /graphql (no 5xx).
# The server is the debug binary, `serve` at its default configuration on a fresh
# database with the demo network seeded. The tools are pinned (tests/tools/) and cached
# under .data/tools, so a second run installs nothing. Outside CI a tool that cannot be
# installed is skipped with a message; with CI=true that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh
tools="$PWD/.data/tools"
mkdir -p "$tools"
failed=0
skipped=()

log() { echo "test-tools: $*"; }

# A tool that cannot be had: fatal in CI, skipped (and said so at the end) elsewhere.
unavailable() {
  if [ "${CI:-}" = true ]; then
    log "FAILED: $1"
    exit 1
  fi
  log "SKIPPED: $1"
  skipped+=("$1")
  return 1
}

apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  log "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Installs a pinned tool set into $2 unless the same lock file ($1) is installed there.
stamped() { # lockfile dir command...
  local lock="$1" dir="$2"; shift 2
  local sum; sum="$(sha256sum "$lock" | cut -d' ' -f1)"
  [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$sum" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  "$@" && echo "$sum" >"$dir/.stamp"
}

node_tools() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm || return 1
  stamped tests/tools/package-lock.json "$tools/node" bash -c \
    'cp tests/tools/package.json tests/tools/package-lock.json "$1/" &&
     npm ci --prefix "$1" --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error' \
    _ "$tools/node"
}

chromium_browser() {
  CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
  if [ -z "$CHROMIUM" ]; then
    apt_install chromium || return 1
    CHROMIUM="$(command -v chromium)"
  fi
  export CHROMIUM
}

python_venv() {
  stamped tests/tools/requirements.txt "$tools/venv" bash -c \
    'python3 -m venv "$1" && "$1/bin/pip" install -q --disable-pip-version-check -r tests/tools/requirements.txt' \
    _ "$tools/venv"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() {
  local db="crowdgraph_tools"
  psql -qX "${DATABASE_URL%/*}/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  cargo build --locked --quiet --bin crowdgraph
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  # Only what a test needs is set: every limit stays at its default.
  env DATABASE_URL="${DATABASE_URL%/*}/$db" BIND_ADDR="127.0.0.1:$port" \
    SEED_DEMO=true RUST_LOG="${TOOLS_RUST_LOG:-warn}" target/debug/crowdgraph serve \
    >"$tools/server.log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 120); do
    if python3 -c "import urllib.request as u; u.urlopen('$base/readyz', timeout=2)" 2>/dev/null; then
      log "server ready at $base (log: $tools/server.log)"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  cat "$tools/server.log"
  log "FAILED: the server did not become ready"
  exit 1
}

run() { # name command...
  local name="$1"; shift
  log "== $name"
  if "$@"; then log "ok: $name"; else log "FAILED: $name"; failed=1; fi
}

have_node=0 have_chromium=0 have_venv=0
node_tools && have_node=1 || unavailable "node tools (npm ci of tests/tools)" || true
chromium_browser && have_chromium=1 || unavailable "Debian's chromium (apt-get install chromium)" || true
python_venv && have_venv=1 || unavailable "schemathesis (pip install into $tools/venv)" || true

start_server
export CROWDGRAPH_URL="$base" TOOLS_OUT="$tools"
tests=(tests/tools/introspection.test.cjs)
if [ "$have_chromium" = 1 ]; then tests+=(tests/tools/graphiql.test.cjs); fi
if [ "$have_node" = 1 ]; then
  run "graphql-js introspection and GraphiQL in Chromium" \
    env NODE_PATH="$tools/node/node_modules" node --test --test-concurrency=1 "${tests[@]}"
fi
if [ "$have_venv" = 1 ]; then
  run "schemathesis" bash tests/tools/schemathesis.sh "$tools/venv/bin" "$base" "$tools"
fi

if [ "${#skipped[@]}" -gt 0 ]; then
  log "skipped (outside CI only): ${skipped[*]}"
fi
[ "$failed" = 0 ] || { log "server log: $tools/server.log"; exit 1; }
