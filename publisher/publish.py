"""Stage 7, publish: swap the freshly built site in place of the old one.

The new site is built in a sibling directory (<site>.new-<pid>). On Linux the two directories
are exchanged in one atomic rename (renameat2 RENAME_EXCHANGE), so readers see either the old
site or the new one, never a half-written mix; elsewhere two renames are used. Leftovers of an
interrupted build are removed at the start of the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Tests only (tests/test_build.py): the build kills itself (SIGKILL, as a power cut or the OOM killer
# would) on entering the stage named in this variable, to show that no stage leaves a broken site.
KILL_AT_ENV = "PUBLISHER_KILL_AT"


def checkpoint(stage: str) -> None:
    """Entering a stage of the build: where a test may stop it dead."""
    if os.environ.get(KILL_AT_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_work(work_dir: Path) -> None:
    """Remove the Markdown folders (docs-<pid>-…) of builds that were killed before they could."""
    for stale in work_dir.glob("docs-*-*"):
        pid = stale.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def new_site_dir(site_dir: Path) -> Path:
    for stale in site_dir.parent.glob(f"{site_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in site_dir.parent.glob(f"{site_dir.name}.old-*"):
        if stale not in _REMOVING:  # not one remove_later is still removing (the preview's next save)
            shutil.rmtree(stale, ignore_errors=True)
    staging = site_dir.parent / f"{site_dir.name}.new-{os.getpid()}"
    return staging


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def remove_later(folder: Path) -> None:
    """Remove a folder in the background (the preview: an old site of thousands of files takes
    seconds at city scale), under a name of its own so that the next build can take the old one;
    if this process stops first, the next build's new_site_dir removes it (<site>.new-… or .old-…).
    The removing is done by `rm -r`, not by shutil.rmtree in a thread: its Python loop held the
    interpreter lock against the next build's stages, which ran up to twice as long beside it."""
    doomed = folder.with_name(f"{folder.name}.old-{time.monotonic_ns()}")
    folder.rename(doomed)
    _REMOVING.add(doomed)
    removing = subprocess.Popen(["rm", "-rf", "--", str(doomed)], stdin=subprocess.DEVNULL)

    def forget_when_removed() -> None:
        removing.wait()
        _REMOVING.discard(doomed)

    threading.Thread(target=forget_when_removed, daemon=True).start()


_REMOVING: set[Path] = set()  # the folders remove_later is still removing


def publish(staging: Path, site_dir: Path, remove_old=shutil.rmtree) -> None:
    """Put the staging folder in site_dir's place; remove_old then removes the old site's folder."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    if _exchange(staging, site_dir):
        checkpoint("cleanup")
        remove_old(staging)  # now holds the old site
        return
    old = site_dir.parent / f"{site_dir.name}.old-{os.getpid()}"
    site_dir.rename(old)
    staging.rename(site_dir)
    checkpoint("cleanup")
    remove_old(old)
