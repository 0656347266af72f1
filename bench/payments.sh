#!/usr/bin/env bash
# Benchmark of the monthly ontzorging payment run: seeds persons and N active plans with four
# fixed costs each, then times drafting the run of one month, its approval (which books every
# line in the ledger and fixes the SEPA file) and writing the SEPA file, each as a separate
# `regie` process (so start-up is included). Checks the ledger and the SEPA file against the
# official schema afterwards. Everything it creates is removed on exit.
#
#   bench/payments.sh [--plans N] [--persons P] [--postgres] [--debug]
#
#   --plans N     households with a plan (default 100000)
#   --persons P   persons to seed first (default 2.6 × N: about 0.4 households of an
#                 asielstatushouder per person)
#   --postgres    a fresh database on $REGIE_BENCH_PG (default postgres://postgres@127.0.0.1:5432)
#   --debug       use the debug binary of $CARGO_TARGET_DIR (our crates unoptimised, so slower)
#
# The release build goes to $REGIE_RELEASE_DIR (default /var/tmp/regie-release), apart from
# the debug build of the tests, because typst makes a clean release build take long.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PLANS=100000
PERSONS=""
ENGINE=sqlite
PROFILE=release
while (($#)); do
  case "$1" in
    --plans) PLANS=$2; shift 2 ;;
    --persons) PERSONS=$2; shift 2 ;;
    --postgres) ENGINE=postgres; shift ;;
    --debug) PROFILE=debug; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
PERSONS=${PERSONS:-$((PLANS * 26 / 10))}
if [[ $PROFILE == release ]]; then
  export CARGO_TARGET_DIR=${REGIE_RELEASE_DIR:-/var/tmp/regie-release}
  cargo build --release -p regie --manifest-path "$ROOT/Cargo.toml" >&2
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/regie-target}
  cargo build -p regie --manifest-path "$ROOT/Cargo.toml" >&2
fi
BIN="$CARGO_TARGET_DIR/$PROFILE/regie"
WORK=$(mktemp -d)
PG_BASE=${REGIE_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
if [[ $ENGINE == postgres ]]; then
  DBNAME="regie_paybench_$$"
  psql "$PG_BASE/postgres" -qc "CREATE DATABASE $DBNAME" </dev/null
  export REGIE_DATABASE_URL="$PG_BASE/$DBNAME"
  trap 'psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" </dev/null >/dev/null 2>&1; rm -rf "$WORK"' EXIT
else
  export REGIE_DATABASE_URL="$WORK/bench.db"
  trap 'rm -rf "$WORK"' EXIT
fi
export REGIE_LOG=warn
month_offset() { python3 -c "import datetime as d; t=d.date.today(); m=t.year*12+t.month-1+$1; print(f'{m//12:04d}-{m%12+1:02d}')"; }
MONTH=$(month_offset -2)
"$BIN" migrate >&2
echo "seeding $PERSONS persons and $PLANS plans ($ENGINE, $PROFILE build)" >&2
"$BIN" seed --scale "$PERSONS" >&2
"$BIN" payments seed --plans "$PLANS" --month "$MONTH" >&2
ms() { date +%s%3N; }
t0=$(ms); "$BIN" payments draft --month "$MONTH" --as financien; t1=$(ms)
"$BIN" payments approve --month "$MONTH" --as financien.controle; t2=$(ms)
"$BIN" payments sepa --month "$MONTH" --as financien --out "$WORK/sepa.xml"; t3=$(ms)
"$BIN" payments verify >&2
xmllint --noout --stream --schema "$ROOT/crates/documents/tests/data/pain.001.001.03.xsd" "$WORK/sepa.xml" >&2
t_triv0=$(ms); "$BIN" --version >/dev/null; t_triv1=$(ms)
printf 'engine=%s profile=%s plans=%s month=%s\n' "$ENGINE" "$PROFILE" "$PLANS" "$MONTH"
printf 'draft %.2f s, approve+ledger+SEPA hash %.2f s, SEPA file %.2f s, total %.2f s (process start alone %.3f s)\n' \
  "$(echo "($t1-$t0)/1000" | bc -l)" "$(echo "($t2-$t1)/1000" | bc -l)" "$(echo "($t3-$t2)/1000" | bc -l)" \
  "$(echo "($t3-$t0)/1000" | bc -l)" "$(echo "($t_triv1-$t_triv0)/1000" | bc -l)"
ls -l "$WORK/sepa.xml" | awk '{print "SEPA file bytes:", $5}'
