#!/usr/bin/env bash
# Benchmark kit (issue 6): seeds the deterministic dataset, starts a release build, and
# measures at a fixed concurrency for a fixed duration:
#   (a) the nested offerings query on /graphql
#   (b) GET /v1/bench/offerings?limit=20 (the shim)
#   (c) me with my organizations and investments
#   (d) the invest mutation under contention on a few offerings
# It prints and writes to bench/RESULTS.md: requests/s, p50/p99 latency, SQL statements
# per request (from /metrics) and the server's peak RSS.
#
#   bash bench/run.sh                 # scale 1, 32 connections, 20 s per scenario
#   SCALE=10 DURATION=30s CONNECTIONS=32 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCALE=${SCALE:-1}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${BENCH_PORT:-18090}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; kill "${RSS_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  else
    echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1
  fi
fi
need curl || { echo "bench: curl is needed" >&2; exit 1; }

export CROWDGRAPH_DB_NAME=crowdgraph_bench
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh

echo "== release build"
cargo build --release --quiet
BIN="$ROOT/target/release/crowdgraph"
"$BIN" migrate >/dev/null
echo "== seed-bench --scale $SCALE"
"$BIN" seed-bench --scale "$SCALE"

echo "== starting the server on $BASE"
RUST_LOG=warn "$BIN" serve --bind "127.0.0.1:$PORT" --pool-size 16 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$BASE/readyz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# Peak RSS of the server, sampled every 200 ms.
( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$WORK/rss"
    sleep 0.2
  done ) &
RSS_PID=$!

login() { # email password -> token
  curl -fs "$BASE/graphql" -H 'content-type: application/json' -H 'network: bench' \
    -d "{\"query\":\"mutation { login(email: \\\"$1\\\", password: \\\"$2\\\") { token } }\"}" |
    sed -E 's/.*"token":"([^"]+)".*/\1/'
}
# user12 is an admin-free investor (visibility Open); admins see every stage.
TOKEN=$(login user12@bench.test bench-password)
ADMIN_SQL="UPDATE users SET is_admin = true WHERE email = 'user2@bench.test'"
psql -qAt "$DATABASE_URL" -c "$ADMIN_SQL" >/dev/null
ADMIN_TOKEN=$(login user2@bench.test bench-password)
# Published offerings (stage 5) for the invest scenario: a few, so requests contend.
psql -qAt "$DATABASE_URL" -c "SELECT o.id FROM offerings o JOIN networks n ON n.id = o.network_id
  WHERE n.name = 'bench' AND o.life_cycle_stage = 5 ORDER BY o.created_at LIMIT 4" >"$WORK/offerings.txt"

metric() { # operation -> statements per request (sum / count of the histogram)
  curl -fs "$BASE/metrics" | awk -v op="$1" '
    index($0, "crowdgraph_sql_statements_sum{operation=\"" op "\"}") == 1 { sum = $NF }
    index($0, "crowdgraph_sql_statements_count{operation=\"" op "\"}") == 1 { count = $NF }
    END { if (count > 0) printf "%.2f", sum / count; else printf "n/a" }'
}

RESULTS="$WORK/results.md"
run() { # name operation wrk-args...
  local name=$1 op=$2; shift 2
  echo "== $name"
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" 2>&1)
  echo "$out" | sed -n '1,20p'
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${rps:-n/a}" "${p50:-n/a}" "${p99:-n/a}" \
    "$(metric "$op")" "${non2xx:-0}" >>"$RESULTS"
}

echo "| scenario | requests/s | p50 | p99 | SQL statements / request | non-2xx |" >"$RESULTS"
echo "|---|---|---|---|---|---|" >>"$RESULTS"
BODY="$ROOT/bench/offerings.json" AUTH="$ADMIN_TOKEN" \
  run "(a) nested offerings query (admin)" "graphql:BenchOfferings" -s bench/post.lua "$BASE/graphql"
AUTH="$ADMIN_TOKEN" \
  run "(b) GET /v1/bench/offerings?limit=20" "rest:GET /v1/{network}/offerings" -s bench/get.lua "$BASE/v1/bench/offerings?limit=20"
BODY="$ROOT/bench/me.json" AUTH="$TOKEN" \
  run "(c) me + organizations + investments" "graphql:BenchMe" -s bench/post.lua "$BASE/graphql"
OFFERINGS="$WORK/offerings.txt" AUTH="$TOKEN" \
  run "(d) invest under contention (4 offerings)" "graphql:Invest" -s bench/invest.lua "$BASE/graphql"

PEAK_KB=$(cat "$WORK/rss" 2>/dev/null || echo 0)
{
  echo
  echo "## $(date -u +%Y-%m-%d) — scale $SCALE, $CONNECTIONS connections, $DURATION per scenario"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git rev-parse --short HEAD); PostgreSQL at ${DATABASE_URL%%/crowdgraph_bench}."
  echo
  cat "$RESULTS"
  echo
  echo "Server peak RSS: $((PEAK_KB / 1024)) MiB."
} | tee -a bench/RESULTS.md
