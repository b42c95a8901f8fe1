#!/usr/bin/env bash
# Benchmark of a large payment schedule (issue 14): an offering with INVESTORS Settled
# investments gets a computed schedule of PERIODS installments through `POST /graphql`
# (`generatePaymentSchedule`), PERIODS × INVESTORS payouts written by one transaction.
# Prints, and appends to bench/RESULTS.md, the wall time of each of ROUNDS runs (the
# mutation from request to the last byte of its answer), payouts per second, the answer's
# size and the server's peak RSS. A measurement, not a test: the tests check what is
# written (tests/it/payouts/schedule_large.rs).
#
#   bash bench/schedule.sh                          # 1,000 installments × 500 investors, 3 rounds
#   PERIODS=240 INVESTORS=2000 ROUNDS=1 bash bench/schedule.sh
#   BUILD=0 bash bench/schedule.sh                  # use target/release/crowdgraph as it is
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PERIODS=${PERIODS:-1000}
INVESTORS=${INVESTORS:-500}
ROUNDS=${ROUNDS:-3}
PORT=${BENCH_PORT:-18091}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
cleanup() {
  kill "${SERVER_PID:-0}" 2>/dev/null || true
  kill "${RSS_PID:-0}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v curl >/dev/null || { echo "bench: curl is needed" >&2; exit 1; }

export CROWDGRAPH_DB_NAME=crowdgraph_bench
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh
if [ "${BUILD:-1}" = 1 ]; then
  echo "== release build"
  cargo build --release --quiet
fi
BIN="$ROOT/target/release/crowdgraph"
"$BIN" migrate >/dev/null
echo "== seed-bench --scale 1"
"$BIN" seed-bench --scale 1
sql() { psql -qAt "$DATABASE_URL" -c "$1"; }
USERS=$(sql "SELECT count(*) FROM users u JOIN networks n ON n.id = u.network_id WHERE n.name = 'bench'")
[ "$INVESTORS" -le "$USERS" ] || { echo "bench: INVESTORS is at most $USERS" >&2; exit 1; }
sql "UPDATE users SET is_admin = true WHERE email = 'user2@bench.test'" >/dev/null

# The defaults of `serve`, so the measurement is what a deployment gets out of the box.
RUST_LOG=warn "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$BASE/readyz" >/dev/null || { cat "$WORK/server.log"; exit 1; }
( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$WORK/rss"
    sleep 0.1
  done ) &
RSS_PID=$!

TOKEN=$(curl -fs "$BASE/graphql" -H 'content-type: application/json' -H 'network: bench' \
  -d '{"query":"mutation { login(email: \"user2@bench.test\", password: \"bench-password\") { token } }"}' |
  sed -E 's/.*"token":"([^"]+)".*/\1/')

RESULTS="$WORK/results.md"
for round in $(seq 1 "$ROUNDS"); do
  # A new offering of the first organization each round, with INVESTORS Settled investments
  # of different amounts by different users.
  OFFERING=$(sql "INSERT INTO offerings (network_id, organization_id, user_id, name, currency,
                    life_cycle_stage, funding_goal)
                  SELECT n.id, md5('org1')::uuid, md5('user1')::uuid,
                         'Schedule bench ' || now(), 'GBP', 8, 1000000
                  FROM networks n WHERE n.name = 'bench' RETURNING id")
  sql "INSERT INTO investments (network_id, offering_id, user_id, investment_amount,
         life_cycle_stage, visibility, currency)
       SELECT o.network_id, o.id, md5('user' || i)::uuid, 100 + (i * 37) % 900, 4, 0, 'GBP'
       FROM offerings o, generate_series(1, $INVESTORS) AS i WHERE o.id = '$OFFERING'" >/dev/null
  cat >"$WORK/body.json" <<JSON
{"query":"mutation(\$o: ID!, \$s: ScheduleInput!) { generatePaymentSchedule(offeringId: \$o, schedule: \$s) { id } }",
 "variables":{"o":"$OFFERING","s":{"annualRate":"7.25","periods":$PERIODS,"frequency":"MONTHLY",
   "firstDueDate":"2027-01-31","payoutType":"LOAN_REPAYMENT"}}}
JSON
  out=$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total} %{size_download}' "$BASE/graphql" \
    -H 'content-type: application/json' -H 'network: bench' -H "authorization: Bearer $TOKEN" \
    --data-binary @"$WORK/body.json")
  read -r status seconds bytes <<<"$out"
  written=$(sql "SELECT count(*) FROM payouts p JOIN investments i ON i.id = p.investment_id
                 WHERE i.offering_id = '$OFFERING'")
  if [ "$status" != 200 ] || grep -q '"errors"' "$WORK/answer.json" || \
     [ "$written" != $(( PERIODS * INVESTORS )) ]; then
    echo "bench: round $round failed: HTTP $status, $written payouts written" >&2
    head -c 2000 "$WORK/answer.json" >&2; echo >&2
    exit 1
  fi
  rate=$(awk -v n="$written" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
  mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
  echo "round $round: $written payouts in ${seconds}s ($rate/s), answer $mib MiB"
  printf '| %s | %s | %s s | %s | %s MiB |\n' "$round" "$written" "$seconds" "$rate" "$mib" >>"$RESULTS"
done
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
sleep 0.3
PEAK_MIB=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss" 2>/dev/null || echo n/a)
echo "peak RSS: $PEAK_MIB MiB"

{
  echo
  echo "## Payment schedule, $(date -u +%Y-%m-%d) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "\`generatePaymentSchedule\` of $PERIODS installments for an offering with $INVESTORS Settled"
  echo "investments, default server settings, $(nproc) cores; server peak RSS $PEAK_MIB MiB."
  echo
  echo "| round | payouts | time | payouts/s | answer |"
  echo "|---|---|---|---|---|"
  cat "$RESULTS"
} >>bench/RESULTS.md
echo "== appended to bench/RESULTS.md"
