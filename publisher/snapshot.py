"""A snapshot of a folder: every entry's status and, for a file, the SHA-256 of its bytes.

The preview takes one of the content folder at each build (incremental.py: which pages to render
again; content.py: which files to parse again), and `build.py check` keeps one from run to run
(check_state.py). As git's index does, an entry is kept with its status (lstat, links not followed:
type and mode, size, mtime and ctime in nanoseconds, inode); a folder by its mode only, what it holds
being kept entry by entry (a file saved by writing a new one and renaming it over the old one changes
the file's entry, not its folder's). Taken again with the last snapshot at hand, a file whose status is
the same is not read: its digest is the last one's. Any write changes a file's ctime, which no program
can set back.

The racy rule (git's "racy" files): a write within the same tick of the file system's clock as the
moment a file was seen can leave its status as it was. So a file whose mtime or ctime is less than
RACY_NS before the snapshot began, or later, is kept with its digest but without its status: the next
snapshot reads it again. A file saved twice within one tick is never taken for unchanged.

An entry changed between two snapshots (changed) when it was added or removed, when it is a file
whose bytes differ (or could not be read), or when it is anything else and its status differs (or was
not known: seen too recently).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from pathlib import Path
from typing import Callable, NamedTuple

RACY_NS = 2_000_000_000


class Entry(NamedTuple):
    status: tuple[int, ...] | None  # (mode, size, mtime_ns, ctime_ns, inode); a folder: (mode,); None: seen too recently
    digest: bytes | None  # a regular file's SHA-256; None: anything else, or a file that could not be read
    data: bytes | None = None  # the file's bytes, when the snapshot was asked to keep them


Snapshot = dict[str, Entry]  # by path inside the folder (POSIX)


def take(root: Path, last: Snapshot | None = None, keep: Callable[[str], bool] = lambda name: False) -> Snapshot | None:
    """Every entry under root (one removed while it is listed is left out); None if a folder cannot be
    listed. A file whose status is the one in last (and was known then) is not read again; keep: the
    files whose bytes are kept too."""
    last = last or {}
    racy_from = time.time_ns() - RACY_NS
    entries: Snapshot = {}
    folders = [""]
    try:
        while folders:
            folder = folders.pop()
            with os.scandir(os.path.join(root, folder)) as listing:
                for item in listing:
                    name = f"{folder}/{item.name}" if folder else item.name
                    try:
                        seen = item.stat(follow_symlinks=False)
                    except FileNotFoundError:  # removed meanwhile (an editor's temporary file)
                        continue
                    if stat.S_ISDIR(seen.st_mode):
                        entries[name] = Entry((seen.st_mode,), None)
                        folders.append(name)
                        continue
                    status = (seen.st_mode, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns, seen.st_ino)
                    before = last.get(name)
                    if before is not None and before.status == status and (before.data is not None or not keep(name)):
                        entries[name] = before
                        continue
                    data = None
                    if stat.S_ISREG(seen.st_mode):
                        with contextlib.suppress(OSError), open(item.path, "rb") as file:  # unreadable: data None
                            data = file.read()
                    entries[name] = Entry(status if seen.st_mtime_ns < racy_from and seen.st_ctime_ns < racy_from else None,
                                          None if data is None else hashlib.sha256(data).digest(),
                                          data if keep(name) else None)
    except OSError:
        return None
    return entries


def changed(before: Snapshot, now: Snapshot) -> set[str]:
    """The entries added, removed or changed from one snapshot to the other."""
    return {name for name in before.keys() | now.keys() if not _same(before.get(name), now.get(name))}


def _same(before: Entry | None, now: Entry | None) -> bool:
    if before is None or now is None:
        return False
    if before.digest is not None or now.digest is not None:
        return before.digest == now.digest
    return before.status is not None and before.status == now.status

