#!/usr/bin/env bash
# API checks against `regie demo` on a fresh SQLite database:
#   (a) Spectral with the NL API Design Rules ruleset on the served OpenAPI document
#       (errors fail, warnings are printed);
#   (b) schemathesis (all checks, bounded examples) with a klantmanager API token.
#
#   bash .ci/api-fuzz.sh        (from the repository root; no standard input needed)
#
# Env: REGIE_BIN (default /var/tmp/regie-target/debug/regie); SHARED_DIR (default: the shared/
# folder beside the repository); FUZZ_MAX_EXAMPLES (default 100 per operation); FUZZ_SEED
# (default fixed, for reproducible runs; "random" for a new seed); FUZZ_MAX_SECONDS (hard limit
# for schemathesis, default 300); TOOLS_CACHE (where Spectral and the virtualenv are kept
# between runs, default /var/tmp/regie-api-tools; installed when missing); FUZZ_REPORT_DIR (if
# set, schemathesis writes a JUnit report there).
set -euo pipefail

SPECTRAL_VERSION=6.16.3
SCHEMATHESIS_VERSION=4.32.5

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_top="$(git -C "$repo" rev-parse --show-toplevel 2>/dev/null || echo "$repo")"
SHARED_DIR="${SHARED_DIR:-$repo_top/../shared}"
RULESET="$SHARED_DIR/linters/nl-api-design-rules.spectral.yaml"
REGIE_BIN="${REGIE_BIN:-/var/tmp/regie-target/debug/regie}"
TOOLS_CACHE="${TOOLS_CACHE:-/var/tmp/regie-api-tools}"
FUZZ_MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-100}"
FUZZ_SEED="${FUZZ_SEED:-20261129}"
FUZZ_MAX_SECONDS="${FUZZ_MAX_SECONDS:-300}"

say() { echo "api-fuzz: $*"; }
die() { echo "api-fuzz: $*" >&2; exit 1; }

[[ -x "$REGIE_BIN" ]] || die "regie binary not found at $REGIE_BIN (set REGIE_BIN)"
[[ -f "$RULESET" ]] || die "ruleset not found at $RULESET (set SHARED_DIR)"
command -v node >/dev/null || die "node is required for Spectral"
command -v python3 >/dev/null || die "python3 is required for schemathesis"

work="$(mktemp -d "${TMPDIR:-/tmp}/regie-api-fuzz.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_FUZZ_WORK:-}" == "1" ]]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools (installed when missing; pinned versions) -------------------------------------------
spectral_dir="$TOOLS_CACHE/spectral-$SPECTRAL_VERSION"
spectral="$spectral_dir/node_modules/.bin/spectral"
if [[ ! -x "$spectral" ]]; then
  say "installing @stoplight/spectral-cli@$SPECTRAL_VERSION into $spectral_dir"
  rm -rf "$spectral_dir" && mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && echo '{"name":"regie-spectral","private":true}' >package.json &&
    SCARF_ANALYTICS=false DO_NOT_TRACK=1 npm install --no-audit --no-fund --loglevel=error \
      --save-exact "@stoplight/spectral-cli@$SPECTRAL_VERSION" </dev/null) \
    || { rm -rf "$spectral_dir"; die "npm install of Spectral failed"; }
fi

venv="$TOOLS_CACHE/schemathesis-$SCHEMATHESIS_VERSION"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  say "installing schemathesis==$SCHEMATHESIS_VERSION into a virtualenv at $venv"
  rm -rf "$venv" && mkdir -p "$TOOLS_CACHE"
  { python3 -m venv "$venv" &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" </dev/null; } \
    || { rm -rf "$venv"; die "installing schemathesis failed (is python3-venv installed?)"; }
fi

# --- server ------------------------------------------------------------------------------------
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export REGIE_DATABASE_URL="$work/regie.db"
say "starting regie demo on 127.0.0.1:$PORT (database $REGIE_DATABASE_URL)"
"$REGIE_BIN" demo --listen "127.0.0.1:$PORT" </dev/null >"$work/server.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 600); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "regie exited before it was ready"; }
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.2
done
[[ -n "$ready" ]] || { cat "$work/server.log" >&2; die "regie did not answer /healthz within 120 s"; }

token_out="$("$REGIE_BIN" token create --name fuzz --role klantmanager --municipality GM0361 </dev/null)" \
  || die "regie token create failed"
TOKEN="$(printf '%s\n' "$token_out" | awk 'NF { last = $0 } END { print last }' | tr -d '[:space:]')"
[[ -n "$TOKEN" ]] || die "regie token create printed no token"

base="http://127.0.0.1:$PORT"
schema_url="$base/api/v1/openapi.json"
curl -fsS -o "$work/openapi.json" "$schema_url" || die "could not download $schema_url"
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$base/api/v1/persons?page=1&pageSize=1" \
  || die "the new token is not accepted by GET /api/v1/persons"

status=0

# --- (a) Spectral ------------------------------------------------------------------------------
say "Spectral $SPECTRAL_VERSION with $(basename "$RULESET") on $schema_url"
if (cd "$work" && "$spectral" lint --ruleset "$RULESET" --fail-severity error \
    --format stylish openapi.json </dev/null); then
  say "Spectral: no errors"
else
  say "Spectral: FAILED (errors above)"
  status=1
fi

# --- (b) schemathesis --------------------------------------------------------------------------
report_args=()
[[ -z "${FUZZ_REPORT_DIR:-}" ]] || report_args=(--report junit --report-dir "$FUZZ_REPORT_DIR")
seed_args=()
[[ "$FUZZ_SEED" == "random" ]] || seed_args=(--seed "$FUZZ_SEED")
say "schemathesis $SCHEMATHESIS_VERSION: --checks all, --max-examples $FUZZ_MAX_EXAMPLES ${seed_args[*]:-}"
export SCHEMATHESIS_HOOKS="" NO_COLOR=1
if (cd "$work" && timeout --signal=INT --kill-after=30 "$FUZZ_MAX_SECONDS" \
    "$venv/bin/schemathesis" --config-file "$repo/.ci/schemathesis.toml" run "$schema_url" \
      --checks all \
      --max-examples "$FUZZ_MAX_EXAMPLES" \
      "${seed_args[@]}" \
      --workers 1 \
      --request-timeout 20 \
      -H "Authorization: Bearer $TOKEN" \
      "${report_args[@]}" </dev/null); then
  say "schemathesis: passed"
else
  rc=$?
  [[ $rc -eq 124 || $rc -eq 130 ]] && say "schemathesis: did not finish within $FUZZ_MAX_SECONDS s"
  say "schemathesis: FAILED (exit $rc)"
  status=1
fi

if [[ $status -ne 0 ]]; then
  say "last lines of the server log:"
  tail -n 30 "$work/server.log" >&2 || true
  say "FAILED"
else
  say "passed"
fi
exit "$status"
