#!/usr/bin/env bash
# Browser end-to-end tests: builds the sample corpus into a temporary database, starts
# `dossier serve` on a free loopback port, runs e2e.mjs in headless Chromium, stops the server.
#
# Usage: tests/browser/run.sh DOSSIER_BIN [WORK_DIR]
#   DOSSIER_BIN   a built `dossier` binary (with the `build` and `serve` subcommands)
#   WORK_DIR      where the database and screenshots go (default: a new temp dir)
# Needs: node, `npm ci` done in tests/browser, and Chromium at /usr/bin/chromium (or $CHROMIUM).
# Until `dossier serve` exists, set DOSSIER_SERVE to a binary taking `DB ADDR`
# (the dossier-web example: cargo build -p dossier-web --example serve).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:?usage: run.sh DOSSIER_BIN [WORK_DIR]}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
db="$work/browser.db"
rm -f "$db" "$db-wal" "$db-shm"

"$bin" --db "$db" build "$root/examples/corpus" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
addr="127.0.0.1:$port"
if [[ -n "${DOSSIER_SERVE:-}" ]]; then
  "$DOSSIER_SERVE" "$db" "$addr" >"$work/serve.log" 2>&1 &
else
  "$bin" --db "$db" serve --addr "$addr" >"$work/serve.log" 2>&1 &
fi
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

status=0
node "$here/e2e.mjs" "http://$addr" "$work/screenshots" || status=$?
if ! kill -0 "$server" 2>/dev/null; then
  echo "the server stopped during the tests:"; cat "$work/serve.log"; status=1
fi
echo "screenshots in $work/screenshots"
exit "$status"
