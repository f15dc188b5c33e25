"""Implementation status, legal documents and the home overview (issue 9), read from the built
pages and data: the overdue rule on both sides of the as-of date boundary, "Chưa cập nhật" as the
honest default, citations becoming document pages, plan-to-plan chains shown at both ends."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from publisher.pipeline import generate_docs, load_and_check
from publisher.search_index import KIND_LEGAL, page_facts

from .conftest import TINY_CONTENT

# KH 1/2024 of the tiny fixture: task I.1 is due "Quý II-IV/2024", task II.1 is "Hằng năm" (2024–2025)
IN_PROGRESS_2024 = """id: kh-1-2024
tasks:
  nv-i-1:
    - date: 2024-05-10
      status: in_progress
  nv-ii-1:
    - date: 2024-06-01
      status: in_progress
"""


def built_data(tmp_path: Path, as_of: str, progress: str | None) -> dict:
    """Generate the tiny site's pages and data with another as-of date and progress file; returns
    the tasks dataset by task id, with the plan page's Markdown under '_page'."""
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    for folder in ("facilities", "facility-lists"):  # dated after 2024: not what is tested here
        shutil.rmtree(content / folder)
    site = content / "site.yml"
    site.write_text(re.sub(r"as_of: .*", f"as_of: {as_of}", site.read_text(encoding="utf-8")), encoding="utf-8")
    progress_file = content / "plans" / "kh-1-2024" / "tien-do.yml"
    if progress is None:
        progress_file.unlink()
    else:
        progress_file.write_text(progress, encoding="utf-8")
    docs = tmp_path / "docs"
    generate_docs(load_and_check(content), docs)
    tasks = {t["id"]: t for t in json.loads((docs / "du-lieu" / "tasks.json").read_text(encoding="utf-8"))}
    tasks["_page"] = (docs / "ke-hoach" / "kh-1-2024.md").read_text(encoding="utf-8")
    return tasks


def task_row(page: str, anchor: str) -> str:
    return next(line for line in page.splitlines() if f'<span id="{anchor}">' in line)


def test_quarter_task_is_not_overdue_on_its_last_day(tmp_path):
    tasks = built_data(tmp_path, "2024-12-31", IN_PROGRESS_2024)
    assert tasks["kh-1-2024-i-1"]["status"] == "in_progress"
    assert task_row(tasks["_page"], "nv-i-1").endswith("| Đang thực hiện<br>Báo cáo 10/05/2024: đang thực hiện |")


def test_quarter_task_is_overdue_from_the_next_day(tmp_path):
    tasks = built_data(tmp_path, "2025-01-01", IN_PROGRESS_2024)
    assert tasks["kh-1-2024-i-1"]["status"] == "overdue"
    assert "| **Quá hạn**<br>Báo cáo 10/05/2024" in task_row(tasks["_page"], "nv-i-1")


def test_a_task_nobody_reported_on_is_not_updated_never_overdue(tmp_path):
    before = built_data(tmp_path / "a", "2024-12-31", None)["kh-1-2024-i-1"]
    after = built_data(tmp_path / "b", "2025-01-01", None)
    assert (before["status"], before["deadline_passed_unreported"]) == ("not_updated", False)
    task = after["kh-1-2024-i-1"]
    assert (task["status"], task["deadline_passed_unreported"], task["report_count"]) == ("not_updated", True, 0)
    assert task_row(after["_page"], "nv-i-1").endswith("| Chưa cập nhật — đã hết thời hạn, chưa có báo cáo |")
    assert "Chưa có báo cáo tiến độ nào cho kế hoạch này: cả 2 nhiệm vụ được ghi \"Chưa cập nhật\"" in after["_page"]


def test_every_year_task_is_judged_per_year(tmp_path):
    during = built_data(tmp_path / "a", "2024-12-31", IN_PROGRESS_2024)["kh-1-2024-ii-1"]
    assert (during["status"], during["overdue_years"]) == ("in_progress", [])
    after_2024 = built_data(tmp_path / "b", "2025-01-01", IN_PROGRESS_2024)
    assert (after_2024["kh-1-2024-ii-1"]["status"], after_2024["kh-1-2024-ii-1"]["overdue_years"]) == ("overdue", [2024])
    assert "| **Quá hạn** (năm 2024)<br>" in task_row(after_2024["_page"], "nv-ii-1")
    finished_2024 = IN_PROGRESS_2024 + "    - date: 2025-01-05\n      year: 2024\n      status: completed\n"
    running_2025 = built_data(tmp_path / "c", "2025-12-31", finished_2024)["kh-1-2024-ii-1"]
    assert (running_2025["status"], running_2025["overdue_years"], running_2025["deadline_passed_unreported"]) == (
        "not_updated", [], False)  # 2025 is not over: no report for it yet is not late
    ended_2025 = built_data(tmp_path / "d", "2026-01-01", finished_2024)["kh-1-2024-ii-1"]
    assert (ended_2025["status"], ended_2025["deadline_passed_unreported"]) == ("not_updated", True)


def test_finished_tasks_are_never_overdue_and_a_reason_is_shown(tmp_path):
    progress = """id: kh-1-2024
tasks:
  nv-i-1:
    - date: 2024-09-01
      status: not_implemented
      reason: Không còn đối tượng đào tạo
      evidence:
        - number: 45/BC-SDD
          date: 2024-09-01
          url: https://example.org/bc-45
"""
    tasks = built_data(tmp_path, "2026-06-30", progress)
    assert tasks["kh-1-2024-i-1"]["status"] == "not_implemented"
    row = task_row(tasks["_page"], "nv-i-1")
    assert row.endswith("| Không thực hiện<br>Báo cáo 01/09/2024: không thực hiện; lý do: Không còn đối tượng đào tạo; "
                        "[45/BC-SDD ngày 01/09/2024](https://example.org/bc-45) |")


# -- the tiny site, built -------------------------------------------------------------------


def html(site: Path, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8")


def test_sample_reports_are_labelled_everywhere(tiny_site):
    page = html(tiny_site, "/ke-hoach/kh-1-2024/")
    assert "Báo cáo tiến độ minh họa" in page
    row = re.search(r'<span id="nv-i-1"></span>.*?</tr>', page, re.S).group(0)
    assert "Quá hạn" in row and "<em>(minh họa)</em>" in row
    reports = (tiny_site / "du-lieu" / "task-reports.csv").read_bytes()
    assert reports.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(reports.decode("utf-8-sig"))))
    assert [(r["task"], r["status"], r["sample"]) for r in rows] == [
        ("kh-1-2024-i-1", "in_progress", "true"), ("kh-1-2024-ii-1", "completed", "true")]
    targets = {t["id"]: t for t in json.loads((tiny_site / "du-lieu" / "targets.json").read_text(encoding="utf-8"))}
    assert targets["kh-1-2024-ct-3-1"]["measurements"][0]["value"] == 60 and targets["kh-1-2024-ct-3-1"]["sample"]
    assert "60% (01/06/2025) <em>(minh họa)</em>" in page


def test_plan_bar_has_text_alternatives(tiny_site):
    page = html(tiny_site, "/ke-hoach/kh-1-2024/")
    assert 'src="tien-do.svg"' in page or 'src="../kh-1-2024/tien-do.svg"' in page
    svg = (tiny_site / "ke-hoach" / "kh-1-2024" / "tien-do.svg").read_text(encoding="utf-8")
    assert 'role="img"' in svg and "<title id=\"tieu-de\">Tình trạng thực hiện 2 nhiệm vụ" in svg
    assert "Quá hạn: 1</title>" in svg and "style=" not in svg
    assert not (tiny_site / "ke-hoach" / "kh-2-2025" / "tien-do.svg").exists()  # no reports: no bar to draw


def test_home_chart_and_table_show_the_same_agencies(tiny_site):
    page = html(tiny_site, "/")
    assert 'src="bieu-do-co-quan.svg"' in page
    svg = (tiny_site / "bieu-do-co-quan.svg").read_text(encoding="utf-8")
    assert 'role="img"' in svg and 'viewBox="0 0 360 ' in svg and "<title" in svg
    drawn = re.findall(r'class="nhan">([^<:]+): (\d+) nhiệm vụ<', svg)
    table = re.search(r'id="co-quan-nhieu-nhiem-vu".*?<table>(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r'<tr>\s*<td><a href="[^"]+">([^<]+)</a></td>.*?<td>(\d+)</td>\s*</tr>', table, re.S)
    assert drawn == rows == [("Ban An Giang", "2"), ("Sở Đất đai và Môi trường", "2"), ("Các doanh nghiệp", "2"),
                             ("Sở Đất đai cũ", "1")]


def test_home_overview_links_every_figure(tiny_site):
    page = html(tiny_site, "/")
    assert re.search(r'<a href="ke-hoach/#nam-2024">2024</a></td>\s*<td>1</td>\s*<td>2</td>', page)
    assert "Đến hạn năm 2025" in page and 'href="ke-hoach/kh-2-2025/#nv-3"' in page
    assert 'href="ke-hoach/kh-1-2024/#nv-i-1"' not in page.split("Đến hạn năm 2025")[1].split("</ul>")[0]
    assert re.search(r'<a href="van-ban/">3 văn bản</a>', page)
    assert 'id="nam-2024"' in html(tiny_site, "/ke-hoach/")


def test_legal_document_page_lists_every_citing_plan(tiny_site):
    page = html(tiny_site, "/van-ban/qd-192-qd-ttg-2017/")
    assert "<h1" in page and "Quyết định số 192/QĐ-TTg ngày 13/02/2017" in page
    assert "Còn hiệu lực" in page and 'href="https://example.org/qd-192"' in page  # from the editor's file
    assert 'href="../../ke-hoach/kh-1-2024/#can-cu"' in page and 'href="../../ke-hoach/kh-2-2025/#can-cu"' in page
    assert "<td>Quyết định số 192/QĐ-TTg</td>" in page  # the undated citation joined the dated document
    listing = html(tiny_site, "/van-ban/")
    assert re.search(r'<h2 id="luat">Luật', listing) and re.search(r'<h2 id="quyet-dinh">Quyết định', listing)


def test_plans_citing_plans_are_linked_both_ways(tiny_site):
    later, earlier = html(tiny_site, "/ke-hoach/kh-2-2025/"), html(tiny_site, "/ke-hoach/kh-1-2024/")
    assert re.search(r'<a href="../kh-1-2024/">Kế hoạch số 1/KH-UBND ngày 15/01/2024</a>', later)
    assert 'id="duoc-can-cu"' in earlier and re.search(r'<a href="../kh-2-2025/">Kế hoạch thử năm 2025</a>', earlier)
    assert not (tiny_site / "van-ban" / "kh-1-kh-ubnd-2024").exists()  # a cited plan is its plan page
    documents = {d["id"]: d for d in json.loads((tiny_site / "du-lieu" / "legal-documents.json").read_text(encoding="utf-8"))}
    assert documents["kh-1-kh-ubnd-2024"]["plan"] == "kh-1-2024" and documents["kh-1-kh-ubnd-2024"]["url"] == "ke-hoach/kh-1-2024/"
    assert documents["qd-192-qd-ttg-2017"]["cited_by"] == ["kh-1-2024", "kh-2-2025"]
    assert documents["qd-192-qd-ttg-2017"]["status"] == "in_force"


def test_citations_in_plan_text_link_without_breaking_links(tiny_site):
    page = html(tiny_site, "/ke-hoach/kh-1-2024/")
    body = page.split('id="noi-dung"')[1].split('id="tien-do"')[0]
    assert 'Căn cứ <a href="../../van-ban/luat-bao-ve-moi-truong-2020/">Luật Bảo vệ môi trường năm 2020</a>' in body
    assert '<a href="../kh-2-2025/">kế hoạch năm 2025</a>' in body


def test_catalog_offers_the_new_datasets(tiny_site):
    catalog = json.loads((tiny_site / "du-lieu" / "catalog.json").read_text(encoding="utf-8"))
    offered = {d["identifier"]: {x["mediaType"] for x in d["distribution"]} for d in catalog["dataset"]}
    for identifier in ("task-reports", "legal-documents"):
        assert offered[identifier] == {"application/json", "text/csv",
                                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        assert (tiny_site / "du-lieu" / f"{identifier}.xlsx").read_bytes().startswith(b"PK")


def test_legal_documents_have_their_search_kind():
    facts = page_facts(load_and_check(TINY_CONTENT))
    assert facts["/van-ban/qd-192-qd-ttg-2017/"].kind == KIND_LEGAL
    assert facts["/van-ban/qd-192-qd-ttg-2017/"].years == [2017]
    assert facts["/van-ban/"].kind == KIND_LEGAL
    assert "/van-ban/kh-1-kh-ubnd-2024/" not in facts


# -- the real content ----------------------------------------------------------------------


def test_real_tasks_without_reports_show_not_updated(real_site):
    tasks = json.loads((real_site / "du-lieu" / "tasks.json").read_text(encoding="utf-8"))
    unreported = [t for t in tasks if t["report_count"] == 0]
    assert unreported and all(t["status"] == "not_updated" for t in unreported)
    assert all(t["sample"] for t in tasks if t["report_count"])


@pytest.mark.parametrize("document, plan", [
    ("kh-362-kh-ubnd-2025", "kh-bvmt-cong-thuong-2026"), ("kh-128-kh-ubnd-2023", "kh-bvmt-cong-thuong-2024")])
def test_real_plan_chains_are_shown_at_both_ends(real_site, document, plan):
    page = html(real_site, f"/van-ban/{document}/")
    assert f'href="../../ke-hoach/{plan}/#can-cu"' in page
    assert f'href="../../van-ban/{document}/"' in html(real_site, f"/ke-hoach/{plan}/")
