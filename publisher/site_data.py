"""Stage 2 (second half): derive what pages and data files show from the validated content.

Task ids and anchors, parsed timeframes and citations, agency successors (from predecessors),
each agency's tasks and duties across all plans, and the site path of every page. For the register
of polluting facilities: each facility's status on any day, whether it is overdue on the as-of
date, the yearly lists with the facilities on them, and the facilities each agency answers for.
"""

from __future__ import annotations

from collections import defaultdict
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from .content import Content
from .history import History
from .legal_references import Citation, parse_citation
from .model import (
    FINISHED_STATUSES, Agency, Duty, Facility, FacilityList, FacilityStatus, LineageChange, Measurement, Plan, PlanProgress,
    PollutionMedium, Series, Site, Task, Target, Version, VersionStatus,
)
from .progress import Standing, TaskProgress, due_in_year, task_progress
from .text import slugify, sort_key
from .timeframes import Timeframe, parse_timeframe

PLANS_PATH = "/ke-hoach/"
AGENCIES_PATH = "/co-quan/"
DATA_PATH = "/du-lieu/"
SEARCH_PATH = "/tim-kiem/"
COMPARISONS_PATH = "/so-sanh/"
HISTORY_PATH = "/lich-su/"
HOME_PATH = "/"
REGISTER_PATH = "/co-so-o-nhiem/"
LEGAL_DOCUMENTS_PATH = "/van-ban/"
# the site's fixed pages, each the index of its section (no record's page may take their address)
SECTION_PATHS = frozenset({HOME_PATH, PLANS_PATH, AGENCIES_PATH, COMPARISONS_PATH, DATA_PATH, SEARCH_PATH, REGISTER_PATH,
                           HISTORY_PATH, LEGAL_DOCUMENTS_PATH})


def plan_path(plan_id: str) -> str:
    return f"{PLANS_PATH}{plan_id}/"


def agency_path(agency_id: str) -> str:
    return f"{AGENCIES_PATH}{agency_id}/"


def series_path(series_id: str) -> str:
    return f"{COMPARISONS_PATH}{series_id}/"


def year_comparison_path(series_id: str, before_year: int, after_year: int) -> str:
    return f"{COMPARISONS_PATH}{series_id}/{before_year}-{after_year}/"


def version_comparison_path(plan_id: str, before_version: str, after_version: str) -> str:
    return f"{PLANS_PATH}{plan_id}/so-sanh/{before_version}--{after_version}/"


def facility_path(facility_id: str) -> str:
    return f"{REGISTER_PATH}{facility_id}/"


def facility_list_path(year: int) -> str:
    return f"{REGISTER_PATH}danh-sach-{year}/"


def task_anchor(task: Task) -> str:
    return _task_anchor(task.group, task.number)


@functools.cache  # a function of the two texts; few distinct ones, each slugified once per process
def _task_anchor(group: str | None, number: str) -> str:
    return "nv-" + slugify(f"{group or ''} {number}")


# a function of its three arguments, and Timeframe is frozen: many tasks share one wording and period
_timeframe = functools.lru_cache(maxsize=1 << 16)(parse_timeframe)


def target_anchor(number: str) -> str:
    return "ct-" + slugify(number)


@dataclass
class TaskView:
    id: str
    plan: PlanView
    task: Task
    anchor: str
    timeframe: Timeframe
    progress: TaskProgress  # its reports and standing on the as-of date (progress.py)

    @property
    def path(self) -> str:
        return f"{self.plan.path}#{self.anchor}"

    @property
    def standing(self) -> Standing:
        return self.progress.standing

    @property
    def sample(self) -> bool:
        """Its reports are illustrative (the plan's tien-do.yml says sample: true)."""
        return bool(self.progress.reports) and self.plan.progress_sample

    @property
    def label(self) -> str:
        """The task's number as the document writes it: '1', or 'I.1' in a grouped table."""
        return f"{self.task.group}.{self.task.number}" if self.task.group else self.task.number

    @property
    def quantity_value(self) -> int | None:
        return int(self.task.quantity) if self.task.quantity else None


@dataclass
class PlanView:
    plan: Plan
    body: str
    folder: Path
    series: Series | None
    tasks: list[TaskView] = field(default_factory=list)
    legal_basis: list[tuple[Citation, object]] = field(default_factory=list)
    year_comparisons: list = field(default_factory=list)  # comparisons.YearComparison, this plan on either side
    version_comparisons: list = field(default_factory=list)  # comparisons.VersionComparison
    measurements: dict[str, list[Measurement]] = field(default_factory=dict)  # by target anchor, oldest first
    progress_sample: bool = False  # its tien-do.yml is illustrative
    progress_record: PlanProgress | None = None  # its tien-do.yml, if any: what measurements and the tasks' reports come from

    @property
    def id(self) -> str:
        return self.plan.id

    def standing_counts(self) -> dict[Standing, int]:
        counts = {standing: 0 for standing in Standing}
        for task in self.tasks:
            counts[task.standing] += 1
        return counts

    def unreported_past_deadline(self) -> int:
        """How many of its tasks have no report though their deadline has passed (the home page's table)."""
        return sum(1 for task in self.tasks if task.progress.unreported_past_deadline)

    @property
    def reported(self) -> bool:
        return any(task.progress.reports for task in self.tasks)

    def items_related_to(self, path: str) -> list[tuple[PlanView, str, str]]:
        """Its tasks and targets whose `related` pages include the page at path: (this plan, label, address)."""
        items = []
        for task in self.tasks:
            if any(r.path.partition("#")[0] == path for r in task.task.related):
                items.append((self, f"nhiệm vụ {task.label}", task.path))
        for target in self.plan.targets:
            if any(r.path.partition("#")[0] == path for r in target.related):
                items.append((self, f"chỉ tiêu {target.number}", f"{self.path}#{target_anchor(target.number)}"))
        return items

    def targets_measured(self) -> list[tuple[Target, str, list[Measurement]]]:
        """Each target with its anchor and measured values (empty when none)."""
        return [(t, target_anchor(t.number), self.measurements.get(target_anchor(t.number), [])) for t in self.plan.targets]

    @property
    def path(self) -> str:
        return plan_path(self.plan.id)

    @property
    def current(self) -> Version:
        """The latest version: versions are listed oldest first."""
        return self.plan.versions[-1]

    @property
    def full_title(self) -> str:
        """Number and title, as page titles show it: '275/KH-UBND: Thực hiện Đề án …'."""
        return f"{self.number}: {self.plan.title}" if self.number else self.plan.title

    @property
    def status(self) -> VersionStatus:
        return self.current.status

    @property
    def number(self) -> str | None:
        return self.current.number

    @property
    def tasks_by_group(self) -> list[tuple[object, list[TaskView]]]:
        groups = {g.number: g for g in self.plan.groups}
        result: list[tuple[object, list[TaskView]]] = []
        for task in self.tasks:
            group = groups.get(task.task.group) if task.task.group else None
            if result and result[-1][0] is group:
                result[-1][1].append(task)
            else:
                result.append((group, [task]))
        return result


@dataclass
class Succession:
    """One step of an agency's lineage, seen from either end."""

    other: Agency
    change: LineageChange
    date: object
    source: object


@dataclass
class AgencyView:
    agency: Agency
    predecessors: list[Succession] = field(default_factory=list)
    successors: list[Succession] = field(default_factory=list)
    leads: list[TaskView] = field(default_factory=list)
    supports: list[TaskView] = field(default_factory=list)
    duties: list[tuple[PlanView, Duty]] = field(default_factory=list)
    issued: list[PlanView] = field(default_factory=list)
    facilities_lead: list[FacilityView] = field(default_factory=list)
    facilities_support: list[FacilityView] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.agency.id

    @property
    def path(self) -> str:
        return agency_path(self.agency.id)

    def tasks_by_year(self) -> list[tuple[int, list[tuple[str, TaskView]]]]:
        """Tasks it leads or supports, newest plan year first, each marked 'lead' or 'support'."""
        by_year: dict[int, list[tuple[str, TaskView]]] = defaultdict(list)
        for role, tasks in (("lead", self.leads), ("support", self.supports)):
            for task in tasks:
                by_year[task.plan.plan.year].append((role, task))
        return [(year, by_year[year]) for year in sorted(by_year, reverse=True)]


@dataclass
class FacilityView:
    """A facility on the register, seen on the site's as-of date.

    Attributes for filters (register page, search): status, district, commune, industry, media,
    years (of the lists it is on), overdue, sample.
    """

    facility: Facility
    as_of: dt.date
    # the yearly lists naming it, by year; left out of repr, as each list names its facilities back
    on_lists: list[FacilityListView] = field(default_factory=list, repr=False)

    @property
    def id(self) -> str:
        return self.facility.id

    @property
    def path(self) -> str:
        return facility_path(self.facility.id)

    @property
    def sample(self) -> bool:
        return self.facility.sample

    @property
    def district(self) -> str:
        return self.facility.district

    @property
    def commune(self) -> str:
        return self.facility.commune

    @property
    def industry(self) -> str:
        return self.facility.industry

    @property
    def years(self) -> list[int]:
        return sorted(set(self.facility.lists))

    @property
    def media(self) -> list[PollutionMedium]:
        return list(dict.fromkeys(item.medium for item in self.facility.pollution))

    @property
    def listed_on(self) -> dt.date:
        return self.facility.status_history[0].date

    def status_on(self, day: dt.date) -> FacilityStatus | None:
        """The status on a day: that of the last event on or before it (None before the listing)."""
        current = None
        for event in self.facility.status_history:
            if event.date <= day:
                current = event.status
        return current

    @property
    def status(self) -> FacilityStatus:
        return self.facility.status_history[-1].status

    @property
    def status_date(self) -> dt.date:
        return self.facility.status_history[-1].date

    def timeline(self) -> list[tuple[dt.date, object]]:
        """Its history across the years, oldest first: each status change (a StatusEvent) and
        each yearly list that names it (a FacilityListView, on the date of its decision)."""
        entries: list[tuple[dt.date, int, object]] = [(e.date, 0, e) for e in self.facility.status_history]
        entries += [(item.facility_list.decision.date, 1, item) for item in self.on_lists]
        return [(day, item) for day, _, item in sorted(entries, key=lambda entry: entry[:2])]

    @property
    def finished(self) -> bool:
        """Treated, relocated or closed: off the list from then on."""
        return self.status in FINISHED_STATUSES

    @property
    def overdue(self) -> bool:
        """Past its deadline on the as-of date and not yet treated, relocated or closed (quá hạn)."""
        return not self.finished and self.facility.deadline < self.as_of


@dataclass
class FacilityListView:
    """The list published for one year, with the facilities that name it."""

    facility_list: FacilityList
    facilities: list[FacilityView] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.facility_list.year

    @property
    def path(self) -> str:
        return facility_list_path(self.facility_list.year)

    @property
    def sample(self) -> bool:
        return self.facility_list.sample or any(f.sample for f in self.facilities)

    def status_day(self, as_of: dt.date) -> dt.date:
        """The day its facilities' statuses are shown for: the end of its year (or the as-of date,
        if sooner), and never before the decision that published it."""
        return max(self.facility_list.decision.date, min(dt.date(self.year, 12, 31), as_of))


@dataclass
class SiteData:
    site: Site
    plans: list[PlanView]
    agencies: list[AgencyView]
    series: dict[str, Series]
    series_overviews: list = field(default_factory=list)  # comparisons.SeriesOverview
    year_comparisons: list = field(default_factory=list)  # comparisons.YearComparison
    version_comparisons: list = field(default_factory=list)  # comparisons.VersionComparison
    facilities: list[FacilityView] = field(default_factory=list)  # in Vietnamese alphabetical order of name
    facility_lists: list[FacilityListView] = field(default_factory=list)  # by year
    history: History = field(default_factory=History)  # set by the build from git (history.py)
    legal: object = None  # legal_documents.LegalIndex: every cited document, and who cites it where

    @property
    def tasks(self) -> list[TaskView]:
        return [task for plan in self.plans for task in plan.tasks]

    def agency(self, agency_id: str) -> AgencyView:
        return self._agencies[agency_id]

    def plan(self, plan_id: str) -> PlanView:
        return self._plans[plan_id]

    def facility(self, facility_id: str) -> FacilityView:
        return self._facilities[facility_id]

    def __post_init__(self) -> None:
        self._agencies = {a.id: a for a in self.agencies}
        self._plans = {p.id: p for p in self.plans}
        self._facilities = {f.id: f for f in self.facilities}

    def items_related_to(self, path: str) -> list[tuple[PlanView, str, str]]:
        """Tasks and targets whose `related` pages include the page at path: (plan, label, address)."""
        return [item for plan in self.plans for item in plan.items_related_to(path)]

    @property
    def sample_facilities(self) -> bool:
        """Any illustrative entry on the register: every register page then says so."""
        return any(f.sample for f in self.facilities) or any(f.sample for f in self.facility_lists)

    def register_years(self) -> list[tuple[int, FacilityListView | None]]:
        """Each year from the first list or listing to the as-of year, newest first, with its
        published list, or None when no list was published for that year."""
        years = [f.listed_on.year for f in self.facilities] + [f.year for f in self.facility_lists]
        if not years:
            return []
        lists = {f.year: f for f in self.facility_lists}
        return [(year, lists.get(year)) for year in range(max(self.site.as_of.year, *years), min(years) - 1, -1)]

    def facility_status_counts(self, day: dt.date | None = None) -> dict[FacilityStatus, int]:
        """How many facilities were in each status on a day (default: the as-of date), among
        those listed by then."""
        day = day or self.site.as_of
        counts = {status: 0 for status in FacilityStatus}
        for facility in self.facilities:
            status = facility.status_on(day)
            if status is not None:
                counts[status] += 1
        return counts

    def facility_status_by_year(self) -> list[tuple[int, dt.date, dict[FacilityStatus, int]]]:
        """(year, day counted, counts) at the end of each year, the current year up to the as-of
        date; oldest first."""
        years = sorted(year for year, _ in self.register_years())
        days = [(year, min(dt.date(year, 12, 31), self.site.as_of)) for year in years]
        return [(year, day, self.facility_status_counts(day)) for year, day in days]

    def due_this_year(self) -> list[TaskView]:
        """Tasks with a deadline in the as-of year ('Hằng năm' tasks whose period covers it)."""
        return [task for task in self.tasks if due_in_year(task.timeframe, self.site.as_of.year)]

    def top_agencies(self, count: int) -> list[AgencyView]:
        """The agencies with the most tasks, lead and support together (ties: more led first, then name)."""
        ranked = [a for a in self.agencies if a.leads or a.supports]
        ranked.sort(key=lambda a: (-(len(a.leads) + len(a.supports)), -len(a.leads), sort_key(a.agency.name)))
        return ranked[:count]

    def plans_by_year(self) -> list[tuple[int, list[PlanView]]]:
        years: dict[int, list[PlanView]] = defaultdict(list)
        for plan in self.plans:
            years[plan.plan.year].append(plan)
        return [(year, years[year]) for year in sorted(years, reverse=True)]


def _plan_order(plan: Plan) -> tuple:
    return (plan.year, plan.id)


@dataclass(frozen=True)
class _PlanFacts:
    """What a plan's view is made from its own records: its legal basis parsed, and each task's anchor,
    timeframe and progress on the as-of date (values, shared by the views of two builds)."""

    made_from: tuple  # the plan's record, its progress record (or None) and the as-of date
    legal_basis: tuple
    tasks: tuple


# The facts of each plan of the last build (the preview's, whose unchanged files give the same records:
# content.PARSED), by id() of the plan's record; only the last build's are kept.
_PLAN_FACTS: dict[int, _PlanFacts] = {}


def _plan_facts(plan: Plan, progress_record: PlanProgress | None, as_of: dt.date, kept: dict[int, _PlanFacts]) -> _PlanFacts:
    facts = _PLAN_FACTS.get(id(plan))
    if facts is None or facts.made_from[0] is not plan or facts.made_from[1] is not progress_record or facts.made_from[2] != as_of:
        reports = progress_record.tasks if progress_record else {}
        tasks = []
        for task in plan.tasks:
            anchor = task_anchor(task)
            timeframe = _timeframe(task.timeframe, plan.period_start, plan.period_end)
            tasks.append((anchor, timeframe, task_progress(timeframe, list(reports.get(anchor, [])), as_of)))
        facts = _PlanFacts((plan, progress_record, as_of), tuple((parse_citation(ref.text), ref) for ref in plan.legal_basis),
                           tuple(tasks))
    kept[id(plan)] = facts
    return facts


def build_site_data(content: Content) -> SiteData:
    """Assumes content passed every check (see checks.py)."""
    assert content.site is not None
    series = {key: loaded.record for key, loaded in content.series.items()}
    agencies = {key: AgencyView(loaded.record) for key, loaded in content.agencies.items()}
    for view in agencies.values():
        for link in view.agency.predecessors:
            before = agencies[link.agency]
            view.predecessors.append(Succession(before.agency, link.change, link.date, link.source))
            before.successors.append(Succession(view.agency, link.change, link.date, link.source))

    plans: list[PlanView] = []
    kept: dict[int, _PlanFacts] = {}
    for loaded in sorted(content.plans.values(), key=lambda item: _plan_order(item.record)):
        plan = loaded.record
        files = content.plan_files[plan.id]
        view = PlanView(plan, files.body, files.folder, series.get(plan.series) if plan.series else None)
        progress = content.progress.get(plan.id)
        record = progress.record if progress else PlanProgress(id=plan.id)
        view.measurements, view.progress_sample = dict(record.targets), record.sample
        view.progress_record = progress.record if progress else None
        made = _plan_facts(plan, view.progress_record, content.site.record.as_of, kept)
        view.legal_basis = list(made.legal_basis)
        for task, (anchor, timeframe, reports) in zip(plan.tasks, made.tasks):
            task_view = TaskView(f"{plan.id}-{anchor[3:]}", view, task, anchor, timeframe, reports)
            view.tasks.append(task_view)
            agencies[task.lead].leads.append(task_view)
            for agency_id in dict.fromkeys(task.coordinating):
                if agency_id != task.lead:
                    agencies[agency_id].supports.append(task_view)
        for duty in plan.duties:
            for agency_id in dict.fromkeys(duty.agencies):
                agencies[agency_id].duties.append((view, duty))
        agencies[plan.issuer].issued.append(view)
        plans.append(view)

    facilities = [FacilityView(loaded.record, content.site.record.as_of) for loaded in content.facilities.values()]
    facilities.sort(key=lambda f: sort_key(f.facility.name))
    lists = {year: FacilityListView(loaded.record) for year, loaded in sorted(content.facility_lists.items())}
    for facility in facilities:
        agencies[facility.facility.lead].facilities_lead.append(facility)
        for agency_id in dict.fromkeys(facility.facility.coordinating):
            if agency_id != facility.facility.lead:
                agencies[agency_id].facilities_support.append(facility)
        for year in facility.years:
            lists[year].facilities.append(facility)
            facility.on_lists.append(lists[year])

    _PLAN_FACTS.clear()
    _PLAN_FACTS.update(kept)
    ordered_agencies = sorted(agencies.values(), key=lambda a: sort_key(a.agency.name))
    from .legal_documents import build_legal_index  # it reads plan views, defined here

    legal = build_legal_index(plans, {key: loaded.record for key, loaded in content.legal_documents.items()})
    return SiteData(content.site.record, plans, ordered_agencies, series,
                    facilities=facilities, facility_lists=list(lists.values()), legal=legal)
