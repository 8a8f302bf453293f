#!/usr/bin/env bash
# Compares two builds of the speed_text example on the same texts, in interleaved runs (A, B,
# A, B, ...) so that both see the same machine load: a shared machine's speed drifts by
# ±20% within minutes, so separate runs say little about a change of a few percent.
# Usage: bench/spacy/compare.sh A_BINARY B_BINARY [ROUNDS]  (default 4 rounds of 3 passes)
# Prints, for each binary, its fastest pass (tokens per CPU second), the mean and the median
# over its runs of each run's mean pass (steadier than the fastest pass, an extreme value),
# its entity mentions (equal when the outputs agree) and the seconds of each stage of its
# fastest pass (stage splits move between builds of the same code: compare totals). Both
# binaries need the speed_text.rs of 33c2fa2 or later (for an older commit, build its code
# with today's example file). Texts: bench/spacy/out/texts (made by run.sh); CORE (default 1)
# is the core both run on.
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
mean = r.get('tokens_per_cpu_s_mean')
if not mean:
    sys.exit('$bin reports no tokens_per_cpu_s_mean: build it with the speed_text.rs of 33c2fa2 or later')
print('$which', round(r['tokens_per_cpu_s']), round(mean), r['mentions'], stages)"
    done
done | python3 -c "
import statistics, sys
rows = {}
for line in sys.stdin:
    which, best, mean, mentions, *stages = line.split()
    rows.setdefault(which, []).append((int(best), int(mean), mentions, stages))
for which, runs in sorted(rows.items()):
    fastest = max(runs)
    means = [r[1] for r in runs]
    print(which, 'fastest pass', fastest[0], 'mean of runs', round(statistics.mean(means)),
          'median run', round(statistics.median(means)), 'mentions', fastest[2], ' '.join(fastest[3]))
"
