"""The real site, built from content/: what a citizen finds on it."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

from publisher.text import sort_key
from tests.site_reader import pages, resolve

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPECTED_TASKS = {"kh-75-2012": 12, "kh-275-2023": 17, "kh-bvmt-cong-thuong-2024": 2, "kh-bvmt-cong-thuong-2026": 4}


def load_json(site, name):
    return json.loads((site / "du-lieu" / name).read_text(encoding="utf-8"))


def test_all_35_tasks_are_published_with_their_leads(real_site):
    tasks = load_json(real_site, "tasks.json")
    assert Counter(task["plan"] for task in tasks) == EXPECTED_TASKS
    agencies = {agency["id"]: agency for agency in load_json(real_site, "agencies.json")}
    for task in tasks:
        plan_page, anchor = task["url"].split("#")
        html = (real_site / plan_page / "index.html").read_text(encoding="utf-8")
        row = re.search(rf'<tr>\s*<td><span id="{anchor}"></span>.*?</tr>', html, re.S)
        assert row, f"thiếu dòng nhiệm vụ {task['id']}"
        assert f'href="../../co-quan/{task["lead"]}/"' in row.group(0), task["id"]
        assert task["lead"] in agencies


def test_known_rows_of_the_task_tables(real_site):
    tasks = {task["id"]: task for task in load_json(real_site, "tasks.json")}
    first = tasks["kh-75-2012-1"]
    assert first["title"] == "Công bố danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng"
    assert first["lead"] == "so-tai-nguyen-va-moi-truong"
    assert first["timeframe"] == {"text": "2012-2015", "start": "2012-01-01", "end": "2015-12-31", "every_year": False}
    training_2024 = tasks["kh-bvmt-cong-thuong-2024-1"]
    assert (training_2024["unit"], training_2024["quantity"], training_2024["quantity_text"]) == ("Lớp", 2, "02")
    assert tasks["kh-bvmt-cong-thuong-2026-1"]["quantity"] == 1
    assert tasks["kh-bvmt-cong-thuong-2026-2"]["timeframe"]["text"] == "Quý I- IV/2026"
    grouped = tasks["kh-275-2023-iii-5"]
    assert grouped["group"] == "III" and grouped["lead"] == "ban-quan-ly-cac-khu-cong-nghiep-va-che-xuat-ha-noi"
    yearly = tasks["kh-275-2023-i-1"]["timeframe"]
    assert (yearly["start"], yearly["end"], yearly["every_year"]) == ("2023-01-01", "2025-12-31", True)


def test_every_agency_page_is_linked_from_the_agency_list(real_site):
    listing = (real_site / "co-quan" / "index.html").read_text(encoding="utf-8")
    agencies = load_json(real_site, "agencies.json")
    assert len(agencies) == 31
    for agency in agencies:
        assert f'href="{agency["url"].removeprefix("co-quan/")}"' in listing, agency["id"]
        assert (real_site / agency["url"] / "index.html").is_file()


def test_agency_list_is_in_vietnamese_alphabetical_order(real_site):
    names = [agency["name"] for agency in load_json(real_site, "agencies.json")]
    assert names == sorted(names, key=sort_key)
    assert sort_key("Dương") < sort_key("Đông Anh") < sort_key("Em")
    assert names.index("Ban Tuyên giáo Thành ủy Hà Nội") < names.index("Công an thành phố Hà Nội") < names.index("Sở Công Thương")
    assert names.index("Sở Xây dựng") < names.index("Ủy ban nhân dân các quận, huyện, thị xã")


def test_lineage_is_linked_both_ways(real_site):
    old = (real_site / "co-quan" / "so-tai-nguyen-va-moi-truong" / "index.html").read_text(encoding="utf-8")
    new = (real_site / "co-quan" / "so-nong-nghiep-va-moi-truong" / "index.html").read_text(encoding="utf-8")
    assert 'href="../so-nong-nghiep-va-moi-truong/"' in old
    assert 'href="../so-tai-nguyen-va-moi-truong/"' in new
    assert 'href="../so-nong-nghiep-va-phat-trien-nong-thon/"' in new
    agencies = {agency["id"]: agency for agency in load_json(real_site, "agencies.json")}
    assert agencies["so-tai-nguyen-va-moi-truong"]["successors"] == ["so-nong-nghiep-va-moi-truong"]
    assert agencies["so-tai-nguyen-va-moi-truong"]["valid_to"] == "2025-02-28"


def test_no_broken_internal_link_or_anchor(real_site):
    site_pages = pages(real_site)
    broken = []
    for page in site_pages.values():
        for tag, url in page.links:
            target = resolve(real_site, page, url)
            if target is None:
                continue
            file, fragment = target
            if not file.exists():
                broken.append(f"{page.url_path} → {url}")
            elif fragment and file.suffix == ".html" and fragment not in site_pages[file].ids:
                broken.append(f"{page.url_path} → {url} (thiếu neo)")
    assert not broken, "\n".join(broken)


def test_each_task_is_linked_from_its_lead_agency_s_task_table(real_site):
    """The agency pages write their task tables as raw HTML, whose links MkDocs does not check:
    each task's row on its lead's page links to the task's row on the plan page (an element with
    that id), and every link of these tables leads to a page and anchor that exist (as checked
    for the whole site above)."""
    site_pages = pages(real_site)
    table_links: dict[str, set[tuple]] = {}
    for page in site_pages.values():
        if page.url_path.startswith("/co-quan/") and page.url_path != "/co-quan/":
            tables = "".join(re.findall(r'<div class="bang-nhiem-vu" data-pagefind-ignore>(.*?)</div>', page.html, re.S))
            table_links[page.url_path] = {resolve(real_site, page, url) for url in re.findall(r'<a href="([^"]+)"', tables)}
    for file, fragment in set().union(*table_links.values()):
        assert file in site_pages and (not fragment or fragment in site_pages[file].ids), (file, fragment)
    tasks = load_json(real_site, "tasks.json")
    for task in tasks:
        plan_page, anchor = task["url"].split("#")
        assert (real_site / plan_page / "index.html", anchor) in table_links[f"/co-quan/{task['lead']}/"], task["id"]
    assert len(tasks) == sum(EXPECTED_TASKS.values())


def test_nothing_is_loaded_from_other_hosts(real_site):
    for page in pages(real_site).values():
        for tag, url in page.links:
            if tag in ("script", "link", "img", "iframe", "source"):
                assert not re.match(r"^(https?:)?//", url), f"{page.url_path} tải {url}"


def test_catalog_lists_each_dataset_with_json_and_csv(real_site):
    catalog = load_json(real_site, "catalog.json")
    assert [d["identifier"] for d in catalog["dataset"]] == [
        "plans", "tasks", "targets", "agencies", "comparisons", "facilities", "facility-lists", "task-reports",
        "legal-documents"]
    for dataset in catalog["dataset"]:
        media = {d["mediaType"]: d["downloadURL"] for d in dataset["distribution"]}
        workbook = {XLSX} if dataset["identifier"] in ("facilities", "facility-lists", "task-reports", "legal-documents") else set()
        assert set(media) == {"application/json", "text/csv"} | workbook
        for url in media.values():
            assert (real_site / "du-lieu" / url).is_file()


def test_csv_files_open_in_excel_and_match_json(real_site):
    for name in ("plans", "tasks", "targets", "agencies"):
        raw = (real_site / "du-lieu" / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        records = load_json(real_site, f"{name}.json")
        assert [row["id"] for row in rows] == [record["id"] for record in records]
    plans = list(csv.DictReader(io.StringIO((real_site / "du-lieu" / "plans.csv").read_text(encoding="utf-8-sig"))))
    assert plans[0]["number"] == "75/KH-UBND" and plans[0]["date"] == "2012-05-22"
    assert {p["id"]: p["status"] for p in plans}["kh-bvmt-cong-thuong-2026"] == "draft"


def test_targets_of_plan_75(real_site):
    targets = [t for t in load_json(real_site, "targets.json") if t["plan"] == "kh-75-2012"]
    assert [t["number"] for t in targets] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    assert [t["value"] for t in targets] == [100, 100, 100, 80, 85, 100, 100]


def test_original_documents_are_offered_verbatim(real_site):
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "content" / "plans" / "kh-275-2023"
    assert (real_site / "van-ban" / "kh-275-2023-ban-hanh.txt").read_bytes() == (seeds / "van-ban-goc-ban-hanh.txt").read_bytes()
    html = (real_site / "ke-hoach" / "kh-275-2023" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../van-ban/kh-275-2023-du-thao.txt"' in html
    assert 'href="../../van-ban/kh-275-2023-ban-hanh.txt"' in html


def test_interface_is_vietnamese_and_search_index_exists(real_site):
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in home
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    assert "data-pagefind-body" in (real_site / "ke-hoach" / "kh-75-2012" / "index.html").read_text(encoding="utf-8")


def test_every_file_a_stylesheet_or_script_loads_exists(real_site):
    """Beyond the pages' links (test above): url(…) in every stylesheet, the search files that
    assets/search.js loads on first use, and the files Pagefind's entry file names."""
    missing = []
    for stylesheet in real_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", stylesheet.read_text(encoding="utf-8")):
            if not url.startswith(("data:", "#")) and not (stylesheet.parent / url.split("?")[0].split("#")[0]).exists():
                missing.append(f"{stylesheet.relative_to(real_site)} → {url}")
    search_js = (real_site / "assets" / "search.js").read_text(encoding="utf-8")
    loaded = re.findall(r'root \+ "(pagefind/[^"]*)"', search_js)
    assert "pagefind/pagefind-component-ui.js" in loaded
    missing += [path for path in loaded if not (real_site / path).exists()]
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        for name in (f"pagefind.{language['hash']}.pf_meta", f"wasm.{language['wasm'] or 'unknown'}.pagefind"):
            if not (real_site / "pagefind" / name).is_file():
                missing.append(f"pagefind/{name}")
    assert not missing, "\n".join(missing)
