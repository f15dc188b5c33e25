"""`build.py check` answered from what the last check of the same content folder found.

The last run's state is kept in the check cache's folder (check_cache.py), two files per content
folder. The state: a snapshot of the folder (snapshot.py: every entry's status, as git's index keeps
them, and each file's digest; the next check reads only the files whose status changed), the
problems found, split into those of the checks across the content (and of files outside plan
folders) and those of each plan folder, and the counts that `check` prints.
The faces, beside it under the same token: each plan folder's face (checks.PlanFace), the site's pages
with their anchors, the ids of agencies and series and the agencies' name forms, and the pages each
plan folder's checks read (its links, `related` and `continues:`). Then:

- nothing changed (no entry added or removed, no file with other bytes: snapshot.changed): the last
  run's problems, or counts; nothing else is read or imported;
- only entries inside plan folders changed, each of these folders' plan kept its id, year and series,
  and no problem of the checks across the content lies in one: those folders are loaded again and
  checked alone (checks.Checker.check_plan_folders) against site.yml and the faces, with every folder
  whose checks read a page whose anchors they changed (a task renumbered: the plans that continue it
  or link to it); their problems replace the last run's;
- anything else (an entry outside plan folders added, removed or changed; a plan's id, year or series
  changed, a plan that became unreadable or readable; duplicate ids, a plan whose id is not its
  folder's name, legal documents, which are checked against every plan's text): the whole content is
  loaded and checked, as `build` does, and the state written anew.

A file seen too recently for its status to be trusted (snapshot.py's racy rule) is read again by
the next check and compared by its bytes: a file rewritten with the same size within the same
timestamp tick as it was seen is never taken for unchanged, and a file just edited (or only
touched) is not taken for changed again. The files loaded take their digests from the snapshot
(content.ContentLoader). A state is used
only by code with the same fingerprint (check_cache.FINGERPRINT and the source of every module of
this package), and the faces only with the state's token; a file that cannot be read is ignored, as
every cache entry is.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import check_cache, snapshot
from .problems import ContentError, Problem, Problems

# checks, content and model are imported only when files are loaded: nothing changed, pydantic and
# the loaders are not needed (half of such a run was importing them)

_FINGERPRINT = hashlib.sha256(check_cache.FINGERPRINT.encode() + b"".join(
    path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))).hexdigest()


@dataclass
class Counts:
    plans: int
    tasks: int
    agencies: int


@dataclass
class State:
    """What a check found, and in what folder; its Faces are kept in a file apart (read only to check
    plan folders alone), under the same token."""

    snapshot: snapshot.Snapshot
    across: list[Problem]  # the checks across the content, and every problem outside plan folders
    by_folder: dict[str, list[Problem]]  # each plan folder's problems, from loading it and its own checks
    counts: Counts
    token: str | None  # None: no plan folder may be checked alone (duplicate ids, legal documents...)

    def problems(self) -> Problems:
        return Problems(self.across + [problem for items in self.by_folder.values() for problem in items])


@dataclass
class Faces:
    token: str
    faces: dict[str, Any]  # by plan folder: its plan's checks.PlanFace, "unreadable", or None (no plan)
    page_anchors: dict[str, set[str]]
    names: tuple  # checks.Checker.names(): the ids of agencies and series, the agencies' name forms
    references: dict[str, set[str]]  # by plan folder: the pages whose anchors its checks read (checks.Checker.references)


def plan_folder(name: str) -> str | None:
    """The plan folder an entry (a path inside the content folder) belongs to, if any."""
    parts = name.split("/", 2)
    if parts[0] == "plans" and len(parts) > 1 and not parts[1].startswith("."):
        return parts[1]
    return None


def _paths(folder: Path, root: Path) -> tuple[Path, Path, tuple]:
    key = (str(root), str(root.resolve()), _FINGERPRINT)
    name = hashlib.sha256(repr(key[:2]).encode()).hexdigest()
    return folder / "state" / f"{name}.pickle", folder / "state" / f"{name}.faces.pickle", key


def check(root: Path) -> Counts:
    """What `build.py check` reports for the content folder root: its counts, or ContentError."""
    if not root.is_dir():
        problems = Problems()
        problems.add(str(root), 1, 1, "", "không thấy thư mục nội dung")
        raise ContentError(problems)
    cache = check_cache.ACTIVE
    if cache is None or cache.folder is None:
        return _check_all(root)
    state_path, faces_path, key = _paths(cache.folder, root)
    state = check_cache.read_entry(state_path, key)
    files = snapshot.take(root, state.snapshot if state is not None else None)
    if state is not None and files is not None:
        changed = snapshot.changed(state.snapshot, files)
        if not changed:
            if state.snapshot != files:  # files touched, or seen too recently then: known by their status now
                state.snapshot = files
                check_cache.write_entry(state_path, key, state)
            return _answer(state)
        folders = {plan_folder(name) for name in changed}
        if state.token is not None and None not in folders:
            faces = check_cache.read_entry(faces_path, key)
            renewed = _check_alone(root, files, state, faces, folders) if faces and faces.token == state.token else None
            if renewed is not None:
                renewed_state, renewed_faces = renewed
                renewed_state.snapshot = files
                if renewed_faces is not None:  # first: a state with the new token never meets the old faces
                    check_cache.write_entry(faces_path, key, renewed_faces)
                check_cache.write_entry(state_path, key, renewed_state)
                return _answer(renewed_state)
    return _check_all(root, files, (state_path, faces_path, key))


def _answer(state: State) -> Counts:
    if state.across or any(state.by_folder.values()):
        raise ContentError(state.problems())
    return state.counts


def _folder_prefix(root: Path) -> str:
    from .content import ContentLoader

    return ContentLoader(root, Problems()).display(root / "plans") + "/"


def _folder_of(problem: Problem, prefix: str) -> str | None:
    path = problem.path + "/"
    return path[len(prefix):].split("/", 1)[0] if path.startswith(prefix) else None


def _folder_faces(content, checker, folders) -> dict[str, Any]:
    """Each plan folder's face: its plan's (by id, which is the folder's name when a folder may be
    checked alone), "unreadable", or None."""
    return {folder: (checker.face(content.plans[folder]) if folder in content.plan_files
                     and content.plan_files[folder].folder.name == folder
                     else "unreadable" if folder in content.unreadable_plans else None)
            for folder in folders}


def _check_all(root: Path, files: snapshot.Snapshot | None = None, paths: tuple | None = None) -> Counts:
    """Every file loaded and checked, as build does; the state written when there is a snapshot (files)."""
    from .checks import Checker
    from .content import load_content, no_cycle_collection

    problems = Problems()
    content = load_content(root, problems, files)
    loading = len(problems.items)
    checker = Checker(content, problems)
    with no_cycle_collection():
        checker.run()
    counts = Counts(len(content.plans), sum(len(loaded.record.tasks) for loaded in content.plans.values()), len(content.agencies))
    if files is not None:
        prefix = _folder_prefix(root)
        folders = {folder for name in files if (folder := plan_folder(name)) is not None and "/" not in name[6:]}
        alone = not (content.duplicates or content.orphan_bodies or content.legal_documents) and all(
            files.folder.name == plan_id for plan_id, files in content.plan_files.items())
        state = State(files, [], {folder: [] for folder in folders}, counts, uuid.uuid4().hex if alone else None)
        for index, problem in enumerate(problems.items):
            folder = _folder_of(problem, prefix)
            if folder in state.by_folder and not loading <= index < checker.plan_phase_start:
                state.by_folder[folder].append(problem)
            else:
                state.across.append(problem)
        state_path, faces_path, key = paths
        if alone:
            faces = Faces(state.token, _folder_faces(content, checker, folders), checker.page_anchors(), checker.names(),
                          _folder_references(checker, prefix))
            check_cache.write_entry(faces_path, key, faces)
        check_cache.write_entry(state_path, key, state)
    if problems:
        raise ContentError(problems)
    return counts


def _folder_references(checker, prefix: str) -> dict[str, set[str]]:
    references: dict[str, set[str]] = {}
    for display, paths in checker.references.items():
        folder = _folder_of(Problem(display, 1, 1, "", ""), prefix)
        if folder is not None:
            references.setdefault(folder, set()).update(paths)
    return references


def _changed_pages(before, after) -> set[str] | None:
    """The pages whose anchors differ between two faces of a plan folder, or None if more than
    those changed (its id, year or series: what the checks across the content read)."""
    from .checks import PlanFace, plan_pages

    if before == after:
        return set()
    if not (isinstance(before, PlanFace) and isinstance(after, PlanFace)) or (
            (before.id, before.year, before.series) != (after.id, after.year, after.series)):
        return None
    if before.task_anchors == after.task_anchors and before.target_anchors == after.target_anchors:
        return set(plan_pages(before)) ^ set(plan_pages(after))  # only its versions changed
    return set(plan_pages(before)) | set(plan_pages(after))


def _check_alone(root: Path, files: snapshot.Snapshot, state: State, faces: Faces,
                 folders: set[str]) -> tuple[State, Faces | None] | None:
    """These plan folders loaded and checked alone, with those whose checks read a page whose anchors
    they changed: the new state, and the new faces if they changed; None if they cannot be."""
    from .checks import Checker, PlanFace, plan_pages
    from .content import ContentLoader, no_cycle_collection
    from .model import Site

    prefix = _folder_prefix(root)
    if any(_folder_of(problem, prefix) in folders for problem in state.across) or not folders <= faces.faces.keys():
        return None  # the lines of those problems may have moved
    loader = ContentLoader(root, Problems(), files)  # what site.yml gives was reported last time
    content = loader.content
    with no_cycle_collection():
        site = root / "site.yml"
        content.site = loader.read(Site, site) if site.is_file() and not site.is_symlink() else None
        problems = loader.problems = Problems()
        for folder in sorted(folders):
            loader.collect_plan(root / "plans" / folder)
        if content.duplicates or content.orphan_bodies:
            return None
        now = _folder_faces(content, Checker(content, problems, {}, {}), folders)
        changed_pages: set[str] = set()
        for folder in folders:
            pages = _changed_pages(faces.faces[folder], now[folder])
            if pages is None:
                return None
            changed_pages |= pages
        readers = {folder for folder, paths in faces.references.items() if not paths.isdisjoint(changed_pages)} - folders
        if readers and any(_folder_of(problem, prefix) in readers for problem in state.across):
            return None  # its progress file is checked only if its plan has no problem: the whole content then
        for folder in sorted(readers):  # unchanged: loaded from the cache, with the same faces
            loader.collect_plan(root / "plans" / folder)
        all_faces = {**faces.faces, **now}
        page_anchors = faces.page_anchors
        if changed_pages:
            page_anchors = {path: anchors for path, anchors in page_anchors.items() if path not in changed_pages}
            for face in now.values():
                page_anchors.update(plan_pages(face))
        checker = Checker(content, problems, {plan_id: face for plan_id, face in all_faces.items() if isinstance(face, PlanFace)},
                          page_anchors)
        content.unreadable_plans |= {folder for folder, face in all_faces.items() if face == "unreadable"}
        checker.prepare_alone(faces.names)
        checker.check_plan_folders(alone=True)
    checked = folders | readers
    by_folder = {**state.by_folder, **{folder: [] for folder in checked}}
    for problem in problems.items:
        folder = _folder_of(problem, prefix)
        if folder not in checked:
            return None
        by_folder[folder].append(problem)
    references = {**faces.references, **{folder: set() for folder in checked}}
    for folder, paths in _folder_references(checker, prefix).items():
        references[folder] = paths
    tasks = state.counts.tasks + sum(len(face.task_anchors) - len(faces.faces[folder].task_anchors)
                                     for folder, face in now.items() if isinstance(face, PlanFace))
    counts = Counts(state.counts.plans, tasks, state.counts.agencies)
    if changed_pages or references != faces.references:
        faces = Faces(uuid.uuid4().hex, all_faces, page_anchors, faces.names, references)
        return State(state.snapshot, state.across, by_folder, counts, faces.token), faces
    return State(state.snapshot, state.across, by_folder, counts, faces.token), None
