"""Extracts the <TEXT> element of every TimeML file of a folder to plain text files.

Usage: extract_text.py SRC_DIR OUT_DIR

Tags inside the element are removed and XML entities unescaped; one OUT_DIR/NAME.txt per
SRC_DIR/NAME.tml. The texts are third-party and are only written under bench/time/out/,
which is not committed.
"""

import html
import os
import re
import sys

TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
TAG = re.compile(r"<[^>]+>")


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith(".tml"):
            continue
        with open(os.path.join(src, name), encoding="utf-8") as f:
            xml = f.read()
        m = TEXT.search(xml)
        if not m:
            continue
        text = html.unescape(TAG.sub("", m.group(1)))
        with open(os.path.join(out, name[:-4] + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        count += 1
    print(f"extracted {count} texts to {out}")


if __name__ == "__main__":
    main()
