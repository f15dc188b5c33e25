"""Stage 4, open data: JSON and CSV files for plans, tasks, targets and agencies, and a DCAT catalog.

Files go to du-lieu/ in the site. CSV files are UTF-8 with a byte-order mark so that Excel
opens Vietnamese text correctly; list values are joined with "; "; a CSV or XLSX cell that starts
like a spreadsheet formula (=, +, -, @, tab, CR) starts with an apostrophe. Records are in document order.
The register of polluting facilities (facilities, facility-lists) is also offered as an Excel
workbook (XLSX) with the CSV's columns, byte for byte the same from build to build.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import xlsxwriter

from .files import OutputFolder
from .comparisons import Row, YearComparison
from .model import Decision
from .site_data import DATA_PATH, PlanView, SiteData

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URL_NOTE = "Địa chỉ trang của bản ghi, tính từ gốc của trang web"


@dataclass
class Column:
    name: str
    description: str


@dataclass
class Dataset:
    identifier: str
    title: str
    description: str
    columns: list[Column]
    records: list[dict]
    sizes: dict[str, int]
    json_records: list[dict] | None = None  # when the JSON nests what the CSV flattens
    xlsx: bool = False  # also offered as an Excel workbook
    part_by: str | None = None  # the field whose value groups consecutive records into parts (see CACHE)
    # the preview: each part of the JSON ("json") and of the CSV ("csv") with its digest (see CACHE), when known
    # beforehand (the datasets made plan by plan, see _PLAN_PARTS)
    digested_parts: dict[str, list[tuple[bytes, list[dict]]]] | None = None

    def json_value(self) -> list[dict]:
        return self.records if self.json_records is None else self.json_records

    def file(self, extension: str) -> str:
        return f"{self.identifier}.{extension}"


def _site_url(path: str) -> str:
    return path.lstrip("/")


def _plan_records(plans: list[PlanView]) -> list[dict]:
    return [
        {
            "id": plan.id,
            "number": plan.number,
            "title": plan.plan.title,
            "date": plan.current.date.isoformat() if plan.current.date else None,
            "year": plan.plan.year,
            "status": plan.status.value,
            "series": plan.plan.series,
            "period_start": plan.plan.period_start,
            "period_end": plan.plan.period_end,
            "issuer": plan.plan.issuer,
            "task_count": len(plan.tasks),
            "legal_basis": [reference.text for _, reference in plan.legal_basis],
            "url": _site_url(plan.path),
        }
        for plan in plans
    ]


def _task_records(plans: list[PlanView]) -> list[dict]:
    return [
        {
            "id": task.id,
            "plan": task.plan.id,
            "group": task.task.group,
            "number": task.task.number,
            "title": task.task.title,
            "lead": task.task.lead,
            "lead_text": task.task.lead_text,
            "coordinating": list(task.task.coordinating),
            "coordinating_text": task.task.coordinating_text,
            "unit": task.task.unit,
            "quantity": task.quantity_value,
            "quantity_text": task.task.quantity,
            "timeframe": {
                "text": task.timeframe.text,
                "start": task.timeframe.start.isoformat(),
                "end": task.timeframe.end.isoformat(),
                "every_year": task.timeframe.every_year,
            },
            "status": task.standing.value,
            "overdue_years": task.progress.overdue_years,
            "deadline_passed_unreported": task.progress.unreported_past_deadline,
            "last_report_date": task.progress.last_report.date.isoformat() if task.progress.last_report else None,
            "report_count": len(task.progress.reports),
            "sample": task.sample,
            "url": _site_url(task.path),
        }
        for plan in plans for task in plan.tasks
    ]


def _evidence_records(evidence: list) -> list[dict]:
    return [{"number": e.number, "date": e.date.isoformat() if e.date else None, "title": e.title, "url": e.url}
            for e in evidence]


def _evidence_texts(evidence: list) -> list[str]:
    return [" ".join(part for part in (e.number, e.date.isoformat() if e.date else None, e.title, e.url) if part)
            for e in evidence]


def _task_report_records(plans: list[PlanView]) -> tuple[list[dict], list[dict]]:
    """(nested records for JSON, flat rows for CSV and XLSX): one per progress report."""
    nested, flat = [], []
    for task in (task for plan in plans for task in plan.tasks):
        for report in task.progress.reports:
            common = {
                "task": task.id, "plan": task.plan.id, "date": report.date.isoformat(), "status": report.status.value,
                "year": report.year, "reason": report.reason, "note": report.note,
            }
            tail = {"sample": task.plan.progress_sample, "url": _site_url(task.path)}
            nested.append(common | {"evidence": _evidence_records(report.evidence)} | tail)
            flat.append(common | {"evidence": _evidence_texts(report.evidence)} | tail)
    return nested, flat


def _legal_document_records(data: SiteData) -> tuple[list[dict], list[dict]]:
    nested, flat = [], []
    for document in data.legal.documents:
        common = {
            "id": document.id, "type": document.kind, "number": document.number, "issuer": document.issuer,
            "date": document.date.isoformat() if document.date else None, "year": document.year,
            "title": document.title, "official_url": document.url,
            "status": document.status.value if document.status else None,
            "plan": document.plan.id if document.plan else None,
            "cited_by": [plan.id for plan in document.citing_plans],
            "citation_count": len(document.mentions), "url": _site_url(document.path),
        }
        flat.append(common)
        nested.append(common | {"citations": [
            {"plan": m.plan.id, "place": m.place, "text": m.written, "url": _site_url(m.path)} for m in document.mentions
        ]})
    return nested, flat


def _target_records(plans: list[PlanView]) -> tuple[list[dict], list[dict]]:
    """(nested records for JSON, with every measured value; flat rows for CSV, with the latest)."""
    nested, flat = [], []
    for plan in plans:
        for target, anchor, measured in plan.targets_measured():
            latest = measured[-1] if measured else None
            common = {
                "id": f"{plan.id}-{anchor}",
                "plan": plan.id,
                "number": target.number,
                "text": target.text,
                "value": target.value,
                "unit": target.unit.value if target.unit else None,
                "aspirational": target.aspirational,
                "measured_value": latest.value if latest else None,
                "measured_date": latest.date.isoformat() if latest else None,
                "sample": bool(measured) and plan.progress_sample,
                "url": _site_url(f"{plan.path}#{anchor}"),
            }
            flat.append(common)
            nested.append(common | {"measurements": [
                {"date": m.date.isoformat(), "value": m.value, "note": m.note, "evidence": _evidence_records(m.evidence)}
                for m in measured
            ]})
    return nested, flat


def _agency_records(data: SiteData) -> list[dict]:
    return [
        {
            "id": agency.id,
            "name": agency.agency.name,
            "short_name": agency.agency.short_name,
            "aliases": list(agency.agency.aliases),
            "kind": agency.agency.kind.value,
            "parent": agency.agency.parent,
            "predecessors": [s.other.id for s in agency.predecessors],
            "successors": [s.other.id for s in agency.successors],
            "valid_from": agency.agency.valid_from.isoformat() if agency.agency.valid_from else None,
            "valid_to": agency.agency.valid_to.isoformat() if agency.agency.valid_to else None,
            "tasks_lead": len(agency.leads),
            "tasks_support": len(agency.supports),
            "url": _site_url(agency.path),
        }
        for agency in data.agencies
    ]


def _decision_record(decision: Decision | None) -> dict | None:
    if decision is None:
        return None
    return {"number": decision.number, "date": decision.date.isoformat(), "issuer": decision.issuer,
            "title": decision.title, "url": decision.url}


def _decision_text(decision: Decision) -> str:
    return f"{decision.number} ngày {decision.date.isoformat()} ({decision.issuer})"


FACILITY_COLUMNS = (
    ("id", "Mã cơ sở"), ("name", "Tên cơ sở"), ("address", "Địa chỉ"), ("commune", "Xã, phường"),
    ("district", "Quận, huyện, thị xã cũ (trước ngày 01/7/2025)"),
    ("latitude", "Vĩ độ (WGS 84), trống nếu chưa biết"), ("longitude", "Kinh độ (WGS 84), trống nếu chưa biết"),
    ("facility_type", "Loại cơ sở"), ("industry", "Ngành nghề"), ("managing_body", "Cơ quan quản lý, nguyên văn"),
    ("media", "Môi trường bị ô nhiễm: wastewater (nước thải), emissions (khí thải), solid_waste (chất thải rắn), "
              "hazardous_waste (chất thải nguy hại), noise (tiếng ồn)"),
    ("exceeded", "Thông số vượt quy chuẩn, nguyên văn, theo thứ tự của media"),
    ("listed_by", "Quyết định đưa vào danh sách: số, ngày, mã cơ quan ban hành"),
    ("lists", "Các năm có danh sách công bố ghi tên cơ sở"),
    ("measure", "Biện pháp bắt buộc: treat (xử lý triệt để), relocate (di dời), close (đóng cửa)"),
    ("deadline", "Thời hạn (YYYY-MM-DD)"), ("lead", "Mã cơ quan chủ trì"), ("coordinating", "Mã các cơ quan phối hợp"),
    ("status", "Trạng thái đến ngày dữ liệu: listed (trong danh sách), treating (đang xử lý), certified_complete "
               "(đã xác nhận hoàn thành xử lý), relocated (đã di dời), closed (đã đóng cửa)"),
    ("status_date", "Ngày của trạng thái đó"),
    ("overdue", "Quá hạn: đã qua thời hạn mà chưa hoàn thành, tính theo ngày dữ liệu"),
    ("last_verified", "Ngày kiểm tra lần cuối"),
    ("sample", "true: dữ liệu minh họa, không phải cơ sở có thật"), ("url", URL_NOTE),
)


def _facility_records(data: SiteData) -> tuple[list[dict], list[dict]]:
    """(nested records for JSON, flat rows for CSV and XLSX)."""
    nested, flat = [], []
    for view in data.facilities:
        f = view.facility
        common = {
            "id": f.id, "name": f.name, "address": f.address, "commune": f.commune, "district": f.district,
            "latitude": f.coordinates.latitude if f.coordinates else None,
            "longitude": f.coordinates.longitude if f.coordinates else None,
            "facility_type": f.facility_type, "industry": f.industry, "managing_body": f.managing_body,
        }
        status = {
            "measure": f.measure.value, "deadline": f.deadline.isoformat(), "lead": f.lead, "coordinating": list(f.coordinating),
            "status": view.status.value, "status_date": view.status_date.isoformat(), "overdue": view.overdue,
            "last_verified": f.last_verified.isoformat(), "sample": f.sample, "url": _site_url(view.path),
        }
        nested.append(common | {
            "pollution": [{"medium": p.medium.value, "exceeded": p.exceeded} for p in f.pollution],
            "listed_by": [_decision_record(d) for d in f.listed_by], "lists": view.years,
        } | status | {
            "status_history": [
                {"status": e.status.value, "date": e.date.isoformat(), "decision": _decision_record(e.decision),
                 "source": e.source.text, "source_url": e.source.url, "note": e.note}
                for e in f.status_history
            ],
            "sources": [{"text": source.text, "url": source.url} for source in f.sources],
        })
        flat.append(common | {
            "media": [p.medium.value for p in f.pollution], "exceeded": [p.exceeded for p in f.pollution],
            "listed_by": [_decision_text(d) for d in f.listed_by], "lists": view.years,
        } | status)
    return nested, flat


# The preview (CACHE set): the facilities' records with their digests, from one build to the next. Keyed by the
# facilities' and the yearly lists' records themselves (the same objects while their files are unchanged, as for
# _PLAN_PARTS) and the as-of date, all that a facility's records are made from (its status, whether it is overdue
# and the lists naming it: site_data). A plan edit leaves them as they were.
_FACILITY_PARTS: dict[str, tuple[tuple, tuple[list[dict], list[dict], dict]]] = {}


def _facility_datasets(data: SiteData) -> tuple[list[dict], list[dict], dict | None]:
    """_facility_records, and with CACHE the digested parts of its JSON and CSV (as Dataset.digested_parts)."""
    if CACHE is None:
        return *_facility_records(data), None
    key = (data.site.as_of, *(view.facility for view in data.facilities),
           None, *(view.facility_list for view in data.facility_lists))
    kept = _FACILITY_PARTS.get("facilities")
    if kept is None or len(kept[0]) != len(key) or not all(a is b or a == b for a, b in zip(kept[0], key)):
        nested, flat = _facility_records(data)
        kept = _FACILITY_PARTS["facilities"] = key, (nested, flat, {
            kind: [(_digest(part), part) for part in _parts(records, None)] for kind, records in (("json", nested), ("csv", flat))})
    return kept[1]


def _facility_list_records(data: SiteData) -> tuple[list[dict], list[dict]]:
    nested, flat = [], []
    for view in data.facility_lists:
        decision = view.facility_list.decision
        common = {"year": view.year, "decision_number": decision.number, "decision_date": decision.date.isoformat(),
                  "decision_issuer": decision.issuer, "facility_count": len(view.facilities),
                  "facilities": [f.id for f in view.facilities], "sample": view.sample, "url": _site_url(view.path)}
        nested.append(common | {"decision": _decision_record(decision), "note": view.facility_list.note})
        flat.append(common)
    return nested, flat


TASK_STATUS_COLUMNS = (
    ("status", "Tình trạng đến ngày dữ liệu: not_updated (chưa cập nhật: chưa có báo cáo), not_started (chưa triển "
               "khai), in_progress (đang thực hiện), completed (hoàn thành), not_implemented (không thực hiện), "
               "overdue (quá hạn: báo cáo gần nhất chưa hoàn thành mà thời hạn đã qua)"),
    ("overdue_years", "Nhiệm vụ hằng năm: các năm quá hạn"),
    ("deadline_passed_unreported", "true: đã hết thời hạn mà chưa có báo cáo (vẫn là not_updated, không tính quá hạn)"),
    ("last_report_date", "Ngày của báo cáo tiến độ gần nhất"), ("report_count", "Số báo cáo tiến độ"),
    ("sample", "true: các báo cáo tiến độ của nhiệm vụ là dữ liệu minh họa"),
)
TASK_REPORT_COLUMNS = (
    ("task", "Mã nhiệm vụ (như cột id của tập nhiệm vụ)"), ("plan", "Mã kế hoạch"), ("date", "Ngày báo cáo (YYYY-MM-DD)"),
    ("status", "Tình trạng được báo cáo: not_started (chưa triển khai), in_progress (đang thực hiện), completed "
               "(hoàn thành), not_implemented (không thực hiện)"),
    ("year", "Nhiệm vụ hằng năm: năm được báo cáo"), ("reason", "Lý do không thực hiện"), ("note", "Ghi chú"),
    ("evidence", "Văn bản làm bằng chứng: số, ngày, tên, liên kết"), ("sample", "true: dữ liệu minh họa"),
    ("url", URL_NOTE + " (dòng nhiệm vụ trên trang kế hoạch)"),
)
LEGAL_DOCUMENT_COLUMNS = (
    ("id", "Mã văn bản (địa chỉ trang /van-ban/<mã>/)"), ("type", "Loại văn bản, ví dụ Quyết định"),
    ("number", "Số hiệu, ví dụ 192/QĐ-TTg (trống nếu trích dẫn theo tên)"), ("issuer", "Cơ quan ban hành"),
    ("date", "Ngày ban hành (YYYY-MM-DD), nếu trích dẫn ghi"), ("year", "Năm ban hành, nếu biết"),
    ("title", "Trích yếu, như căn cứ của kế hoạch hoặc biên tập viên ghi"), ("official_url", "Địa chỉ văn bản chính thức"),
    ("status", "Hiệu lực theo biên tập viên: in_force (còn hiệu lực), expired (hết hiệu lực); trống nếu chưa ghi"),
    ("plan", "Mã kế hoạch trên trang này, nếu văn bản là một kế hoạch đã công bố"),
    ("cited_by", "Mã các kế hoạch trích dẫn văn bản"), ("citation_count", "Số chỗ được trích dẫn"),
    ("url", URL_NOTE),
)
COMPARISON_COLUMNS = (
    ("comparison", "Mã so sánh"),
    ("kind", "Loại: years (hai năm của một chuỗi) hoặc versions (hai phiên bản của một kế hoạch)"),
    ("plan_before", "Mã kế hoạch trước (hoặc kế hoạch có hai phiên bản)"), ("plan_after", "Mã kế hoạch sau"),
    ("version_before", "Mã phiên bản trước (so sánh phiên bản)"), ("version_after", "Mã phiên bản sau"),
    ("missing_years", "Các năm giữa hai kế hoạch chưa có kế hoạch trong dữ liệu"),
    ("item", "Dòng so sánh: task (nhiệm vụ), target (chỉ tiêu) hoặc text (một chỗ khác trong toàn văn)"),
    ("before_id", "Mã nhiệm vụ/chỉ tiêu năm trước (trống nếu mới)"), ("after_id", "Mã nhiệm vụ/chỉ tiêu năm sau (trống nếu không còn)"),
    ("before_text", "Nguyên văn phía trước: tên nhiệm vụ, chỉ tiêu, hoặc chữ bị thay/bỏ"),
    ("after_text", "Nguyên văn phía sau"),
    ("match", "Cách ghép: explicit (theo dữ liệu), suggested (gợi ý theo độ giống nhau), none (không ghép)"),
    ("score", "Độ giống nhau của hai tên, 0–1 (cosin TF-IDF); trống nếu không ghép"),
    ("status", "Kết quả: unchanged, changed, new, dropped (nhiệm vụ, chỉ tiêu); wording, added, removed, spacing, case (toàn văn)"),
    ("changed_fields", "Các mục thay đổi: title, lead, coordinating, unit, quantity, timeframe, text, value, aspirational"),
    ("timeframe_before", "Thời gian thực hiện năm trước, nguyên văn"), ("timeframe_after", "Thời gian thực hiện năm sau, nguyên văn"),
    ("url", URL_NOTE + " (trang so sánh, kèm neo tới dòng)"),
)


def _item_id(item) -> str | None:
    if item is None:
        return None
    return item.task.id if item.task is not None else f"{item.plan.id}-{item.anchor}"


def _row_anchor(row: Row, kind: str) -> str:
    """Where a compared task or target is shown on its comparison page."""
    if kind == "target":
        return "chi-tieu"
    if row.before and row.after:
        return f"tt-{row.after.anchor}"
    return "moi" if row.before is None else "khong-con"


def _row_record(comparison: YearComparison, row: Row, kind: str) -> dict:
    return {
        "item": kind,
        "before_id": _item_id(row.before), "after_id": _item_id(row.after),
        "before_text": row.before.text if row.before else None, "after_text": row.after.text if row.after else None,
        "match": row.match.value,
        "score": round(row.score, 3) if row.score is not None else None,
        "status": row.status.value,
        "changed_fields": row.changed_fields,
        "timeframe_before": row.before.task.task.timeframe if row.before and row.before.task else None,
        "timeframe_after": row.after.task.task.timeframe if row.after and row.after.task else None,
        "fields": [
            {"field": f.key, "before": f.before, "after": f.after, "changed": f.changed, "note": f.note or None}
            for f in row.fields
        ],
        "url": _site_url(f"{comparison.path}#{_row_anchor(row, kind)}"),
    }


def _year_comparison_record(comparison: YearComparison) -> dict:
    return {
        "comparison": comparison.id, "kind": "years", "series": comparison.series.id,
        "plan_before": comparison.before.id, "plan_after": comparison.after.id,
        "version_before": None, "version_after": None,
        "missing_years": comparison.missing_years,
        "summary": {status: comparison.count(status) for status in ("unchanged", "changed", "new", "dropped")},
        "url": _site_url(comparison.path),
        "rows": [_row_record(comparison, row, "task") for row in comparison.tasks]
        + [_row_record(comparison, row, "target") for row in comparison.targets],
    }


def _version_comparison_record(comparison) -> dict:
    return {
        "comparison": comparison.id, "kind": "versions", "series": None,
        "plan_before": comparison.plan.id, "plan_after": comparison.plan.id,
        "version_before": comparison.before.id, "version_after": comparison.after.id,
        "missing_years": [],
        "summary": {kind: comparison.diff.count(kind) for kind in ("wording", "added", "removed", "spacing", "case")},
        "url": _site_url(comparison.path),
        "rows": [
            {"item": "text", "before_id": None, "after_id": None,
             "before_text": change.before or None, "after_text": change.after or None,
             "match": None, "score": None, "status": change.kind, "changed_fields": [],
             "timeframe_before": None, "timeframe_after": None,
             "context_before": change.context_before, "context_after": change.context_after,
             "url": _site_url(f"{comparison.path}#{change.anchor}")}
            for change in comparison.diff.changes
        ],
    }


def _flat_rows(record: dict) -> list[dict]:
    """A comparison's rows for the CSV, each with the comparison's fields."""
    common = {key: value for key, value in record.items() if key not in ("rows", "summary", "series")}
    return [common | row for row in record["rows"]]


# The preview (CACHE set): each year comparison's records and the digests of its parts, from one build to the
# next, by the comparison's id, kept while the comparison is made from the same values (YearComparison.made_from:
# all its rows depend on). Only the entries of the last build are kept.
_COMPARISON_PARTS: dict[str, tuple[tuple, tuple[list, list]]] = {}


def _digested_parts(record: dict) -> tuple[list[tuple[bytes, list[dict]]], list[tuple[bytes, list[dict]]]]:
    """A comparison's JSON part (its record) and CSV part (its rows, if any), each with its digest."""
    rows = _flat_rows(record)
    return [(_digest([record]), [record])], [(_digest(rows), rows)] if rows else []


def _comparison_records(data: SiteData) -> tuple[list[dict], list[dict], dict | None]:
    """(nested records for JSON, flat rows for CSV, digested parts for the preview)."""
    if CACHE is None:
        nested = [_year_comparison_record(c) for c in data.year_comparisons]
        nested += [_version_comparison_record(c) for c in data.version_comparisons]
        return nested, [row for record in nested for row in _flat_rows(record)], None
    used: dict = {}
    parts = []
    for comparison in data.year_comparisons:
        kept = _COMPARISON_PARTS.get(comparison.id)
        if kept is None or comparison.made_from is None or kept[0] != comparison.made_from:
            kept = (comparison.made_from, _digested_parts(_year_comparison_record(comparison)))
        used[comparison.id] = kept
        parts.append(kept[1])
    parts += [_digested_parts(_version_comparison_record(comparison)) for comparison in data.version_comparisons]
    _COMPARISON_PARTS.clear()
    _COMPARISON_PARTS.update(used)
    digested = {"json": [part for json_part, _ in parts for part in json_part],
                "csv": [part for _, csv_part in parts for part in csv_part]}
    return ([record for _, part in digested["json"] for record in part],
            [row for _, part in digested["csv"] for row in part], digested)


def _plan_parts(plan: PlanView) -> dict[str, tuple[list[dict], list[dict]]]:
    """The plan's records in the datasets made plan by plan: (JSON records, CSV records) by dataset."""
    plan_records, task_records = _plan_records([plan]), _task_records([plan])
    return {"plans": (plan_records, plan_records), "tasks": (task_records, task_records),
            "targets": _target_records([plan]), "task-reports": _task_report_records([plan])}


# The preview (CACHE set): each plan's records in the datasets made plan by plan, with the digest of each part
# they make (see CACHE), from one build to the next. Keyed by the plan's record and its progress record
# themselves (records are frozen, so the same object has the same values; content.PARSED gives the same object
# while the file is unchanged) and the as-of date, all that these records are made from (site_data: the tasks'
# timeframes, reports and standing, the targets' measurements). Only the entries of the last build are kept.
_PLAN_PARTS: dict[int, tuple[tuple, dict[str, tuple[list[tuple[bytes, list[dict]]], ...]]]] = {}


def _plan_parts_digested(plan: PlanView, as_of: dt.date, used: dict) -> dict[str, tuple[list, list]]:
    """_plan_parts with each part's digest: by dataset, ([(digest, JSON part)], [(digest, CSV part)]), empty lists
    for a plan without records in it (it makes no part)."""
    kept = _PLAN_PARTS.get(id(plan.plan))
    if kept is None or kept[0][0] is not plan.plan or kept[0][1] is not plan.progress_record or kept[0][2] != as_of:
        kept = ((plan.plan, plan.progress_record, as_of),
                {identifier: tuple([(_digest(records), records)] if records else [] for records in sides)
                 for identifier, sides in _plan_parts(plan).items()})
    used[id(plan.plan)] = kept
    return kept[1]


def _per_plan_datasets(data: SiteData) -> dict[str, tuple[list[dict], list[dict], dict | None]]:
    """The datasets made plan by plan: (JSON records, CSV records, digested parts for the preview) by identifier."""
    if CACHE is None:
        targets, reports = _target_records(data.plans), _task_report_records(data.plans)
        plans, tasks = _plan_records(data.plans), _task_records(data.plans)
        return {"plans": (plans, plans, None), "tasks": (tasks, tasks, None), "targets": (*targets, None),
                "task-reports": (*reports, None)}
    used: dict = {}
    parts = [_plan_parts_digested(plan, data.site.as_of, used) for plan in data.plans]
    _PLAN_PARTS.clear()
    _PLAN_PARTS.update(used)
    datasets = {}
    for identifier in ("plans", "tasks", "targets", "task-reports"):
        digested = {kind: [part for plan in parts for part in plan[identifier][side]] for side, kind in enumerate(("json", "csv"))}
        datasets[identifier] = ([record for _, part in digested["json"] for record in part],
                                [record for _, part in digested["csv"] for record in part], digested)
    return datasets


def build_datasets(data: SiteData) -> list[Dataset]:
    def columns(*pairs: tuple[str, str]) -> list[Column]:
        return [Column(name, description) for name, description in pairs]

    comparison_pairs, comparison_rows, comparison_parts = _comparison_records(data)
    facilities_nested, facilities_flat, facilities_parts = _facility_datasets(data)
    lists_nested, lists_flat = _facility_list_records(data)
    per_plan = _per_plan_datasets(data)
    plans, tasks = per_plan["plans"], per_plan["tasks"]
    targets_nested, targets_flat, targets_parts = per_plan["targets"]
    reports_nested, reports_flat, reports_parts = per_plan["task-reports"]
    documents_nested, documents_flat = _legal_document_records(data)

    return [
        Dataset("plans", "Kế hoạch", "Mỗi dòng là một kế hoạch, theo thứ tự năm.", columns(
            ("id", "Mã kế hoạch"), ("number", "Số hiệu (trống nếu là dự thảo chưa đánh số)"),
            ("title", "Tên kế hoạch, nguyên văn"), ("date", "Ngày ban hành (YYYY-MM-DD)"), ("year", "Năm của kế hoạch"),
            ("status", "Tình trạng: draft (dự thảo), issued (ban hành), expired (hết hiệu lực)"),
            ("series", "Mã chuỗi kế hoạch hằng năm"), ("period_start", "Năm bắt đầu"), ("period_end", "Năm kết thúc"),
            ("issuer", "Mã cơ quan ban hành"), ("task_count", "Số nhiệm vụ"),
            ("legal_basis", "Các văn bản làm căn cứ, nguyên văn"), ("url", URL_NOTE),
        ), plans[1], {}, part_by="id", digested_parts=plans[2]),
        Dataset("tasks", "Nhiệm vụ", "Mỗi dòng là một nhiệm vụ trong bảng phụ lục của một kế hoạch, theo thứ tự văn bản.", columns(
            ("id", "Mã nhiệm vụ"), ("plan", "Mã kế hoạch"), ("group", "Nhóm (số La Mã)"), ("number", "Số thứ tự"),
            ("title", "Tên nhiệm vụ, nguyên văn"), ("lead", "Mã cơ quan chủ trì"), ("lead_text", "Cơ quan chủ trì, nguyên văn"),
            ("coordinating", "Mã các cơ quan phối hợp"), ("coordinating_text", "Cơ quan phối hợp, nguyên văn"),
            ("unit", "Đơn vị tính"), ("quantity", "Số lượng (số)"), ("quantity_text", "Số lượng, nguyên văn"),
            ("timeframe", "Thời gian thực hiện: text (nguyên văn), start, end (YYYY-MM-DD), every_year (hằng năm)"),
            *TASK_STATUS_COLUMNS,
            ("url", URL_NOTE + " (trang kế hoạch, kèm neo tới dòng nhiệm vụ)"),
        ), tasks[1], {}, part_by="plan", digested_parts=tasks[2]),
        Dataset("targets", "Chỉ tiêu", "Các chỉ tiêu định lượng có đánh số của kế hoạch.", columns(
            ("id", "Mã chỉ tiêu"), ("plan", "Mã kế hoạch"), ("number", "Số chỉ tiêu"), ("text", "Nguyên văn"),
            ("value", "Giá trị số"), ("unit", "Đơn vị: percent (phần trăm) hoặc count (số lượng)"),
            ("aspirational", "Chỉ tiêu 'phấn đấu'"),
            ("measured_value", "Giá trị đo được gần nhất (trống nếu chưa có số liệu); mọi lần đo ở tệp JSON"),
            ("measured_date", "Ngày của giá trị đo đó (YYYY-MM-DD)"),
            ("sample", "true: số liệu đo là dữ liệu minh họa"), ("url", URL_NOTE),
        ), targets_flat, {}, json_records=targets_nested, part_by="plan", digested_parts=targets_parts),
        Dataset("agencies", "Cơ quan", "Các cơ quan và nhóm đơn vị, kèm tiền thân và kế nhiệm sau sắp xếp.", columns(
            ("id", "Mã cơ quan"), ("name", "Tên chính thức"), ("short_name", "Tên viết tắt"),
            ("aliases", "Các cách viết tên trong văn bản"), ("kind", "Loại cơ quan"), ("parent", "Mã cơ quan cấp trên"),
            ("predecessors", "Mã cơ quan tiền thân"), ("successors", "Mã cơ quan kế nhiệm"),
            ("valid_from", "Hoạt động từ ngày"), ("valid_to", "Hoạt động đến ngày"),
            ("tasks_lead", "Số nhiệm vụ chủ trì"), ("tasks_support", "Số nhiệm vụ phối hợp"), ("url", URL_NOTE),
        ), _agency_records(data), {}),
        Dataset(
            "comparisons", "So sánh",
            "Mỗi dòng CSV là một nhiệm vụ hoặc chỉ tiêu được so giữa hai năm của một chuỗi kế hoạch, hoặc một chỗ "
            "khác nhau giữa hai phiên bản của một kế hoạch. Tệp JSON nhóm các dòng theo từng cặp so sánh, kèm tóm tắt "
            "và chi tiết từng mục thay đổi.",
            columns(*COMPARISON_COLUMNS), comparison_rows, {}, json_records=comparison_pairs, part_by="comparison",
            digested_parts=comparison_parts,
        ),
        Dataset(
            "facilities", "Cơ sở gây ô nhiễm môi trường nghiêm trọng",
            "Mỗi dòng là một cơ sở trong danh sách công khai theo Kế hoạch 75/KH-UBND năm 2012, kèm biện pháp, thời "
            "hạn và trạng thái đến ngày dữ liệu. Tệp JSON có thêm chi tiết ô nhiễm, quyết định, lịch sử trạng thái "
            "và nguồn. Dòng có sample = true là dữ liệu minh họa.",
            columns(*FACILITY_COLUMNS), facilities_flat, {}, json_records=facilities_nested, xlsx=True,
            digested_parts=facilities_parts,
        ),
        Dataset(
            "facility-lists", "Danh sách cơ sở gây ô nhiễm theo năm",
            "Mỗi dòng là danh sách được công bố cho một năm, với quyết định công bố và các cơ sở có tên. Năm không có "
            "dòng nào là năm không công bố danh sách; danh sách có 0 cơ sở vẫn là một dòng.",
            columns(
                ("year", "Năm của danh sách"), ("decision_number", "Số quyết định công bố"),
                ("decision_date", "Ngày quyết định (YYYY-MM-DD)"), ("decision_issuer", "Mã cơ quan ban hành"),
                ("facility_count", "Số cơ sở trong danh sách"), ("facilities", "Mã các cơ sở trong danh sách"),
                ("sample", "true: dữ liệu minh họa"), ("url", URL_NOTE),
            ), lists_flat, {}, json_records=lists_nested, xlsx=True,
        ),
        Dataset(
            "task-reports", "Báo cáo tiến độ nhiệm vụ",
            "Mỗi dòng là một báo cáo tiến độ của một nhiệm vụ, theo thứ tự nhiệm vụ rồi ngày. Nhiệm vụ không có dòng "
            "nào là nhiệm vụ chưa có báo cáo (\"Chưa cập nhật\"). Dòng có sample = true là dữ liệu minh họa.",
            columns(*TASK_REPORT_COLUMNS), reports_flat, {}, json_records=reports_nested, xlsx=True, part_by="plan",
            digested_parts=reports_parts,
        ),
        Dataset(
            "legal-documents", "Văn bản được trích dẫn",
            "Mỗi dòng là một văn bản (luật, nghị định, quyết định, thông tư, chỉ thị, nghị quyết, kế hoạch…) mà các kế "
            "hoạch trích dẫn, lấy từ chính các trích dẫn. Tệp JSON có thêm từng chỗ trích dẫn.",
            columns(*LEGAL_DOCUMENT_COLUMNS), documents_flat, {}, json_records=documents_nested, xlsx=True,
        ),
    ]


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """Text as a CSV or XLSX cell: when it starts like a formula, a leading apostrophe makes Excel and
    LibreOffice show it as text instead of running it (OWASP, CSV Injection). JSON keeps it verbatim."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return cell_text("; ".join(str(item) for item in value))
    return cell_text(value) if isinstance(value, str) else str(value)


def _csv_names(dataset: Dataset) -> list[str]:
    names: list[str] = []
    for column in dataset.columns:
        if column.name == "timeframe":
            names += ["timeframe_text", "timeframe_start", "timeframe_end", "timeframe_every_year"]
        else:
            names.append(column.name)
    return names


def _csv_rows(names: list[str], records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        flat = dict(record)
        if "timeframe" in flat:
            timeframe = flat.pop("timeframe")
            flat.update({f"timeframe_{key}": value for key, value in timeframe.items()})
        writer.writerow([_csv_value(flat.get(name)) for name in names])
    return buffer.getvalue()


def to_csv(dataset: Dataset) -> bytes:
    names = _csv_names(dataset)
    header = _csv_rows(names, [{name: name for name in names}])  # each column's name as its own value
    return _whole("csv", dataset, lambda part: _csv_rows(names, part),
                  lambda rows: ("\ufeff" + header + "".join(rows)).encode("utf-8"))


def to_xlsx(dataset: Dataset, as_of: dt.date) -> bytes:
    """One sheet with the CSV's columns; lists joined with "; ". The workbook's dates are the
    as-of date and the zip entries carry a fixed date, so two builds give the same bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    workbook.set_properties({"title": dataset.title, "created": dt.datetime(as_of.year, as_of.month, as_of.day)})
    sheet = workbook.add_worksheet(dataset.identifier[:31])
    bold = workbook.add_format({"bold": True})
    names = [column.name for column in dataset.columns]
    sheet.write_row(0, 0, names, bold)
    for row, record in enumerate(dataset.records, start=1):
        for column, name in enumerate(names):
            value = record.get(name)
            if isinstance(value, bool) or value is None or isinstance(value, list):
                sheet.write_string(row, column, _csv_value(value))
            elif isinstance(value, (int, float)):
                sheet.write_number(row, column, value)
            else:
                sheet.write_string(row, column, cell_text(str(value)))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def to_json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_items(records: list[dict]) -> str:
    """The records as they are inside a JSON list written by to_json: '  {…},\n  {…}'."""
    return json.dumps(records, ensure_ascii=False, indent=2)[2:-2]


def dataset_json(dataset: Dataset) -> bytes:
    """to_json(dataset.json_value()), written part by part (see CACHE)."""
    return _whole("json", dataset, _json_items,
                  lambda items: ("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n").encode("utf-8"))


# The preview sets CACHE to {}: each part of a dataset (the records of one plan, of one comparison; a
# whole dataset without part_by) keeps its JSON, CSV and XLSX from build to build, keyed by the SHA-256 of the
# part's records written as compact JSON, so an edit to one plan writes only that plan's parts again (and a file
# none of whose parts changed is kept whole, see _whole). The compact JSON tells apart every value the files tell
# apart (1, 1.0 and true included).
CACHE: dict[tuple[str, str, bytes], str | bytes] | None = None
_USED: dict[tuple[str, str, bytes], str | bytes] = {}  # the entries this build used; they replace CACHE's after it


def _parts(records: list[dict], part_by: str | None) -> list[list[dict]]:
    if part_by is None:
        return [records] if records else []
    return [list(part) for _, part in groupby(records, key=lambda record: record[part_by])]


def _digest(records: list[dict]) -> bytes:
    return hashlib.sha256(json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()).digest()


def _digested(dataset: Dataset, kind: str) -> list[tuple[bytes, list[dict]]]:
    """The parts of the dataset's JSON or CSV records, each with its digest (see CACHE)."""
    if dataset.digested_parts is not None:
        return dataset.digested_parts[kind]
    return [(_digest(part), part) for part in _parts(dataset.json_value() if kind == "json" else dataset.records,
                                                      dataset.part_by)]


def _whole(kind: str, dataset: Dataset, serialise, join) -> bytes:
    """join([serialise(part) for each part of the dataset's JSON or CSV records]). With CACHE, the parts come
    from it, and so does the whole file when no part changed, keyed by the digest of the parts' digests (the
    file's bytes depend on nothing else); its parts are then kept for the next build too."""
    if CACHE is None:
        return join([serialise(part) for part in _parts(dataset.json_value() if kind == "json" else dataset.records,
                                                         dataset.part_by)])
    parts = _digested(dataset, kind)
    keys = [(kind, dataset.identifier, digest) for digest, _ in parts]
    whole = (f"{kind} file", dataset.identifier, hashlib.sha256(b"".join(digest for digest, _ in parts)).digest())
    if whole in CACHE and all(key in CACHE or key in _USED for key in keys):
        for key in keys:
            _USED.setdefault(key, CACHE.get(key))
        _USED[whole] = CACHE[whole]
    else:
        _USED[whole] = join([_serialised(kind, dataset.identifier, part, serialise, digest) for digest, part in parts])
    return _USED[whole]


def _serialised(kind: str, identifier: str, records: list[dict], serialise, digest: bytes | None = None):
    """serialise(records), from CACHE when there (digest: _digest(records), when known)."""
    if CACHE is None:
        return serialise(records)
    key = (kind, identifier, digest or _digest(records))
    if key not in _USED:
        _USED[key] = CACHE[key] if key in CACHE else serialise(records)
    return _USED[key]


def catalog(data: SiteData, datasets: list[Dataset]) -> dict:
    return {
        "@context": "https://www.w3.org/ns/dcat.jsonld",
        "@type": "dcat:Catalog",
        "title": f"Dữ liệu mở: {data.site.title}",
        "description": data.site.description,
        "publisher": {"name": data.site.publisher},
        "modified": data.site.as_of.isoformat(),
        "language": ["vi"],
        "dataset": [
            {
                "@type": "dcat:Dataset",
                "identifier": dataset.identifier,
                "title": dataset.title,
                "description": dataset.description,
                "modified": data.site.as_of.isoformat(),
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "title": f"{dataset.title} (JSON)",
                        "mediaType": "application/json",
                        "downloadURL": dataset.file("json"),
                        "byteSize": dataset.sizes["json"],
                    },
                    {
                        "@type": "dcat:Distribution",
                        "title": f"{dataset.title} (CSV)",
                        "mediaType": "text/csv",
                        "downloadURL": dataset.file("csv"),
                        "byteSize": dataset.sizes["csv"],
                    },
                ] + ([
                    {
                        "@type": "dcat:Distribution",
                        "title": f"{dataset.title} (XLSX)",
                        "mediaType": XLSX_MEDIA_TYPE,
                        "downloadURL": dataset.file("xlsx"),
                        "byteSize": dataset.sizes["xlsx"],
                    },
                ] if dataset.xlsx else []),
            }
            for dataset in datasets
        ],
    }


def write_open_data(data: SiteData, docs: OutputFolder) -> list[Dataset]:
    """Write every dataset as JSON and CSV, then the catalog, into the docs folder (a file already
    right is left alone: the preview's); returns the datasets with file sizes."""
    folder = DATA_PATH.strip("/") + "/"
    datasets = build_datasets(data)
    _USED.clear()
    for dataset in datasets:
        files = [("json", dataset_json(dataset)), ("csv", to_csv(dataset))]
        if dataset.xlsx:
            parts = dataset.digested_parts["csv"] if dataset.digested_parts else None  # the records are the CSV's
            files.append(("xlsx", _serialised(f"xlsx {dataset.title} {data.site.as_of}", dataset.identifier, dataset.records,
                                              lambda records: to_xlsx(dataset, data.site.as_of),
                                              hashlib.sha256(b"".join(digest for digest, _ in parts)).digest() if parts else None)))
        for extension, content in files:
            name = dataset.file(extension)
            docs.write(folder + name, content)
            dataset.sizes[extension] = len(content)
    docs.write(folder + "catalog.json", to_json(catalog(data, datasets)))
    if CACHE is not None:
        CACHE.clear()
        CACHE.update(_USED)
    _USED.clear()
    return datasets
