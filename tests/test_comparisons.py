"""Comparisons: matching tasks across years, the lineage rule, word-level diffs, and the pages."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.comparisons import (
    SUGGESTION_THRESHOLD, Item, Match, RowStatus, compare_timeframes, match_items, pair_agencies,
)
from publisher.pipeline import load_and_check
from publisher.similarity import Similarity
from publisher.text_diff import compare_text
from publisher.timeframes import parse_timeframe
from tests.conftest import REAL_CONTENT, TINY_CONTENT


@pytest.fixture(scope="module")
def real_data():
    return load_and_check(REAL_CONTENT)


@pytest.fixture(scope="module")
def tiny_data():
    return load_and_check(TINY_CONTENT)


@dataclass
class PlanStub:
    """What matching reads of a plan: its id and page."""

    id: str

    @property
    def path(self) -> str:
        return f"/ke-hoach/{self.id}/"


def items(plan_id: str, *texts: str, continues: dict[int, str] | None = None) -> list[Item]:
    plan = PlanStub(plan_id)
    return [Item(f"nv-{n}", f"Nhiệm vụ {n}", text, plan, (continues or {}).get(n))
            for n, text in enumerate(texts, start=1)]


# -- matching ------------------------------------------------------------------------------------

CORPUS = Similarity([
    "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường",
    "Kiểm tra cơ sở sản xuất gây ô nhiễm",
    "Xây dựng cơ sở dữ liệu môi trường",
    "Trao đổi kinh nghiệm với các tỉnh phía Nam",
])


def test_explicit_continuation_wins_over_a_closer_name():
    before = items("a", "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường", "Kiểm tra cơ sở sản xuất gây ô nhiễm")
    after = items("b", "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường", continues={1: "a#nv-2"})
    rows = match_items(before, after, CORPUS)
    assert [(r.before and r.before.ref, r.after and r.after.ref, r.match, r.status) for r in rows] == [
        ("a#nv-2", "b#nv-1", Match.explicit, RowStatus.unchanged),  # no fields compared for stubs
        ("a#nv-1", None, Match.none, RowStatus.dropped),
    ]
    dropped = rows[1]
    assert dropped.nearest[0].ref == "b#nv-1" and dropped.nearest[1] == pytest.approx(1.0)


def test_similar_names_are_suggested_with_their_score_best_pair_first():
    before = items("a", "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường")
    after = items("b", "Phổ biến pháp luật về môi trường", "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường năm 2026")
    rows = match_items(before, after, CORPUS)
    matched = [r for r in rows if r.match is Match.suggested]
    assert [(r.before.ref, r.after.ref) for r in matched] == [("a#nv-1", "b#nv-2")]
    assert SUGGESTION_THRESHOLD <= matched[0].score < 1
    runner_up = next(r for r in rows if r.after and r.after.ref == "b#nv-1")
    assert runner_up.status is RowStatus.new and runner_up.match is Match.none
    assert runner_up.nearest[0].ref == "a#nv-1"  # shown as the closest, but one task is matched only once


def test_unrelated_names_are_not_matched():
    before = items("a", "Trao đổi kinh nghiệm với các tỉnh phía Nam")
    after = items("b", "Xây dựng cơ sở dữ liệu môi trường")
    rows = match_items(before, after, CORPUS)
    assert [(r.status, r.match, r.score) for r in rows] == [(RowStatus.new, Match.none, None), (RowStatus.dropped, Match.none, None)]
    assert rows[0].nearest is None and rows[1].nearest is None


def test_continuation_of_a_plan_outside_the_pair_is_not_guessed_again():
    before = items("b", "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường")
    after = items("c", "Tuyên truyền phổ biến pháp luật về bảo vệ môi trường", continues={1: "a#nv-3"})
    rows = match_items(before, after, CORPUS)
    assert [(r.status, r.elsewhere) for r in rows] == [(RowStatus.new, "a#nv-3"), (RowStatus.dropped, None)]
    assert rows[0].elsewhere_path == "/ke-hoach/a/#nv-3"


def test_tiny_series_has_one_explicit_one_suggested_and_one_new_task(tiny_data):
    (comparison,) = tiny_data.year_comparisons
    rows = {row.after.task.id: row for row in comparison.tasks}
    explicit, suggested, new = rows["kh-2-2025-1"], rows["kh-2-2025-2"], rows["kh-2-2025-3"]
    assert (explicit.match, explicit.before.task.id) == (Match.explicit, "kh-1-2024-i-1")
    assert explicit.changed_fields == ["quantity", "timeframe"]  # lead so-cu → so-moi is lineage, not a change
    timeframe = next(f for f in explicit.fields if f.key == "timeframe")
    assert (timeframe.before, timeframe.after, timeframe.note) == ("Quý II-IV/2024", "Quý I- IV/2025", "bắt đầu sớm hơn 3 tháng")
    assert (suggested.match, suggested.before.task.id) == (Match.suggested, "kh-1-2024-ii-1")
    assert suggested.score == pytest.approx(0.69, abs=0.01) and suggested.changed_fields == ["title"]
    assert (new.status, new.before) == (RowStatus.new, None)


def test_targets_are_compared_like_tasks(tiny_data):
    (comparison,) = tiny_data.year_comparisons
    rows = [(r.before and r.before.ref, r.after and r.after.ref, r.match, r.status, r.changed_fields) for r in comparison.targets]
    assert rows == [
        ("kh-1-2024#ct-3-2", "kh-2-2025#ct-1", Match.explicit, RowStatus.changed, ["text", "value"]),
        ("kh-1-2024#ct-3-1", None, Match.none, RowStatus.dropped, []),
    ]
    value = comparison.targets[0].fields[1]
    assert (value.before, value.after) == ("80%", "90%")


# -- lineage -------------------------------------------------------------------------------------


def test_successor_agency_is_the_same_responsibility(real_data):
    agencies = {view.id: view for view in real_data.agencies}
    (pair,) = pair_agencies(["so-tai-nguyen-va-moi-truong"], ["so-nong-nghiep-va-moi-truong"], agencies)
    assert pair.kind == "lineage"
    assert [(step.other.id, step.change.value, step.date.isoformat()) for step in pair.steps] == [
        ("so-nong-nghiep-va-moi-truong", "merged", "2025-03-01")]
    (pair,) = pair_agencies(["so-ke-hoach-va-dau-tu"], ["so-tai-chinh"], agencies)
    assert pair.kind == "lineage"


def test_an_unrelated_or_earlier_agency_is_a_change(real_data):
    agencies = {view.id: view for view in real_data.agencies}
    pairs = pair_agencies(["so-cong-thuong"], ["so-tai-chinh"], agencies)
    assert [(p.kind, p.before and p.before.id, p.after and p.after.id) for p in pairs] == [
        ("removed", "so-cong-thuong", None), ("added", None, "so-tai-chinh")]
    backwards = pair_agencies(["so-nong-nghiep-va-moi-truong"], ["so-tai-nguyen-va-moi-truong"], agencies)
    assert [p.kind for p in backwards] == ["removed", "added"]  # lineage runs forward in time only


def test_two_merged_departments_both_map_to_their_successor(real_data):
    agencies = {view.id: view for view in real_data.agencies}
    pairs = pair_agencies(["so-tai-nguyen-va-moi-truong", "so-nong-nghiep-va-phat-trien-nong-thon"],
                          ["so-nong-nghiep-va-moi-truong"], agencies)
    assert [(p.kind, p.after.id) for p in pairs] == [("lineage", "so-nong-nghiep-va-moi-truong")] * 2


@pytest.mark.parametrize("before, after, changed, note", [
    (("Quý II-IV/2024", 2024), ("Quý II-IV/2026", 2026), False, "cùng khoảng thời gian trong năm của kế hoạch"),
    (("Quý II-IV/2024", 2024), ("Quý I- IV/2026", 2026), True, "bắt đầu sớm hơn 3 tháng"),
    (("Năm 2024", 2024), ("Quý III/2025", 2025), True, "bắt đầu muộn hơn 6 tháng, kết thúc sớm hơn 3 tháng"),
    (("Hằng năm", 2023), ("Hằng năm", 2026), False, "hằng năm ở cả hai kế hoạch"),
    (("Năm 2024", 2024), ("Hằng năm", 2026), True, "thành hằng năm"),
])
def test_timeframes_are_compared_within_each_plan_year(before, after, changed, note):
    first = parse_timeframe(before[0], before[1], before[1])
    second = parse_timeframe(after[0], after[1], after[1])
    assert compare_timeframes(first, before[1], second, after[1]) == (changed, note)


# -- word-level differences ----------------------------------------------------------------------


def test_changes_are_classified_and_table_rules_ignored():
    diff = compare_text("Kế hoạch số /KH-UBND\nnguồn tài chợ quốc tế khoảng 50-60 % thiết bị\nxin bỏ",
                        "| KẾ HOẠCH số 275/KH-UBND |\n-------\nnguồn tài trợ quốc tế khoảng 50-60% thiết bị mới")
    assert [(c.kind, c.before, c.after) for c in diff.changes] == [
        ("case", "Kế hoạch", "KẾ HOẠCH"),
        ("wording", "/KH-UBND", "275/KH-UBND"),
        ("wording", "chợ", "trợ"),
        ("spacing", "50-60 %", "50-60%"),
        ("wording", "xin bỏ", "mới"),
    ]
    assert diff.changes[2].context_before == "số 275/KH-UBND nguồn tài"  # four words of context
    assert [p.kind for p in diff.lines[1]] == ["layout"]
    assert compare_text("a b", "a b").identical


def test_removed_words_stay_where_they_were_in_the_newer_layout():
    diff = compare_text("một hai ba bốn", "một\nba bốn năm")
    assert [[(p.kind, p.text, p.opens) for p in line] for line in diff.lines] == [
        [("same", "một", False)],
        [("del", "hai", True), ("same", " ba bốn ", False), ("ins", "năm", True)],
    ]


def test_real_draft_and_issued_text_of_plan_275(real_data):
    (comparison,) = real_data.plan("kh-275-2023").version_comparisons
    changes = comparison.diff.changes
    assert [(c.before, c.after) for c in changes if c.kind == "wording"] == [
        ("chợ", "trợ"), ("/KH-UBND", "275/KH-UBND"), ("/ /2023", "20/11/2023")]
    assert [(c.before, c.after) for c in changes if c.kind == "spacing"] == [("50-60 %", "50-60%")]
    assert comparison.diff.count("case") == 4 and comparison.diff.count("added") == 1 and len(changes) == 9
    correction = next(c for c in changes if c.after == "trợ")
    assert correction.context_before.endswith("tài")
    assert [(f.key, f.before, f.after) for f in comparison.facts if f.changed] == [
        ("number", "Chưa đánh số", "275/KH-UBND"),
        ("date", "Để trống (dự thảo năm 2023)", "20/11/2023"),
    ]


# -- the built site ------------------------------------------------------------------------------


def page_text(site: Path, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8")


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_real_2024_to_2026_comparison_page(real_site):
    html = page_text(real_site, "/so-sanh/bvmt-nganh-cong-thuong/2024-2026/")
    text = visible(html)
    assert "Không có kế hoạch năm 2025 trong dữ liệu" in text
    assert "Năm 2026 không nối tiếp trực tiếp năm 2024" in text
    carried = html[html.index('id="tt-nv-1"'):html.index('id="moi"')]
    carried_text = visible(carried)
    assert "Gợi ý ghép tự động: tên giống nhau 42%" in carried_text
    assert "Số lượng 2024: 02 2026: 01 Thay đổi : giảm từ 02 xuống 01" in carried_text
    assert "Ủy ban nhân dân các quận, huyện, thị xã → Ủy ban nhân dân các xã, phường (chuyển giao nhiệm vụ 01/07/2025): cùng trách nhiệm, tên mới" in carried_text
    assert "2024: Quý II-IV/2024 2026: Quý II-IV/2026 Không đổi (cùng khoảng thời gian trong năm của kế hoạch)" in carried_text
    assert "<del>Tuyên truyền, phổ</del>" in carried and "<ins>Phổ</ins>" in carried
    new = visible(html[html.index('id="moi"'):html.index('id="khong-con"')])
    assert all(f"Nhiệm vụ {n} (2026)" in new for n in (2, 3, 4)) and "(2024)" in new  # nearest below threshold
    dropped = visible(html[html.index('id="khong-con"'):html.index('id="chi-tieu"')])
    assert "Nhiệm vụ 2 (2024)" in dropped and "phía Nam" in dropped
    for link in ("../../../ke-hoach/kh-bvmt-cong-thuong-2024/", "../../../ke-hoach/kh-bvmt-cong-thuong-2026/",
                 "../../../co-quan/ubnd-cac-xa-phuong/", "../../../co-quan/so-cong-thuong/"):
        assert f'href="{link}' in html, link


def test_series_overview_shows_the_missing_year_and_follows_tasks(real_site):
    text = visible(page_text(real_site, "/so-sanh/bvmt-nganh-cong-thuong/"))
    assert "2025 Không có kế hoạch trong dữ liệu" in text
    assert "Nhiệm vụ 1 : 02 lớp" in text and "Nhiệm vụ 1 : 01 lớp gợi ý, giống 42%" in text


def test_real_version_comparison_page_marks_the_correction(real_site):
    html = page_text(real_site, "/ke-hoach/kh-275-2023/so-sanh/du-thao--ban-hanh/")
    assert '<del id="td-5">chợ</del> <ins>trợ</ins>' in html
    assert '<del id="td-4">50-60 %</del> <ins>50-60%</ins>' in html
    summary = visible(html[html.index('id="tom-tat"'):html.index('id="toan-van"')])
    assert "9 chỗ khác nhau (3 sửa chữ; 1 thêm; 1 chỉ khác khoảng trắng; 4 chỉ khác chữ hoa, chữ thường)" in summary
    assert "… chức tín dụng, tài chợ quốc tế và các …" in summary
    assert "Số hiệu Chưa đánh số 275/KH-UBND Ngày ban hành Để trống (dự thảo năm 2023) 20/11/2023" in visible(html)


def test_plan_pages_link_to_their_comparisons(real_site):
    plan_2024 = page_text(real_site, "/ke-hoach/kh-bvmt-cong-thuong-2024/")
    assert 'href="../../so-sanh/bvmt-nganh-cong-thuong/2024-2026/"' in plan_2024
    assert 'href="../../so-sanh/bvmt-nganh-cong-thuong/"' in plan_2024
    plan_275 = page_text(real_site, "/ke-hoach/kh-275-2023/")
    assert 'href="so-sanh/du-thao--ban-hanh/"' in plan_275
    index = page_text(real_site, "/so-sanh/")
    assert 'href="bvmt-nganh-cong-thuong/2024-2026/"' in index and 'href="../ke-hoach/kh-275-2023/so-sanh/du-thao--ban-hanh/"' in index


def test_comparisons_dataset(real_site):
    folder = real_site / "du-lieu"
    rows = list(csv.DictReader(io.StringIO((folder / "comparisons.csv").read_text(encoding="utf-8-sig"))))
    years = [row for row in rows if row["kind"] == "years"]
    assert [(r["before_id"], r["after_id"], r["match"], r["status"], r["changed_fields"]) for r in years] == [
        ("kh-bvmt-cong-thuong-2024-1", "kh-bvmt-cong-thuong-2026-1", "suggested", "changed", "title; quantity"),
        ("", "kh-bvmt-cong-thuong-2026-2", "none", "new", ""),
        ("", "kh-bvmt-cong-thuong-2026-3", "none", "new", ""),
        ("", "kh-bvmt-cong-thuong-2026-4", "none", "new", ""),
        ("kh-bvmt-cong-thuong-2024-2", "", "none", "dropped", ""),
    ]
    assert years[0]["score"] == "0.422" and years[0]["missing_years"] == "2025"
    assert (years[0]["timeframe_before"], years[0]["timeframe_after"]) == ("Quý II-IV/2024", "Quý II-IV/2026")
    versions = [row for row in rows if row["kind"] == "versions"]
    assert len(versions) == 9 and {"chợ", "trợ"} <= {versions[4]["before_text"], versions[4]["after_text"]}
    pairs = json.loads((folder / "comparisons.json").read_text(encoding="utf-8"))
    assert [(p["comparison"], p["summary"]) for p in pairs] == [
        ("bvmt-nganh-cong-thuong-2024-2026", {"unchanged": 0, "changed": 1, "new": 3, "dropped": 1}),
        ("kh-275-2023-du-thao-ban-hanh", {"wording": 3, "added": 1, "removed": 0, "spacing": 1, "case": 4}),
    ]
    coordinating = next(f for f in pairs[0]["rows"][0]["fields"] if f["field"] == "coordinating")
    assert coordinating == {"field": "coordinating", "changed": False,
                            "before": "Các doanh nghiệp, hoạt động sản xuất, kinh doanh trong lĩnh vực Công Thương; UBND các quận, huyện, thị xã.",
                            "after": "Các doanh nghiệp, hoạt động sản xuất, kinh doanh trong lĩnh vực Công Thương; UBND xã, phường.",
                            "note": "ubnd-cac-quan-huyen-thi-xa → ubnd-cac-xa-phuong (transferred 2025-07-01)"}
