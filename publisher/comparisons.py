"""Stage 2 (last part): what changed between plans of one series, and between versions of a plan.

Across years, the tasks (and targets) of two consecutive plans of a series are matched:
1. explicitly, where the newer task says `continues: <plan>#<anchor>`;
2. otherwise by similarity of their names (see similarity.py), best pairs first, one to one,
   when the score reaches SUGGESTION_THRESHOLD: shown as a suggestion with its score;
3. what is left is new (newer plan) or dropped (older plan).
A matched pair is "unchanged" or "changed", field by field. Agencies are compared through their
lineage: a successor (by merger, renaming, transfer…) stands for its predecessor, so Sở Tài nguyên
và Môi trường → Sở Nông nghiệp và Môi trường is the same responsibility, not a new lead.
Timeframes are compared relative to each plan's first year ("Quý II-IV/2024" in the 2024 plan and
"Quý II-IV/2026" in the 2026 plan are the same part of the plan's year).

Between versions of one plan, the full original texts are compared word by word (text_diff.py).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum

from .model import Series, Target, Version
from .similarity import Similarity
from .text import nfc, vn_date
from .site_data import (
    AgencyView, PlanView, SiteData, Succession, TaskView, plan_path, series_path, target_anchor, version_comparison_path,
    year_comparison_path,
)
from .text_diff import TextDiff, compare_text
from .timeframes import Timeframe

# The preview sets CACHE to a dict (as content.PARSED): what the comparisons compute from texts alone
# (the similarity of two names over the site's vocabulary, the matching of two plans' tasks or targets,
# the word diff of two texts) is kept from build to build, keyed by those texts (and the items' refs and
# `continues`, for a matching), so that after an edit only the pairs whose texts changed are computed
# again, i.e. in practice the series and versions of the edited plan; and how the agencies named by two
# tasks pair up (AgencyPairing), while the agencies' records are equal. Same results.
CACHE: dict | None = None

SUGGESTION_THRESHOLD = 0.30  # below this, two names are not offered as a match
NEAREST_FLOOR = 0.10  # below this, an unmatched item shows no "closest" counterpart


class Match(str, Enum):
    explicit = "explicit"  # the content says so (`continues`)
    suggested = "suggested"  # similar names; a suggestion, not a fact
    none = "none"


class RowStatus(str, Enum):
    unchanged = "unchanged"
    changed = "changed"
    new = "new"
    dropped = "dropped"


@dataclass
class Item:
    """A task or a target, as far as matching is concerned."""

    anchor: str
    label: str
    text: str
    plan: PlanView
    continues: str | None
    task: TaskView | None = None
    target: Target | None = None

    @property
    def ref(self) -> str:
        return f"{self.plan.id}#{self.anchor}"

    def __repr__(self) -> str:
        return f"Item({self.ref!r})"

    @property
    def path(self) -> str:
        return f"{self.plan.path}#{self.anchor}"


def task_items(plan: PlanView) -> list[Item]:
    return [
        Item(task.anchor, f"Nhiệm vụ {task.label}", task.task.title, plan, task.task.continues, task=task)
        for task in plan.tasks
    ]


def target_items(plan: PlanView) -> list[Item]:
    return [
        Item(target_anchor(target.number), f"Chỉ tiêu {target.number}", target.text, plan, target.continues, target=target)
        for target in plan.plan.targets
    ]


@dataclass
class AgencyPair:
    """An agency of the older plan and its counterpart in the newer one (either may be missing)."""

    before: AgencyView | None
    after: AgencyView | None
    steps: list[Succession] = field(default_factory=list)  # lineage from before to after

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "lineage" if self.steps else "same"


@dataclass
class FieldComparison:
    key: str  # as in the open data: title, lead, coordinating, unit, quantity, timeframe, text, value, aspirational
    label: str
    before: str
    after: str
    changed: bool
    note: str = ""
    diff: TextDiff | None = None
    agencies: list[AgencyPair] = field(default_factory=list)


@dataclass
class Row:
    before: Item | None
    after: Item | None
    match: Match
    score: float | None = None  # similarity of the names, for every matched pair
    nearest: tuple[Item, float] | None = None  # closest counterpart of an unmatched item
    elsewhere: str | None = None  # an explicit `continues` pointing outside this pair

    @property
    def elsewhere_path(self) -> str | None:
        """Site path of the task an explicit `continues` points to outside this pair."""
        if self.elsewhere is None:
            return None
        plan_id, anchor = self.elsewhere.split("#", 1)
        return f"{plan_path(plan_id)}#{anchor}"
    fields: list[FieldComparison] = field(default_factory=list)

    @property
    def status(self) -> RowStatus:
        if self.before is None:
            return RowStatus.new
        if self.after is None:
            return RowStatus.dropped
        return RowStatus.changed if self.changed_fields else RowStatus.unchanged

    @property
    def changed_fields(self) -> list[str]:
        return [f.key for f in self.fields if f.changed]


@dataclass
class YearComparison:
    series: Series
    before: PlanView
    after: PlanView
    missing_years: list[int]
    tasks: list[Row]
    targets: list[Row]
    # the preview (CACHE set): everything the comparison is made from, as values that do not change (the two plans'
    # records, the series, missing_years, the similarities of CACHE, which hold the vocabulary, and the agencies'
    # records, which hold their lineage): equal for two comparisons whose rows are equal (open_data's cache)
    made_from: tuple | None = None

    @property
    def id(self) -> str:
        return f"{self.series.id}-{self.before.plan.year}-{self.after.plan.year}"

    @property
    def path(self) -> str:
        return year_comparison_path(self.series.id, self.before.plan.year, self.after.plan.year)

    @property
    def series_path(self) -> str:
        return series_path(self.series.id)

    @property
    def title(self) -> str:
        return f"So sánh kế hoạch năm {self.before.plan.year} và năm {self.after.plan.year}"

    def rows(self, rows: list[Row], *statuses: RowStatus) -> list[Row]:
        return [row for row in rows if row.status in statuses]

    def count(self, status: RowStatus) -> int:
        return sum(1 for row_status in self._task_statuses if row_status == status)

    @cached_property
    def _task_statuses(self) -> list[RowStatus]:
        """Each task row's status, found once (compare_plans fills the rows, which do not change afterwards)."""
        return [row.status for row in self.tasks]

    @property
    def agencies(self) -> list[AgencyView]:
        """Every agency named in a compared task, each once."""
        seen: dict[str, AgencyView] = {}
        for row in self.tasks:
            for f in row.fields:
                for pair in f.agencies:
                    for view in (pair.before, pair.after):
                        if view is not None:
                            seen.setdefault(view.id, view)
        return list(seen.values())


@dataclass
class Chain:
    """One task followed through a series: its item in each plan (None where absent)."""

    cells: list[tuple[Item, Row | None] | None]

    @property
    def latest(self) -> Item:
        return next(cell[0] for cell in reversed(self.cells) if cell is not None)


@dataclass
class SeriesOverview:
    series: Series
    plans: list[PlanView]
    comparisons: list[YearComparison]
    missing_years: list[int]
    chains: list[Chain]

    @property
    def path(self) -> str:
        return series_path(self.series.id)

    def timeline(self) -> list[tuple[int, PlanView | None]]:
        """Every year from the first plan to the last: its plan, or None if none is in the data."""
        by_year = {plan.plan.year: plan for plan in self.plans}
        first, last = self.plans[0].plan.year, self.plans[-1].plan.year
        return [(year, by_year.get(year)) for year in range(first, last + 1)
                if year in by_year or year in self.missing_years]


@dataclass
class VersionComparison:
    plan: PlanView
    before: Version
    after: Version
    diff: TextDiff
    facts: list[FieldComparison]

    @property
    def id(self) -> str:
        return f"{self.plan.id}-{self.before.id}-{self.after.id}"

    @property
    def path(self) -> str:
        return version_comparison_path(self.plan.id, self.before.id, self.after.id)

    @property
    def title(self) -> str:
        return f"So sánh {self.before.label.lower()} và {self.after.label.lower()}"


# -- lineage ---------------------------------------------------------------------------------


def lineage_steps(before: AgencyView, after: AgencyView, agencies: dict[str, AgencyView]) -> list[Succession] | None:
    """The successions leading from `before` to `after` ([] if the same agency), or None."""
    if before.id == after.id:
        return []
    queue: deque[tuple[AgencyView, list[Succession]]] = deque([(before, [])])
    seen = {before.id}
    while queue:
        view, steps = queue.popleft()
        for succession in view.successors:
            following = agencies[succession.other.id]
            if following.id in seen:
                continue
            path = steps + [succession]
            if following.id == after.id:
                return path
            seen.add(following.id)
            queue.append((following, path))
    return None


def pair_agencies(before_ids: list[str], after_ids: list[str], agencies: dict[str, AgencyView],
                  lineages: dict[tuple[str, str], list[Succession] | None] | None = None) -> list[AgencyPair]:
    """Pair each agency of the older list with the same agency or its successor in the newer list.
    lineages: lineage_steps already found among these agencies, by the two ids (AgencyPairing's)."""
    pairs: list[AgencyPair] = []
    paired_after: set[str] = set()
    lineages = {} if lineages is None else lineages
    for before_id in dict.fromkeys(before_ids):
        before = agencies[before_id]
        found = None
        for after_id in dict.fromkeys(after_ids):
            if (before_id, after_id) not in lineages:
                lineages[(before_id, after_id)] = lineage_steps(before, agencies[after_id], agencies)
            steps = lineages[(before_id, after_id)]
            if steps is not None and (found is None or len(steps) < len(found[1])):
                found = (after_id, steps)
        if found:
            pairs.append(AgencyPair(before, agencies[found[0]], found[1]))
            paired_after.add(found[0])
        else:
            pairs.append(AgencyPair(before, None))
    pairs += [AgencyPair(None, agencies[a]) for a in dict.fromkeys(after_ids) if a not in paired_after]
    return pairs


# -- matching --------------------------------------------------------------------------------


def match_items(before: list[Item], after: list[Item], similarity: Similarity) -> list[Row]:
    """Matched pairs in the newer plan's order, then new items, then dropped items."""
    if not before and not after:
        return []
    outline = _matched(
        tuple((item.ref, item.text) for item in before), tuple((item.ref, item.text, item.continues) for item in after),
        similarity)
    rows = []
    for index_b, index_a, how, score, nearest, elsewhere in outline:
        rows.append(Row(
            before[index_b] if index_b is not None else None, after[index_a] if index_a is not None else None, how, score,
            nearest=((before if index_b is None else after)[nearest[0]], nearest[1]) if nearest else None,
            elsewhere=elsewhere))
    return rows


_Outline = list[tuple[int | None, int | None, Match, float | None, tuple[int, float] | None, str | None]]


def _matched(before: tuple[tuple[str, str], ...], after: tuple[tuple[str, str, str | None], ...],
             similarity: Similarity | _KeptScores) -> _Outline:
    """match_items' rows by index: (older item, newer item, how, score, nearest counterpart and its score,
    elsewhere), from the items' (ref, text) and the newer ones' `continues`. With the preview's CACHE,
    kept from build to build (see _KeptScores.matches)."""
    if isinstance(similarity, _KeptScores):
        key = (before, after)
        if key not in similarity.matches:
            similarity.matches[key] = _match_outline(before, after, similarity)
        similarity.matches_used[key] = similarity.matches[key]
        return similarity.matches[key]
    return _match_outline(before, after, similarity)


def _match_outline(before: tuple[tuple[str, str], ...], after: tuple[tuple[str, str, str | None], ...],
                   similarity: Similarity | _KeptScores) -> _Outline:
    by_ref = {ref: index for index, (ref, _) in enumerate(before)}
    scores = [[similarity.score(b_text, a_text) for _, a_text, _ in after] for _, b_text in before]  # [older][newer]
    partner: dict[int, tuple[int, Match]] = {}  # newer index → (older index, how)
    taken: set[int] = set()
    elsewhere: dict[int, str] = {}
    for index_a, (_, _, continues) in enumerate(after):
        if continues is None:
            continue
        if continues in by_ref:
            partner[index_a] = (by_ref[continues], Match.explicit)
            taken.add(by_ref[continues])
        else:
            elsewhere[index_a] = continues
    candidates = sorted(
        ((score, index_b, index_a) for index_b, row in enumerate(scores) for index_a, score in enumerate(row)
         if score >= SUGGESTION_THRESHOLD),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    for _, index_b, index_a in candidates:
        if index_a in partner or index_a in elsewhere or index_b in taken:
            continue
        partner[index_a] = (index_b, Match.suggested)
        taken.add(index_b)

    def nearest(ranked: list[float]) -> tuple[int, float] | None:
        """The first index of the highest score, if it reaches NEAREST_FLOOR."""
        if not ranked:
            return None
        best = max(ranked)
        return (ranked.index(best), best) if best >= NEAREST_FLOOR else None

    matched, new = [], []
    for index_a in range(len(after)):
        if index_a in partner:
            index_b, how = partner[index_a]
            matched.append((index_b, index_a, how, scores[index_b][index_a], None, None))
        else:
            new.append((None, index_a, Match.none, None, nearest([row[index_a] for row in scores]), elsewhere.get(index_a)))
    dropped = [(index_b, None, Match.none, None, nearest(scores[index_b]), None)
               for index_b in range(len(before)) if index_b not in taken]
    return matched + new + dropped


# -- field by field --------------------------------------------------------------------------


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _months_from_start(day: dt.date, first_year: int) -> int:
    return (day.year - first_year) * 12 + day.month


def compare_timeframes(before: Timeframe, before_first_year: int, after: Timeframe, after_first_year: int) -> tuple[bool, str]:
    """Whether the timeframe moved within the plan's period, and how, in words."""
    if before.every_year or after.every_year:
        if before.every_year and after.every_year:
            return False, "hằng năm ở cả hai kế hoạch"
        return True, "thành hằng năm" if after.every_year else "không còn là hằng năm"
    start_shift = _months_from_start(after.start, after_first_year) - _months_from_start(before.start, before_first_year)
    end_shift = _months_from_start(after.end, after_first_year) - _months_from_start(before.end, before_first_year)
    if not start_shift and not end_shift:
        return False, "cùng khoảng thời gian trong năm của kế hoạch"
    notes = []
    for shift, word in ((start_shift, "bắt đầu"), (end_shift, "kết thúc")):
        if shift:
            notes.append(f"{word} {'sớm' if shift < 0 else 'muộn'} hơn {abs(shift)} tháng")
    return True, ", ".join(notes)


def _quantity_note(before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return ""
    if int(after) < int(before):
        return f"giảm từ {before} xuống {after}"
    if int(after) > int(before):
        return f"tăng từ {before} lên {after}"
    return ""


def agency_note(pairs: list[AgencyPair]) -> str:
    """The differences in ids, for the open data: 'a → b (merged 2025-03-01)', '+ c', '- d'."""
    notes = []
    for pair in pairs:
        if pair.kind == "lineage":
            steps = ", ".join(f"{step.change.value} {step.date.isoformat()}" for step in pair.steps)
            notes.append(f"{pair.before.id} → {pair.after.id} ({steps})")
        elif pair.kind == "added":
            notes.append(f"+ {pair.after.id}")
        elif pair.kind == "removed":
            notes.append(f"- {pair.before.id}")
    return "; ".join(notes)


class AgencyPairing:
    """pair_agencies and agency_note of lists of agency ids, each worked out once for the same agencies:
    a build's (compare_plans), kept for the next by the preview (CACHE) while the agencies' records are equal."""

    def __init__(self, agencies: tuple):
        self.agencies = agencies  # the agencies' records (data.agencies' order)
        self.lineages: dict = {}  # see pair_agencies
        # by the two id lists: each pair's two ids (None for a missing side) and steps, and the pairs' note
        self.found: dict[tuple, tuple[list[tuple[str | None, str | None, list[Succession]]], str]] = {}

    def pair(self, before_ids: tuple[str, ...], after_ids: tuple[str, ...],
             agencies: dict[str, AgencyView]) -> tuple[list[AgencyPair], str]:
        """The pairs (with this build's views, agencies by id) and their note."""
        found = self.found.get((before_ids, after_ids))
        if found is None:
            pairs = pair_agencies(list(before_ids), list(after_ids), agencies, self.lineages)
            self.found[(before_ids, after_ids)] = (
                [(pair.before and pair.before.id, pair.after and pair.after.id, pair.steps) for pair in pairs],
                agency_note(pairs))
            return pairs, self.found[(before_ids, after_ids)][1]
        ids, note = found
        return [AgencyPair(before and agencies[before], after and agencies[after], steps) for before, after, steps in ids], note


def task_fields(before: TaskView, after: TaskView, agencies: dict[str, AgencyView],
                pairing: AgencyPairing | None = None) -> list[FieldComparison]:
    """pairing: kept for the build (compare_plans), else one for this call."""
    b, a = before.task, after.task
    pairing = pairing or AgencyPairing(())
    title = _compare_text(b.title, a.title)
    lead, lead_note = pairing.pair((b.lead,), (a.lead,), agencies)
    coordinating, coordinating_note = pairing.pair(tuple(b.coordinating), tuple(a.coordinating), agencies)
    timeframe_changed, timeframe_note = compare_timeframes(
        before.timeframe, before.plan.plan.period_start, after.timeframe, after.plan.plan.period_start)
    fields = [
        FieldComparison("title", "Tên nhiệm vụ", b.title, a.title, not _same_text(b.title, a.title), diff=title),
        FieldComparison("lead", "Chủ trì", b.lead_text, a.lead_text, any(p.kind in ("added", "removed") for p in lead),
                        lead_note, agencies=lead),
        FieldComparison("coordinating", "Phối hợp", b.coordinating_text or "", a.coordinating_text or "",
                        any(p.kind in ("added", "removed") for p in coordinating), coordinating_note,
                        agencies=coordinating),
    ]
    if b.unit or a.unit:
        fields.append(FieldComparison("unit", "Đơn vị tính", b.unit or "", a.unit or "",
                                      (b.unit or "").casefold() != (a.unit or "").casefold()))
        fields.append(FieldComparison(
            "quantity", "Số lượng", b.quantity or "", a.quantity or "",
            (int(b.quantity) if b.quantity else None) != (int(a.quantity) if a.quantity else None),
            _quantity_note(b.quantity, a.quantity)))
    fields.append(FieldComparison("timeframe", "Thời gian thực hiện", b.timeframe, a.timeframe, timeframe_changed, timeframe_note))
    return fields


def target_fields(before: Target, after: Target) -> list[FieldComparison]:
    def value(target: Target) -> str:
        if target.value is None:
            return ""
        return f"{target.value:g}" + ("%" if target.unit and target.unit.value == "percent" else "")

    return [
        FieldComparison("text", "Nội dung", before.text, after.text, not _same_text(before.text, after.text),
                        diff=_compare_text(before.text, after.text)),
        FieldComparison("value", "Giá trị", value(before), value(after),
                        (before.value, before.unit) != (after.value, after.unit)),
        FieldComparison("aspirational", "Phấn đấu", "có" if before.aspirational else "không",
                        "có" if after.aspirational else "không", before.aspirational != after.aspirational),
    ]


# -- whole comparisons -----------------------------------------------------------------------


def missing_years(plans: list[PlanView]) -> list[int]:
    """Years between a series' first and last plan that no plan's period covers."""
    covered = {year for plan in plans for year in range(plan.plan.period_start, plan.plan.period_end + 1)}
    first, last = min(covered), max(covered)
    return [year for year in range(first, last + 1) if year not in covered]


def compare_years(series: Series, before: PlanView, after: PlanView, gaps: list[int], data: SiteData,
                  task_similarity: Similarity, target_similarity: Similarity,
                  agencies: dict[str, AgencyView] | None = None, pairing: AgencyPairing | None = None) -> YearComparison:
    """agencies: by id, as in data; pairing: see task_fields."""
    agencies = agencies or {view.id: view for view in data.agencies}
    tasks = match_items(task_items(before), task_items(after), task_similarity)
    for row in tasks:
        if row.before and row.after:
            row.fields = task_fields(row.before.task, row.after.task, agencies, pairing)
    targets = match_items(target_items(before), target_items(after), target_similarity)
    for row in targets:
        if row.before and row.after:
            row.fields = target_fields(row.before.target, row.after.target)
    between = [year for year in gaps if before.plan.period_end < year < after.plan.period_start]
    return YearComparison(series, before, after, between, tasks, targets)


def follow_tasks(plans: list[PlanView], comparisons: list[YearComparison]) -> list[Chain]:
    """Each task followed through the series, column by column (plan by plan)."""
    chains: list[Chain] = []
    where: dict[str, Chain] = {}  # item ref → the chain it ends
    for column, plan in enumerate(plans):
        rows = {row.after.ref: row for row in comparisons[column - 1].tasks if row.after} if column else {}
        for item in task_items(plan):
            row = rows.get(item.ref)
            chain = where.get(row.before.ref) if row and row.before else None
            if chain is None or chain.cells[column] is not None:
                chain = Chain([None] * len(plans))
                chains.append(chain)
            chain.cells[column] = (item, row if row and row.before else None)
            where[item.ref] = chain
    return chains


def compare_versions(plan: PlanView, before: Version, after: Version) -> VersionComparison:
    def read(version: Version) -> str:
        return nfc((plan.folder / version.source_file).read_text(encoding="utf-8-sig"))

    def date(version: Version) -> str:
        if version.date:
            return vn_date(version.date)
        return f"Để trống (dự thảo năm {version.year_written})" if version.year_written else "Để trống"

    facts = [
        FieldComparison("number", "Số hiệu", before.number or "Chưa đánh số", after.number or "Chưa đánh số",
                        before.number != after.number),
        FieldComparison("date", "Ngày ban hành", date(before), date(after), before.date != after.date),
    ]
    return VersionComparison(plan, before, after, _compare_text(read(before), read(after)), facts)


class _KeptScores:
    """A Similarity whose scores are kept (the preview's CACHE): same scores, each computed once."""

    def __init__(self, similarity: Similarity):
        self.similarity, self.scores = similarity, {}
        # match_items' outlines by the two plans' items (refs, texts, continues), which with these
        # scores are all an outline depends on; matches_used: those of the current build, the only
        # ones kept for the next (compare_plans)
        self.matches: dict[tuple, _Outline] = {}
        self.matches_used: dict[tuple, _Outline] = {}

    def score(self, first: str, second: str) -> float:
        key = (first, second)
        if key not in self.scores:
            self.scores[key] = self.similarity.score(first, second)
        return self.scores[key]


def _similarity(kind: str, corpus: list[str]) -> Similarity | _KeptScores:
    if CACHE is None:
        return Similarity(corpus)
    corpus = tuple(corpus)
    kept = CACHE.get(kind)
    if kept is None or kept[0] != corpus:  # a new vocabulary weighs every word again
        kept = CACHE[kind] = (corpus, _KeptScores(Similarity(corpus)))
    return kept[1]


def _compare_text(older: str, newer: str) -> TextDiff:
    if CACHE is None:
        return compare_text(older, newer)
    kept, used = CACHE.setdefault("diffs", {}), CACHE.setdefault("diffs used", {})
    key = (older, newer)
    if key not in used:
        used[key] = kept[key] if key in kept else compare_text(older, newer)
    return used[key]


def compare_plans(data: SiteData) -> None:
    """Fill data.series_overviews, data.year_comparisons and data.version_comparisons, and link
    each plan to the comparisons it takes part in."""
    if CACHE is not None:  # the diffs of the last build are kept for this one, and only those
        CACHE["diffs"], CACHE["diffs used"] = CACHE.get("diffs used", {}), {}
    task_similarity = _similarity("tasks", [task.task.title for task in data.tasks])
    target_similarity = _similarity("targets", [target.text for plan in data.plans for target in plan.plan.targets])
    for kept in (task_similarity, target_similarity):
        if isinstance(kept, _KeptScores):  # the matches of the last build are kept for this one, and only those
            kept.matches, kept.matches_used = kept.matches_used, {}
    agencies = {view.id: view for view in data.agencies}
    agency_records = tuple(view.agency for view in data.agencies)
    pairing = CACHE.get("agency pairing") if CACHE is not None else None
    if pairing is None or pairing.agencies != agency_records:  # equal records: the same lineages
        pairing = AgencyPairing(agency_records)
        if CACHE is not None:
            CACHE["agency pairing"] = pairing
    by_series: dict[str, list[PlanView]] = {}
    for plan in data.plans:
        by_series.setdefault(plan.plan.series, []).append(plan)
    for series in data.series.values():
        plans = by_series.get(series.id, [])
        if not plans:
            continue
        gaps = missing_years(plans)
        pairs = [
            compare_years(series, before, after, gaps, data, task_similarity, target_similarity, agencies, pairing)
            for before, after in zip(plans, plans[1:])
        ]
        for pair in pairs:
            pair.before.year_comparisons.append(pair)
            pair.after.year_comparisons.append(pair)
            if CACHE is not None:
                pair.made_from = (pair.before.plan, pair.after.plan, series, tuple(pair.missing_years), task_similarity,
                                  target_similarity, agency_records)
        data.year_comparisons += pairs
        data.series_overviews.append(SeriesOverview(series, plans, pairs, gaps, follow_tasks(plans, pairs)))
    for plan in data.plans:
        for before, after in zip(plan.plan.versions, plan.plan.versions[1:]):
            comparison = compare_versions(plan, before, after)
            plan.version_comparisons.append(comparison)
            data.version_comparisons.append(comparison)
