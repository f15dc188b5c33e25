"""Word-level differences between two texts, shown in the layout of the newer one.

Words are runs of non-space characters as written, so "50-60 %" → "50-60%" is a change (of
spacing only). Table rules left by text extraction ("|", "-------") are layout: they are kept in
the display but neither matched nor counted. Each change is classified so that a reader can
tell a correction of wording from a change of letter case or spacing:

  wording   words replaced        ("tài chợ" → "tài trợ")
  added     words only in the newer text
  removed   words only in the older text
  case      the same words, other capital letters ("Thực hiện" → "THỰC HIỆN")
  spacing   the same characters, other spaces ("50-60 %" → "50-60%")
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_LAYOUT = re.compile(r"^(\|+|[-_=*.]{3,})$")
CONTEXT_WORDS = 4
SUMMARY_WORDS = 14


@dataclass(frozen=True)
class Piece:
    """A run of text in the displayed (newer) layout: same, ins, del or layout."""

    kind: str
    text: str
    change: int | None = None  # number of the Change this piece belongs to
    opens: bool = False  # the first piece of its change: where a link to the change lands


@dataclass(frozen=True)
class Change:
    number: int
    kind: str
    before: str
    after: str
    context_before: str
    context_after: str

    @property
    def anchor(self) -> str:
        return f"td-{self.number}"


@dataclass
class TextDiff:
    lines: list[list[Piece]]
    changes: list[Change] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.changes

    @property
    def pieces(self) -> list[Piece]:
        """All pieces on one line (for short texts such as a task's name)."""
        flat: list[Piece] = []
        for line in self.lines:
            if flat and line:
                flat.append(Piece("same", " "))
            flat.extend(line)
        return flat

    def count(self, *kinds: str) -> int:
        return sum(1 for change in self.changes if change.kind in kinds)


def _is_layout(word: str) -> bool:
    return bool(_LAYOUT.match(word))


def _classify(before: str, after: str) -> str:
    if not before:
        return "added"
    if not after:
        return "removed"
    if before.replace(" ", "") == after.replace(" ", ""):
        return "spacing"
    if before.casefold() == after.casefold():
        return "case"
    return "wording"


def shorten(text: str, words: int = SUMMARY_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def compare_text(older: str, newer: str) -> TextDiff:
    """The newer text, line by line, with the words removed from and added to the older one."""
    old_words = [word for word in older.split() if not _is_layout(word)]
    new_lines = [line.split() for line in newer.splitlines()]
    new_words = [word for line in new_lines for word in line if not _is_layout(word)]

    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    inserted: dict[int, int] = {}  # index in new_words → change number
    removed_before: dict[int, tuple[int, str]] = {}  # index in new_words → (change, removed text)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before, after = " ".join(old_words[i1:i2]), " ".join(new_words[j1:j2])
        number = len(changes) + 1
        changes.append(Change(
            number, _classify(before, after), before, after,
            " ".join(new_words[max(0, j1 - CONTEXT_WORDS):j1]), " ".join(new_words[j2:j2 + CONTEXT_WORDS]),
        ))
        if before:
            removed_before[j1] = (number, before)
        for index in range(j1, j2):
            inserted[index] = number

    lines: list[list[Piece]] = []
    opened: set[int] = set()

    def changed(kind: str, text: str, number: int) -> Piece:
        opens = number not in opened
        opened.add(number)
        return Piece(kind, text, number, opens)

    position = 0
    for words in new_lines:
        line: list[Piece] = []
        for word in words:
            if _is_layout(word):
                _append(line, Piece("layout", word))
                continue
            if position in removed_before:
                _append(line, changed("del", removed_before[position][1], removed_before[position][0]))
            if position in inserted:
                _append(line, changed("ins", word, inserted[position]))
            else:
                _append(line, Piece("same", word))
            position += 1
        lines.append(line)
    if position in removed_before:  # words removed at the very end
        if not lines:
            lines.append([])
        _append(lines[-1], changed("del", removed_before[position][1], removed_before[position][0]))
    return TextDiff(lines, changes)


def _append(line: list[Piece], piece: Piece) -> None:
    """Add a word to a line: runs of one kind (and one change) join, separated by single spaces."""
    if not line:
        line.append(piece)
        return
    last = line[-1]
    if last.kind == piece.kind and last.change == piece.change and piece.kind != "del":
        line[-1] = Piece(last.kind, f"{last.text} {piece.text}", last.change, last.opens)
    elif piece.kind == "same":
        line.append(Piece("same", " " + piece.text))
    elif last.kind == "same":
        line[-1] = Piece("same", last.text + " ")
        line.append(piece)
    else:
        line.extend([Piece("same", " "), piece])
