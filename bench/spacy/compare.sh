#!/usr/bin/env bash
# Compares two builds of the speed_text example on the same texts, in interleaved runs (A, B,
# A, B, ...) so that both see the same machine load: a shared machine's speed drifts by
# ±20% within minutes, so separate runs say little about a change of a few percent.
# Usage: bench/spacy/compare.sh A_BINARY B_BINARY [ROUNDS]  (default 4 rounds of 3 passes)
# Prints, for each binary, its fastest pass: tokens per CPU second, entity mentions (equal
# when the outputs agree) and the seconds of each stage. Texts: bench/spacy/out/texts (made
# by run.sh); CORE (default 1) is the core both run on.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"
B="$2"
ROUNDS="${3:-4}"
CORE="${CORE:-1}"
TEXTS="$HERE/out/texts"
if [ ! -d "$TEXTS" ]; then
    echo "no texts at $TEXTS: run bench/spacy/run.sh once first" >&2
    exit 1
fi
PIN=()
if command -v taskset >/dev/null 2>&1; then
    PIN=(taskset -c "$CORE")
fi

for _ in $(seq "$ROUNDS"); do
    for which in A B; do
        bin="$A"
        [ "$which" = B ] && bin="$B"
        "${PIN[@]}" "$bin" "$TEXTS" 3 | python3 -c "
import json, sys
r = json.load(sys.stdin)
stages = ' '.join(f'{k}={v:.3f}' for k, v in r['stage_seconds_best'].items())
print('$which', round(r['tokens_per_cpu_s']), r['mentions'], stages)"
    done
done | sort -k1,1 -k2,2nr | awk '$1 != last { print; last = $1 }'
