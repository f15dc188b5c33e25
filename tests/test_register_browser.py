"""The register of polluting facilities in a phone's browser: filtering with and without JavaScript.

Debian's Chromium through Playwright (fixtures and settings of test_browser.py); never downloads a browser.
"""

from __future__ import annotations

import pytest

from tests.test_browser import ARGS, CHROMIUM, served  # noqa: F401 (served is a fixture)

from playwright.sync_api import sync_playwright  # noqa: E402  (test_browser skips the module without Chromium)

REGISTER = "/co-so-o-nhiem/"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def visible_rows(page) -> list[str]:
    return page.locator("#bang-co-so tbody tr:visible td:first-child a").all_inner_texts()


def test_filters_narrow_the_table_and_announce_the_count(served, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(served + REGISTER)
    count = page.locator("#so-co-so")
    assert count.get_attribute("aria-live") == "polite"
    assert len(visible_rows(page)) == 12 and count.inner_text() == "12 cơ sở."

    page.select_option("select[name=district]", label="Quận Hoàng Mai")
    assert visible_rows(page) == ["Cơ sở minh họa A – Xưởng mạ kim loại", "Cơ sở minh họa L – Xưởng cơ khí sơn tĩnh điện"]
    assert count.inner_text() == "Đang hiện 2 trên 12 cơ sở."

    page.select_option("select[name=status]", label="Quá hạn")
    assert visible_rows(page) == ["Cơ sở minh họa L – Xưởng cơ khí sơn tĩnh điện"]
    page.select_option("select[name=years]", "2013")
    assert visible_rows(page) == [] and count.inner_text() == "Đang hiện 0 trên 12 cơ sở: không có cơ sở nào khớp bộ lọc."

    page.get_by_role("button", name="Bỏ lọc").click()
    page.wait_for_function("document.getElementById('so-co-so').textContent === '12 cơ sở.'")
    assert len(visible_rows(page)) == 12
    context.close()


def test_filters_work_from_the_keyboard(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served + REGISTER)
    page.locator("select[name=years]").focus()
    for _ in range(4):  # Tab from the first filter to the fifth, as a keyboard user would
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "media"
    page.keyboard.press("ArrowDown")  # first medium: Nước thải
    assert page.locator("select[name=media]").input_value() == "wastewater"
    rows = visible_rows(page)
    assert 0 < len(rows) < 12
    assert page.locator("#so-co-so").inner_text() == f"Đang hiện {len(rows)} trên 12 cơ sở."
    context.close()


def test_without_javascript_the_full_table_shows_and_the_form_does_not(served, browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(served + REGISTER)
    assert not page.locator("#loc-co-so").is_visible()
    assert len(visible_rows(page)) == 12
    assert page.locator("#so-co-so").inner_text() == "12 cơ sở."
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("path", [
    REGISTER, REGISTER + "co-so-minh-hoa-d-bai-chon-lap-chat-thai/", REGISTER + "danh-sach-2023/",
    "/co-quan/so-tai-nguyen-va-moi-truong/", "/ke-hoach/kh-75-2012/",
])
def test_register_pages_fit_a_360_px_phone(served, browser, path):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(served + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
