"""A citizen on a phone opens a plan, follows a lead agency, and searches without diacritics.

Runs Debian's Chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import unicodedata

import pytest

from publisher.text import fold

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not shutil.which(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"CI cần Chromium tại {CHROMIUM} (apt-get install chromium); .ci/run cài nó")
    pytest.skip(f"BỎ QUA KIỂM THỬ TRÌNH DUYỆT: không thấy Chromium tại {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(real_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(real_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def phone(served):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        yield context, requests
        browser.close()


def test_plan_page_shows_task_and_leads_to_agency(served, phone):
    context, requests = phone
    page = context.new_page()
    page.goto(f"{served}/ke-hoach/kh-75-2012/#nv-1")
    row = page.locator("tr", has=page.locator("#nv-1"))
    assert "Công bố danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng" in row.inner_text()
    row.get_by_role("link", name="Sở Tài nguyên và Môi trường").click()
    page.wait_for_url(f"{served}/co-quan/so-tai-nguyen-va-moi-truong/")
    assert page.get_by_role("heading", level=1).inner_text().removesuffix("#") == "Sở Tài nguyên và Môi trường"
    assert page.get_by_role("link", name="Sở Nông nghiệp và Môi trường").first.is_visible()
    assert all(url.startswith(served) for url in requests), [u for u in requests if not u.startswith(served)]


def test_search_without_diacritics_finds_plan_75(served, phone):
    titles, _, text = search(phone[0], served, "o nhiem cong nghiep")
    assert any("Quản lý ô nhiễm môi trường công nghiệp" in title for title in titles[:3]), titles
    assert not re.search(r"\w#", text), "dấu # của liên kết tiêu đề lọt vào kết quả tìm kiếm"


def test_phone_reader_sees_the_correction_in_plan_275(served, phone):
    context, _ = phone
    page = context.new_page()
    page.goto(f"{served}/ke-hoach/kh-275-2023/")
    page.get_by_role("link", name="Xem khác biệt từng chữ").click()
    page.wait_for_url(f"{served}/ke-hoach/kh-275-2023/so-sanh/du-thao--ban-hanh/")
    page.get_by_role("link", name="5", exact=True).click()
    removed, added = page.locator("#td-5"), page.locator("#td-5 + ins")
    assert (removed.inner_text(), added.inner_text()) == ("chợ", "trợ")
    assert removed.is_visible() and added.is_visible()
    style = removed.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert style == "line-through"  # marked by a line, not by colour alone
    spoken = removed.evaluate("e => getComputedStyle(e, '::before').content")
    assert spoken == '" [bỏ: "'  # screen readers announce the deletion


def test_phone_comparison_rows_say_which_year_each_value_is_from(served, phone):
    context, _ = phone
    page = context.new_page()
    page.goto(f"{served}/so-sanh/bvmt-nganh-cong-thuong/2024-2026/")
    quantity = page.locator(".bang-so-sanh tr", has_text="Số lượng")
    assert quantity.inner_text().split("\n") == ["Số lượng", "2024: 02", "2026: 01", "Thay đổi: giảm từ 02 xuống 01"]


@pytest.mark.parametrize("path", [
    "/ke-hoach/kh-75-2012/", "/co-quan/so-cong-thuong/", "/so-sanh/", "/so-sanh/bvmt-nganh-cong-thuong/",
    "/so-sanh/bvmt-nganh-cong-thuong/2024-2026/", "/ke-hoach/kh-275-2023/so-sanh/du-thao--ban-hanh/",
    "/", "/van-ban/", "/van-ban/qd-192-qd-ttg-2017/",
])
def test_pages_fit_a_phone_screen(served, phone, path):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    context, _ = phone
    page = context.new_page()
    page.goto(served + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"trang rộng {width}px: phải cuộn ngang trên điện thoại"


RESULT_LINK = "#hop-tim-kiem .pf-result-link"


def search(context, served, query):
    """The search page's results for a query typed by a reader: (titles, hrefs, visible text)."""
    page = context.new_page()
    page.goto(f"{served}/tim-kiem/")
    page.locator("#hop-tim-kiem input").fill(query)
    return results(page, RESULT_LINK)


def results(page, selector):
    page.locator(selector).first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)  # let the first results settle
    links = page.locator(selector)
    box = page.locator(selector.split(" ")[0])
    return links.all_inner_texts(), [links.nth(i).get_attribute("href") for i in range(links.count())], box.inner_text()


def twins_shown(text):
    """Bracketed đ-free twins ("Đầu (dau)") that reached the reader."""
    return [m.group(0) for m in re.finditer(r"(\w+) \((\w+)\)", text) if fold(m.group(1)) == m.group(2)]


def test_search_finds_the_comparison_page(served, phone):
    titles, _, _ = search(phone[0], served, "so sanh ke hoach nam 2024 va nam 2026")
    assert any(title.startswith("So sánh kế hoạch năm 2024 và năm 2026") for title in titles[:3]), titles


@pytest.mark.parametrize("query, expected", [
    ("dau tu", "Sở Kế hoạch và Đầu tư"),
    ("so ke hoach va dau tu", "Sở Kế hoạch và Đầu tư"),
    ("day manh tuyen truyen", "Đẩy mạnh"),
])
def test_d_typed_for_đ_finds_the_accented_words(served, phone, query, expected):
    titles, _, text = search(phone[0], served, query)
    assert any(expected in title for title in titles[:3]) or expected in text, (titles, text[:500])
    assert twins_shown(text) == [], "từ phụ không dấu, như '(dau)', lọt ra kết quả"
    assert "Đầu" in text or "Đẩy" in text  # the words themselves are still shown


@pytest.mark.parametrize("query", ["dau tu", "so ke hoach va dau tu"])
def test_the_agency_named_by_the_query_comes_first(served, phone, query):
    titles, hrefs, _ = search(phone[0], served, query)
    assert (titles[0], hrefs[0]) == ("Sở Kế hoạch và Đầu tư", "/co-quan/so-ke-hoach-va-dau-tu/")


def test_a_task_is_found_on_its_own_and_leads_to_its_row(served, phone):
    titles, hrefs, text = search(phone[0], served, "trao doi hoc tap kinh nghiem phia Nam")
    assert titles[0].startswith("Nhiệm vụ 2: Trao đổi học tập kinh nghiệm"), titles
    assert hrefs[0] == "/ke-hoach/kh-bvmt-cong-thuong-2024/#nv-2"
    # the coordinating agencies are not indexed words (search_index.task_records), but the result
    # still names every agency of the task, from its filter
    result = " ".join(text[text.index("Nhiệm vụ 2: Trao đổi"):].split())
    assert "Cơ quan: Sở Công Thương; Sở Công Thương các tỉnh, thành phố." in result, result[:400]
    page = phone[0].new_page()
    page.goto(served + "/ke-hoach/kh-bvmt-cong-thuong-2024/nv-2/")  # the record's own address forwards
    page.wait_for_url(served + "/ke-hoach/kh-bvmt-cong-thuong-2024/#nv-2")


def test_the_same_query_in_either_unicode_form_gives_the_same_results(served, phone):
    nfc = "ô nhiễm công nghiệp"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert search(phone[0], served, nfd)[1][:5] == search(phone[0], served, nfc)[1][:5]


def test_search_filters_narrow_the_results_by_kind(served, phone):
    page = phone[0].new_page()
    page.goto(f"{served}/tim-kiem/?q=so%20cong%20thuong")
    titles, _, _ = results(page, RESULT_LINK)
    assert not all(title.startswith("Nhiệm vụ") for title in titles)
    labels = page.locator("#hop-tim-kiem .pf-dropdown-trigger-label")
    assert labels.all_inner_texts() == ["Loại trang", "Năm", "Cơ quan", "Trạng thái cơ sở", "Quận, huyện"]
    labels.first.click()
    page.get_by_role("option", name=re.compile("^Nhiệm vụ")).click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    titles = page.locator(RESULT_LINK).all_inner_texts()
    assert titles and all(title.startswith("Nhiệm vụ") for title in titles), titles


def test_cited_documents_are_one_filter_away(served, phone):
    page = phone[0].new_page()
    page.goto(f"{served}/tim-kiem/?q=quyet%20dinh%20192")
    results(page, RESULT_LINK)
    page.locator("#hop-tim-kiem .pf-dropdown-trigger-label").first.click()
    page.get_by_role("option", name=re.compile("^Văn bản pháp luật")).click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    titles = page.locator(RESULT_LINK).all_inner_texts()
    assert titles and titles[0] == "Quyết định số 192/QĐ-TTg ngày 13/02/2017", titles


def test_overdue_facilities_are_one_filter_away(served, phone):
    page = phone[0].new_page()
    page.goto(f"{served}/tim-kiem/?q=co%20so")
    results(page, RESULT_LINK)
    status = page.locator("#hop-tim-kiem pagefind-filter-dropdown[filter='Trạng thái'] .pf-dropdown-trigger-label")
    assert status.inner_text() == "Trạng thái cơ sở"
    status.click()
    page.get_by_role("option", name=re.compile("^Quá hạn")).click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    titles = page.locator(RESULT_LINK).all_inner_texts()
    assert len(titles) == 3 and all(title.startswith("Cơ sở minh họa") and title.endswith("(dữ liệu minh họa)")
                                     for title in titles), titles


def test_sorting_newest_first_keeps_every_result(served, phone):
    page = phone[0].new_page()
    page.goto(f"{served}/tim-kiem/?q=ke%20hoach")
    results(page, RESULT_LINK)
    count = page.locator("#hop-tim-kiem pagefind-summary").inner_text()
    page.select_option("#sap-xep", "moi-nhat")
    page.wait_for_timeout(800)
    assert page.locator("#hop-tim-kiem pagefind-summary").inner_text() == count  # undated pages are not dropped
    first = page.locator(RESULT_LINK).first.get_attribute("href")
    assert first.startswith("/ke-hoach/kh-bvmt-cong-thuong-2026/"), first


def test_the_search_page_keeps_the_query_in_its_address(served, phone):
    page = phone[0].new_page()
    page.goto(f"{served}/tim-kiem/")
    page.locator("#hop-tim-kiem input").fill("nuoc thai")
    results(page, RESULT_LINK)
    assert page.url == f"{served}/tim-kiem/?q=nuoc+thai"


def test_header_search_box_opens_the_search_dialog_on_any_page(served, phone):
    context, requests = phone
    page = context.new_page()
    requests.clear()
    page.goto(f"{served}/ke-hoach/kh-75-2012/")
    assert not any("pagefind" in url for url in requests), "trang chỉ để đọc không tải bộ tìm kiếm"
    box = page.locator("[data-o-tim-kiem]")
    assert box.is_visible() and box.get_attribute("aria-label").startswith("Tìm kiếm")
    page.keyboard.press("/")
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=10_000)
    page.keyboard.type("dau tu")
    titles, hrefs, text = results(page, "pagefind-modal .pf-result-link")
    assert (titles[0], hrefs[0]) == ("Sở Kế hoạch và Đầu tư", "/co-quan/so-ke-hoach-va-dau-tu/")
    assert twins_shown(text) == []
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-o-tim-kiem')")  # focus returns to the box
    box.click()
    dialog.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served}/co-quan/so-ke-hoach-va-dau-tu/")


def test_without_javascript_the_header_box_leads_to_the_search_page(served, phone):
    context = phone[0].browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/co-quan/so-cong-thuong/")
    page.locator("[data-o-tim-kiem]").click()
    page.wait_for_url(f"{served}/tim-kiem/")
    context.close()
