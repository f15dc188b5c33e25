"""`build.py check` answered from what the last check of the same content folder found.

The last run's state is kept in the check cache's folder (check_cache.py), one file per content folder:
a snapshot of the folder (every entry's type, size, mtime, ctime and inode, as git's index keeps
them), the problems found, split into those of the checks across the content (and of files outside
plan folders) and those of each plan folder, each plan folder's face (checks.PlanFace), the site's
pages with their anchors, and the counts that `check` prints. Then:

- nothing changed (the same snapshot): the last run's problems, or counts, and nothing is read;
- only entries inside plan folders changed, each such folder's plan kept its face, and no problem of
  the checks across the content lies in one: those folders are loaded again and checked alone
  (checks.Checker.check_plan_folders) against site.yml, the series and the agencies as loaded (from the
  per-file cache) and the other plans' faces; their problems replace the last run's;
- anything else (an entry outside plan folders added, removed or changed; a plan's id, year, series,
  anchors or versions changed, a plan that became unreadable or readable; duplicate ids, a plan whose
  id is not its folder's name, legal documents, which are checked against every plan's text): the
  whole content is loaded and checked, as `build` does, and the state written anew.

An entry whose mtime or ctime is within RACY_NS of the moment the snapshot was taken, or later, is
recorded as unknown and counts as changed next time (git's "racy" rule): a file rewritten with the
same size within the same timestamp tick as it was seen is never taken for unchanged. A state is used
only by code with the same fingerprint (check_cache.FINGERPRINT and the source of every module of
this package); one that cannot be read is ignored, as every cache entry is.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import check_cache
from .checks import Checker, PlanFace
from .content import Content, ContentLoader, load_content, no_cycle_collection
from .model import Agency, Series, Site
from .problems import ContentError, Problem, Problems

RACY_NS = 2_000_000_000
_FINGERPRINT = hashlib.sha256(check_cache.FINGERPRINT.encode() + b"".join(
    path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))).hexdigest()

Snapshot = dict[str, "tuple[int, int, int, int, int] | None"]  # path inside the folder → lstat, None: unknown


@dataclass
class Counts:
    plans: int
    tasks: int
    agencies: int


@dataclass
class State:
    snapshot: Snapshot
    across: list[Problem]  # the checks across the content, and every problem outside plan folders
    by_folder: dict[str, list[Problem]]  # each plan folder's problems, from loading it and its own checks
    faces: dict[str, PlanFace | str | None]  # by plan folder: its plan's face, "unreadable", or None (no plan)
    page_anchors: dict[str, set[str]]
    agencies: int
    alone_allowed: bool  # whether a changed plan folder may be checked alone

    def counts(self) -> Counts:
        plans = [face for face in self.faces.values() if isinstance(face, PlanFace)]
        return Counts(len(plans), sum(len(face.task_anchors) for face in plans), self.agencies)

    def problems(self) -> Problems:
        return Problems(self.across + [problem for items in self.by_folder.values() for problem in items])


def take_snapshot(root: Path) -> Snapshot | None:
    """Every entry under root (links not followed) with its lstat; None if a folder cannot be listed."""
    recent = time.time_ns() - RACY_NS
    entries: Snapshot = {}
    folders = [""]
    try:
        while folders:
            folder = folders.pop()
            with os.scandir(root / folder) as listing:
                for entry in listing:
                    name = f"{folder}/{entry.name}" if folder else entry.name
                    stat = entry.stat(follow_symlinks=False)
                    entries[name] = (None if stat.st_mtime_ns >= recent or stat.st_ctime_ns >= recent
                                     else (stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(name)
    except OSError:
        return None
    return entries


def plan_folder(name: str) -> str | None:
    """The plan folder an entry (a path inside the content folder) belongs to, if any."""
    parts = name.split("/", 2)
    if parts[0] == "plans" and len(parts) > 1 and not parts[1].startswith("."):
        return parts[1]
    return None


def _state_path(folder: Path, root: Path) -> tuple[Path, tuple]:
    key = (str(root), str(root.resolve()), _FINGERPRINT)
    return folder / "state" / (hashlib.sha256(repr(key[:2]).encode()).hexdigest() + ".pickle"), key


def check(root: Path) -> Counts:
    """What `build.py check` reports for the content folder root: its counts, or ContentError."""
    if not root.is_dir():
        problems = Problems()
        problems.add(str(root), 1, 1, "", "không thấy thư mục nội dung")
        raise ContentError(problems)
    cache = check_cache.ACTIVE
    if cache is None or cache.folder is None:
        return _check_all(root, None)
    path, key = _state_path(cache.folder, root)
    snapshot = take_snapshot(root)
    state = check_cache._read(path, key) if snapshot is not None else None
    if state is not None:
        changed = {name for name in snapshot.keys() | state.snapshot.keys()
                   if snapshot.get(name) is None or snapshot.get(name) != state.snapshot.get(name)}
        if not changed:
            return _answer(state)
        folders = {plan_folder(name) for name in changed}
        if state.alone_allowed and None not in folders:
            renewed = _check_alone(root, state, folders)
            if renewed is not None:
                renewed.snapshot = snapshot
                check_cache._write(path, key, renewed)
                return _answer(renewed)
    return _check_all(root, snapshot, path, key)


def _answer(state: State) -> Counts:
    if state.across or any(state.by_folder.values()):
        raise ContentError(state.problems())
    return state.counts()


def _folder_prefix(root: Path) -> str:
    return ContentLoader(root, Problems()).display(root / "plans") + "/"


def _folder_of(problem: Problem, prefix: str) -> str | None:
    path = problem.path + "/"
    return path[len(prefix):].split("/", 1)[0] if path.startswith(prefix) else None


def _folder_faces(content: Content, checker: Checker, folders) -> dict[str, PlanFace | str | None]:
    """Each plan folder's face: its plan's (by id, which is the folder's name when a folder may be
    checked alone), "unreadable", or None."""
    return {folder: (checker.face(content.plans[folder]) if folder in content.plan_files
                     and content.plan_files[folder].folder.name == folder
                     else "unreadable" if folder in content.unreadable_plans else None)
            for folder in folders}


def _check_all(root: Path, snapshot: Snapshot | None, path: Path | None = None, key: tuple | None = None) -> Counts:
    """Every file loaded and checked, as build does; the state written when there is a snapshot."""
    problems = Problems()
    content = load_content(root, problems)
    loading = len(problems.items)
    checker = Checker(content, problems)
    with no_cycle_collection():
        checker.run()
    if snapshot is not None:
        prefix = _folder_prefix(root)
        folders = {folder for name in snapshot if (folder := plan_folder(name)) is not None and "/" not in name[6:]}
        state = State(snapshot, [], {folder: [] for folder in folders}, _folder_faces(content, checker, folders),
                      checker.page_anchors(), len(content.agencies), True)
        for index, problem in enumerate(problems.items):
            folder = _folder_of(problem, prefix)
            if folder in state.by_folder and not loading <= index < checker.plan_phase_start:
                state.by_folder[folder].append(problem)
            else:
                state.across.append(problem)
        state.alone_allowed = not (content.duplicates or content.orphan_bodies or content.legal_documents) and all(
            files.folder.name == plan_id for plan_id, files in content.plan_files.items())
        check_cache._write(path, key, state)
    if problems:
        raise ContentError(problems)
    return Counts(len(content.plans), sum(len(loaded.record.tasks) for loaded in content.plans.values()), len(content.agencies))


def _check_alone(root: Path, state: State, folders: set[str]) -> State | None:
    """The state with these plan folders loaded and checked alone, or None if they cannot be."""
    prefix = _folder_prefix(root)
    if any(_folder_of(problem, prefix) in folders for problem in state.across) or not folders <= state.faces.keys():
        return None
    loader = ContentLoader(root, Problems())  # what site.yml, the series and agencies give was reported last time
    content = loader.content
    with no_cycle_collection():
        site = root / "site.yml"
        content.site = loader.read(Site, site) if site.is_file() and not site.is_symlink() else None
        loader.collect("series", Series, content.series)
        loader.collect("agencies", Agency, content.agencies)
        problems = loader.problems = Problems()
        for folder in sorted(folders):
            loader.collect_plan(root / "plans" / folder)
        faces = {plan_id: face for plan_id, face in state.faces.items() if isinstance(face, PlanFace)}
        checker = Checker(content, problems, faces, state.page_anchors)
        if _folder_faces(content, checker, folders) != {folder: state.faces[folder] for folder in folders}:
            return None
        if content.duplicates or content.orphan_bodies:
            return None
        content.unreadable_plans |= {folder for folder, face in state.faces.items() if face == "unreadable"}
        checker.prepare_alone()
        checker.check_plan_folders(alone=True)
    by_folder = dict(state.by_folder)
    for folder in folders:
        by_folder[folder] = []
    for problem in problems.items:
        folder = _folder_of(problem, prefix)
        if folder not in folders:
            return None
        by_folder[folder].append(problem)
    return State(state.snapshot, state.across, by_folder, state.faces, state.page_anchors, state.agencies, True)
