"""The register of seriously polluting facilities (KH 75/2012), as built from content/: pages,
chart and data files a citizen reads, and the as-of arithmetic behind "quá hạn"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

from publisher.checks import Checker
from publisher.content import load_content
from publisher.open_data import build_datasets, to_xlsx
from publisher.problems import Problems
from publisher.pipeline import load_and_check
from tests.conftest import REAL_CONTENT
from tests.site_reader import pages

REGISTER = "co-so-o-nhiem"
LIST_YEARS = [2013, 2014, 2015, 2017, 2019, 2021, 2023]
OVERDUE = {"co-so-minh-hoa-d-bai-chon-lap-chat-thai", "co-so-minh-hoa-g-xuong-tai-che-nhua", "co-so-minh-hoa-l-xuong-son-tinh-dien"}
SAMPLE = "Dữ liệu minh họa"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def load_json(site, name):
    return json.loads((site / "du-lieu" / name).read_text(encoding="utf-8"))


def html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def read_csv(site, name):
    raw = (site / "du-lieu" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(path) -> list[list[str]]:
    """The first sheet's cells as text, read straight from the workbook's XML."""
    with zipfile.ZipFile(path) as workbook:
        shared = [
            "".join(t.text or "" for t in item.iter(f"{SHEET}t"))
            for item in ET.fromstring(workbook.read("xl/sharedStrings.xml")).iter(f"{SHEET}si")
        ]
        sheet = ET.fromstring(workbook.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{SHEET}row"):
        cells = []
        for cell in row.iter(f"{SHEET}c"):
            value = cell.find(f"{SHEET}v")
            text = value.text if value is not None else ""
            cells.append(shared[int(text)] if cell.get("t") == "s" else text)
        rows.append(cells)
    return rows


def table_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-years="[^"]*".*?</tr>', page, re.S)


def test_register_table_has_every_facility_marked_illustrative(real_site):
    page = html(real_site, REGISTER)
    rows = table_rows(page)
    facilities = load_json(real_site, "facilities.json")
    assert len(rows) == len(facilities) == 12
    for row, facility in zip(rows, facilities):
        assert f'href="{facility["id"]}/"' in row
        assert SAMPLE in row
    assert page.count('class="admonition warning"') == 1 and f'<p class="admonition-title">{SAMPLE}</p>' in page
    # the filter form is there for scripts, hidden without them; the count is announced
    assert re.search(r'<form id="loc-co-so" class="loc-co-so" hidden>', page)
    assert '<p id="so-co-so" aria-live="polite">12 cơ sở.</p>' in page
    assert '<script src="../assets/register.js"></script>' in page


def test_register_pages_have_the_anchors_the_checks_accept(real_site):
    """Links written by editors are checked against Checker.page_anchors(); the pages must have them."""
    content = load_content(REAL_CONTENT, Problems())
    site_pages = {page.url_path: page for page in pages(real_site).values()}
    promised = {path: anchors for path, anchors in Checker(content, Problems()).page_anchors().items()
                if path.startswith(f"/{REGISTER}/")}
    assert len(promised) == 1 + 12 + len(LIST_YEARS)
    for path, anchors in promised.items():
        assert anchors <= site_pages[path].ids, path


def test_every_page_showing_an_illustrative_entry_says_so(real_site):
    register_pages = [p for p in pages(real_site).values() if p.url_path.startswith(f"/{REGISTER}/")]
    assert len(register_pages) == 1 + 12 + len(LIST_YEARS)
    agency_pages = [p for p in pages(real_site).values() if p.url_path.startswith("/co-quan/") and 'id="co-so-o-nhiem"' in p.html]
    assert {p.url_path for p in agency_pages} >= {"/co-quan/so-tai-nguyen-va-moi-truong/", "/co-quan/ban-chi-dao-di-doi-co-so-gay-o-nhiem/"}
    for page in register_pages + agency_pages:
        assert SAMPLE in page.html, page.url_path


def test_counts_per_status_and_overdue_on_the_as_of_date(real_site):
    facilities = load_json(real_site, "facilities.json")
    assert Counter(f["status"] for f in facilities) == {
        "listed": 1, "treating": 4, "certified_complete": 4, "relocated": 1, "closed": 2}
    assert {f["id"] for f in facilities if f["overdue"]} == OVERDUE
    page = html(real_site, REGISTER)
    summary = page.split('id="hien-hanh"')[1].split('id="bieu-do"')[0]
    cells = re.findall(r"<td>(.*?)</td>\s*<td>(.*?)</td>", summary)
    assert cells[:5] == [("Trong danh sách", "1"), ("Đang xử lý", "4"), ("Đã xác nhận hoàn thành xử lý", "4"),
                         ("Đã di dời", "1"), ("Đã đóng cửa", "2")]
    assert cells[5][1] == "<strong>3</strong>"
    current = re.findall(r'<li><a href="([^"]+)/">', summary)
    assert set(current) == {f["id"] for f in facilities if f["status"] in ("listed", "treating")}
    for row in table_rows(page):
        facility_id = re.search(r'href="([^"/]+)/"', row).group(1)
        assert ("Quá hạn" in row) == (facility_id in OVERDUE), facility_id
        assert ("overdue" in row.split(">")[0]) == (facility_id in OVERDUE)


def test_years_without_a_list_are_told_apart_from_published_lists(real_site):
    lists = load_json(real_site, "facility-lists.json")
    assert [item["year"] for item in lists] == LIST_YEARS
    assert [item["facility_count"] for item in lists] == [2, 4, 6, 6, 5, 5, 5]
    section = html(real_site, REGISTER).split('id="theo-nam"')[1].split('id="tat-ca"')[0]
    years = re.findall(r"<tr>\s*<td>(?:<a [^>]*>)?Năm (\d{4})(?:</a>)?</td>\s*<td>(.*?)</td>", section, re.S)
    assert [int(year) for year, _ in years] == list(range(2026, 2012, -1))
    missing = [int(year) for year, text in years if text == "Không có danh sách được công bố cho năm này"]
    assert missing == [2026, 2025, 2024, 2022, 2020, 2018, 2016]
    list_2019 = html(real_site, f"{REGISTER}/danh-sach-2019")
    assert "MH-2019/QĐ-UBND ngày 15/05/2019" in list_2019
    assert len(re.findall(r'<a href="\.\./co-so-minh-hoa-', list_2019)) == 5


def test_a_published_list_with_no_facility_says_so(tiny_site):
    lists = {item["year"]: item for item in load_json(tiny_site, "facility-lists.json")}
    assert (lists[2024]["facility_count"], lists[2025]["facility_count"]) == (1, 0)
    assert "đã được công bố và <strong>không có cơ sở nào</strong>" in html(tiny_site, f"{REGISTER}/danh-sach-2025")
    section = html(tiny_site, REGISTER).split('id="theo-nam"')[1]
    assert "Không có danh sách được công bố" not in section


def test_csv_and_xlsx_carry_the_same_rows_as_json(real_site):
    for name in ("facilities", "facility-lists"):
        rows = read_csv(real_site, f"{name}.csv")
        assert read_xlsx(real_site / "du-lieu" / f"{name}.xlsx") == rows, name
        records = load_json(real_site, f"{name}.json")
        key = "id" if name == "facilities" else "year"
        assert [row[rows[0].index(key)] for row in rows[1:]] == [str(r[key]) for r in records]
    header, *rows = read_csv(real_site, "facilities.csv")
    assert {"id", "name", "address", "commune", "district", "industry", "status", "deadline", "sample", "url"} <= set(header)
    d = dict(zip(header, next(r for r in rows if r[0] == "co-so-minh-hoa-d-bai-chon-lap-chat-thai")))
    assert (d["commune"], d["district"], d["status"], d["deadline"], d["overdue"], d["sample"]) == (
        "Xã Sóc Sơn", "Huyện Sóc Sơn", "treating", "2020-12-31", "true", "true")
    assert d["media"] == "wastewater; emissions" and d["lists"] == "2014; 2015; 2017; 2019; 2021; 2023"
    assert (real_site / d["url"] / "index.html").is_file()


def test_workbook_bytes_do_not_depend_on_the_clock(real_site):
    site_data = load_and_check(REAL_CONTENT)
    dataset = next(d for d in build_datasets(site_data) if d.identifier == "facilities")
    first = to_xlsx(dataset, site_data.site.as_of)
    time.sleep(1.1)
    assert to_xlsx(dataset, site_data.site.as_of) == first
    assert first == (real_site / "du-lieu" / "facilities.xlsx").read_bytes()


def test_catalog_offers_the_workbooks(real_site):
    catalog = {d["identifier"]: d for d in load_json(real_site, "catalog.json")["dataset"]}
    for name in ("facilities", "facility-lists"):
        files = {d["downloadURL"]: d["byteSize"] for d in catalog[name]["distribution"]}
        assert set(files) == {f"{name}.json", f"{name}.csv", f"{name}.xlsx"}
        for file, size in files.items():
            assert (real_site / "du-lieu" / file).stat().st_size == size


def test_plan_75_task_1_and_target_3_6_lead_to_the_register(real_site):
    plan = html(real_site, "ke-hoach/kh-75-2012")
    task = re.search(r'<tr>\s*<td><span id="nv-1"></span>.*?</tr>', plan, re.S).group(0)
    target = re.search(r'<tr>\s*<td><span id="ct-3-6"></span>.*?</tr>', plan, re.S).group(0)
    assert 'href="../../co-so-o-nhiem/#theo-nam"' in task
    assert 'href="../../co-so-o-nhiem/"' in target
    assert 'href="../../co-so-o-nhiem/"' not in plan.split('id="ct-3-6"')[0].split('id="ct-3-5"')[1]
    register = html(real_site, REGISTER)
    assert 'href="../ke-hoach/kh-75-2012/#nv-1">75/KH-UBND, nhiệm vụ 1</a>' in register
    assert 'href="../ke-hoach/kh-75-2012/#ct-3-6">75/KH-UBND, chỉ tiêu 3.6</a>' in register


def test_agency_pages_list_the_facilities_they_answer_for(real_site):
    facilities = load_json(real_site, "facilities.json")
    for agency in ("so-tai-nguyen-va-moi-truong", "ban-chi-dao-di-doi-co-so-gay-o-nhiem", "so-xay-dung"):
        page = html(real_site, f"co-quan/{agency}")
        section = page.split('id="co-so-o-nhiem"')[1]
        linked = set(re.findall(r'href="\.\./\.\./co-so-o-nhiem/([^/"]+)/"', section))
        expected = {f["id"] for f in facilities if agency == f["lead"] or agency in f["coordinating"]}
        assert linked == expected and expected, agency
    assert 'id="co-so-o-nhiem"' not in html(real_site, "co-quan/so-cong-thuong-cac-tinh-thanh-pho")


def test_facility_page_tells_its_history_in_order(real_site):
    page = html(real_site, f"{REGISTER}/co-so-minh-hoa-d-bai-chon-lap-chat-thai")
    assert '<p class="admonition-title">Quá hạn</p>' in page
    history = page.split('id="lich-su"')[1].split('id="quyet-dinh"')[0]
    days = [dt.datetime.strptime(d, "%d/%m/%Y").date() for d in re.findall(r"<li><strong>(\d\d/\d\d/\d{4})</strong>", history)]
    assert days == sorted(days) and len(days) == 2 + 6  # listed, treating; six yearly lists
    assert re.findall(r"danh sách năm (\d{4})", history) == ["2014", "2015", "2017", "2019", "2021", "2023"]
    agencies = page.split('id="co-quan"')[1].split('id="nguon"')[0]
    assert 'href="../../co-quan/so-tai-nguyen-va-moi-truong/"' in agencies
    assert 'href="../../co-quan/so-nong-nghiep-va-moi-truong/"' in agencies  # the successor since 2025
    assert "Kiểm tra lần cuối" in page and "01/11/2026" in page


def test_status_chart_is_readable_without_colour(real_site):
    svg = ET.parse(real_site / REGISTER / "bieu-do-trang-thai.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.find(f"{ns}title").text and svg.find(f"{ns}desc").text
    assert len(svg.find(f"{ns}defs").findall(f"{ns}pattern")) == 5
    labels = [t.text for t in svg.iter(f"{ns}text")]
    years = [label for label in labels if "cơ sở" in (label or "")]
    assert years[0] == "2013: 2 cơ sở" and years[-1] == "2026 (đến 22/11/2026): 12 cơ sở" and len(years) == 14
    assert {"Trong danh sách", "Đang xử lý", "Đã xác nhận hoàn thành xử lý", "Đã di dời", "Đã đóng cửa"} <= set(labels)
    segments = [r for r in svg.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    last_year = [r.find(f"{ns}title").text for r in segments if r.find(f"{ns}title").text.startswith("2026")]
    assert last_year == ["2026 (đến 22/11/2026) – Trong danh sách: 1", "2026 (đến 22/11/2026) – Đang xử lý: 4",
                         "2026 (đến 22/11/2026) – Đã xác nhận hoàn thành xử lý: 4", "2026 (đến 22/11/2026) – Đã di dời: 1",
                         "2026 (đến 22/11/2026) – Đã đóng cửa: 2"]
    image = re.search(r'<img alt="([^"]+)" class="bieu-do" src="bieu-do-trang-thai.svg"', html(real_site, REGISTER))
    assert image and "2013" in image.group(1)


def test_overdue_follows_the_as_of_date(tiny_content):
    site_yml = tiny_content / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    facility = tiny_content / "facilities" / "co-so-thu-a.yml"
    record = facility.read_text(encoding="utf-8")
    assert "deadline: 2025-06-30" in record
    facility.write_text(record.replace("last_verified: 2025-12-01", "last_verified: 2025-06-01"), encoding="utf-8")
    for as_of, overdue in (("2025-06-30", False), ("2025-07-01", True)):
        site_yml.write_text(text.replace("as_of: 2025-12-31", f"as_of: {as_of}"), encoding="utf-8")
        view = load_and_check(tiny_content).facility("co-so-thu-a")
        assert view.overdue is overdue, as_of
    history = facility.read_text(encoding="utf-8").replace("sources:\n", (
        "  - status: certified_complete\n    date: 2025-06-20\n    source:\n      text: Biên bản thử\nsources:\n"), 1)
    facility.write_text(history, encoding="utf-8")
    view = load_and_check(tiny_content).facility("co-so-thu-a")
    assert (view.status.value, view.overdue) == ("certified_complete", False)
    assert view.status_on(dt.date(2025, 6, 19)).value == "treating"
