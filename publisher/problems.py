"""Located problems in content files, collected and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content: where it is and what to do about it."""

    path: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.path}:{self.line}:{self.column}:{key} {self.message}"


@dataclass
class Problems:
    """All problems found so far, in the order they were found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int, column: int, key: str, message: str) -> None:
        self.items.append(Problem(str(path), line, column, key, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def report(self) -> str:
        """All problems grouped by file (files in name order), with a count at the end."""
        lines = []
        for problem in sorted(set(self.items)):
            lines.append(str(problem))
        files = len({p.path for p in self.items})
        lines.append(f"{len(set(self.items))} lỗi trong {files} tệp.")
        return "\n".join(lines)


class StageError(RuntimeError):
    """A build stage outside our content checks (MkDocs, Pagefind) failed; the message says how."""


class ContentError(Exception):
    """Raised by a stage when the content cannot be published; carries every problem found."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
