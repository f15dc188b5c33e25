"""Read a built site the way a browser would follow it: pages, links, anchors, external loads."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attribute in ("href", "src"):
            if values.get(attribute):
                self.links.append((tag, values[attribute]))


class Page:
    def __init__(self, site: Path, file: Path):
        self.file = file
        self.url_path = "/" + str(file.relative_to(site)).removesuffix("index.html")
        self.html = file.read_text(encoding="utf-8")
        parser = _PageParser()
        parser.feed(self.html)
        self.ids = parser.ids
        self.links = parser.links


def pages(site: Path) -> dict[Path, Page]:
    return {file: Page(site, file) for file in sorted(site.rglob("*.html"))}


def resolve(site: Path, page: Page, url: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link points to; None for external or special links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:", "javascript:")):
        return None
    if not parts.path:
        return page.file, parts.fragment
    base = "" if parts.path.startswith("/") else posixpath.dirname(str(page.file.relative_to(site)))
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    path = site / target
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment
