"""Stage 2 (second half): derive what pages and data files show from the validated content.

Task ids and anchors, parsed timeframes and citations, agency successors (from predecessors),
each agency's tasks and duties across all plans, and the site path of every page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .content import Content
from .history import History
from .legal_references import Citation, parse_citation
from .model import Agency, Duty, LineageChange, Plan, Series, Site, Task, Version, VersionStatus
from .text import slugify, sort_key
from .timeframes import Timeframe, parse_timeframe

PLANS_PATH = "/ke-hoach/"
AGENCIES_PATH = "/co-quan/"
DATA_PATH = "/du-lieu/"
SEARCH_PATH = "/tim-kiem/"
COMPARISONS_PATH = "/so-sanh/"
HISTORY_PATH = "/lich-su/"
HOME_PATH = "/"


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


def task_anchor(task: Task) -> str:
    return "nv-" + slugify(f"{task.group or ''} {task.number}")


def target_anchor(number: str) -> str:
    return "ct-" + slugify(number)


@dataclass
class TaskView:
    id: str
    plan: PlanView
    task: Task
    anchor: str
    timeframe: Timeframe

    @property
    def path(self) -> str:
        return f"{self.plan.path}#{self.anchor}"

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

    @property
    def id(self) -> str:
        return self.plan.id

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
class SiteData:
    site: Site
    plans: list[PlanView]
    agencies: list[AgencyView]
    series: dict[str, Series]
    series_overviews: list = field(default_factory=list)  # comparisons.SeriesOverview
    year_comparisons: list = field(default_factory=list)  # comparisons.YearComparison
    version_comparisons: list = field(default_factory=list)  # comparisons.VersionComparison
    history: History = field(default_factory=History)  # set by the build from git (history.py)

    @property
    def tasks(self) -> list[TaskView]:
        return [task for plan in self.plans for task in plan.tasks]

    def agency(self, agency_id: str) -> AgencyView:
        return self._agencies[agency_id]

    def plan(self, plan_id: str) -> PlanView:
        return self._plans[plan_id]

    def __post_init__(self) -> None:
        self._agencies = {a.id: a for a in self.agencies}
        self._plans = {p.id: p for p in self.plans}

    def plans_by_year(self) -> list[tuple[int, list[PlanView]]]:
        years: dict[int, list[PlanView]] = defaultdict(list)
        for plan in self.plans:
            years[plan.plan.year].append(plan)
        return [(year, years[year]) for year in sorted(years, reverse=True)]


def _plan_order(plan: Plan) -> tuple:
    return (plan.year, plan.id)


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
    for loaded in sorted(content.plans.values(), key=lambda item: _plan_order(item.record)):
        plan = loaded.record
        files = content.plan_files[plan.id]
        view = PlanView(plan, files.body, files.folder, series.get(plan.series) if plan.series else None)
        view.legal_basis = [(parse_citation(ref.text), ref) for ref in plan.legal_basis]
        for task in plan.tasks:
            anchor = task_anchor(task)
            timeframe = parse_timeframe(task.timeframe, plan.period_start, plan.period_end)
            task_view = TaskView(f"{plan.id}-{anchor[3:]}", view, task, anchor, timeframe)
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

    ordered_agencies = sorted(agencies.values(), key=lambda a: sort_key(a.agency.name))
    return SiteData(content.site.record, plans, ordered_agencies, series)
