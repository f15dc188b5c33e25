"""Parse a task's timeframe ("Thời gian thực hiện") into start and end dates.

The original text is always kept; these dates only make "due" and "overdue" computable.
Forms found in the documents: "Hằng năm", "Năm 2024", "Quý II-IV/2024", "Quý I- IV/2026",
"2012-2015", "2012".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .text import fold

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Timeframe:
    text: str
    start: dt.date
    end: dt.date
    every_year: bool = False  # "Hằng năm": due each year of the plan's period


class TimeframeError(ValueError):
    pass


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _quarter_bounds(first: int, last: int, year: int) -> tuple[dt.date, dt.date]:
    end_month = last * 3
    return dt.date(year, first * 3 - 2, 1), dt.date(year, end_month, calendar.monthrange(year, end_month)[1])


def parse_timeframe(text: str, period_start: int, period_end: int) -> Timeframe:
    """Start and end of a timeframe; "Hằng năm" spans the plan's period (years inclusive)."""
    folded = re.sub(r"\s+", " ", fold(text)).strip().rstrip(".")
    if folded in ("hang nam", "hangnam"):
        return Timeframe(text, _year_start(period_start), _year_end(period_end), every_year=True)
    match = re.fullmatch(r"(?:nam )?(\d{4})", folded)
    if match:
        year = int(match.group(1))
        return Timeframe(text, _year_start(year), _year_end(year))
    match = re.fullmatch(r"(?:giai doan |nam )?(\d{4}) ?[-–] ?(\d{4})", folded)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if last < first:
            raise TimeframeError(f"năm kết thúc {last} trước năm bắt đầu {first}")
        return Timeframe(text, _year_start(first), _year_end(last))
    match = re.fullmatch(r"quy (i{1,3}|iv)(?: ?[-–] ?(i{1,3}|iv))? ?/ ?(?:nam )?(\d{4})", folded)
    if match:
        first = _QUARTERS[match.group(1)]
        last = _QUARTERS[match.group(2) or match.group(1)]
        if last < first:
            raise TimeframeError(f"quý kết thúc trước quý bắt đầu trong {text!r}")
        start, end = _quarter_bounds(first, last, int(match.group(3)))
        return Timeframe(text, start, end)
    match = re.fullmatch(r"thang (\d{1,2}) ?/ ?(?:nam )?(\d{4})", folded)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise TimeframeError(f"tháng {month} không có thật")
        return Timeframe(text, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    raise TimeframeError(
        f"không hiểu thời gian thực hiện {text!r}; các dạng được nhận: 'Hằng năm', 'Năm 2024', "
        "'Quý II-IV/2024', 'Tháng 6/2024', '2012-2015', '2012'"
    )
