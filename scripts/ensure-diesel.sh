#!/usr/bin/env bash
# Installs the diesel CLI (used by the schema drift test) when it is missing.
set -euo pipefail
version=2.3.14
if command -v diesel >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/diesel" ]; then
  exit 0
fi
# It links libpq: install its headers when we can.
if ! { command -v pg_config >/dev/null 2>&1 && [ -f "$(pg_config --includedir 2>/dev/null)/libpq-fe.h" ]; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev
  fi
fi
echo "installing diesel_cli $version (once)" >&2
cargo install diesel_cli --version "$version" --no-default-features --features postgres --locked
