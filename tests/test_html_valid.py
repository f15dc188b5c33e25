"""Every built page is valid HTML for the Nu HTML Checker (vnu.jar, the W3C validator, run locally
with Java), except the messages listed in IGNORED, each with the reason it cannot be fixed here."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict

import pytest

from tests.npm_tools import VNU_JAR, java_and_vnu
from tests.page_types import PAGE_TYPES, page_file, page_type

IGNORED = {
    # Material's base.html (not a partial the theme can override) gives its drawer and search
    # toggles, which are checkboxes, autocomplete="off" so that Firefox does not restore an open
    # drawer on going back. Harmless: browsers ignore the attribute on checkboxes.
    "Attribute “autocomplete” is only allowed when the input type is",
    # Material's partials/toc.html labels the table-of-contents toggle that its nav-item.html writes
    # only for pages in the navigation tabs; pages reached by links (a plan, an agency, a facility…)
    # get the label without the checkbox. The label is then plain text ("Mục lục"), which is what it shows.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
}


def test_every_page_is_valid_html(real_site):
    java = java_and_vnu()
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html", str(real_site)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = defaultdict(list)
    for message in messages:
        if not any(message["message"].startswith(ignored) for ignored in IGNORED):
            file = message["url"].removeprefix("file:").removeprefix(str(real_site))
            errors[file].append(f'{message.get("lastLine", "?")}: {message["message"]}')
    assert not errors, "\n".join(f"{file}\n  " + "\n  ".join(lines) for file, lines in sorted(errors.items()))
    checked = {message["url"] for message in messages}
    # vnu read the pages: the ignored Material messages are there on every page type that has the drawer
    assert any(str(page_file(real_site, "/")) in url for url in checked)


def test_the_checker_reports_an_error_in_a_page(tmp_path):
    """The validator run above would see a broken page (a guard against a run that checks nothing)."""
    java = java_and_vnu()
    (tmp_path / "hong.html").write_text('<!doctype html><html lang="vi"><title>x</title><p><div></span>', encoding="utf-8")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert any("span" in message["message"] for message in json.loads(result.stderr)["messages"])


def test_every_built_page_has_a_listed_type(real_site):
    """A page type added later without an example in tests/page_types.py fails here, so the HTML,
    accessibility, screenshot, security-policy and provenance tests cover it."""
    types = defaultdict(list)
    for file in sorted(real_site.rglob("*.html")):
        types[page_type(file.read_text(encoding="utf-8"))].append(str(file.relative_to(real_site)))
    assert None not in types and "" not in types, f"trang không ghi loại: {types.get(None) or types.get('')}"
    unlisted = set(types) - set(PAGE_TYPES)
    assert not unlisted, f"loại trang chưa có trong tests/page_types.py: { {t: types[t][:3] for t in unlisted} }"
    for kind, url in PAGE_TYPES.items():
        assert page_type(page_file(real_site, url).read_text(encoding="utf-8")) == kind, url


def test_a_missing_tool_skips_locally_and_fails_on_ci(monkeypatch):
    from _pytest.outcomes import Failed, Skipped

    from tests.npm_tools import require

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped, match="BỎ QUA: thiếu Java"):
        require(False, "Java")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="CI cần Java"):
        require(False, "Java")
    require(True, "Java")
