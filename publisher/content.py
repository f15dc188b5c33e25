"""Stage 1, load: read every content file into typed records, with located errors.

Layout of a content folder:
  site.yml                    site settings (title, as-of date)
  series/<id>.yml             a series of plans (one plan a year)
  agencies/<id>.yml           an agency or a collective party
  plans/<id>/plan.yml         a plan: header facts, legal basis, targets, tasks, duties
  plans/<id>/noi-dung.md      the plan's body text (Markdown)
  plans/<id>/<original file>  the original document text of each version, kept verbatim
  plans/<id>/tien-do.yml      (optional) progress reports of its tasks, measured values of its targets
  legal-documents/<id>.yml    (optional) an editor's additions to a cited document: title, link, status
  facilities/<id>.yml         a seriously polluting facility on the register (KH 75/2012)
  facility-lists/<year>.yml   the list published for one year, with its decision

The preview (PARSED set) loads the content folder's snapshot (snapshot.py): a file whose bytes it saw
before is not parsed again (PARSED), and a plan folder or folder of records that it sees as before is
not read again at all (FOLDERS): what loading it gave, and the same problems, are used again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from . import check_cache, snapshot
from .model import Agency, Facility, FacilityList, LegalDocument, Plan, PlanProgress, Series, Site
from .problems import Problems
from .yaml_source import KeyPath, SourceFile, key_path_text, load_yaml, read_text

RecordT = TypeVar("RecordT", bound=BaseModel)
MAX_MARKDOWN_BYTES = 2_000_000
PROGRESS_FILE = "tien-do.yml"


@dataclass
class Loaded(Generic[RecordT]):
    """A validated record together with the file it came from (for locating later problems)."""

    record: RecordT
    source: SourceFile


@dataclass
class PlanFiles:
    folder: Path
    body: str
    body_display: str


@dataclass
class Content:
    root: Path
    site: Loaded[Site] | None = None
    series: dict[str, Loaded[Series]] = field(default_factory=dict)
    agencies: dict[str, Loaded[Agency]] = field(default_factory=dict)
    plans: dict[str, Loaded[Plan]] = field(default_factory=dict)
    plan_files: dict[str, PlanFiles] = field(default_factory=dict)
    facilities: dict[str, Loaded[Facility]] = field(default_factory=dict)
    facility_lists: dict[int, Loaded[FacilityList]] = field(default_factory=dict)
    progress: dict[str, Loaded[PlanProgress]] = field(default_factory=dict)  # by plan id (its folder's name)
    legal_documents: dict[str, Loaded[LegalDocument]] = field(default_factory=dict)
    duplicates: list[tuple[str, Loaded]] = field(default_factory=list)
    orphan_bodies: list[tuple[str, str]] = field(default_factory=list)  # bodies of duplicate plans, still checked
    unreadable_plans: set[str] = field(default_factory=set)  # folders whose plan.yml has errors (already reported)


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không có trong mô hình (viết sai tên trường?)",
    "string_type": "phải là chữ (một giá trị), không phải danh sách hay nhóm trường",
    "list_type": "phải là một danh sách (các dòng bắt đầu bằng '- ')",
    "model_type": "phải là một nhóm trường (tên: giá trị)",
    "model_attributes_type": "phải là một nhóm trường (tên: giá trị)",
    "dict_type": "phải là một nhóm trường (tên: giá trị)",
    "int_parsing": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "too_short": "không được để trống",
}


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if value is None and kind != "missing":
        return "không được để trống"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact", "date_type"):
        return f"ngày không hợp lệ {value!r}; hãy viết dạng NNNN-TT-NN (ví dụ 2023-11-20) và là ngày có thật"
    if kind == "enum":
        return f"giá trị {value!r} không hợp lệ; chỉ nhận: {str(ctx.get('expected', '')).replace(' or ', ' hoặc ')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^/"):
            return f"địa chỉ trang {value!r} không đúng dạng; viết địa chỉ trên trang web này, ví dụ '/co-so-o-nhiem/'"
        if "#" in pattern:
            return f"tham chiếu {value!r} không đúng dạng; viết 'mã-kế-hoạch#neo', ví dụ 'kh-bvmt-cong-thuong-2024#nv-1'"
        if pattern.startswith("^[a-z0-9]"):
            return f"mã {value!r} không hợp lệ; chỉ dùng chữ thường không dấu, số và dấu '-'"
        if pattern.startswith("^https?"):
            return f"địa chỉ {value!r} không hợp lệ; chỉ nhận liên kết http:// hoặc https://"
        if pattern.startswith("^\\d"):
            return f"số lượng {value!r} phải là số, viết trong ngoặc kép như trong văn bản, ví dụ \"02\""
        return f"giá trị {value!r} không đúng dạng"
    if kind == "float_parsing":
        return f"giá trị {value!r} phải là số, viết bằng chữ số, phần thập phân sau dấu chấm, ví dụ 4.5"
    if kind == "string_too_short":
        return "không được để trống"
    if kind == "string_too_long":
        return f"quá dài (tối đa {ctx.get('max_length')} ký tự)"
    if kind == "greater_than_equal":
        return f"giá trị {value!r} quá nhỏ; tối thiểu là {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"giá trị {value!r} quá lớn; tối đa là {ctx.get('le')}"
    if kind == "too_short":
        return "danh sách không được để trống"
    return _MESSAGES.get(kind, error["msg"])


PLACEHOLDER = "<<ĐIỀN"  # values left by `build.py new` (scaffold.py) for the editor to fill


def unfilled_placeholders(data, key_path: KeyPath = ()) -> list[KeyPath]:
    if isinstance(data, str):
        return [key_path] if data.startswith(PLACEHOLDER) else []
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in unfilled_placeholders(value, key_path + (key,))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in unfilled_placeholders(value, key_path + (index,))]
    return []


def validate_record(model: type[RecordT], source: SourceFile, problems: Problems) -> RecordT | None:
    """Validate a file's data against a model; report each error at its line and column.
    A placeholder not yet filled is reported as such, not as a wrong value."""
    unfilled = unfilled_placeholders(source.data)
    for key_path in unfilled:
        line, column = source.locate(key_path)
        problems.add(source.display, line, column, key_path_text(key_path), "chưa điền: thay giá trị mẫu \"<<ĐIỀN…>>\" bằng giá trị thật")
    try:
        record = model.model_validate(source.data)
    except ValidationError as error:
        for item in error.errors():
            key_path = tuple(item["loc"])
            if any(key_path[:len(path)] == path for path in unfilled):
                continue
            line, column = source.locate(key_path)
            problems.add(source.display, line, column, key_path_text(key_path), _message(item))
        return None
    return None if unfilled else record


# The preview sets this to a dict: a file whose bytes are the same as at the previous build is not
# parsed again (parsing is most of loading; PyYAML's pure-Python parser is slow at city scale).
PARSED: dict[tuple, tuple[Loaded | None, list]] | None = None


# The preview's memo (PARSED set) of what loading found in a folder of the content: each plan folder
# (collect_plan) and each folder of records (collect), by the folder's path. An entry is keyed on the
# snapshot's view of the folder (ContentLoader.folder_key: the folder's mode, and every entry in it, a
# file by its digest, anything else by its status) and used while the snapshot sees the same; it is
# kept only if the folder, looked at again after loading it, was still as the snapshot saw it (so the
# records, texts and problems kept are of the bytes the key names).
FOLDERS: dict[str, tuple[tuple, object, list]] = {}


def _fact(entry: snapshot.Entry) -> object:
    """What a snapshot's entry says of it: a file's digest, else its status (None: not known)."""
    return entry.digest if entry.digest is not None else entry.status


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return None


class ContentLoader:
    def __init__(self, root: Path, problems: Problems, files: snapshot.Snapshot | None = None):
        """files: a snapshot of root taken before loading (snapshot.py), whose digests spare reading
        the files whose record is known (PARSED, the cache on disk)."""
        self.root = root
        self.problems = problems
        self.files = files or {}
        self.content = Content(root=root)
        self._resolved_root = root.resolve()
        self._folders_inside: dict[Path, bool] = {}
        self._entries_in: dict[str, dict[str, snapshot.Entry]] | None = None  # folder_key's, by folder

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def read(self, model: type[RecordT], path: Path) -> Loaded[RecordT] | None:
        """A file's record, or None after its problems were reported; from PARSED or the cache on
        disk (check_cache.ACTIVE) when the file's bytes are the same as when it was last read: the
        digest of its bytes is the snapshot's (self.files) when there is one, else the file is read.
        A record parsed is kept under that digest only if the file's bytes still have it afterwards
        (not saved again meanwhile: the record is of those bytes)."""
        cache = check_cache.ACTIVE
        if PARSED is None and cache is None:
            return self.parse(model, path, self.problems)
        seen = self.files.get(path.relative_to(self.root).as_posix())
        digest = seen.digest if seen is not None and seen.digest is not None else _digest(path)
        if digest is None:
            return self.parse(model, path, self.problems)
        name = (str(path), self.display(path), f"{model.__module__}.{model.__qualname__}")
        result = PARSED.get((name, digest)) if PARSED is not None else None
        if result is None and cache is not None:
            result = cache.file_result(name, digest)
        if result is None:
            result = self.parse_apart(model, path)
            if _digest(path) != digest:
                digest = None  # saved again since its digest was taken: its record is kept under none
            elif cache is not None:
                cache.store_file_result(name, digest, result)
        if PARSED is not None and digest is not None:
            PARSED[(name, digest)] = result
        loaded, items = result
        self.problems.items.extend(items)
        return loaded

    def remembered(self, name: str, load):
        """load(), which loads the folder name (inside root), or what it gave when the snapshot saw the
        folder as it sees it now, with the same problems (FOLDERS)."""
        key = self.folder_key(name) if PARSED is not None else None
        where = str(self.root / name)
        kept = FOLDERS.get(where) if key is not None else None
        if kept is not None and kept[0] == key:
            self.problems.items.extend(kept[2])
            return kept[1]
        start = len(self.problems.items)
        result = load()
        if key is not None and self.still_as_seen(name, key):
            FOLDERS[where] = key, result, self.problems.items[start:]
        return result

    def folder_key(self, name: str) -> tuple | None:
        """The snapshot's view of a folder of root and of what it holds (see FOLDERS); None if there is
        none, it is no folder, or an entry in it was neither a file read nor known by its status."""
        seen = self.files.get(name)
        if seen is None or seen.status is None or not stat.S_ISDIR(seen.status[0]):
            return None
        if self._entries_in is None:  # the snapshot's entries, by plan folder or other top folder
            self._entries_in = {}
            for entry_name, entry in self.files.items():
                top, _, rest = entry_name.partition("/")
                if top == "plans":
                    folder, _, rest = rest.partition("/")
                    top = f"plans/{folder}"
                if rest:
                    self._entries_in.setdefault(top, {})[rest] = entry
        return self._key(seen.status, self._entries_in.get(name, {}))

    @staticmethod
    def _key(status: tuple, entries: dict[str, snapshot.Entry]) -> tuple | None:
        facts = sorted((name, _fact(entry)) for name, entry in entries.items())
        return None if any(fact is None for _, fact in facts) else (status, tuple(facts))

    def still_as_seen(self, name: str, key: tuple) -> bool:
        """Whether the folder is now as folder_key said before loading it (a file saved meanwhile: no)."""
        folder = self.root / name
        try:
            status = (os.lstat(folder).st_mode,)
        except OSError:
            return False
        now = snapshot.take(folder, self._entries_in.get(name, {}))
        return now is not None and self._key(status, now) == key

    def parse_apart(self, model: type[RecordT], path: Path) -> tuple[Loaded[RecordT] | None, list]:
        """The file's record and its own problems, without what is needed only while loading it."""
        problems = Problems()
        loaded = self.parse(model, path, problems)
        if loaded is not None:
            loaded = Loaded(loaded.record, replace(loaded.source, data=None, text=""))
        return loaded, problems.items

    def parse(self, model: type[RecordT], path: Path, problems: Problems) -> Loaded[RecordT] | None:
        source = load_yaml(path, self.display(path), problems)
        if source is None:
            return None
        record = validate_record(model, source, problems)
        return Loaded(record, source) if record is not None else None

    def is_linked_out(self, path: Path) -> bool:
        """A symbolic link, or a path that leads out of the content folder: reported, never read
        (a link could publish any file of the machine)."""
        if path.is_symlink() or not self.folder_inside(path.parent):
            self.problems.add(self.display(path), 1, 1, "", "không dùng liên kết tượng trưng (symlink) hay tệp nằm ngoài thư mục content/; hãy chép tệp thật vào đây")
            return True
        return False

    def folder_inside(self, folder: Path) -> bool:
        """Whether a folder, all links followed, is in the content folder; the answer kept for its files.
        (A path that is no link is where its folder, links followed, is: the files are named from it.)"""
        inside = self._folders_inside.get(folder)
        if inside is None:
            inside = self._folders_inside[folder] = folder.resolve().is_relative_to(self._resolved_root)
        return inside

    def check_id_matches_name(self, loaded: Loaded, expected: str) -> None:
        if loaded.record.id != expected:
            line, column = loaded.source.locate(("id",))
            self.problems.add(
                loaded.source.display, line, column, "id",
                f"mã {loaded.record.id!r} phải trùng tên tệp/thư mục {expected!r}",
            )

    def yaml_files(self, kind: str) -> Iterator[Path]:
        """The YAML files of a content folder, in name order; anything else in it is reported."""
        folder = self.root / kind
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or self.is_linked_out(path):
                continue
            if path.suffix not in (".yml", ".yaml") or not path.is_file():
                self.problems.add(self.display(path), 1, 1, "", f"tệp không thuộc nội dung {kind}/; chỉ nhận tệp .yml")
                continue
            yield path

    def collect(self, kind: str, model: type[RecordT], target: dict) -> None:
        for loaded in self.remembered(kind, lambda: self.read_records(kind, model)):
            self._register(loaded, target)

    def read_records(self, kind: str, model: type[RecordT]) -> list[Loaded[RecordT]]:
        """The records of a folder of YAML files, in name order; the problems of the others reported."""
        records = []
        for path in self.yaml_files(kind):
            loaded = self.read(model, path)
            if loaded is not None:
                self.check_id_matches_name(loaded, path.stem)
                records.append(loaded)
        return records

    def collect_facility_lists(self) -> None:
        """facility-lists/<year>.yml: the file's name is the list's year."""
        for path in self.yaml_files("facility-lists"):
            loaded = self.read(FacilityList, path)
            if loaded is None:
                continue
            year = loaded.record.year
            if str(year) != path.stem:
                line, column = loaded.source.locate(("year",))
                self.problems.add(loaded.source.display, line, column, "year", f"năm {year} phải trùng tên tệp {path.stem!r}")
                continue
            first = self.content.facility_lists.setdefault(year, loaded)
            if first is not loaded:
                line, column = loaded.source.locate(("year",))
                self.problems.add(loaded.source.display, line, column, "year", f"danh sách năm {year} đã có ở {first.source.display}")

    def _register(self, loaded: Loaded, target: dict) -> bool:
        """Keep the first record of each id; later ones are reported as duplicates."""
        key = loaded.record.id
        if key in target:
            self.content.duplicates.append((key, loaded))
            return False
        target[key] = loaded
        return True

    def collect_plans(self) -> None:
        folder = self.root / "plans"
        if not folder.is_dir():
            return
        for plan_dir in sorted(folder.iterdir()):
            self.collect_plan(plan_dir)

    def collect_plan(self, plan_dir: Path) -> None:
        """One entry of plans/: its plan.yml, body, progress file and original documents."""
        if plan_dir.name.startswith("."):
            return
        found = self.remembered(f"plans/{plan_dir.name}", lambda: self.read_plan_folder(plan_dir))
        if found is None:
            return
        loaded, body, body_display, progress = found
        if progress is not None:
            self.content.progress[plan_dir.name] = progress
        if loaded is None:
            self.content.unreadable_plans.add(plan_dir.name)
        elif self._register(loaded, self.content.plans):
            self.content.plan_files[loaded.record.id] = PlanFiles(plan_dir, body, body_display)
        elif body:
            self.content.orphan_bodies.append((body, body_display))

    def read_plan_folder(self, plan_dir: Path) -> tuple[Loaded[Plan] | None, str, str, Loaded[PlanProgress] | None] | None:
        """A plan folder's plan (None: unreadable), body and its display, and progress; None, its
        problems reported, if it is no plan folder."""
        if self.is_linked_out(plan_dir):
            return None
        plan_file = plan_dir / "plan.yml"
        if self.is_linked_out(plan_file):
            return None
        if not plan_dir.is_dir() or not plan_file.is_file():
            self.problems.add(self.display(plan_dir), 1, 1, "", "mỗi kế hoạch là một thư mục có tệp plan.yml")
            return None
        loaded = self.read(Plan, plan_file)
        body_path = plan_dir / "noi-dung.md"
        body = ""
        if body_path.is_file() and not self.is_linked_out(body_path):
            body = read_text(body_path, self.display(body_path), self.problems, MAX_MARKDOWN_BYTES) or ""
        progress_file = plan_dir / PROGRESS_FILE
        progress = None
        if progress_file.is_file():
            progress = self.read(PlanProgress, progress_file)
            if progress is not None:
                self.check_id_matches_name(progress, plan_dir.name)
        if loaded is not None:
            self.check_id_matches_name(loaded, plan_dir.name)
            for index, version in enumerate(loaded.record.versions):
                line, column = loaded.source.locate(("versions", index, "source_file"))
                where = f"versions[{index}].source_file"
                if "/" in version.source_file or "\\" in version.source_file:
                    self.problems.add(loaded.source.display, line, column, where,
                                      "chỉ ghi tên tệp văn bản gốc, đặt trong cùng thư mục với plan.yml (không có '/')")
                elif (plan_dir / version.source_file).is_symlink():
                    self.problems.add(loaded.source.display, line, column, where,
                                      f"tệp văn bản gốc {version.source_file!r} là liên kết tượng trưng (symlink); hãy chép tệp thật vào thư mục kế hoạch")
                elif not (plan_dir / version.source_file).is_file():
                    self.problems.add(loaded.source.display, line, column, where,
                                      f"không thấy tệp văn bản gốc {version.source_file!r} trong thư mục {self.display(plan_dir)}")
        return loaded, body, self.display(body_path), progress


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's collector of reference cycles paused: loading and checking make millions of objects
    and no cycles, and each collection would walk all of them again (half of a warm national check).
    Then, but in the preview, what exists is moved out of the collector's sight (gc.freeze): the
    content lives until the build ends, and a first collection after this would walk all of it once
    more (3 s at national scale). The preview, which builds again and again in one process, does
    not freeze: a cycle left over from one build would stay until the process ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if PARSED is None:
            gc.freeze()
        if was_enabled:
            gc.enable()


def load_content(root: Path, problems: Problems, files: snapshot.Snapshot | None = None) -> Content:
    """Read and type-check every content file under root; problems are collected, not raised.
    files: a snapshot of root taken before (see ContentLoader)."""
    with no_cycle_collection():
        return _load_content(root, problems, files)


def _load_content(root: Path, problems: Problems, files: snapshot.Snapshot | None) -> Content:
    loader = ContentLoader(root, problems, files)
    site_path = root / "site.yml"
    if not site_path.is_file() and not site_path.is_symlink():
        problems.add(loader.display(site_path), 1, 1, "", "thiếu tệp cấu hình site.yml")
    elif not loader.is_linked_out(site_path):
        loader.content.site = loader.read(Site, site_path)
    loader.collect("series", Series, loader.content.series)
    loader.collect("agencies", Agency, loader.content.agencies)
    loader.collect_plans()
    loader.collect("facilities", Facility, loader.content.facilities)
    loader.collect_facility_lists()
    loader.collect("legal-documents", LegalDocument, loader.content.legal_documents)
    return loader.content
