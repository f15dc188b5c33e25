"""What each type of page gives Pagefind to index: records and words, per page type.

    .venv/bin/python -m benchmarks.search_words --content /work/corpus/city/content --site /tmp/city/site

Writes the copy Pagefind reads (publisher.search_index.write_search_copy) into a temporary folder
and counts, in each record, the words Pagefind indexes: the text of the data-pagefind-body element
outside data-pagefind-ignore elements, scripts, styles and heading permalinks ("#"). A record's
type is the data-page-type of the built page at its path (a task's record: "task-forward").
Pagefind's memory grows with the number of records and the words in them (benchmarks/README.md,
"Full build: the search index stage"), so this says which page types it goes to.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

from publisher.pipeline import load_and_check
from publisher.search_index import search_inputs, write_search_copy
from tests.page_types import page_type

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_WORD = re.compile(r"\w+")


class _IndexedText(HTMLParser):
    """The words Pagefind indexes in a prepared page, as a list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool, bool]] = []  # (tag, in the body, left out)
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        in_body, left_out = self.open[-1][1:] if self.open else (False, False)
        in_body = in_body or "data-pagefind-body" in names
        left_out = left_out or "data-pagefind-ignore" in names or tag in ("script", "style") \
            or "headerlink" in (names.get("class") or "").split()
        if tag not in _VOID:
            self.open.append((tag, in_body, left_out))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        if self.open and self.open[-1][1] and not self.open[-1][2]:
            self.words += _WORD.findall(data)


def indexed_words(page: str) -> list[str]:
    parser = _IndexedText()
    parser.feed(page)
    return parser.words


def count_by_type(site: Path, copy: Path) -> dict[str, dict]:
    types: dict[str, dict] = defaultdict(lambda: {"records": 0, "words": 0, "distinct": 0, "bytes": 0, "largest": (0, "")})
    for file in sorted(copy.rglob("*.html")):
        relative = file.relative_to(copy)
        served = site / relative
        kind = page_type(served.read_text(encoding="utf-8")) if served.exists() else None
        text = file.read_text(encoding="utf-8")
        found = indexed_words(text)
        words = len(found)
        row = types[kind or "?"]
        row["records"] += 1
        row["words"] += words
        row["distinct"] += len({word.lower() for word in found})
        row["bytes"] += len(text.encode("utf-8"))
        row["largest"] = max(row["largest"], (words, "/" + relative.as_posix().removesuffix("index.html")))
    return dict(types)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--out", type=Path, help="JSON file for the table")
    parser.add_argument("--copy", type=Path, help="keep the copy Pagefind reads in this (new) folder")
    args = parser.parse_args()
    data = load_and_check(args.content)
    with tempfile.TemporaryDirectory(prefix="search-words-") as folder:
        copy = args.copy or Path(folder)
        write_search_copy(args.site, copy, search_inputs(data))
        types = count_by_type(args.site, copy)
    total = sum(row["words"] for row in types.values())
    print(f"{'type':<20} {'records':>8} {'words':>10} {'share':>6} {'distinct':>9} {'share':>6} {'words/record':>12}  largest")
    distinct = sum(row["distinct"] for row in types.values())
    for kind, row in sorted(types.items(), key=lambda item: -item[1]["words"]):
        print(f"{kind:<20} {row['records']:>8} {row['words']:>10} {row['words'] / total:>6.1%} "
              f"{row['distinct']:>9} {row['distinct'] / distinct:>6.1%} {row['words'] / row['records']:>12.0f}  {row['largest'][1]} ({row['largest'][0]})")
    print(f"{'total':<20} {sum(r['records'] for r in types.values()):>8} {total:>10} {'':>6} {distinct:>9}")
    if args.out:
        args.out.write_text(json.dumps(types, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
