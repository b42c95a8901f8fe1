#!/usr/bin/env bash
# Benchmark kit (issue 6): seeds the deterministic dataset, starts a release build, and
# measures at a fixed concurrency for a fixed duration:
#   (a) the nested offerings query on /graphql
#   (b) GET /v1/bench/offerings?limit=20 (the shim), and the very GraphQL operation that
#       route runs sent to /graphql directly, for the shim's overhead
#   (c) me with my organizations and investments
#   (d) the invest mutation under contention on a few offerings
# It prints and writes to bench/RESULTS.md: requests/s, p50/p99 latency, SQL statements
# per request (from /metrics) and the server's peak RSS. The ceiling of (a) is measured in
# the same run: the server first runs once with statement logging on, one (a) request is
# captured from PostgreSQL's log, and pgbench replays exactly those statements with the
# same values (`-M prepared`, same concurrency); see bench/pgbench_script.py.
#
#   bash bench/run.sh                 # scale 1, 32 connections, 20 s per scenario
#   SCALE=10 DURATION=30s CONNECTIONS=32 bash bench/run.sh
#   BUILD=0 bash bench/run.sh         # use target/release/crowdgraph as it is
#   PIN=0 bash bench/run.sh           # skip the run with PostgreSQL on its own core
#
# With PIN (the default when this script may set CPU affinities and PostgreSQL runs on
# this host), (a) and its ceiling are measured a second time with PostgreSQL pinned to
# the last core and the server, wrk and pgbench's client to the others: the layout of a
# deployment whose database has its own CPU. Affinities are restored on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCALE=${SCALE:-1}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${BENCH_PORT:-18090}
ROUNDS=${ROUNDS:-3}
ROUND_DURATION=${ROUND_DURATION:-10s}
# Pool: about four connections per core measured best here (bench/RESULTS.md).
POOL_SIZE=${POOL_SIZE:-$(( $(nproc) * 4 ))}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
cleanup() {
  [ -n "${PINNED:-}" ] && pin_postgres "0-$(( $(nproc) - 1 ))"
  kill "${SERVER_PID:-0}" 2>/dev/null || true
  kill "${RSS_PID:-0}" 2>/dev/null || true
  [ -n "${CAPTURING:-}" ] && log_statements -1
  rm -rf "$WORK"
}
trap cleanup EXIT

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

if [ "${BUILD:-1}" = 1 ]; then
  echo "== release build"
  cargo build --release --quiet
fi
BIN="$ROOT/target/release/crowdgraph"
"$BIN" migrate >/dev/null
echo "== seed-bench --scale $SCALE"
"$BIN" seed-bench --scale "$SCALE"

# CPU sets: empty runs unpinned; the pinned run sets APP_CPUS for the server and load
# tools, PostgreSQL gets PG_CPUS.
APP_CPUS=""
on_app_cpus() { if [ -n "$APP_CPUS" ]; then taskset -c "$APP_CPUS" "$@"; else "$@"; fi; }
# PostgreSQL's processes (the postmaster's new backends inherit its affinity).
pin_postgres() { # cpu-list
  local pid
  for pid in $(pgrep -x postgres 2>/dev/null); do taskset -apc "$1" "$pid" >/dev/null 2>&1 || true; done
}

start_server() { # extra serve flags...
  # taskset execs the server, so $! is the server itself (the RSS sampler and stop_server
  # need its pid, not a subshell's).
  local pin=()
  [ -n "$APP_CPUS" ] && pin=(taskset -c "$APP_CPUS")
  if curl -fs "$BASE/readyz" >/dev/null 2>&1; then
    echo "bench: a server already answers on $BASE; stop it first" >&2; exit 1
  fi
  RUST_LOG=warn "${pin[@]}" "$BIN" serve --bind "127.0.0.1:$PORT" --pool-size "$POOL_SIZE" "$@" \
    >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!

  for _ in $(seq 1 100); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  { curl -fs "$BASE/readyz" >/dev/null && kill -0 "$SERVER_PID"; } || { cat "$WORK/server.log"; exit 1; }
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
sql() { psql -qAt "$DATABASE_URL" -c "$1"; }
# Statement logging of the bench database, for connections opened from now on (-1: off).
log_statements() {
  sql "DO \$\$ BEGIN EXECUTE format('ALTER DATABASE %I SET log_min_duration_statement = $1',
       current_database()); END \$\$" >/dev/null
}

# Where this PostgreSQL writes its log: the private cluster of scripts/pg-env.sh, the
# logging collector's file, or Debian's per-cluster file. PGLOG overrides.
find_pglog() {
  [ -n "${PGLOG:-}" ] && { echo "$PGLOG"; return; }
  local data file major
  data=$(sql "SHOW data_directory" 2>/dev/null || true)
  [ -n "$data" ] && [ -r "$data/server.log" ] && { echo "$data/server.log"; return; }
  file=$(sql "SELECT pg_current_logfile()" 2>/dev/null || true)
  [ -n "$file" ] && [ -n "$data" ] && [ -r "$data/$file" ] && { echo "$data/$file"; return; }
  major=$(sql "SHOW server_version_num" 2>/dev/null | cut -c1-2)
  file="/var/log/postgresql/postgresql-$major-main.log"
  [ -r "$file" ] && echo "$file"
}

login() { # email password -> token
  curl -fs "$BASE/graphql" -H 'content-type: application/json' -H 'network: bench' \
    -d "{\"query\":\"mutation { login(email: \\\"$1\\\", password: \\\"$2\\\") { token } }\"}" |
    sed -E 's/.*"token":"([^"]+)".*/\1/'
}
# user2 becomes an admin (admins see every stage); user12 is an investor (visibility Open).
sql "UPDATE users SET is_admin = true WHERE email = 'user2@bench.test'" >/dev/null

# Capture: one (a) request with every statement logged, for pgbench to replay.
PGLOG_FILE=$(find_pglog || true)
CEILING_NOTE=""
if [ -n "$PGLOG_FILE" ] && command -v pgbench >/dev/null 2>&1; then
  echo "== capturing the statements of one (a) request (log: $PGLOG_FILE)"
  CAPTURING=1
  log_statements 0
  start_server --mail-poll-interval-ms 3600000
  CAPTURE_TOKEN=$(login user2@bench.test bench-password)
  # Warm-up: enough requests to pass through every pooled connection, so the captured
  # one runs on connections that have prepared its statements already.
  for _ in $(seq 1 $(( POOL_SIZE * 2 ))); do
    curl -fs "$BASE/graphql" -H 'content-type: application/json' -H 'network: bench' \
      -H "authorization: Bearer $CAPTURE_TOKEN" -d @bench/offerings.json >/dev/null
  done
  sql "SELECT 'bench-capture-start'" >/dev/null
  curl -fs "$BASE/graphql" -H 'content-type: application/json' -H 'network: bench' \
    -H "authorization: Bearer $CAPTURE_TOKEN" -d @bench/offerings.json >/dev/null
  sql "SELECT 'bench-capture-end'" >/dev/null
  stop_server
  log_statements -1
  CAPTURING=
  python3 bench/pgbench_script.py "$PGLOG_FILE" "'bench-capture-start'" "'bench-capture-end'" \
    "$WORK/replay.sql" "$WORK/replay.defines" || CEILING_NOTE="capture failed"
else
  CEILING_NOTE="PostgreSQL's log or pgbench not found (set PGLOG)"
fi

echo "== starting the server on $BASE"
start_server

# Peak RSS of the server, sampled every 200 ms.
( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$WORK/rss"
    sleep 0.2
  done ) &
RSS_PID=$!

TOKEN=$(login user12@bench.test bench-password)
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
  out=$(on_app_cpus wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" 2>&1)
  echo "$out" | sed -n '1,20p'
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${rps:-n/a}" "${p50:-n/a}" "${p99:-n/a}" \
    "$(metric "$op")" "${non2xx:-0}" >>"$RESULTS"
  LAST_RPS=${rps:-0} LAST_P50=${p50:-0} LAST_P99=${p99:-0}
}

# (b) through /graphql: the document the route runs, with the variables it builds from
# `?limit=20` (src/rest/documents/get_offerings.graphql + its fragment).
python3 - "$WORK/rest-document.json" <<'PY'
import json, sys
doc = open("src/rest/documents/get_offerings.graphql").read() + open(
    "src/rest/documents/fragments_offering.graphql").read()
json.dump({"operationName": "Offerings", "query": doc, "variables": {"args": {"limit": 20}}},
          open(sys.argv[1], "w"))
PY

# pgbench replaying the captured (a) request for N seconds.
replay() { # seconds
  local args=() line
  while IFS= read -r line; do [ -n "$line" ] && args+=(-D "$line"); done <"$WORK/replay.defines"
  on_app_cpus pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$1" \
    -f "$WORK/replay.sql" "${args[@]}" "$DATABASE_URL" 2>&1
}

# The ceiling of (a): PostgreSQL alone replaying the captured statements.
ceiling() { # [label]
  local label=${1:-"(a) ceiling: pgbench replay of its statements"}
  if [ -n "$CEILING_NOTE" ]; then
    printf '| %s | %s | | | | |\n' "$label" "not measured: $CEILING_NOTE" >>"$RESULTS"
    return
  fi
  echo "== (a) ceiling: pgbench -M prepared replaying one (a) request"
  local out tps statements
  statements=$(grep -c ';$' "$WORK/replay.sql")
  out=$(replay "${DURATION%s}")
  echo "$out" | tail -4
  tps=$(echo "$out" | awk '/^tps/ {print $3}')
  CEILING_TPS=$tps
  printf '| %s | %s | | | %s | |\n' "$label" "${tps:-n/a}" \
    "$statements" >>"$RESULTS"
}

echo "| scenario | requests/s | p50 | p99 | SQL statements / request | non-2xx |" >"$RESULTS"
echo "|---|---|---|---|---|---|" >>"$RESULTS"
BODY="$ROOT/bench/offerings.json" AUTH="$ADMIN_TOKEN" \
  run "(a) nested offerings query (admin)" "graphql:BenchOfferings" -s bench/post.lua "$BASE/graphql"
A_RPS=$LAST_RPS A_P50=$LAST_P50 A_P99=$LAST_P99
ceiling
AUTH="$ADMIN_TOKEN" \
  run "(b) GET /v1/bench/offerings?limit=20" "rest:GET /v1/{network}/offerings" -s bench/get.lua "$BASE/v1/bench/offerings?limit=20"
B_RPS=$LAST_RPS
BODY="$WORK/rest-document.json" AUTH="$ADMIN_TOKEN" \
  run "(b) its GraphQL operation sent to /graphql" "graphql:Offerings" -s bench/post.lua "$BASE/graphql"
BG_RPS=$LAST_RPS
# The shim's overhead is a ratio of two throughputs measured minutes apart, and on a
# shared machine their noise is as large as the 10% target: alternate shorter runs of
# both and report each round's ratio and the median.
rps_of() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${ROUND_DURATION:-10s}" "$@" 2>&1 | awk '/Requests\/sec/ {print $2}'; }
SHIM_RATIOS=()
for _ in $(seq 1 "$ROUNDS"); do
  rest=$(AUTH="$ADMIN_TOKEN" rps_of -s bench/get.lua "$BASE/v1/bench/offerings?limit=20")
  graphql=$(BODY="$WORK/rest-document.json" AUTH="$ADMIN_TOKEN" rps_of -s bench/post.lua "$BASE/graphql")
  SHIM_RATIOS+=("$(awk -v a="$rest" -v b="$graphql" 'BEGIN { printf "%.0f", 100 * a / b }')")
done
SHIM_MEDIAN=$(printf '%s\n' "${SHIM_RATIOS[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
BODY="$ROOT/bench/me.json" AUTH="$TOKEN" \
  run "(c) me + organizations + investments" "graphql:BenchMe" -s bench/post.lua "$BASE/graphql"
OFFERINGS="$WORK/offerings.txt" AUTH="$TOKEN" \
  run "(d) invest under contention (4 offerings)" "graphql:Invest" -s bench/invest.lua "$BASE/graphql"

# (a) and its ceiling again with PostgreSQL on its own core.
PIN=${PIN:-auto}
if [ "$PIN" = auto ]; then
  PIN=0
  if [ "$(nproc)" -ge 2 ] && need taskset && pgrep -x postgres >/dev/null 2>&1 &&
    [ "$(id -u)" = 0 ] && [ -z "$CEILING_NOTE" ]; then
    PIN=1
  fi
fi
if [ "$PIN" = 1 ]; then
  last=$(( $(nproc) - 1 ))
  PG_CPUS=$last
  APP_CPUS=$([ "$last" -gt 1 ] && echo "0-$(( last - 1 ))" || echo 0)
  echo "== pinned: PostgreSQL on CPU $PG_CPUS, server and load tools on CPU $APP_CPUS"
  stop_server
  PINNED=1
  pin_postgres "$PG_CPUS"
  start_server
  ADMIN_TOKEN=$(login user2@bench.test bench-password)
  BODY="$ROOT/bench/offerings.json" AUTH="$ADMIN_TOKEN" \
    run "(a) pinned: nested offerings query (admin)" "graphql:BenchOfferings" -s bench/post.lua "$BASE/graphql"
  PA_RPS=$LAST_RPS PA_P50=$LAST_P50 PA_P99=$LAST_P99
  CEILING_TPS_UNPINNED=${CEILING_TPS:-0}
  ceiling "(a) pinned ceiling: pgbench replay, PostgreSQL on CPU $PG_CPUS"
  PCEILING_TPS=${CEILING_TPS:-0}
  CEILING_TPS=$CEILING_TPS_UNPINNED
  # The same ratio over alternating shorter rounds: this VM's speed drifts by more than
  # 10% from one minute to the next.
  PIN_RATIOS=()
  for _ in $(seq 1 "$ROUNDS"); do
    a=$(BODY="$ROOT/bench/offerings.json" AUTH="$ADMIN_TOKEN" on_app_cpus \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"${ROUND_DURATION:-10s}" -s bench/post.lua "$BASE/graphql" 2>&1 |
      awk '/Requests\/sec/ {print $2}')
    c=$(replay "${ROUND_DURATION%s}" | awk '/^tps/ {print $3}')
    PIN_RATIOS+=("$(awk -v a="$a" -v b="$c" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print 0 }')")
  done
  PIN_MEDIAN=$(printf '%s\n' "${PIN_RATIOS[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  pin_postgres "0-$last"
  PINNED=
  PINNED_APP_CPUS=$APP_CPUS
  APP_CPUS=""
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.0f%%", 100 * a / b; else printf "n/a" }'; }
ms() { # wrk latency (e.g. 12.3ms, 1.2s, 900us) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; print n }'
}

PEAK_KB=$(cat "$WORK/rss" 2>/dev/null || echo 0)
{
  echo
  echo "## $(date -u +%Y-%m-%d) — scale $SCALE, $CONNECTIONS connections, $DURATION per scenario"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git rev-parse --short HEAD); PostgreSQL at ${DATABASE_URL%%/crowdgraph_bench}; pool $POOL_SIZE."
  echo
  cat "$RESULTS"
  echo
  echo "- (a) reaches $(ratio "$A_RPS" "${CEILING_TPS:-0}") of PostgreSQL alone (target ≥ 70%)."
  if [ "$PIN" = 1 ]; then
    echo "- Pinned (PostgreSQL on CPU $PG_CPUS, the rest on CPU $PINNED_APP_CPUS): (a) reaches $(ratio "$PA_RPS" "$PCEILING_TPS") of PostgreSQL alone on the same CPU (the second (a) and ceiling rows); over $ROUNDS alternating rounds of ${ROUND_DURATION:-10s}: $(IFS=/; echo "${PIN_RATIOS[*]}")%, median ${PIN_MEDIAN}%; p99 / p50 = $(awk -v a="$(ms "$PA_P99")" -v b="$(ms "$PA_P50")" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "n/a" }')."
  fi
  echo "- (a) p99 / p50 = $(awk -v a="$(ms "$A_P99")" -v b="$(ms "$A_P50")" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "n/a" }') (target ≤ 3)."
  echo "- (b) through the shim reaches $(ratio "$B_RPS" "$BG_RPS") of its GraphQL operation on /graphql in the rows above; over $ROUNDS alternating rounds of ${ROUND_DURATION:-10s}: $(IFS=/; echo "${SHIM_RATIOS[*]}")%, median ${SHIM_MEDIAN}% (target ≥ 90%)."
  echo "- Server peak RSS: $((PEAK_KB / 1024)) MiB (target < 100 MiB)."
} | tee -a bench/RESULTS.md
