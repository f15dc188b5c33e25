"""What Pagefind reads: NFC text, đ twins, filters and sort keys, and one record per task."""

from __future__ import annotations

import re
import shutil
import unicodedata

import pytest

from publisher.pipeline import load_and_check
from publisher.search_index import (
    KIND_AGENCY, KIND_FACILITY, KIND_GENERAL, KIND_PLAN, KIND_TASK, SearchFacts, general_facts, indexed_part, page_facts,
    prepare_html, search_inputs, task_record_html, task_record_path, task_records, with_folded_twins, write_search_copy,
)
from tests.conftest import REAL_CONTENT


@pytest.fixture(scope="module")
def real_data():
    return load_and_check(REAL_CONTENT)


def test_each_word_with_đ_gets_its_folded_twin():
    assert with_folded_twins("Sở Kế hoạch và Đầu tư, huyện Đông Anh") == "Sở Kế hoạch và Đầu (dau) tư, huyện Đông (dong) Anh"
    assert with_folded_twins("ô nhiễm môi trường") == "ô nhiễm môi trường"


def test_prepared_page_is_nfc_with_twins_only_in_text_and_carries_its_facts():
    page = unicodedata.normalize("NFD", (
        '<html><head><script>var đ = "đ";</script></head><body><div data-pagefind-body>'
        '<h1 title="Đề án">Đề án</h1><p>đầu tư</p></div></body></html>'))
    facts = SearchFacts(KIND_PLAN, "Đề án", [2024], ["Sở Công Thương"])
    prepared = prepare_html(page, facts, {"Đề án": 7})
    assert unicodedata.is_normalized("NFC", prepared)
    assert '<script>var đ = "đ";</script>' in prepared and 'title="Đề án"' in prepared
    assert "<h1 data-pagefind-weight=\"10\" title=\"Đề án\">Đề (de) án</h1><p>đầu (dau) tư</p>" in prepared
    assert prepared.index("<div data-pagefind-body><div data-pagefind-ignore hidden>") < prepared.index("<h1")
    for element in ('<span data-pagefind-filter="Loại">Kế hoạch</span>', '<span data-pagefind-filter="Năm">2024</span>',
                    '<span data-pagefind-filter="Cơ quan">Sở Công Thương</span>', '<span data-pagefind-meta="title">Đề án</span>',
                    '<span data-pagefind-sort="ten">000007</span>', '<span data-pagefind-sort="nam">2024</span>'):
        assert element in prepared


def test_every_page_kind_has_its_facts(real_data):
    facts = page_facts(real_data)
    plan = facts["/ke-hoach/kh-75-2012/"]
    assert (plan.kind, plan.title, plan.years) == (KIND_PLAN, "75/KH-UBND: Quản lý ô nhiễm môi trường công nghiệp trên địa bàn Thành phố Hà Nội đến năm 2015", [2012])
    assert "Sở Tài nguyên và Môi trường" in plan.agencies
    agency = facts["/co-quan/so-ke-hoach-va-dau-tu/"]
    assert (agency.kind, agency.agencies) == (KIND_AGENCY, ["Sở Kế hoạch và Đầu tư"])
    comparison = facts["/so-sanh/bvmt-nganh-cong-thuong/2024-2026/"]
    assert comparison.years == [2024, 2026] and "Ủy ban nhân dân các xã, phường" in comparison.agencies


def test_each_task_is_a_record_leading_to_its_row(real_data):
    records = task_records(real_data)
    assert len(records) == 35
    record = next(r for r in records if r.url == "/ke-hoach/kh-bvmt-cong-thuong-2024/#nv-1")
    assert record.facts.kind == KIND_TASK and record.facts.title.startswith("Nhiệm vụ 1: Tuyên truyền, phổ biến pháp luật")
    assert record.text == "Chủ trì: Sở Công Thương — Triển khai thực hiện công tác bảo vệ môi trường ngành Công Thương Hà Nội năm 2024."
    assert task_record_path(record.url) == "/ke-hoach/kh-bvmt-cong-thuong-2024/nv-1/"


def test_a_task_record_indexes_its_title_lead_and_plan_not_the_rest(real_data):
    """Who else takes part, how much and when are on the task's row, not words of its record; every
    agency of the task is still a filter (search.js names them in the result)."""
    record = next(r for r in task_records(real_data) if r.url == "/ke-hoach/kh-75-2012/#nv-1")
    page = task_record_html(record, {record.facts.title: 3})
    words = re.sub(r"<div data-pagefind-ignore hidden>.*?</div>", "", page)
    assert '<h2 data-pagefind-weight="3">Nhiệm vụ 1: Công bố danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng</h2>' in words
    assert "Chủ trì: Sở Tài nguyên và Môi trường — 75/KH-UBND." in words
    assert "Phối hợp" not in page and "2012-2015" not in page
    assert '<span data-pagefind-filter="Cơ quan">Ủy ban nhân dân các quận, huyện, thị xã</span>' in page



def test_task_records_forward_readers_to_the_row(real_site):
    page = (real_site / "ke-hoach" / "kh-275-2023" / "nv-iii-5" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../#nv-iii-5">' in page
    assert '<a href="../#nv-iii-5">' in page


def test_every_indexed_page_can_be_filtered_and_sorted(real_data, real_site, tmp_path):
    """Pagefind drops from sorted results a page without the sort key: every page and record has
    a kind, a name rank and a year (0 when undated); the search page itself is not indexed."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("pagefind"))
    records = write_search_copy(site, tmp_path / "copy", search_inputs(real_data))
    copies = sorted((tmp_path / "copy").rglob("*.html"))
    assert len(copies) == records
    assert not (tmp_path / "copy" / "tim-kiem").exists()
    for copy in copies:
        text = copy.read_text(encoding="utf-8")
        for key in ('data-pagefind-filter="Loại"', 'data-pagefind-sort="ten"', 'data-pagefind-sort="nam"'):
            assert key in text, (copy, key)
        titles = re.findall(r'data-pagefind-meta="title">([^<]*)</span>', text)
        assert [title for title in titles if title.endswith("#")] == [], copy  # no heading permalink "#"
    home = (tmp_path / "copy" / "index.html").read_text(encoding="utf-8")
    assert f'<span data-pagefind-filter="Loại">{KIND_GENERAL}</span>' in home
    assert '<span data-pagefind-sort="nam">0</span>' in home


def test_texts_indexed_elsewhere_are_not_indexed_again(real_site):
    """A task is a record of its own, so neither its plan's table nor an agency's list indexes it
    again; a version comparison's full text is its plan's text. Each stays on the page."""
    def ignored(path, opening):
        page = (real_site / path / "index.html").read_text(encoding="utf-8")
        return [m.group(0) for m in re.finditer(opening + r'.*?</div>', page, re.S)]
    task_tables = r'<div class="bang-nhiem-vu" data-pagefind-ignore[=">]'
    assert any('id="nv-1"' in table for table in ignored("ke-hoach/kh-75-2012", task_tables))
    assert any("Phổ biến pháp luật về bảo vệ môi trường" in table for table in ignored("co-quan/so-cong-thuong", task_tables))
    texts = ignored("ke-hoach/kh-275-2023/so-sanh/du-thao--ban-hanh", r'<div class="van-ban-so-sanh" data-pagefind-ignore[=">]')
    assert len(texts) == 1 and 'id="td-5"' in texts[0]


def test_facilities_are_filtered_by_status_and_district_and_say_when_illustrative(real_data):
    facts = page_facts(real_data)
    overdue = [f for path, f in facts.items() if "Quá hạn" in f.statuses]
    assert sorted(f.title for f in overdue) == sorted(
        f"{v.facility.name} (dữ liệu minh họa)" for v in real_data.facilities if v.overdue)
    assert len(overdue) == 3
    for view in real_data.facilities:
        fact = facts[view.path]
        assert fact.kind == KIND_FACILITY and fact.districts == [view.facility.district] and fact.years == view.years
    register = facts["/co-so-o-nhiem/"]
    assert register.kind == KIND_FACILITY and register.title.endswith("(dữ liệu minh họa)")
    assert facts["/co-so-o-nhiem/danh-sach-2023/"].years == [2023]


def test_a_general_page_is_named_by_its_heading_without_the_permalink():
    page = ('<h1 id="lich-su-cap-nhat">Lịch sử cập nhật<a class="headerlink" href="#lich-su-cap-nhat" '
            'title="Liên kết tới mục này">#</a></h1>')
    assert general_facts(page) == SearchFacts(KIND_GENERAL, "Lịch sử cập nhật")


def test_pagefind_reads_only_the_indexed_part_with_twins_in_its_text():
    page = ('<html><head><title>Đề án</title><script>var đ = "<div>";</script></head><body><nav>Đông</nav>'
            '<div data-pagefind-body><div class="a"><p title="Đồng">Đồng Đại</p></div><p>đi > 0</p></div>'
            '<footer>Đông</footer></body></html>')
    part = indexed_part(page)
    assert part == ('<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body><div data-pagefind-body>'
                    '<div class="a"><p title="Đồng">Đồng Đại</p></div><p>đi > 0</p></div></body></html>')
    assert indexed_part("<p>Đông</p>") == "<p>Đông</p>"  # no marked body: the whole page
    prepared = prepare_html(page, None, {})
    assert '<p title="Đồng">Đồng (dong) Đại (dai)</p>' in prepared and '<script>var đ = "<div>";</script>' in prepared
    assert "<nav>Đông (dong)</nav>" in prepared and "<p>đi (di) > 0</p>" in prepared


def test_what_pagefind_ignores_is_left_out_of_its_copy():
    """Ignored elements give Pagefind no words, so its copy goes without them: nested elements
    of the same name, inline ones, and nothing else."""
    page = ('<p>x</p><div data-pagefind-body><h1>Sở Công Thương</h1><div class="bang-nhiem-vu" data-pagefind-ignore markdown>'
            '<div><table><tr><td>Đề án</td></tr></table></div></div><p>Có tên trong danh sách năm 2014, '
            '<span data-pagefind-ignore>quyết định <span>số 1</span></span>.</p><div data-pagefind-ignored>Đông</div></div>')
    part = indexed_part(page)
    assert "Đề án" not in part and "quyết định" not in part
    assert "<h1>Sở Công Thương</h1>" in part and "<p>Có tên trong danh sách năm 2014, .</p>" in part
    assert "<div data-pagefind-ignored>Đông</div>" in part


def test_pages_kept_prepared_are_prepared_again_only_when_rewritten_and_give_the_same_copy(real_data, real_site, tmp_path, monkeypatch):
    """The preview's indexing keeps each page prepared (without its facts) and prepares again only the
    pages rewritten since: the copy Pagefind reads is the same as one made from scratch."""
    from publisher import search_index
    from tests.test_build import tree_digest

    site, kept = tmp_path / "site", tmp_path / "kept"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("pagefind"))
    prepared = []
    prepare = search_index.prepare_html
    monkeypatch.setattr(search_index, "prepare_html", lambda page, *rest: (prepared.append(page), prepare(page, *rest))[1])
    write_search_copy(site, tmp_path / "copy-1", search_inputs(real_data), kept)
    pages = len(prepared)
    assert pages > 50
    prepared.clear()
    write_search_copy(site, tmp_path / "copy-2", search_inputs(real_data), kept)
    assert prepared == []
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</h1>", " Đổi</h1>", 1), encoding="utf-8")
    write_search_copy(site, tmp_path / "copy-3", search_inputs(real_data), kept)
    assert len(prepared) == 1 and "Đổi</h1>" in prepared[0]
    write_search_copy(site, tmp_path / "fresh", search_inputs(real_data))
    assert tree_digest(tmp_path / "copy-3") == tree_digest(tmp_path / "fresh") != tree_digest(tmp_path / "copy-2")
    assert "Đổi (doi)</h1>" in (tmp_path / "copy-3" / "index.html").read_text(encoding="utf-8")


def test_pagefind_gives_back_freed_memory_at_once_unless_told_otherwise(real_data, real_site, tmp_path, monkeypatch):
    """Pagefind runs with its allocator set to return freed memory at once (PAGEFIND_MALLOC_CONF: its peak
    ≈ 860 instead of ≈ 1,000 MiB at city scale); a setting of the caller's own is kept. The index is made."""
    import subprocess

    from publisher import search_index

    environments = []
    popen = subprocess.Popen
    monkeypatch.setattr(search_index.subprocess, "Popen",
                        lambda *args, **kwargs: (environments.append(kwargs.get("env")), popen(*args, **kwargs))[1])
    site = tmp_path / "site"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("pagefind"))
    search_index.index_site(site, real_data)
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "narenas:1")
    search_index.index_site(site, real_data)
    assert [env["_RJEM_MALLOC_CONF"] for env in environments] == ["dirty_decay_ms:0,muzzy_decay_ms:0", "narenas:1"]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
