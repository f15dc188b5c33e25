"""Hostile content: script, event-handler, URL and template injection through every field of every
content kind, the Markdown bodies, file names and ids.

Each injection either ends as a located error (file, line, column), or the payload shows up in the
built site only as text: no element or attribute from it in any HTML page, no `javascript:` link,
and the open data (JSON, CSV, XLSX) carries it verbatim, with CSV/XLSX cells that start like a
formula neutralised the way OWASP recommends (a leading apostrophe).

The fields are found by walking the content models (publisher.schemas.KINDS), so a new kind or a
new text field is covered without touching this test. One full build holds every accepted payload.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import re
import shutil
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from publisher.pipeline import build, load_and_check
from publisher.problems import ContentError, Problems
from publisher.schemas import KINDS
from publisher.yaml_source import load_yaml
from tests.conftest import TINY_CONTENT

SCRIPT = '<script>alert("xss")</script>'
# Plain-text fields get every trick at once; it starts like a spreadsheet formula for the CSV check
PAYLOAD = (
    '=HYPERLINK("http://x.example/","bấm") ' + SCRIPT + ' "><img src=x onerror=alert(1)> '
    "<img/src=x onerror=alert(2)> [bấm](javascript:alert(3)) <javascript:alert(4)> "
    "{{ 7*7 }} {% if true %}jinja{% endif %} *nghiêng* | ô | bảng |"
)
# Markdown fields refuse the payload above (raw HTML, unsafe links: located errors); they take this one:
# template syntax, HTML written as entities and an attribute smuggled in a link title
MARKDOWN_PAYLOAD = (
    '{{ 7*7 }} {% if true %}jinja{% endif %} &lt;img src=x onerror=alert(5)&gt; [trang chủ](/ "\\" onclick=alert(6) \\"")'
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unwrap(annotation: Any) -> Any:
    """The type inside Optional[...] and Annotated[...]."""
    while get_origin(annotation) is not None and get_origin(annotation) is not list:
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    return annotation


def text_fields(model: type[BaseModel], data: dict, path: tuple = ()):
    """Every key path of a text field in a record, present or not (a list of texts: one more item);
    nested records that are present are walked."""
    for name, field in model.model_fields.items():
        kind = _unwrap(field.annotation)
        value = data.get(name)
        if kind is str:
            yield path + (name,)
        elif get_origin(kind) is list:
            item = _unwrap(get_args(kind)[0])
            if item is str:
                yield path + (name, len(value or []))
            elif isinstance(item, type) and issubclass(item, BaseModel):
                for index, element in enumerate(value or []):
                    yield from text_fields(item, element, path + (name, index))
        elif isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(value, dict):
            yield from text_fields(kind, value, path + (name,))


def with_payload(data: dict, key_path: tuple, payload: str, label: str) -> dict:
    """A copy of data with payload appended to the text at key_path; when absent, set to the payload
    followed by a label (names and aliases must stay unique across files)."""
    data = json.loads(json.dumps(data))
    parent = data
    for key in key_path[:-1]:
        parent = parent.setdefault(key, []) if isinstance(parent, dict) else parent[key]
    last = key_path[-1]
    if isinstance(last, int):
        if last >= len(parent):
            parent.append(f"{payload} {label}")
            return data
        original = parent[last]
    else:
        original = parent.get(last)
    parent[last] = f"{original} {payload}" if isinstance(original, str) else f"{payload} {label}"
    return data


class Injections:
    """The tiny content copied to a folder, its YAML files read, and payloads written into them."""

    def __init__(self, content: Path):
        self.content = content
        shutil.copytree(TINY_CONTENT, content)
        self.files: dict[str, tuple[type[BaseModel], dict]] = {}
        for kind in KINDS:
            for path in sorted(content.glob(kind.glob)):
                source = load_yaml(path, str(path), Problems())
                self.files[str(path.relative_to(content))] = (kind.model, source.data)

    def points(self):
        for name, (model, data) in self.files.items():
            for key_path in text_fields(model, data):
                yield name, key_path

    def write(self, name: str, data: dict) -> None:
        (self.content / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")

    def restore(self, name: str) -> None:
        shutil.copyfile(TINY_CONTENT / name, self.content / name)


def located_problems(content: Path) -> list | None:
    """None if the content loads; else its problems, each asserted to have a file, line and column."""
    try:
        load_and_check(content)
    except ContentError as error:
        for problem in error.problems.items:
            assert problem.path.startswith("content/") and problem.line >= 1 and problem.column >= 1, problem
        return error.problems.items
    return None


class _Elements(HTMLParser):
    """Start tags of a page, the text of its script elements, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def leaks(page: _Elements) -> list[str]:
    """Markup that could only come from a payload."""
    found = []
    for tag, attributes in page.tags:
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and re.sub(r"\s", "", value).lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={value!r}>")
        if attributes.get("src") == "x":
            found.append(f"<{tag} src=x>")
    found += [script[:60] for script in page.scripts if "alert(" in script]
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Every text field tried alone with each payload; the accepted ones together, built once."""
    injections = Injections(tmp_path_factory.mktemp("hostile") / "content")
    accepted: dict[str, list[tuple[tuple, str]]] = {}
    refused: list[tuple[str, tuple]] = []
    for name, key_path in injections.points():
        model, data = injections.files[name]
        for payload in (PAYLOAD, MARKDOWN_PAYLOAD):
            injections.write(name, with_payload(data, key_path, payload, f"{name} {key_path}"))
            problems = located_problems(injections.content)
            injections.restore(name)
            if problems is None:
                accepted.setdefault(name, []).append((key_path, payload))
                break
        else:
            refused.append((name, key_path))
    for name, points in accepted.items():
        data = injections.files[name][1]
        for key_path, payload in points:
            data = with_payload(data, key_path, payload, f"{name} {key_path}")
        injections.write(name, data)
    for body in injections.content.glob("plans/*/noi-dung.md"):
        with body.open("a", encoding="utf-8") as file:
            file.write("\n" + MARKDOWN_PAYLOAD + "\n")
    site = injections.content.parent / "site"
    build(injections.content, site)
    return {"site": site, "accepted": accepted, "refused": refused}


def test_every_text_field_is_tried(hostile) -> None:
    accepted = {(name, key_path) for name, points in hostile["accepted"].items() for key_path, _ in points}
    refused = set(hostile["refused"])
    # ids and other slugs, URLs and site paths refuse the payload with a located error...
    assert ("agencies/so-moi.yml", ("id",)) in refused
    assert ("site.yml", ("repository_url",)) in refused
    # ...plain texts take it as text, Markdown fields take the Markdown payload
    assert ("site.yml", ("title",)) in accepted
    assert ("plans/kh-1-2024/plan.yml", ("tasks", 0, "title")) in accepted
    assert ("facilities/co-so-thu-a.yml", ("pollution", 0, "exceeded")) in accepted
    assert ("facility-lists/2025.yml", ("note",)) in accepted
    kinds_with_accepted = {name.split("/")[0] for name, _ in accepted}
    assert kinds_with_accepted >= {"site.yml", "series", "agencies", "plans", "facilities", "facility-lists"}


def test_no_page_carries_markup_from_a_payload(hostile) -> None:
    site = hostile["site"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    found = {str(page.relative_to(site)): leaks(parse(page.read_text(encoding="utf-8"))) for page in pages}
    assert {page: items for page, items in found.items() if items} == {}


def test_payloads_show_as_text(hostile) -> None:
    site = hostile["site"]
    for page in ("index.html", "ke-hoach/kh-1-2024/index.html", "co-quan/so-moi/index.html",
                 "co-so-o-nhiem/co-so-thu-a/index.html", "co-so-o-nhiem/danh-sach-2025/index.html"):
        text = " ".join(parse((site / page).read_text(encoding="utf-8")).text)
        assert "{{ 7*7 }}" in text, page
        assert "{% if true %}jinja{% endif %}" in text, page
    plan = " ".join(parse((site / "ke-hoach/kh-1-2024/index.html").read_text(encoding="utf-8")).text)
    assert SCRIPT in plan
    assert '"><img src=x onerror=alert(1)>' in plan
    assert "<img src=x onerror=alert(5)>" in plan  # from the Markdown body and the duties


def test_open_data_carries_payload_verbatim_and_neutralises_formulas(hostile) -> None:
    data = hostile["site"] / "du-lieu"
    tasks = json.loads((data / "tasks.json").read_text(encoding="utf-8"))
    assert tasks[0]["title"] == "Đào tạo cán bộ " + PAYLOAD
    cells = []
    for path in sorted(data.glob("*.csv")):
        cells += [cell for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for cell in row]
    for path in sorted(data.glob("*.xlsx")):
        with zipfile.ZipFile(path) as workbook:
            shared = workbook.read("xl/sharedStrings.xml").decode("utf-8")
            assert "<f>" not in "".join(workbook.read(name).decode("utf-8") for name in workbook.namelist() if name.startswith("xl/worksheets/"))
        cells += [re.sub(r"&quot;", '"', cell) for cell in re.findall(r"<t[^>]*>([^<]*)</t>", shared)]
    assert any(cell.startswith("'" + PAYLOAD[:20]) for cell in cells)
    assert [cell for cell in cells if cell.startswith(FORMULA_START)] == []


@pytest.mark.parametrize(
    "name",
    ['agencies/x"><img src=x onerror=alert(1)>.yml', "agencies/<script>alert(1)<", "plans/{{ 7*7 }}/plan.yml",
     "facility-lists/javascript:alert(1).yml"],
)
def test_hostile_file_names_are_located_errors(tmp_path: Path, name: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((TINY_CONTENT / "agencies" / "so-cu.yml").read_text(encoding="utf-8"), encoding="utf-8")
    problems = located_problems(content)
    assert problems, name
    assert any(problem.path == f"content/{name}" or problem.path == f"content/{Path(name).parent}" for problem in problems)


def test_browser_runs_no_payload_on_pages_or_in_search(hostile) -> None:
    """In Chromium: pages and search results (Pagefind renders titles and excerpts in the browser)
    show the payload without running it: no alert, no element with src=x."""
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not shutil.which(chromium):
        pytest.skip(f"BỎ QUA: không thấy Chromium tại {chromium} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile["site"]))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    served = f"http://127.0.0.1:{server.server_address[1]}"
    alerts: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
            for path in ("/", "/ke-hoach/kh-1-2024/", "/co-quan/so-moi/", "/co-so-o-nhiem/", "/so-sanh/chuoi-thu/2024-2025/"):
                page.goto(served + path)
                assert page.locator("[src=x]").count() == 0, path
            page.goto(served + "/tim-kiem/")
            page.locator("#hop-tim-kiem input").fill("jinja nghiêng")
            results = page.locator("#hop-tim-kiem .pf-result-link")
            results.first.wait_for(timeout=10_000)
            page.wait_for_timeout(500)
            assert any(SCRIPT in title for title in results.all_inner_texts())
            assert page.locator("[src=x]").count() == 0
            browser.close()
    finally:
        server.shutdown()
    assert alerts == []
