"""Every page type in Chromium (Debian's, through Playwright; never downloads a browser):
axe-core finds no serious or critical problem at phone and desktop widths, the site works with
the keyboard alone and at 200 % zoom, screenshots of each type, and the Content-Security-Policy of
deploy/nginx.conf holds with search running.

Screenshots go to build/screenshots/ (not committed): look at them after a change to the theme.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.conftest import ROOT
from tests.npm_tools import axe_script
from tests.page_types import FORWARDING, PAGE_TYPES
from tests.test_browser import _QuietHandler, served  # noqa: F401 (served is a fixture; the module skips without Chromium)
from tests.test_page_quality import NGINX_CONF, content_security_policy
from tests.test_register_browser import browser  # noqa: F401 (a fixture)

READ_PAGES = {kind: url for kind, url in PAGE_TYPES.items() if kind not in FORWARDING}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENSHOTS = ROOT / "build" / "screenshots"
SCREENSHOT_HEIGHT = 6000  # CSS pixels; the word-by-word comparison of two versions is far longer


@pytest.fixture(scope="module")
def contexts(browser):
    made = {"phone": browser.new_context(**PHONE), "desktop": browser.new_context(**DESKTOP)}
    yield made
    for context in made.values():
        context.close()


def axe_problems(page) -> list[str]:
    """Serious and critical violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=axe_script())
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
    return violations


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_serious_accessibility_problem_in_search_results_and_dialog(served, contexts):
    axe_script()
    page = contexts["phone"].new_page()
    page.goto(served + "/tim-kiem/?q=so%20cong%20thuong")
    page.locator("#hop-tim-kiem .pf-result-link").first.wait_for(timeout=10_000)
    assert axe_problems(page) == []
    page.goto(served + "/co-quan/")
    page.keyboard.press("/")
    page.get_by_role("dialog").wait_for(timeout=10_000)
    page.keyboard.type("dau tu")
    page.locator("pagefind-modal .pf-result-link").first.wait_for(timeout=10_000)
    assert axe_problems(page) == []
    page.close()


def focused(page) -> dict:
    """What has the keyboard focus, and whether it is visibly marked (outline or box shadow)."""
    return page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 60),
                href: e.getAttribute('href') || '', inNav: !!e.closest('.md-tabs, .md-nav'),
                inContent: !!e.closest('.md-content'), search: e.hasAttribute('data-o-tim-kiem'), ring};
    }""")


def test_keyboard_alone_reaches_search_navigation_and_content_with_a_visible_focus(served, contexts):
    page = contexts["desktop"].new_page()
    page.goto(served + PAGE_TYPES["plan"])
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    unmarked = [f for f in seen if not f["ring"]]
    assert not unmarked, f"phần tử nhận tiêu điểm mà không thấy dấu: {unmarked}"
    assert any(f["search"] for f in seen), "phím Tab không tới ô tìm kiếm"
    assert any(f["inNav"] and f["text"] == "Cơ quan" for f in seen), "phím Tab không tới thanh điều hướng"
    assert any(f["inContent"] and f["tag"] == "A" for f in seen), "phím Tab không tới liên kết trong bài"
    # the search dialog opens and closes from the keyboard, and the focus comes back to the search box
    while not focused(page)["search"]:
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=10_000)
    assert page.evaluate("document.activeElement.closest('pagefind-modal') !== null")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert focused(page)["search"]
    page.close()


def test_a_wide_table_scrolls_in_its_own_box_reachable_by_keyboard(served, contexts):
    page = contexts["phone"].new_page()
    page.goto(served + PAGE_TYPES["plan"])
    page.wait_for_load_state("load")
    boxes = page.locator(".md-typeset__scrollwrap[role=region]")
    labels = [boxes.nth(i).get_attribute("aria-label") for i in range(boxes.count())]
    assert "Bảng nhiệm vụ của 75/KH-UBND (cuộn ngang để xem hết)" in labels
    box = boxes.nth(labels.index("Bảng nhiệm vụ của 75/KH-UBND (cuộn ngang để xem hết)"))
    assert box.get_attribute("tabindex") == "0"
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())
    assert horizontal_overflow(page) <= 0
    page.close()


@pytest.mark.parametrize("kind", READ_PAGES)
def test_at_200_percent_zoom_nothing_is_cut_off(served, browser, kind):
    """A 1280 px window at 200 % zoom is 640 CSS pixels wide, drawn at twice the pixel density."""
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(served + READ_PAGES[kind])
    assert horizontal_overflow(page) <= 0, "trang phải cuộn ngang khi phóng to 200%"
    title = page.locator("h1").first
    assert title.is_visible() and title.bounding_box()["x"] >= 0
    assert page.locator("[data-o-tim-kiem]").is_visible()  # the search box stays in the header
    context.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("kind", READ_PAGES)
def test_each_page_type_is_accessible_and_fits_the_screen(served, contexts, kind, width):
    """Every file it loads is there; axe-core: no serious or critical problem; a screenshot (the first SCREENSHOT_HEIGHT pixels of
    very long pages) that is not blank, with the page neither cut off nor scrolling sideways."""
    axe_script()
    page = contexts[width].new_page()
    failed = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.goto(served + READ_PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert failed == []  # every file the page and its scripts ask for is there
    assert axe_problems(page) == []
    assert horizontal_overflow(page) <= 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert 500 <= height <= 60_000, f"chiều cao trang {height}px"
    title = page.locator("h1").first
    assert title.is_visible() and title.inner_text().strip()
    header = page.locator("header.md-header").bounding_box()
    assert header["width"] == page.viewport_size["width"] and header["y"] == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture = SCREENSHOTS / f"{kind}-{width}.png"
    page.screenshot(path=str(picture), full_page=True,
                    clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": min(height, SCREENSHOT_HEIGHT)})
    assert picture.stat().st_size > 15_000  # a blank page compresses to a few kilobytes
    page.close()


class _PolicyHandler(_QuietHandler):
    policy = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


@pytest.fixture(scope="module")
def served_with_policy(real_site):
    handler = type("Handler", (_PolicyHandler,), {"policy": "; ".join(
        " ".join([name, *sources]) for name, sources in content_security_policy().items())})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(real_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_site_keeps_to_its_security_policy_with_search_running(served_with_policy, browser):
    assert NGINX_CONF.is_file()
    context = browser.new_context(**PHONE)
    context.add_init_script("""window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));""")
    violations = {}
    page = context.new_page()
    for kind, url in READ_PAGES.items():
        page.goto(served_with_policy + url)
        page.wait_for_load_state("load")
        violations[kind] = page.evaluate("window.__violations")
    page.goto(served_with_policy + "/tim-kiem/?q=dau%20tu")
    page.locator("#hop-tim-kiem .pf-result-link").first.wait_for(timeout=10_000)
    assert page.locator("#hop-tim-kiem .pf-result-link").count() > 0
    violations["search"] += page.evaluate("window.__violations")
    page.goto(served_with_policy + PAGE_TYPES["agency"])
    page.keyboard.press("/")
    page.get_by_role("dialog").wait_for(timeout=10_000)
    page.keyboard.type("so cong thuong")
    page.locator("pagefind-modal .pf-result-link").first.wait_for(timeout=10_000)
    violations["agency"] += page.evaluate("window.__violations")
    assert {kind: found for kind, found in violations.items() if found} == {}
    context.close()
