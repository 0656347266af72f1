#!/usr/bin/env bash
# Load benchmark of Regie: builds the release binaries, creates a fresh database, seeds it,
# starts the server and drives HTTP load with regie-loadgen, which prints every scenario next
# to the trivial endpoint measured in the same run. Everything it creates is removed on exit.
#
#   bench/run.sh [--scale N] [--seconds S] [--connections C] [--scenarios a,b,...]
#                [--postgres] [--database URL] [--port P] [--no-build] [--debug] [--no-verify]
#                [--keep] [--json]
#                [-- extra regie-loadgen flags]
#
#   --scale N        persons to seed (default 1000000)
#   --seconds S      measured seconds per scenario (default 10)
#   --connections C  concurrent connections (default 16)
#   --scenarios L    comma list of trivial,login,list-page,json-list,json-read,audited-write,
#                    worklist,name-search
#   --postgres       use a fresh database on $REGIE_BENCH_PG (default postgres://postgres@127.0.0.1:5432)
#                    instead of a temporary SQLite file
#   --database URL   an already seeded database (a SQLite file or a postgres:// URL, for
#                    example one left by --keep) instead of a fresh one: migrated, not seeded
#                    again, never removed; for repeated runs while profiling
#   --port P         listen port (default: a free one)
#   --no-build       use the binaries already in $CARGO_TARGET_DIR/release
#   --debug          build and use debug binaries (a quick smoke test; figures are not benchmarks)
#   --no-verify      skip `regie audit verify` after the run
#   --keep           keep the work directory (database file, server log) and the PostgreSQL database
#   --json           machine-readable loadgen output on stdout (all other messages go to stderr)
#
# CARGO_TARGET_DIR defaults to /var/tmp/regie-target.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/regie-target}
PG_BASE=${REGIE_BENCH_PG:-postgres://postgres@127.0.0.1:5432}

SCALE=1000000
BENCH_SECONDS=10
CONNECTIONS=16
SCENARIOS=""
POSTGRES=0
PORT=""
DATABASE=""
BUILD=1
PROFILE=release
VERIFY=1
KEEP=0
JSON=0
EXTRA=()

log() { echo "[bench] $*" >&2; }
die() { log "error: $*"; exit 2; }
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --scale) need_value "$@"; SCALE=$2; shift 2 ;;
        --seconds) need_value "$@"; BENCH_SECONDS=$2; shift 2 ;;
        --connections) need_value "$@"; CONNECTIONS=$2; shift 2 ;;
        --scenarios) need_value "$@"; SCENARIOS=$2; shift 2 ;;
        --port) need_value "$@"; PORT=$2; shift 2 ;;
        --postgres) POSTGRES=1; shift ;;
        --database) need_value "$@"; DATABASE=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --debug) PROFILE=debug; shift ;;
        --no-verify) VERIFY=0; shift ;;
        --keep) KEEP=1; shift ;;
        --json) JSON=1; shift ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ $SCALE =~ ^[0-9]+$ ]] || die "--scale must be a number"

BIN=$CARGO_TARGET_DIR/$PROFILE/regie
LOADGEN=$CARGO_TARGET_DIR/$PROFILE/regie-loadgen

if [[ $BUILD == 1 ]]; then
    log "building $PROFILE binaries (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
    if [[ $PROFILE == release ]]; then
        (cd "$ROOT" && cargo build --release -p regie -p regie-loadgen) >&2
    else
        (cd "$ROOT" && cargo build -p regie -p regie-loadgen) >&2
    fi
fi
[[ -x $BIN ]] || die "$BIN not found (build it or drop --no-build)"
[[ -x $LOADGEN ]] || die "$LOADGEN not found (build it or drop --no-build)"

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/regie-bench.XXXXXX")
SERVER_PID=""
PG_DB=""

cleanup() {
    local rc=$?
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "server did not stop within 5 s; killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ $KEEP == 1 ]]; then
        log "kept $WORK${PG_DB:+ and database $PG_DB}"
    else
        if [[ -n $PG_DB ]]; then
            psql "$PG_BASE/postgres" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 \
                || log "could not drop database $PG_DB"
        fi
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -n $DATABASE ]]; then
    export REGIE_DATABASE_URL="$DATABASE"
    if [[ $DATABASE == postgres://* || $DATABASE == postgresql://* ]]; then
        ENGINE="PostgreSQL ($(psql "$DATABASE" -Atc 'show server_version' 2>/dev/null || echo '?'))"
    else
        [[ -f $DATABASE ]] || die "--database $DATABASE: no such file"
        ENGINE="SQLite"
    fi
elif [[ $POSTGRES == 1 ]]; then
    PG_DB="regie_bench_$(date +%s)_$$"
    psql "$PG_BASE/postgres" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$PG_DB\"" >/dev/null \
        || die "cannot create database $PG_DB on $PG_BASE"
    # The server is on this machine: no encryption over loopback (README, PostgreSQL in production).
    export REGIE_DATABASE_URL="$PG_BASE/$PG_DB?sslmode=disable"
    ENGINE="PostgreSQL ($(psql "$PG_BASE/postgres" -Atc 'show server_version' 2>/dev/null || echo '?'))"
else
    export REGIE_DATABASE_URL="$WORK/regie.db"
    ENGINE="SQLite"
fi
export REGIE_INSECURE_COOKIES=true

if [[ -z $PORT ]]; then
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
fi
BASE_URL="http://127.0.0.1:$PORT"

log "engine: $ENGINE; database: $REGIE_DATABASE_URL"
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo); revision: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'uncommitted')"

"$BIN" migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "regie migrate failed"; }

if [[ -n $DATABASE ]]; then
    SEED_SECS="-"
    DB_SIZE="as given"
    log "using the seeded database as given (not seeded again)"
    # An earlier run enrolled the case worker's second factor; the load generator enrols anew.
    "$BIN" user reset-2fa klantmanager >"$WORK/reset.log" 2>&1 || { cat "$WORK/reset.log" >&2; die "regie user reset-2fa failed"; }
else
    log "seeding $SCALE persons"
    t0=$(date +%s.%N)
    "$BIN" seed --scale "$SCALE" >"$WORK/seed.log" 2>&1 || { tail -n 20 "$WORK/seed.log" >&2; die "regie seed failed"; }
    t1=$(date +%s.%N)
    SEED_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    SEED_RATE=$(awk -v s="$SEED_SECS" -v n="$SCALE" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
    if [[ $POSTGRES == 1 ]]; then
        DB_SIZE=$(psql "$REGIE_DATABASE_URL" -Atc 'select pg_size_pretty(pg_database_size(current_database()))' 2>/dev/null || echo '?')
    else
        DB_SIZE=$(du -ch "$WORK"/regie.db* 2>/dev/null | tail -n 1 | cut -f1)
    fi
    log "seeding $SCALE persons took ${SEED_SECS} s (${SEED_RATE} persons/s); database size $DB_SIZE"
fi

TOKEN=$("$BIN" token create --name bench --role klantmanager --municipality GM0361 2>"$WORK/token.log" | tail -n 1 | tr -d '[:space:]') \
    || { cat "$WORK/token.log" >&2; die "regie token create failed"; }
[[ -n $TOKEN ]] || die "regie token create printed no token"

log "starting server on $BASE_URL"
"$BIN" serve --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready=0
for _ in $(seq 1 300); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        tail -n 30 "$WORK/server.log" >&2
        SERVER_PID=""
        die "the server exited during start-up"
    fi
    if curl -fsS -o /dev/null --max-time 2 "$BASE_URL/healthz" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.2
done
[[ $ready == 1 ]] || { tail -n 30 "$WORK/server.log" >&2; die "/healthz did not answer within 60 s"; }
log "server ready (pid $SERVER_PID)"

ARGS=(--base-url "$BASE_URL" --token "$TOKEN" --server-pid "$SERVER_PID" --connections "$CONNECTIONS" --seconds "$BENCH_SECONDS")
[[ -n $SCENARIOS ]] && ARGS+=(--scenarios "$SCENARIOS")
[[ $JSON == 1 ]] && ARGS+=(--json)

if [[ $JSON == 0 ]]; then
    echo "Regie load benchmark ($PROFILE build) — $ENGINE, $SCALE seeded persons (seeding took ${SEED_SECS} s, $DB_SIZE), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
fi
set +e
"$LOADGEN" "${ARGS[@]}" "${EXTRA[@]}"
LOADGEN_RC=$?
set -e

ERRS=$(grep -ciE '"level":"error"|\bERROR\b|panicked' "$WORK/server.log" || true)
if [[ $ERRS -gt 0 ]]; then
    log "the server log has $ERRS error lines; the first ones:"
    grep -iE '"level":"error"|\bERROR\b|panicked' "$WORK/server.log" | head -n 5 >&2
fi

# Stop the server before verifying, so that the audit writer has flushed everything.
kill -TERM "$SERVER_PID" 2>/dev/null || true
for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$SERVER_PID" 2>/dev/null && { log "server still running after 10 s; killing it"; kill -KILL "$SERVER_PID" 2>/dev/null || true; }
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

VERIFY_RC=0
if [[ $VERIFY == 1 ]]; then
    set +e
    t0=$(date +%s.%N)
    VERIFY_OUT=$("$BIN" audit verify 2>&1)
    VERIFY_RC=$?
    t1=$(date +%s.%N)
    set -e
    log "regie audit verify (exit $VERIFY_RC, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s): $(echo "$VERIFY_OUT" | tail -n 1)"
fi

if [[ $LOADGEN_RC != 0 ]]; then
    if [[ $KEEP == 1 ]]; then
        log "regie-loadgen reported errors or skipped scenarios (exit $LOADGEN_RC); server log: $WORK/server.log"
    else
        log "regie-loadgen reported errors or skipped scenarios (exit $LOADGEN_RC); rerun with --keep to keep the server log"
    fi
    exit "$LOADGEN_RC"
fi
[[ $VERIFY_RC == 0 ]] || exit 1
