"""Writing generated files, and doing it on both cores.

- write_if_changed: a file whose bytes are already right is left alone (its modification time too),
  so a rebuild into the same folder tells MkDocs' --dirty mode which pages changed;
- OutputFolder: a folder of generated files written that way, which knows what it was given and
  what it rewrote, and removes what an earlier build left (the preview's docs folder);
- in_parallel: independent jobs (pages to render, pages to prepare for the search index) run in
  forked worker processes, which inherit the site's data instead of receiving it pickled.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Sequence

PARALLEL_FROM = 300  # jobs: below this, starting worker processes costs more than it saves


def write_if_changed(target: Path, content: str | bytes) -> bool:
    """Write content (text as UTF-8) unless the file already has exactly these bytes; True if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


class OutputFolder:
    """A folder of generated files, each written only when its bytes differ (write_if_changed), which
    notes the files it is given (files) and those it rewrote (written). The preview generates into
    the same folder at each build: remove_others() then removes what an earlier build left there."""

    def __init__(self, root: Path):
        self.root = root
        self.before = _files(root)  # the files there when this build began
        self.files: set[str] = set()  # relative, POSIX
        self.written: list[str] = []

    def write(self, relative: str, content: str | bytes) -> None:
        self.note(relative, write_if_changed(self.root / relative, content))

    def note(self, relative: str, written: bool) -> None:
        """A file that another process wrote into the folder (written), or found already right."""
        self.files.add(relative)
        if written:
            self.written.append(relative)

    def keep(self, relative: str) -> bool:
        """The file as the last build left it, if it is there."""
        if relative in self.before:
            self.files.add(relative)
            return True
        return False

    def remove_others(self) -> bool:
        """Remove the files that were there before and not given since; True if the folder now holds
        the same file names as before (none added or removed)."""
        for relative in self.before - self.files:
            (self.root / relative).unlink()
        return self.files == self.before


def _files(folder: Path) -> set[str]:
    """The files in folder and below (paths relative to it); none if there is no such folder."""
    files: set[str] = set()

    def scan(path: str, prefix: str) -> None:
        for entry in os.scandir(path):
            if entry.is_dir(follow_symlinks=False):
                scan(entry.path, f"{prefix}{entry.name}/")
            else:
                files.add(prefix + entry.name)

    if folder.is_dir():
        scan(str(folder), "")
    return files


_JOB: Callable[[int], object] | None = None  # set before the fork; the workers run it by index


def _run_range(bounds: tuple[int, int]) -> list:
    return [_JOB(index) for index in range(*bounds)]


def in_parallel(job: Callable[[int], object], count: int) -> list:
    """[job(0), …, job(count - 1)], over every core when there are enough jobs, else in this process."""
    workers = os.cpu_count() or 1
    if count < PARALLEL_FROM or workers < 2:
        return [job(index) for index in range(count)]
    global _JOB
    _JOB = job
    step = max(1, count // (workers * 8))
    ranges = [(start, min(start + step, count)) for start in range(0, count, step)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_run_range, ranges) for result in chunk]
    finally:
        _JOB = None
