#!/usr/bin/env bash
# Time-expression throughput, dossier-time against dateparser (search_dates), one core each,
# on the same plain texts: the 2,452 TempEval-3 silver documents, extracted at run time to
# bench/time/out/ (third-party text, never committed).
#
# Usage: bench/time/run.sh [DATEPARSER_LIMIT]
#   DATEPARSER_LIMIT  how many texts (first in name order) both tools get; default 0 = all
#                     2,452. dateparser does about 20 documents/s here, so all texts take it
#                     about two minutes; pass e.g. 300 for a quicker run.
# Environment: DOSSIER_SHARED (default <repo>/../shared), CARGO_TARGET_DIR as usual.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${DOSSIER_SHARED:-$root/../shared}"
silver="$shared/data/tempeval3/silver"
limit="${1:-0}"
out="$here/out/texts"

if [[ ! -d "$silver" ]]; then
    echo "skipped: $silver not found" >&2
    exit 0
fi

# Python environment with the pinned dateparser.
if [[ ! -x "$here/.venv/bin/python" ]]; then
    python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install --quiet -r "$here/requirements.txt"
py="$here/.venv/bin/python"

# The texts, extracted once.
rm -rf "$out"
"$py" "$here/extract_text.py" "$silver" "$out"

# The Rust side, built in release mode.
(cd "$root" && cargo build --quiet --release -p dossier-time --example throughput)
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/release/examples/throughput"

# One core each: pinned to CPU 0 when taskset exists; both are single-threaded anyway.
pin=()
if command -v taskset >/dev/null; then
    pin=(taskset -c 0)
fi

if [[ "$limit" != 0 ]]; then
    what="the first $limit texts only (pass 0 for all)"
else
    what="all texts"
fi
echo "== dossier-time on $what"
rust_lim="$("${pin[@]}" "$bin" "$out" "$limit")"
echo "$rust_lim"
echo "== dateparser on $what"
py_lim="$("${pin[@]}" "$py" "$here/dateparser_bench.py" "$out" "$limit")"
echo "$py_lim"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
rust_dps="$(field docs_per_sec "$rust_lim")"
py_dps="$(field docs_per_sec "$py_lim")"
rust_mbs="$(field mb_per_sec "$rust_lim")"
py_mbs="$(field mb_per_sec "$py_lim")"
awk -v r="$rust_dps" -v p="$py_dps" -v rm="$rust_mbs" -v pm="$py_mbs" 'BEGIN {
    printf "== same texts: dossier-time %.1f docs/s (%.3f MB/s), dateparser %.2f docs/s (%.4f MB/s): %.0fx\n",
        r, rm, p, pm, (p > 0 ? r / p : 0)
}'
