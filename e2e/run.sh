#!/usr/bin/env bash
# Browser tests (Playwright + axe, WCAG 2.1 AA) against `regie demo` on a fresh SQLite database.
#
#   bash e2e/run.sh            (from the repository root; CI=true in CI)
#
# Env: REGIE_BIN (default /var/tmp/regie-target/debug/regie), REGIE_E2E_PORT (default: a free
# port), extra arguments are passed to `playwright test` (e.g. a file name or --grep).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REGIE_BIN="${REGIE_BIN:-/var/tmp/regie-target/debug/regie}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [[ ! -x "$REGIE_BIN" ]]; then
  echo "e2e: regie binary not found at $REGIE_BIN (set REGIE_BIN)" >&2
  exit 2
fi

# The system Chromium; never a downloaded browser.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "e2e: installing Chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq chromium chromium-driver </dev/null >/dev/null
fi

echo "e2e: npm ci"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error </dev/null)

work="$(mktemp -d "${TMPDIR:-/tmp}/regie-e2e.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_E2E_WORK:-}" == "1" ]]; then echo "e2e: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
PORT="${REGIE_E2E_PORT:-$(free_port)}"

export REGIE_DATABASE_URL="$work/regie.db"
echo "e2e: starting regie demo on 127.0.0.1:$PORT (database $work/regie.db, log $work/server.log)"
"$REGIE_BIN" demo --listen "127.0.0.1:$PORT" </dev/null >"$work/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 600); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: regie exited before it was ready; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.2
done
if [[ -z "$ready" ]]; then
  echo "e2e: regie did not answer /healthz within 120 s; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

export REGIE_BASE_URL="http://localhost:$PORT"
export REGIE_E2E_STATE_DIR="$work/state"
export REGIE_E2E_OUTPUT_DIR="$here/test-results"
status=0
(cd "$here" && npx --no-install playwright test "$@" </dev/null) || status=$?

# One plain closing line for CI: "N passed, N failed".
results="$REGIE_E2E_OUTPUT_DIR/results.json"
if [[ -f "$results" ]]; then
  node -e '
    const s = require(process.argv[1]).stats || {};
    const passed = (s.expected || 0) + (s.flaky || 0);
    const failed = (s.unexpected || 0);
    const skipped = (s.skipped || 0);
    console.log(`e2e: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$results" || true
fi
if [[ $status -ne 0 ]]; then
  echo "e2e: FAILED (exit $status); last lines of the server log:" >&2
  tail -n 40 "$work/server.log" >&2 || true
fi
exit "$status"
