#!/usr/bin/env bash
# Instruction counts of the read path under callgrind, for comparing two builds on a
# machine whose wall clock is too noisy to tell a few percent apart (bench/RESULTS.md,
# issues 11 and 13). For each binary given: the server starts under
# `valgrind --tool=callgrind` on the bench database (seeded beforehand with
# `crowdgraph seed-bench`, user2 an admin, as bench/run.sh does), and for each scenario
# it gets WARMUP requests, its counters are zeroed, it gets REQUESTS requests one after
# the other on one keep-alive connection, and the counters are dumped. ROUNDS windows per
# scenario. Prints one line per window: label, scenario, instructions, and the SQL
# statements per request in the window (from /metrics, as bench/run.sh reads them).
#
#   CROWDGRAPH_DB_NAME=crowdgraph_bench bash bench/callgrind.sh before=/path/a after=/path/b
#
# The profiles stay in OUT (default: a temporary directory, printed) for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${BENCH_PORT:-18091}
POOL_SIZE=${POOL_SIZE:-$(($(nproc) * 4))}
WARMUP=${WARMUP:-10}
REQUESTS=${REQUESTS:-100}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$(mktemp -d)}
BASE="http://127.0.0.1:$PORT"
export CROWDGRAPH_DB_NAME=${CROWDGRAPH_DB_NAME:-crowdgraph_bench}
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh
mkdir -p "$OUT"
WORK=$(mktemp -d)
cleanup() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# (b) through /graphql: the document the route runs with the variables of `?limit=20`.
python3 - "$WORK/rest-document.json" <<'PY'
import json, sys
doc = open("src/rest/documents/get_offerings.graphql").read() + open(
    "src/rest/documents/fragments_offering.graphql").read()
json.dump({"operationName": "Offerings", "query": doc, "variables": {"args": {"limit": 20}}},
          open(sys.argv[1], "w"))
PY

login() { # email -> token
  curl -fs "$BASE/graphql" -H 'content-type: application/json' -H 'network: bench' \
    -d "{\"query\":\"mutation { login(email: \\\"$1\\\", password: \\\"bench-password\\\") { token } }\"}" |
    sed -E 's/.*"token":"([^"]+)".*/\1/'
}

# n requests on one connection (curl reuses it for repeated URLs); fails on a non-200.
post() { # body token n
  local args=() i
  for i in $(seq 1 "$3"); do args+=(-o /dev/null "$BASE/graphql"); done
  curl -s -w '%{http_code}\n' -H 'content-type: application/json' -H 'network: bench' \
    -H "authorization: Bearer $2" --data-binary "@$1" "${args[@]}" >"$WORK/codes"
  check "$3"
}
get() { # token n
  local args=() i
  for i in $(seq 1 "$2"); do args+=(-o /dev/null "$BASE/v1/bench/offerings?limit=20"); done
  curl -s -w '%{http_code}\n' -H "cv-auth: $1" "${args[@]}" >"$WORK/codes"
  check "$2"
}
check() { # n
  [ "$(grep -c '^200$' "$WORK/codes")" = "$1" ] || {
    echo "callgrind: not every request answered 200: $(sort "$WORK/codes" | uniq -c | tr '\n' ' ')" >&2
    exit 1
  }
}

counter() { # operation -> "sum count" of its statements histogram
  curl -fs "$BASE/metrics" | awk -v op="$1" '
    index($0, "crowdgraph_sql_statements_sum{operation=\"" op "\"}") == 1 { sum = $NF }
    index($0, "crowdgraph_sql_statements_count{operation=\"" op "\"}") == 1 { count = $NF }
    END { printf "%d %d", sum, count }'
}

# The instructions of the newest dump of the server.
last_total() {
  local file
  file=$(ls -t "$OUT/$1".*.out.* | head -1)
  awk '/^(summary|totals):/ { print $2; exit }' "$file"
}

# Prints: label, scenario, instructions, SQL statements per request of the window.
measure() { # label scenario operation send-command...
  local label=$1 scenario=$2 op=$3 round total before after
  shift 3
  for round in $(seq 1 "$ROUNDS"); do
    "$@" "$WARMUP"
    before=$(counter "$op")
    callgrind_control -z "$SERVER_PID" >/dev/null 2>&1
    "$@" "$REQUESTS"
    callgrind_control -d "$label-$scenario-$round" "$SERVER_PID" >/dev/null 2>&1
    after=$(counter "$op")
    total=$(last_total "$label")
    printf '%s\t%s\t%s\t%s\n' "$label" "$scenario" "$total" "$(awk -v b="$before" -v a="$after" \
      'BEGIN { split(b, x, " "); split(a, y, " "); n = y[2] - x[2]; if (n > 0) printf "%.2f", (y[1] - x[1]) / n; else print "n/a" }')"
  done
}

for spec in "$@"; do
  label=${spec%%=*} bin=${spec#*=}
  "$bin" migrate >/dev/null
  # The mail poller would wake during the windows; housekeeping (every minute) may too,
  # which the rounds show.
  RUST_LOG=warn valgrind --tool=callgrind --callgrind-out-file="$OUT/$label.%p.out" \
    "$bin" serve --bind "127.0.0.1:$PORT" --pool-size "$POOL_SIZE" \
    --mail-poll-interval-ms 3600000 >"$OUT/$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "$BASE/readyz" >/dev/null || { cat "$OUT/$label.log"; exit 1; }
  admin=$(login user2@bench.test)
  investor=$(login user12@bench.test)
  measure "$label" a graphql:BenchOfferings post "$ROOT/bench/offerings.json" "$admin"
  measure "$label" b-rest 'rest:GET /v1/{network}/offerings' get "$admin"
  measure "$label" b-graphql graphql:Offerings post "$WORK/rest-document.json" "$admin"
  measure "$label" c graphql:BenchMe post "$ROOT/bench/me.json" "$investor"
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
done
echo "profiles: $OUT" >&2
