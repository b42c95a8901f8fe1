#!/usr/bin/env bash
# `make run`: bring up PostgreSQL if needed, then build and serve with the demo network.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
# shellcheck source=scripts/pg-env.sh
. scripts/pg-env.sh
exec cargo run --release -- serve --seed-demo true "$@"
