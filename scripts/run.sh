#!/usr/bin/env bash
# `make run`: bring up PostgreSQL if needed, then build (debug: quick to compile) and
# serve with the demo network. Benchmarks use a release build of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh
exec cargo run -- serve --seed-demo true "$@"
