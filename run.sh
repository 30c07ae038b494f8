#!/usr/bin/env bash
# TaobaoEtl's single entry point. Idempotent: running any command twice is safe.
#
#   ./run.sh                 the main job on embedded defaults (private PostgreSQL, migrate, demo sync against TopSim, status)
#   ./run.sh test            build and run every test (unit + integration against real PostgreSQL and TopSim)
#   ./run.sh db start|stop|status|psql [args]   manage the private PostgreSQL cluster
#   ./run.sh cli ARGS...     run taobao-etl with the private database configured
#   ./run.sh bench [--quick] the macro benchmark (sink vs psql \copy, quota use, end to end, memory): a table, then one JSON line
#   ./run.sh bench micro [FILTER] [BenchmarkDotNet args]   the micro benchmarks, e.g. micro '*Sign*' --job short
#
# When TAOBAOETL__Database__ConnectionString is set, that database is used and no cluster is started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$ROOT/.data"
PG_DB="taobao_etl"
PG_ROLE="taobaoetl"
CONFIGURATION="${TAOBAOETL_BUILD_CONFIGURATION:-Release}"
CLI_DLL="$ROOT/pipeline/TaobaoEtl.Cli/bin/$CONFIGURATION/net10.0/taobao-etl.dll"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_UI_LANGUAGE=en

say() { printf '[run.sh] %s\n' "$*" >&2; }
die() { printf '[run.sh] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- PostgreSQL binaries and user

pg_bindir() {
  local candidate
  if command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$candidate" ] && [ -x "$candidate/pg_ctl" ]; then
    echo "$candidate"
    return
  fi
  return 1
}

ensure_pg_installed() {
  if PGBIN="$(pg_bindir)"; then return; fi
  say "PostgreSQL not found; installing postgresql-15 with apt-get"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "pg_ctl is missing and I am not root: install postgresql-15 first"
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2
  PGBIN="$(pg_bindir)" || die "postgresql-15 installed but pg_ctl not found"
}

# initdb refuses to run as root, so as root the cluster belongs to the 'postgres' system user.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    # From /, so the postgres user is not left in a directory it may not enter (mktemp clones).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# The cluster lives under .data/pg. When the owner cannot reach that folder (a clone inside a private
# directory such as mktemp's), it lives in a folder the owner can reach and .data/pg points there.
pg_datadir() {
  mkdir -p "$DATA"
  if [ -L "$DATA/pg" ]; then readlink -f "$DATA/pg"; return; fi
  if [ "$(id -u)" -ne 0 ]; then echo "$DATA/pg"; return; fi
  if [ -d "$DATA/pg" ]; then echo "$DATA/pg"; return; fi
  if runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
    mkdir -p "$DATA/pg"; chown postgres: "$DATA/pg"; chmod 700 "$DATA/pg"
    echo "$DATA/pg"
  else
    local key elsewhere
    key="$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    elsewhere="/var/lib/taobaoetl/$key/pg"
    mkdir -p "$elsewhere"; chmod 755 "/var/lib/taobaoetl" "/var/lib/taobaoetl/$key"
    chown postgres: "$elsewhere"; chmod 700 "$elsewhere"
    ln -sfn "$elsewhere" "$DATA/pg"
    echo "$elsewhere"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The kernel hands out client ports from ip_local_port_range (32768-60999 by default). A server port inside it can be
# taken by any client socket, and one in TIME_WAIT makes the bind fail although a connect probe finds the port free;
# so the private cluster's port is drawn from 10000-65535 outside that range.
ephemeral_range() {
  local low high
  if read -r low high < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && [ -n "$low" ] && [ -n "$high" ]; then
    echo "$low $high"
  else
    echo "32768 60999"
  fi
}

in_ephemeral_range() {
  local low high
  read -r low high <<<"$(ephemeral_range)"
  [ "$1" -ge "$low" ] && [ "$1" -le "$high" ]
}

draw_port() {
  local low high below above n
  read -r low high <<<"$(ephemeral_range)"
  below=$(( low > 10000 ? low - 10000 : 0 ))          # ports 10000 .. low-1
  above=$(( high < 65535 ? 65535 - high : 0 ))        # ports high+1 .. 65535
  if [ $(( below + above )) -eq 0 ]; then
    say "warning: the ephemeral port range $low-$high leaves no port outside it; drawing from it"
    echo $(( 10000 + (RANDOM * 32768 + RANDOM) % 55536 )); return
  fi
  n=$(( (RANDOM * 32768 + RANDOM) % (below + above) ))
  if [ "$n" -lt "$below" ]; then echo $(( 10000 + n )); else echo $(( high + 1 + n - below )); fi
}

# The saved port when it is still usable (free and outside the ephemeral range), else a new free one.
pick_port() {
  local port
  if [ -f "$DATA/pg.port" ]; then
    port="$(cat "$DATA/pg.port")"
    if ! in_ephemeral_range "$port" && ! port_in_use "$port"; then echo "$port"; return; fi
  fi
  new_port
}

new_port() {
  local port
  for _ in $(seq 1 200); do
    port="$(draw_port)"
    if ! port_in_use "$port"; then echo "$port"; return; fi
  done
  die "no free port found for PostgreSQL"
}

pg_running() {
  local datadir="$1"
  [ -f "$datadir/PG_VERSION" ] && pg_as_owner "$PGBIN/pg_ctl" -D "$datadir" status >/dev/null 2>&1
}

# A free-looking port can still fail to bind (a socket in TIME_WAIT, a race with another process): a start that fails
# with a bind error is retried on another port, a few times, and the port that worked is saved in .data/pg.port.
pg_start_on_free_port() {
  local datadir="$1" port="$2" attempt log_size
  for attempt in 1 2 3 4 5; do
    echo "$port" > "$DATA/pg.port"
    say "starting PostgreSQL on 127.0.0.1:$port"
    log_size=$(stat -c %s "$datadir/server.log" 2>/dev/null || echo 0)
    if pg_as_owner "$PGBIN/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=on -c shared_buffers=256MB" \
        start >/dev/null; then
      return
    fi
    if ! tail -c +"$(( log_size + 1 ))" "$datadir/server.log" 2>/dev/null | grep -qiE 'could not (bind|create listen socket)|address already in use'; then
      tail -n 30 "$datadir/server.log" >&2 || true
      die "PostgreSQL did not start"
    fi
    say "port $port could not be bound (attempt $attempt of 5); trying another port"
    port="$(new_port)"
  done
  tail -n 30 "$datadir/server.log" >&2 || true
  die "PostgreSQL did not start: no port could be bound after 5 attempts"
}

db_start() {
  if [ -n "${TAOBAOETL__Database__ConnectionString:-}" ]; then
    say "using the database given in TAOBAOETL__Database__ConnectionString; starting nothing"
    return
  fi
  ensure_pg_installed
  local datadir port pw
  datadir="$(pg_datadir)"
  if [ ! -f "$datadir/PG_VERSION" ]; then
    say "creating a private PostgreSQL cluster in $datadir"
    umask 077
    pw="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    printf '%s\n' "$pw" > "$DATA/pg.password"
    local pwfile
    pwfile="$(dirname "$datadir")/.initdb-pw-$$"
    printf '%s\n' "$pw" > "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
    pg_as_owner "$PGBIN/initdb" -D "$datadir" -U "$PG_ROLE" --pwfile="$pwfile" -A scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 || { cat "$DATA/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    umask 022
    printf '127.0.0.1:*:*:%s:%s\n' "$PG_ROLE" "$pw" > "$DATA/pgpass"
    chmod 600 "$DATA/pgpass" "$DATA/pg.password"
  fi
  if pg_running "$datadir"; then
    port="$(cat "$DATA/pg.port")"
  else
    port="$(pick_port)"
    pg_start_on_free_port "$datadir" "$port"
    port="$(cat "$DATA/pg.port")"
  fi
  export PGPASSFILE="$DATA/pgpass"
  if ! "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U "$PG_ROLE" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U "$PG_ROLE" -d postgres -c "CREATE DATABASE $PG_DB" >/dev/null
  fi
  export TAOBAOETL__Database__ConnectionString="Host=127.0.0.1;Port=$port;Username=$PG_ROLE;Database=$PG_DB;Passfile=$DATA/pgpass"
}

db_stop() {
  if [ -n "${TAOBAOETL__Database__ConnectionString:-}" ]; then
    say "an external database is configured; nothing to stop"
    return
  fi
  PGBIN="$(pg_bindir)" || { say "PostgreSQL is not installed; nothing to stop"; return; }
  [ -e "$DATA/pg" ] || { say "no private cluster; nothing to stop"; return; }
  local datadir
  datadir="$(pg_datadir)"
  if pg_running "$datadir"; then
    pg_as_owner "$PGBIN/pg_ctl" -D "$datadir" -m fast -w -t 60 stop >/dev/null
    say "PostgreSQL stopped"
  else
    say "PostgreSQL is not running"
  fi
}

db_psql() {
  db_start
  local port
  if [ -n "${TAOBAOETL__Database__ConnectionString:-}" ] && [ ! -f "$DATA/pg.port" ]; then
    die "psql through run.sh needs the private cluster; use psql with your own DSN"
  fi
  port="$(cat "$DATA/pg.port")"
  PGPASSFILE="$DATA/pgpass" exec "$PGBIN/psql" -X -h 127.0.0.1 -p "$port" -U "$PG_ROLE" -d "$PG_DB" "$@"
}

# ---------------------------------------------------------------- build and run

build() {
  say "building ($CONFIGURATION)"
  dotnet build "$ROOT/TaobaoEtl.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly >&2
}

cli() { dotnet "$CLI_DLL" "$@"; }

# The demo: an embedded TopSim (double11 preset, clean profile; DEMO_ARGS="--profile hostile --days 3" for the
# hostile one), a 30-day backfill, six increments while the simulated clock moves, and the summaries.
main_job() {
  db_start
  build
  cli migrate
  # shellcheck disable=SC2086
  cli demo ${DEMO_ARGS:-}
  cli status
}

run_tests() {
  db_start
  build
  local log="$DATA/test.log" status=0
  mkdir -p "$DATA"
  # -m:1: one test assembly at a time, so the rate and ban tests measure the client, not two assemblies
  # fighting over the CI machine's two cores (inside an assembly they run alone in their own collection).
  dotnet test "$ROOT/TaobaoEtl.sln" -c "$CONFIGURATION" --no-build -nologo -m:1 \
    --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
  # One closing line a CI reader understands, summed over every test project.
  awk '/^ +Passed: +[0-9]+ *$/ { p += $2 } /^ +Failed: +[0-9]+ *$/ { f += $2 } /^ +Skipped: +[0-9]+ *$/ { s += $2 }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  return "$status"
}

# BenchmarkDotNet builds and runs each benchmark in a child process of its own; the database they use comes from
# the environment db_start exported. Results land in .data/benchmarks.
run_micro_benchmarks() {
  local filter="${1:-*}"
  [ $# -gt 0 ] && shift
  dotnet run -c "$CONFIGURATION" --no-build --project "$ROOT/benchmarks/TaobaoEtl.Benchmarks" -- \
    --filter "$filter" --artifacts "$DATA/benchmarks" "$@"
}

case "${1:-}" in
  "") main_job ;;
  test) shift; run_tests "$@" ;;
  db)
    shift
    case "${1:-}" in
      start) db_start; say "ready: $(printf '%s' "$TAOBAOETL__Database__ConnectionString" | sed -E 's/(Password|Passfile)=[^;]*/\1=***/g')" ;;
      stop) db_stop ;;
      status) ensure_pg_installed; d="$(pg_datadir)"; if pg_running "$d"; then say "running on 127.0.0.1:$(cat "$DATA/pg.port")"; else say "stopped"; exit 3; fi ;;
      psql) shift; db_psql "$@" ;;
      *) die "usage: ./run.sh db start|stop|status|psql [psql args]" ;;
    esac ;;
  cli) shift; db_start; [ -f "$CLI_DLL" ] || build; cli "$@" ;;
  bench) shift; db_start; build
    if [ "${1:-}" = micro ]; then shift; run_micro_benchmarks "$@"; else cli bench "$@"; fi ;;
  -h|--help|help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (try ./run.sh help)" ;;
esac
