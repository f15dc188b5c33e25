"""Every type of page the site has, each with one example on the real site: the one list the HTML
validation, accessibility, screenshot, security-policy and provenance tests run over.

A page says its type in `data-page-type` (publisher/pages.py writes `page_type` into each page's
front matter from its template; site_templates/theme/main.html and 404.html, and the task records
of publisher/search_index.py, put it in the HTML). test_every_built_page_has_a_listed_type fails
for a page of a type added later without an example here.
"""

from __future__ import annotations

import re
from pathlib import Path

PAGE_TYPES = {
    "home": "/",
    "plans": "/ke-hoach/",
    "plan": "/ke-hoach/kh-75-2012/",
    "version-comparison": "/ke-hoach/kh-275-2023/so-sanh/du-thao--ban-hanh/",
    "task-forward": "/ke-hoach/kh-bvmt-cong-thuong-2024/nv-2/",
    "agencies": "/co-quan/",
    "agency": "/co-quan/so-tai-nguyen-va-moi-truong/",
    "register": "/co-so-o-nhiem/",
    "facility-list": "/co-so-o-nhiem/danh-sach-2017/",
    "facility": "/co-so-o-nhiem/co-so-minh-hoa-d-bai-chon-lap-chat-thai/",
    "comparisons": "/so-sanh/",
    "series": "/so-sanh/bvmt-nganh-cong-thuong/",
    "year-comparison": "/so-sanh/bvmt-nganh-cong-thuong/2024-2026/",
    "data": "/du-lieu/",
    "search": "/tim-kiem/",
    "history": "/lich-su/",
    "legal-documents": "/van-ban/",
    "legal-document": "/van-ban/kh-362-kh-ubnd-2025/",
    "not-found": "/404.html",
}

# Pages a reader does not read: a task's record forwards at once to its row on the plan page.
# Not built from a content file of their own, so they carry no provenance footer, and a browser
# never stays on them (no accessibility or screenshot test).
FORWARDING = {"task-forward"}
# The 404 page is the theme's, built from no content: it has no provenance footer either.
NOT_FROM_CONTENT = FORWARDING | {"not-found"}

_TYPE = re.compile(r'data-page-type="([^"]*)"')


def page_type(html: str) -> str | None:
    """The type a built page says it is, or None when it says none."""
    found = _TYPE.search(html)
    return found.group(1) if found else None


def page_file(site: Path, url_path: str) -> Path:
    """The built file of a site path ('/co-quan/' → site/co-quan/index.html)."""
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path
