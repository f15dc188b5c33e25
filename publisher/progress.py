"""Implementation status of a task on the site's as-of date, from its progress reports.

The default is honest: a task nobody reported on is "Chưa cập nhật", never on track. It is
"Quá hạn" (overdue) only when its last report says it is not finished and its deadline has
passed: on the as-of date, the deadline's last day is already behind (a task due "Quý II-IV/2024"
ends 2024-12-31, so it is overdue from 2025-01-01, not on 2024-12-31). A task past its deadline
with no report at all stays "Chưa cập nhật", flagged "đã hết thời hạn, chưa có báo cáo".

A "Hằng năm" task is judged once per year of the plan's period, up to the as-of year; a report
counts for its `year` (default: the year of its date). The running year is not overdue until it ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from .model import FINISHED_TASK_STATUSES, ProgressReport
from .timeframes import Timeframe


class Standing(str, Enum):
    """What the site shows for a task: a reported status, "overdue", or "not updated"."""

    not_updated = "not_updated"
    not_started = "not_started"
    in_progress = "in_progress"
    completed = "completed"
    not_implemented = "not_implemented"
    overdue = "overdue"


STANDING_LABELS = {
    Standing.not_updated: "Chưa cập nhật",
    Standing.not_started: "Chưa triển khai",
    Standing.in_progress: "Đang thực hiện",
    Standing.completed: "Hoàn thành",
    Standing.not_implemented: "Không thực hiện",
    Standing.overdue: "Quá hạn",
}
UNREPORTED_PAST_DEADLINE = "đã hết thời hạn, chưa có báo cáo"


@dataclass(frozen=True)
class Judgement:
    """One judgement: the whole task, or one year of a "Hằng năm" task (year set)."""

    standing: Standing
    deadline: dt.date
    report: ProgressReport | None
    year: int | None = None
    past_deadline: bool = False  # on the as-of date, the deadline's last day is behind

    @property
    def unreported_past_deadline(self) -> bool:
        return self.report is None and self.past_deadline


def judge(reports: list[ProgressReport], deadline: dt.date, as_of: dt.date, year: int | None = None) -> Judgement:
    """The standing given the reports (oldest first) and the last day of the deadline."""
    past = as_of > deadline
    last = reports[-1] if reports else None
    if last is None:
        return Judgement(Standing.not_updated, deadline, None, year, past)
    if past and last.status not in FINISHED_TASK_STATUSES:
        return Judgement(Standing.overdue, deadline, last, year, past)
    return Judgement(Standing(last.status.value), deadline, last, year, past)


def report_year(report: ProgressReport) -> int:
    return report.year if report.year is not None else report.date.year


@dataclass(frozen=True)
class TaskProgress:
    reports: list[ProgressReport]
    judgements: list[Judgement] = field(default_factory=list)  # one, or one per year for "Hằng năm"

    @property
    def overdue_years(self) -> list[int]:
        return [j.year for j in self.judgements if j.standing is Standing.overdue and j.year is not None]

    @property
    def standing(self) -> Standing:
        """Overdue if any judgement is; else that of the latest judgement."""
        if any(j.standing is Standing.overdue for j in self.judgements):
            return Standing.overdue
        return self.judgements[-1].standing

    @property
    def unreported_past_deadline(self) -> bool:
        return any(j.unreported_past_deadline for j in self.judgements)

    @property
    def last_report(self) -> ProgressReport | None:
        return self.reports[-1] if self.reports else None


def task_progress(timeframe: Timeframe, reports: list[ProgressReport], as_of: dt.date) -> TaskProgress:
    if not timeframe.every_year:
        return TaskProgress(reports, [judge(reports, timeframe.end, as_of)])
    first, last = timeframe.start.year, max(timeframe.start.year, min(timeframe.end.year, as_of.year))
    judgements = [
        judge([r for r in reports if report_year(r) == year], dt.date(year, 12, 31), as_of, year)
        for year in range(first, last + 1)
    ]
    return TaskProgress(reports, judgements)


def due_in_year(timeframe: Timeframe, year: int) -> bool:
    """Whether the task has a deadline falling in the year: its end, or any year of a "Hằng năm" task."""
    if timeframe.every_year:
        return timeframe.start.year <= year <= timeframe.end.year
    return timeframe.end.year == year

