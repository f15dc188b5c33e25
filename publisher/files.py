"""Writing generated files, and doing it on both cores.

- write_if_changed: a file whose bytes are already right is left alone (its modification time too),
  so a rebuild into the same folder tells MkDocs' --dirty mode which pages changed;
- write_or_link: a new file, hard-linked to an identical one of the last build when there is one;
- sync_tree: a folder made to hold another's files the same way (the preview's docs folder);
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


def write_or_link(target: Path, content: str | bytes, previous: Path | None) -> None:
    """Write content into target, a file not yet there; a hard link to previous instead when that
    file has exactly these bytes (the preview: a large file that did not change is not written again)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if previous is not None and previous.stat().st_size == len(data) and previous.read_bytes() == data:
            os.link(previous, target)
            return
    except (FileNotFoundError, FileExistsError):  # no previous file; a target already there is written
        pass
    target.write_bytes(data)


def sync_tree(source: Path, target: Path) -> tuple[bool, list[str]]:
    """Make target hold exactly source's files, rewriting only those whose bytes differ (a file of
    source hard-linked to target's is not even read). Returns whether target already had the same
    set of file names, and the files (relative, POSIX) written."""
    wanted, existing = _files(source), _files(target)
    same_device = bool(existing) and source.stat().st_dev == target.stat().st_dev  # else an inode number says nothing
    written = [relative for relative, inode in sorted(wanted.items())
               if not (same_device and existing.get(relative) == inode)
               and write_if_changed(target / relative, (source / relative).read_bytes())]
    for relative in existing.keys() - wanted.keys():
        (target / relative).unlink()
    return wanted.keys() == existing.keys(), written


def _files(folder: Path) -> dict[str, int]:
    """The files in folder and below (paths relative to it) and their inode numbers, which the folder's
    listing gives without a stat of each file; none if there is no such folder."""
    files: dict[str, int] = {}

    def scan(path: str, prefix: str) -> None:
        for entry in os.scandir(path):
            if entry.is_dir(follow_symlinks=False):
                scan(entry.path, f"{prefix}{entry.name}/")
            else:
                files[prefix + entry.name] = entry.inode()

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
