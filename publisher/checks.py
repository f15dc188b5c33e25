"""Stage 2, validate: checks across records, after each file passed its own model.

Every referenced id exists, ids and aliases are unique, the agencies named in a task's text
match the ids given for it, timeframes and citations parse, dates make sense, no two pages share
one URL, and editors' Markdown is safe and links only to pages that exist. On the register of
polluting facilities: agencies exist, status histories run forward from the listing, deadlines
follow the listing, every yearly list has its decision and every list a facility names exists.

The checks run in two phases: first those across the whole content (ids, names, series years, page
paths, the register, legal documents); then each plan folder's own (its plan, its Markdown, its
progress file), which read other plans only through their PlanFace (id, year, series, anchors,
versions) and the site's pages made from those, noting which pages each file's checks read
(Checker.references). So `build.py check` can check an edited plan folder alone, and the folders that
read its pages, keeping the last run's other problems (check_state.py).

In the preview (content.PARSED set: an unchanged file's record is the same object from one build to
the next), each plan's face, the problems of its own checks and those of its texts are kept (MEMO)
and used again for the same record while what those checks read from other files is the same: the
as-of date, its series' and agencies' existence and the agencies' name forms, the faces of the plans
it continues, and the anchors of the pages its texts link to (which are judged again from the kept
findings when they changed). So after an edit only the plans it concerns are checked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import check_cache
from . import content as content_module
from .content import Content, Loaded, no_cycle_collection
from .files import in_parallel
from .legal_documents import resolved_occurrences
from .legal_references import CitationError, parse_citation
from .markdown_rules import markdown_findings, may_have_findings, report_findings
from .model import Decision, FacilityStatus, TaskStatus, VersionStatus
from .problems import Problems
from .site_data import (
    COMPARISONS_PATH, REGISTER_PATH, SECTION_PATHS, agency_path, facility_list_path, facility_path, plan_path,
    series_path, target_anchor, task_anchor, version_comparison_path, year_comparison_path,
)
from .text import nfc
from .timeframes import Timeframe, TimeframeError, parse_timeframe
from .yaml_source import KeyPath, key_path_text


class AnyAnchor(set):
    """The anchors of a page whose file could not be read: its own errors are reported already,
    so links to it are not reported again."""

    def __contains__(self, anchor) -> bool:
        return True


def match_form(name: str) -> str:
    """How names are compared: case, spacing and dash style do not matter."""
    text = nfc(name).casefold()
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class PlanFace:
    """What the checks of other files and the site's pages read from a plan."""

    id: str
    year: int
    series: str | None
    task_anchors: tuple[str, ...]
    target_anchors: tuple[str, ...]  # in order, a repeated number once
    version_ids: tuple[str, ...]


def plan_pages(face: PlanFace) -> dict[str, set[str]]:
    """A plan's page and the comparisons of its versions, with their anchors."""
    anchors = set(face.task_anchors) | set(face.target_anchors)
    anchors |= {"can-cu", "noi-dung", "chi-tieu", "nhiem-vu", "to-chuc-thuc-hien", "phien-ban", "tien-do", "duoc-can-cu"}
    pages = {plan_path(face.id): anchors}
    for before, after in zip(face.version_ids, face.version_ids[1:]):
        pages[version_comparison_path(face.id, before, after)] = {"tom-tat", "toan-van"}
    return pages


# The preview's memo (content.PARSED set, which gives an unchanged file's record as the same object) of
# what each plan's checks found, by kind ("faces", "plans", "markdown") and plan id; an entry holds the
# plan's Loaded and is used only for that same object, and only while what the checks read from outside
# the plan (the entry's facts) is equal to this run's. Unused when PARSED is None (`build`, `check`).
MEMO: dict[str, dict] = {}


def _memo(kind: str) -> dict | None:
    return None if content_module.PARSED is None else MEMO.setdefault(kind, {})


@dataclass
class PlanChecked:
    """A plan's problems from check_plan, and the pages it read (`continues:`), given these facts."""

    loaded: Loaded
    reads: tuple  # plan_reads(loaded.record)
    facts: tuple  # Checker.plan_facts(reads, site)
    problems: list
    references: set[str]


@dataclass
class MarkdownChecked:
    """A plan's texts (part 0: its body, 1: its Markdown fields) as check_markdown found them: their jobs
    and findings for this plan record and body; their problems and the pages read by display, given
    these facts (Checker.page_facts of the pages read)."""

    loaded: Loaded
    body: str
    jobs: tuple[list, list]
    findings: tuple[list, list]
    problems: tuple[list, list]
    read: tuple[dict[str, set[str]], dict[str, set[str]]]
    facts: tuple


def plan_reads(plan) -> tuple:
    """Whose facts check_plan reads: the agencies a plan names, its series, the plans it continues."""
    continued = [item.continues.split("#", 1)[0] for item in (*plan.targets, *plan.tasks) if item.continues]
    return plan.agency_ids(), plan.series, tuple(dict.fromkeys(continued))


class _ReadPages:
    """The site's pages as report_findings reads them, noting which it read."""

    def __init__(self, pages: dict[str, set[str]], read: set[str]):
        self.pages = pages
        self.read = read

    def __contains__(self, path: str) -> bool:
        self.read.add(path)
        return path in self.pages

    def __getitem__(self, path: str) -> set[str]:
        self.read.add(path)
        return self.pages[path]


class Checker:
    """faces and page_anchors given: those of every plan, content holding only some (check_state.py)."""

    def __init__(self, content: Content, problems: Problems, faces: dict[str, PlanFace] | None = None,
                 page_anchors: dict[str, set[str]] | None = None):
        self.content = content
        self.problems = problems
        self._task_anchors: dict[int, list[str]] = {}  # by id() of a plan record, which content keeps
        self._timeframes: dict[tuple, tuple[Timeframe | None, str]] = {}
        self._page_anchors = page_anchors
        self.agency_ids, self.series_ids = content.agencies.keys(), content.series.keys()
        self.faces = faces if faces is not None else self.plan_faces()
        self.plan_phase_start = 0  # index in problems.items of the first problem found by check_plan_folders
        # by file: the pages whose anchors its checks read (a plan's page for a `continues:` of that plan)
        self.references: dict[str, set[str]] = {}

    def report(self, loaded: Loaded, key_path: KeyPath, message: str) -> None:
        line, column = loaded.source.locate(key_path)
        self.problems.add(loaded.source.display, line, column, key_path_text(key_path), message)

    def face(self, loaded: Loaded) -> PlanFace:
        plan = loaded.record
        return PlanFace(plan.id, plan.year, plan.series, tuple(self.task_anchors(plan)),
                        tuple(dict.fromkeys(target_anchor(target.number) for target in plan.targets)),
                        tuple(version.id for version in plan.versions))

    def plan_faces(self) -> dict[str, PlanFace]:
        """Every plan's face; in the preview, kept for a plan record that is the same object (MEMO)."""
        memo = _memo("faces")
        if memo is None:
            return {plan_id: self.face(loaded) for plan_id, loaded in self.content.plans.items()}
        faces = {}
        for plan_id, loaded in self.content.plans.items():
            kept = memo.get(plan_id)
            if kept is None or kept[0] is not loaded.record:
                kept = memo[plan_id] = loaded.record, self.face(loaded)
            faces[plan_id] = kept[1]
        for plan_id in memo.keys() - faces.keys():
            del memo[plan_id]
        return faces

    def run(self) -> None:
        self.check_across()
        self.plan_phase_start = len(self.problems.items)
        self.check_plan_folders()

    def check_across(self) -> None:
        """The checks across the whole content."""
        self.check_duplicates()
        self.check_agencies()
        self.check_series_years()
        self.check_facility_lists()
        self.check_facilities()
        self.check_page_paths()
        self.check_legal_documents()

    def check_plan_folders(self, alone: bool = False) -> None:
        """The checks of each plan folder in content, after check_across (or prepare_alone), and the
        Markdown of the agencies' descriptions with the plans' (but alone: the last run's problems kept)."""
        self.check_plans()
        self.check_markdown(alone)
        self.check_related_pages()
        self.check_progress()

    def names(self) -> tuple[set[str], set[str], dict[str, list[str]]]:
        """What check_plan_folders reads of the agencies and series (after check_agencies): the ids
        of both and each agency's name forms."""
        return set(self.agency_ids), set(self.series_ids), self.forms_by_owner

    def prepare_alone(self, names: tuple[set[str], set[str], dict[str, list[str]]]) -> None:
        """check_plan_folders without check_across, the agencies and series as names() gave them."""
        self.agency_ids, self.series_ids, self.forms_by_owner = names
        self.haystacks: dict[str, str] = {}
        self.mentioned: dict[tuple[str, str], bool] = {}

    # -- identity --------------------------------------------------------------------------
    def check_duplicates(self) -> None:
        kinds = {"agencies": self.content.agencies, "plans": self.content.plans, "series": self.content.series,
                 "facilities": self.content.facilities}
        for key, loaded in self.content.duplicates:
            for records in kinds.values():
                first = records.get(key)
                if first is not None and type(first.record) is type(loaded.record):
                    self.report(loaded, ("id",), f"mã {key!r} đã được dùng ở {first.source.display}")

    def agency_exists(self, loaded: Loaded, key_path: KeyPath, agency_id: str) -> bool:
        if agency_id in self.agency_ids:
            return True
        self.report(loaded, key_path, f"không có cơ quan mã {agency_id!r} (cần tệp content/agencies/{agency_id}.yml)")
        return False

    # -- agencies --------------------------------------------------------------------------
    def check_agencies(self) -> None:
        owners: dict[str, tuple[str, Loaded, KeyPath]] = {}
        for agency_id, loaded in self.content.agencies.items():
            agency = loaded.record
            names = [(agency.name, ("name",))] + [(a, ("aliases", i)) for i, a in enumerate(agency.aliases)]
            written: set[str] = set()
            for name, key_path in names:
                form, as_written = match_form(name), " ".join(name.split())
                if form in owners and owners[form][0] != agency_id:
                    self.report(loaded, key_path, f"tên {name!r} đã là tên của cơ quan {owners[form][0]!r}; một tên chỉ thuộc một cơ quan")
                elif as_written in written:
                    self.report(loaded, key_path, f"tên {name!r} bị lặp trong cùng cơ quan")
                owners.setdefault(form, (agency_id, loaded, key_path))
                written.add(as_written)
            if agency.parent is not None:
                self.agency_exists(loaded, ("parent",), agency.parent)
            if agency.valid_from and agency.valid_to and agency.valid_to < agency.valid_from:
                self.report(loaded, ("valid_to",), "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
            for index, link in enumerate(agency.predecessors):
                key_path = ("predecessors", index, "agency")
                if link.agency == agency_id:
                    self.report(loaded, key_path, "một cơ quan không thể là tiền thân của chính nó")
                    continue
                if not self.agency_exists(loaded, key_path, link.agency):
                    continue
                before = self.content.agencies[link.agency].record
                if before.valid_to and before.valid_to >= link.date:
                    self.report(
                        loaded, ("predecessors", index, "date"),
                        f"ngày thay đổi {link.date.isoformat()} phải sau ngày hết hiệu lực của {link.agency!r} "
                        f"({before.valid_to.isoformat()})",
                    )
        self.alias_owners = owners
        # each agency's name forms, so that a text is searched for one agency's names only
        self.forms_by_owner: dict[str, list[str]] = {}
        for form, (owner, _, _) in owners.items():
            self.forms_by_owner.setdefault(owner, []).append(form)
        self.haystacks: dict[str, str] = {}
        self.mentioned: dict[tuple[str, str], bool] = {}

    def mentions(self, text: str | None, agency_id: str) -> bool:
        if not text:
            return False
        found = self.mentioned.get((text, agency_id))
        if found is None:  # the same wording names the same agency in many tasks
            haystack = self.haystacks.get(text)
            if haystack is None:  # a coordinating text is searched once per agency it names
                haystack = self.haystacks[text] = match_form(text)
            found = self.mentioned[text, agency_id] = any(form in haystack for form in self.forms_by_owner.get(agency_id, ()))
        return found

    # -- plans -----------------------------------------------------------------------------
    def check_plans(self) -> None:
        site = self.content.site.record if self.content.site else None
        memo = _memo("plans")
        # each agency's name forms, by id: what plan_facts reads of an agency (absent: no agency of that id)
        self.agency_forms = {agency_id: tuple(self.forms_by_owner.get(agency_id, ())) for agency_id in self.agency_ids}
        for plan_id, loaded in self.content.plans.items():
            kept = memo.get(plan_id) if memo is not None else None
            if kept is not None and kept.loaded is loaded and kept.facts == self.plan_facts(kept.reads, site):
                self.problems.items.extend(kept.problems)
                for path in kept.references:
                    self.references.setdefault(loaded.source.display, set()).add(path)
                continue
            start, read = len(self.problems.items), self.references.get(loaded.source.display, set()).copy()
            self.check_plan(loaded, site)
            if memo is not None:
                reads = plan_reads(loaded.record)
                memo[plan_id] = PlanChecked(loaded, reads, self.plan_facts(reads, site), self.problems.items[start:],
                                            self.references.get(loaded.source.display, set()) - read)
        for plan_id in [] if memo is None else memo.keys() - self.content.plans.keys():
            del memo[plan_id]

    def plan_facts(self, reads: tuple, site) -> tuple:
        """What check_plan read from outside a plan whose plan_reads are reads: the as-of date, whether
        its series exists, each agency it names (None: none of that id; else the agency's name forms),
        each plan it continues (its face, and whether its plan.yml could not be read)."""
        agencies, series, continued = reads
        return (site.as_of if site else None, series is None or series in self.series_ids,
                tuple(map(self.agency_forms.get, agencies)),
                tuple((self.faces.get(plan_id), plan_id in self.content.unreadable_plans) for plan_id in continued))

    def check_plan(self, loaded: Loaded, site) -> None:
        """A plan's own checks, reading other files only as plan_facts says."""
        plan = loaded.record
        self.agency_exists(loaded, ("issuer",), plan.issuer)
        if plan.series is not None and plan.series not in self.series_ids:
            self.report(loaded, ("series",), f"không có chuỗi kế hoạch mã {plan.series!r} (cần tệp content/series/{plan.series}.yml)")
        if plan.period_end < plan.period_start:
            self.report(loaded, ("period_end",), "năm kết thúc trước năm bắt đầu")
        self.check_versions(loaded, site)
        for index, reference in enumerate(plan.legal_basis):
            try:
                parse_citation(reference.text)
            except CitationError as error:
                self.report(loaded, ("legal_basis", index, "text"), str(error))
        seen_targets: set[str] = set()
        for index, target in enumerate(plan.targets):
            if target.number in seen_targets:
                self.report(loaded, ("targets", index, "number"), f"chỉ tiêu số {target.number!r} bị lặp")
            seen_targets.add(target.number)
            if target.continues:
                self.check_continues(loaded, ("targets", index, "continues"), target.continues, "chỉ tiêu")
        self.check_tasks(loaded)
        for index, duty in enumerate(plan.duties):
            for position, agency_id in enumerate(duty.agencies):
                self.agency_exists(loaded, ("duties", index, "agencies", position), agency_id)

    def check_versions(self, loaded: Loaded, site) -> None:
        seen: set[str] = set()
        for index, version in enumerate(loaded.record.versions):
            if version.id in seen:
                self.report(loaded, ("versions", index, "id"), f"phiên bản {version.id!r} bị lặp")
            seen.add(version.id)
            if version.status is VersionStatus.issued and (not version.number or not version.date):
                self.report(loaded, ("versions", index, "status"), "văn bản đã ban hành phải có số hiệu (number) và ngày (date)")
            if version.date and site and version.date > site.as_of:
                self.report(
                    loaded, ("versions", index, "date"),
                    f"ngày {version.date.isoformat()} sau ngày dữ liệu {site.as_of.isoformat()} (as_of trong site.yml)",
                )

    def check_tasks(self, loaded: Loaded) -> None:
        plan = loaded.record
        groups = {group.number for group in plan.groups}
        seen: dict[str, int] = {}
        for index, (task, anchor) in enumerate(zip(plan.tasks, self.task_anchors(plan))):
            base = ("tasks", index)
            if plan.groups and task.group is None:
                self.report(loaded, base + ("group",), "kế hoạch có chia nhóm: nhiệm vụ phải ghi nhóm (group)")
            elif task.group is not None and task.group not in groups:
                self.report(loaded, base + ("group",), f"không có nhóm {task.group!r} trong groups của kế hoạch")
            if anchor in seen:
                self.report(loaded, base + ("number",), f"nhiệm vụ số {task.number!r} bị lặp (đã có ở tasks[{seen[anchor]}])")
            seen.setdefault(anchor, index)
            timeframe, error = self.timeframe(task, plan)
            if timeframe is None:
                self.report(loaded, base + ("timeframe",), error)
            if self.agency_exists(loaded, base + ("lead",), task.lead) and not self.mentions(task.lead_text, task.lead):
                self.report(loaded, base + ("lead_text",), f"không thấy tên nào của cơ quan {task.lead!r} trong lead_text; kiểm tra mã cơ quan hoặc thêm cách viết này vào aliases")
            if task.coordinating and not task.coordinating_text:
                self.report(loaded, base + ("coordinating_text",), "có cơ quan phối hợp nhưng thiếu nguyên văn coordinating_text")
            for position, agency_id in enumerate(task.coordinating):
                key_path = base + ("coordinating", position)
                if self.agency_exists(loaded, key_path, agency_id) and task.coordinating_text and not self.mentions(task.coordinating_text, agency_id):
                    self.report(loaded, key_path, f"không thấy tên nào của cơ quan {agency_id!r} trong coordinating_text; kiểm tra mã cơ quan hoặc thêm cách viết này vào aliases")
            if task.continues:
                self.check_continues(loaded, base + ("continues",), task.continues, "nhiệm vụ")
            if (task.unit is None) != (task.quantity is None):
                self.report(loaded, base + ("quantity" if task.quantity is None else "unit",), "đơn vị tính và số lượng phải đi cùng nhau")

    def task_anchors(self, plan) -> list[str]:
        """The anchor of each task of a plan, in order (several checks need them: worked out once)."""
        anchors = self._task_anchors.get(id(plan))
        if anchors is None:
            anchors = self._task_anchors[id(plan)] = [task_anchor(task) for task in plan.tasks]
        return anchors

    def timeframe(self, task, plan) -> tuple[Timeframe | None, str]:
        """A task's timeframe, or None and why it cannot be read; each wording read once a period."""
        key = (task.timeframe, plan.period_start, plan.period_end)
        if key not in self._timeframes:
            try:
                self._timeframes[key] = parse_timeframe(*key), ""
            except TimeframeError as error:
                self._timeframes[key] = None, str(error)
        return self._timeframes[key]

    def check_continues(self, loaded: Loaded, key_path: KeyPath, reference: str, what: str) -> None:
        """`continues: <plan>#<anchor>` must name a task (or target) of an earlier plan."""
        plan = loaded.record
        plan_id, anchor = reference.split("#", 1)
        self.references.setdefault(loaded.source.display, set()).add(plan_path(plan_id))
        earlier = self.faces.get(plan_id)
        if earlier is None:
            if plan_id not in self.content.unreadable_plans:  # else its own errors are already reported
                self.report(loaded, key_path, f"không có kế hoạch mã {plan_id!r} (cần thư mục content/plans/{plan_id}/)")
            return
        if plan_id == plan.id:
            self.report(loaded, key_path, f"một {what} không thể tiếp nối {what} của chính kế hoạch này")
            return
        if earlier.year >= plan.year:
            self.report(loaded, key_path, f"kế hoạch {plan_id!r} (năm {earlier.year}) không có trước kế hoạch này (năm {plan.year}); chỉ tiếp nối được kế hoạch của năm trước")
            return
        if what == "nhiệm vụ":
            anchors = earlier.task_anchors
            example = anchors[0] if anchors else "nv-1"
        else:
            anchors = earlier.target_anchors
            example = anchors[0] if anchors else "ct-1"
        if anchor not in anchors:
            self.report(loaded, key_path, f"kế hoạch {plan_id!r} không có {what} có neo #{anchor}; neo có dạng '{example}' (xem địa chỉ dòng {what} trên trang kế hoạch)")

    def check_series_years(self) -> None:
        """Plans of one series are one a year: the comparison pages are named by year."""
        seen: dict[tuple[str, int], str] = {}
        for plan_id, loaded in sorted(self.content.plans.items()):
            plan = loaded.record
            if plan.series is None:
                continue
            first = seen.setdefault((plan.series, plan.year), plan_id)
            if first != plan_id:
                self.report(loaded, ("year",), f"chuỗi {plan.series!r} đã có kế hoạch năm {plan.year} ({first!r}); mỗi năm một kế hoạch")

    # -- register of polluting facilities ---------------------------------------------------
    def check_decision(self, loaded: Loaded, key_path: KeyPath, decision: Decision) -> None:
        self.agency_exists(loaded, key_path + ("issuer",), decision.issuer)
        self.not_after_as_of(loaded, key_path + ("date",), decision.date)

    def not_after_as_of(self, loaded: Loaded, key_path: KeyPath, day) -> None:
        site = self.content.site.record if self.content.site else None
        if site and day > site.as_of:
            self.report(loaded, key_path, f"ngày {day.isoformat()} sau ngày dữ liệu {site.as_of.isoformat()} (as_of trong site.yml)")

    def check_facility_lists(self) -> None:
        for year, loaded in self.content.facility_lists.items():
            decision = loaded.record.decision
            if decision is None:
                self.report(loaded, ("year",), f"danh sách năm {year} thiếu quyết định công bố (decision: number, date, issuer); "
                            "năm không công bố danh sách thì không tạo tệp")
            else:
                self.check_decision(loaded, ("decision",), decision)

    def check_facilities(self) -> None:
        for loaded in self.content.facilities.values():
            facility = loaded.record
            self.agency_exists(loaded, ("lead",), facility.lead)
            for index, agency_id in enumerate(facility.coordinating):
                self.agency_exists(loaded, ("coordinating", index), agency_id)
            for index, decision in enumerate(facility.listed_by):
                self.check_decision(loaded, ("listed_by", index), decision)
            history = facility.status_history
            for index, year in enumerate(facility.lists):
                published = self.content.facility_lists.get(year)
                if published is None:
                    self.report(loaded, ("lists", index), f"không có danh sách năm {year} "
                                f"(cần tệp content/facility-lists/{year}.yml ghi quyết định công bố)")
                elif published.record.decision and published.record.decision.date < history[0].date:
                    self.report(loaded, ("lists", index), f"danh sách năm {year} công bố ngày "
                                f"{published.record.decision.date.isoformat()}, trước ngày cơ sở bị đưa vào danh sách "
                                f"({history[0].date.isoformat()})")
            if history[0].status is not FacilityStatus.listed:
                self.report(loaded, ("status_history", 0, "status"),
                            "lịch sử trạng thái bắt đầu bằng 'listed' (ngày cơ sở bị đưa vào danh sách)")
            for index, (before, after) in enumerate(zip(history, history[1:]), start=1):
                if after.date < before.date:
                    self.report(loaded, ("status_history", index, "date"),
                                f"ngày {after.date.isoformat()} trước ngày của mục trên ({before.date.isoformat()}); "
                                "ghi lịch sử từ cũ đến mới")
            for index, event in enumerate(history):
                self.not_after_as_of(loaded, ("status_history", index, "date"), event.date)
                if event.decision is not None:
                    self.check_decision(loaded, ("status_history", index, "decision"), event.decision)
            if facility.deadline < history[0].date:
                self.report(loaded, ("deadline",), f"thời hạn {facility.deadline.isoformat()} trước ngày đưa vào danh sách "
                            f"({history[0].date.isoformat()})")
            self.not_after_as_of(loaded, ("last_verified",), facility.last_verified)

    # -- progress reports and measured values (plans/<id>/tien-do.yml) -----------------------
    def check_progress(self) -> None:
        for plan_id, loaded in self.content.progress.items():
            plan_loaded = self.content.plans.get(plan_id)
            if plan_loaded is None or any(p.path == plan_loaded.source.display for p in self.problems.items):
                continue  # its plan.yml has errors: those first, as its tasks' anchors may change with them
            plan = plan_loaded.record
            tasks = dict(zip(self.task_anchors(plan), plan.tasks))
            for key, reports in loaded.record.tasks.items():
                task = tasks.get(key)
                if task is None:
                    example = next(iter(tasks), "nv-1")
                    self.report(loaded, ("tasks", key), f"kế hoạch {plan_id!r} không có nhiệm vụ có neo #{key}; neo có dạng "
                                f"'{example}' (xem địa chỉ dòng nhiệm vụ trên trang kế hoạch)")
                    continue
                timeframe, _ = self.timeframe(task, plan)  # None: reported with the plan
                every_year = timeframe is not None and timeframe.every_year
                self.check_dated_entries(loaded, ("tasks", key), reports)
                for index, entry in enumerate(reports):
                    key_path = ("tasks", key, index)
                    if entry.status is TaskStatus.not_implemented and not entry.reason:
                        self.report(loaded, key_path + ("status",), "tình trạng not_implemented (không thực hiện) phải ghi lý do (reason)")
                    if entry.year is not None and not every_year:
                        self.report(loaded, key_path + ("year",), "chỉ ghi năm (year) cho nhiệm vụ 'Hằng năm'")
                    elif entry.year is not None and not plan.period_start <= entry.year <= plan.period_end:
                        self.report(loaded, key_path + ("year",), f"năm {entry.year} ngoài thời kỳ của kế hoạch "
                                    f"({plan.period_start}–{plan.period_end})")
            targets = dict.fromkeys(target_anchor(target.number) for target in plan.targets)  # in order: the first is the example
            for key, measurements in loaded.record.targets.items():
                if key not in targets:
                    example = next(iter(targets), "ct-1")
                    self.report(loaded, ("targets", key), f"kế hoạch {plan_id!r} không có chỉ tiêu có neo #{key}; neo có dạng '{example}'")
                    continue
                self.check_dated_entries(loaded, ("targets", key), measurements)

    def check_dated_entries(self, loaded: Loaded, key_path: KeyPath, entries: list) -> None:
        """Reports or measurements: oldest first, none (nor its evidence) after the as-of date."""
        for index, entry in enumerate(entries):
            self.not_after_as_of(loaded, key_path + (index, "date"), entry.date)
            if index and entry.date < entries[index - 1].date:
                self.report(loaded, key_path + (index, "date"), f"ngày {entry.date.isoformat()} trước ngày của mục trên "
                            f"({entries[index - 1].date.isoformat()}); ghi từ cũ đến mới")
            for position, evidence in enumerate(entry.evidence):
                if evidence.date:
                    self.not_after_as_of(loaded, key_path + (index, "evidence", position, "date"), evidence.date)

    # -- legal documents (legal-documents/<id>.yml) -----------------------------------------
    def check_legal_documents(self) -> None:
        """An editor's file adds to a document the plans cite; it cannot make one up."""
        if not self.content.legal_documents or self.content.unreadable_plans:
            return  # a plan that could not be read may cite it; its own errors come first
        plans = [(loaded.record, self.content.plan_files[plan_id].body) for plan_id, loaded in self.content.plans.items()
                 if plan_id in self.content.plan_files]
        try:
            cited = {key for key, _ in resolved_occurrences(plans)}
        except CitationError:
            return  # an unreadable citation is reported with its plan
        for key, loaded in self.content.legal_documents.items():
            if key not in cited:
                self.report(loaded, ("id",), f"không kế hoạch nào trích dẫn văn bản mã {key!r}; mã là phần cuối địa chỉ "
                            "trang văn bản, ví dụ 'qd-192-qd-ttg-2017' (xem trang /van-ban/)")

    def check_related_pages(self) -> None:
        """`related` pages of tasks and targets exist on the site, with their anchors."""
        pages = self.page_anchors()
        for loaded in self.content.plans.values():
            items = [("tasks", i, task) for i, task in enumerate(loaded.record.tasks)]
            items += [("targets", i, target) for i, target in enumerate(loaded.record.targets)]
            for kind, index, item in items:
                for position, related in enumerate(item.related):
                    path, _, anchor = related.path.partition("#")
                    self.references.setdefault(loaded.source.display, set()).add(path)
                    if path not in pages:
                        self.report(loaded, (kind, index, "related", position, "path"), f"không có trang {path} trên trang web này")
                    elif anchor and anchor not in pages[path]:
                        self.report(loaded, (kind, index, "related", position, "path"), f"trang {path} không có neo #{anchor}")

    # -- pages -----------------------------------------------------------------------------
    def page_anchors(self) -> dict[str, set[str]]:
        """Every page path the site will have, with the anchors on it."""
        if self._page_anchors is None:
            self._page_anchors = self._find_page_anchors()
        return self._page_anchors

    def _find_page_anchors(self) -> dict[str, set[str]]:
        pages: dict[str, set[str]] = {path: set() for path in SECTION_PATHS}
        pages[COMPARISONS_PATH] = {"qua-cac-nam", "phien-ban", "cach-so-sanh"}
        for series_id, plans in self.series_plans().items():
            pages[series_path(series_id)] = {"cac-nam", "nhiem-vu-qua-cac-nam"}
            for before, after in zip(plans, plans[1:]):
                pages[year_comparison_path(series_id, before.year, after.year)] = {
                    "tom-tat", "tiep-tuc", "moi", "khong-con", "chi-tieu", "co-quan"}
        for plan_id, face in self.faces.items():
            pages.update(plan_pages(face))
        for plan_id in self.content.unreadable_plans:
            pages.setdefault(plan_path(plan_id), AnyAnchor())
        for agency_id in self.content.agencies:
            pages[agency_path(agency_id)] = {"chu-tri", "phoi-hop", "nhiem-vu-theo-ke-hoach", "lich-su", "co-so-o-nhiem"}
        pages[REGISTER_PATH] = {"hien-hanh", "theo-nam", "bieu-do", "tat-ca"}
        for year in self.content.facility_lists:
            pages[facility_list_path(year)] = set()
        for facility_id in self.content.facilities:
            pages[facility_path(facility_id)] = {"lich-su", "quyet-dinh", "co-quan", "nguon"}
        return pages

    def series_plans(self) -> dict[str, list[PlanFace]]:
        """Each series' plans in year order, as the comparison pages pair them."""
        by_series: dict[str, list[PlanFace]] = {}
        for face in sorted(self.faces.values(), key=lambda face: (face.year, face.id)):
            if face.series in self.content.series:
                by_series.setdefault(face.series, []).append(face)
        return by_series

    def check_page_paths(self) -> None:
        owners: dict[str, str] = {}
        fixed = SECTION_PATHS | {facility_list_path(year) for year in self.content.facility_lists}
        entries = [(plan_path(k), v) for k, v in self.content.plans.items()]
        entries += [(agency_path(k), v) for k, v in self.content.agencies.items()]
        entries += [(facility_path(k), v) for k, v in self.content.facilities.items()]
        for path, loaded in entries:
            clash = path.rstrip("/") + "/" in fixed or path.endswith("/index/")
            if clash:
                self.report(loaded, ("id",), f"mã {loaded.record.id!r} trùng địa chỉ trang có sẵn {path}; hãy đổi mã")
            elif path in owners:
                self.report(loaded, ("id",), f"hai trang cùng địa chỉ {path} (đã dùng bởi {owners[path]})")
            owners.setdefault(path, loaded.source.display)

    def check_markdown(self, alone: bool = False) -> None:
        """alone: the plans' texts only, none kept (check_state.py: a few texts, parsed faster than the
        file of kept findings is read). In the preview, a plan whose record and body are those of the
        last run keeps its texts' findings, and its problems while the pages its links lead to have the
        same anchors (MEMO)."""
        pages = self.page_anchors()
        memo = None if alone else _memo("markdown")
        kept: dict[str, MarkdownChecked] = {}
        for plan_id, files in self.content.plan_files.items():
            entry = memo.get(plan_id) if memo is not None else None
            if entry is not None and entry.loaded is self.content.plans[plan_id] and entry.body == files.body:
                kept[plan_id] = entry
        # (plan id or None, part: 0 bodies, 1 fields, jobs): in the order their problems are reported; a job is
        # (text, display, first line, key, forbid_h1): check_markdown's arguments but the pages and problems
        segments: list[tuple[str | None, int, list[tuple]]] = []
        for plan_id, files in self.content.plan_files.items():
            segments.append((plan_id, 0, kept[plan_id].jobs[0] if plan_id in kept else
                             [(files.body, files.body_display, 1, "", True)] if files.body else []))
        segments.append((None, 0, [(body, display, 1, "", True) for body, display in self.content.orphan_bodies if body]))
        for plan_id in self.content.plan_files:
            segments.append((plan_id, 1, kept[plan_id].jobs[1] if plan_id in kept else self.plan_field_jobs(self.content.plans[plan_id])))
        segments.append((None, 1, [] if alone else [self.field_markdown_job(loaded, ("description",), loaded.record.description)
                                                    for loaded in self.content.agencies.values() if loaded.record.description]))

        jobs = [job for plan_id, _, segment in segments if plan_id not in kept for job in segment]
        found_by_job = iter(self.markdown_findings(jobs, alone))
        new: dict[str, MarkdownChecked] = {}
        same = {plan_id for plan_id, entry in kept.items() if entry.facts == self.page_facts(entry.read, pages)}
        for plan_id, part, segment in segments:
            entry = kept.get(plan_id)
            if plan_id in same:
                self.problems.items.extend(entry.problems[part])
                for display, read in entry.read[part].items():
                    self.references.setdefault(display, set()).update(read)
                continue
            findings = entry.findings[part] if entry is not None else [next(found_by_job) for _ in segment]
            start, read_by_display = len(self.problems.items), {}
            for (_, display, first_line, key, _), found in zip(segment, findings):
                read = read_by_display.setdefault(display, set())
                report_findings(found, display, first_line, key, _ReadPages(pages, read), self.problems)
                self.references.setdefault(display, set()).update(read)
            if memo is not None and plan_id is not None:
                checked = new.setdefault(plan_id, MarkdownChecked(self.content.plans[plan_id],
                                                                  self.content.plan_files[plan_id].body, ([], []), ([], []), ([], []), ({}, {}), ()))
                checked.jobs[part][:], checked.findings[part][:] = segment, findings
                checked.problems[part][:] = self.problems.items[start:]
                checked.read[part].update(read_by_display)
        if memo is not None:
            for checked in new.values():
                checked.facts = self.page_facts(checked.read, pages)
            memo.clear()
            memo.update(kept)
            memo.update(new)

    def page_facts(self, read: tuple[dict[str, set[str]], ...], pages: dict[str, set[str]]) -> tuple:
        """What texts' links read of the site's pages read: whether each exists, and its anchors."""
        paths = sorted({path for part in read for paths in part.values() for path in paths})
        return tuple((path, (type(pages[path]), pages[path]) if path in pages else None) for path in paths)

    def markdown_findings(self, jobs: list[tuple], alone: bool) -> list:
        """The findings (markdown_rules.markdown_findings) of each job's text."""
        # what a text contains is kept (check_cache); its links are judged against this run's pages
        memo = None if alone else check_cache.ACTIVE or (check_cache.MEMORY if content_module.PARSED is not None else None)
        findings: list = [(memo.markdown_findings(text, forbid_h1) if memo else None) if may_have_findings(text, forbid_h1) else ()
                          for text, *_, forbid_h1 in jobs]
        unknown = [index for index, found in enumerate(findings) if found is None]

        def job(index: int) -> tuple:
            text, *_, forbid_h1 = jobs[unknown[index]]
            return markdown_findings(text, forbid_h1)

        # parsing is most of check's time at scale: over both cores
        for index, found in zip(unknown, in_parallel(job, len(unknown))):
            findings[index] = found
            if memo:
                memo.store_markdown_findings(jobs[index][0], jobs[index][4], found)
        if memo:
            memo.save_markdown()
        return findings

    def plan_field_jobs(self, loaded: Loaded) -> list[tuple]:
        plan = loaded.record
        fields: list[tuple[KeyPath, str | None]] = [(("duties_intro",), plan.duties_intro), (("duties_closing",), plan.duties_closing)]
        fields += [(("duties", i, "text"), duty.text) for i, duty in enumerate(plan.duties)]
        return [self.field_markdown_job(loaded, key_path, text) for key_path, text in fields if text]

    def field_markdown_job(self, loaded: Loaded, key_path: KeyPath, text: str) -> tuple:
        """A Markdown field's check; a block scalar is checked as written, so lines match the file."""
        as_written = loaded.source.text_at(key_path)
        first_line, text = as_written if as_written else (loaded.source.locate(key_path)[0], text)
        return text, loaded.source.display, first_line, key_path_text(key_path), False


def check_content(content: Content, problems: Problems) -> None:
    with no_cycle_collection():
        Checker(content, problems).run()
