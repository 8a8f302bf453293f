"""Writes the benchmark texts: the title and body of the first N TempEval-3 silver stories
(sorted by file name), markup stripped, one plain-text file each, into OUT_DIR.

The stories are third-party text, so they are prepared at run time from the shared folder and
never committed. Usage: prepare_texts.py SILVER_DIR OUT_DIR [N]
"""

import html
import os
import re
import sys

TAG = re.compile(r"<[^>]+>")
TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def story(path):
    """Returns the title and the body of one .tml file as plain text, paragraphs kept."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    parts = []
    for pattern in (TITLE, TEXT):
        m = pattern.search(raw)
        if m:
            parts.append(html.unescape(TAG.sub("", m.group(1))).strip())
    return "\n\n".join(p for p in parts if p) + "\n"


def main():
    silver, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    names = sorted(f for f in os.listdir(silver) if f.endswith(".tml"))[:n]
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        if old.endswith(".txt"):
            os.remove(os.path.join(out, old))
    chars = 0
    for i, name in enumerate(names):
        text = story(os.path.join(silver, name))
        chars += len(text)
        with open(os.path.join(out, f"{i:04d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"prepared {len(names)} texts, {chars} chars, in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
