# Sourced by the run and test scripts: makes sure a PostgreSQL server is available and
# exports DATABASE_URL. Order of preference:
#   1. DATABASE_URL already set: used as is.
#   2. a server answering on 127.0.0.1:5432 as user `postgres` (trust auth).
#   3. a private cluster of this checkout under .data/pg on port $CROWDGRAPH_PG_PORT
#      (default 54329), started from the installed PostgreSQL binaries, which are
#      installed with apt first when missing and we are root on Debian/Ubuntu.
# PostgreSQL refuses to run as root: as root the private cluster runs as the `postgres`
# system user (created by the Debian package).

_cg_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cg_db_name="${CROWDGRAPH_DB_NAME:-crowdgraph}"

_cg_log() { echo "pg-env: $*" >&2; }

_cg_find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null)"
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

_cg_server_answers() { # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 3 || return 1
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null || return 1
  fi
  # The port answers; make sure we can log in as postgres without a password.
  if command -v psql >/dev/null 2>&1; then
    PGCONNECT_TIMEOUT=3 psql -qAtX "postgres://postgres@$1:$2/postgres" -c 'select 1' >/dev/null 2>&1 || return 1
  fi
  return 0
}

_cg_install_postgres() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    _cg_log "PostgreSQL is not installed: installing it with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-client >&2
  else
    _cg_log "PostgreSQL is not installed. Install it (e.g. 'sudo apt-get install postgresql') or set DATABASE_URL."
    return 1
  fi
}

_cg_run_as() { # user, command...
  local user="$1"; shift
  if [ -z "$user" ]; then "$@"; return; fi
  if command -v runuser >/dev/null 2>&1; then
    runuser -u "$user" -- "$@"
  else
    su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
  fi
}

_cg_private_cluster() {
  local port="${CROWDGRAPH_PG_PORT:-54329}" bindir user="" data
  bindir="$(_cg_find_bindir)" || { _cg_install_postgres && bindir="$(_cg_find_bindir)"; } || return 1
  data="${CROWDGRAPH_PG_DATA:-$_cg_root/.data/pg}"
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    mkdir -p "$data"
    chown "$user" "$data"
    chmod 700 "$data"
    # The cluster's user must be able to reach the data directory through its parents.
    if ! _cg_run_as "$user" test -w "$data"; then
      data="/var/tmp/crowdgraph-pg-$(printf '%s' "$_cg_root" | cksum | cut -d' ' -f1)"
      mkdir -p "$data" && chown "$user" "$data" && chmod 700 "$data"
      _cg_log "using $data (the checkout is not reachable by user $user)"
    fi
  else
    mkdir -p "$data" && chmod 700 "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    _cg_log "initialising a private PostgreSQL cluster in $data"
    _cg_run_as "$user" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null || return 1
  fi
  if _cg_run_as "$user" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 &&
    ! _cg_server_answers 127.0.0.1 "$port"; then
    # Running but not reachable here (e.g. started from another network namespace, or
    # on another port): restart it where we can reach it.
    _cg_log "the private cluster runs but does not answer on 127.0.0.1:$port: restarting it"
    _cg_run_as "$user" "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null || return 1
  fi
  if ! _cg_run_as "$user" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    _cg_log "starting the private PostgreSQL cluster on 127.0.0.1:$port"
    # Development and test data only: durability is traded for speed.
    _cg_run_as "$user" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { _cg_log "could not start PostgreSQL; see $data/server.log"; return 1; }
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$_cg_db_name"
}

if [ -z "${DATABASE_URL:-}" ]; then
  if _cg_server_answers 127.0.0.1 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$_cg_db_name"
  else
    _cg_private_cluster || { _cg_log "no PostgreSQL available"; return 1 2>/dev/null || exit 1; }
  fi
fi
_cg_log "DATABASE_URL=$DATABASE_URL"
