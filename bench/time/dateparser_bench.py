"""Throughput of dateparser.search.search_dates on a folder of plain-text files, one core.

Usage: dateparser_bench.py DIR [LIMIT]

Reads DIR/*.txt in name order, takes the first LIMIT files (all when LIMIT is 0), calls
search_dates on each text once with a fixed relative base date, and prints one line:
``dateparser docs=N bytes=B secs=S docs_per_sec=D mb_per_sec=M found=F``.
"""

import datetime
import os
import sys
import time

import dateparser
from dateparser.search import search_dates


def main() -> None:
    folder = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    names = sorted(n for n in os.listdir(folder) if n.endswith(".txt"))
    if limit > 0:
        names = names[:limit]
    texts = []
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            texts.append(f.read())
    # The same fixed base date as the Rust side; English only, so dateparser does not spend
    # its time detecting the language of every text.
    settings = {"RELATIVE_BASE": datetime.datetime(2020, 1, 1)}
    # Warm-up outside the timing: dateparser loads its language data lazily.
    search_dates("It happened on Monday, May 5, 2019.", languages=["en"], settings=settings)
    found = 0
    nbytes = 0
    start = time.perf_counter()
    for text in texts:
        result = search_dates(text, languages=["en"], settings=settings)
        found += len(result) if result else 0
        nbytes += len(text.encode("utf-8"))
    secs = max(time.perf_counter() - start, 1e-9)
    print(
        f"dateparser {dateparser.__version__} docs={len(texts)} bytes={nbytes} secs={secs:.3f} "
        f"docs_per_sec={len(texts) / secs:.2f} mb_per_sec={nbytes / 1e6 / secs:.4f} found={found}"
    )


if __name__ == "__main__":
    main()
