"""Skipping the Markdown parse of a text that cannot hold a problem is safe.

check_markdown does not parse a text with no '<', '](' or ']:' (nor, in a page body, '#' or a
line ending in '=' or '-'): on random Markdown-like text, whenever it skips, the full parse finds
nothing either.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import markdown_rules
from publisher.problems import Problems

PAGES = {"/co-quan/so-a/": {"muc"}}
PIECES = [
    "<", ">", "<b>", "<!--", "</p>", "<http://x.vn>", "[", "]", "](", "]:", "](/co-quan/so-b/)", "](javascript:x)",
    "![", "(", ")", "#", "## ", "=", "===", "-", "---", "- ", "*", "_", "`", "``", "\\", "&lt;", "&#60;", "|", "| --- |",
    "\n", "\n\n", "  ", "    ", "\t", ">", "> ", "1. ", "a", "Sở", "http://x.vn", "www.x.vn", " ", ":", "[x]", "[x]: /y/",
]
markdown_like = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def problems_of(text: str, forbid_h1: bool) -> list:
    found = Problems()
    markdown_rules.check_markdown(text, "f.md", 1, "", PAGES, found, forbid_h1=forbid_h1)
    return found.items


@settings(max_examples=2000, derandomize=True, database=None, deadline=timedelta(seconds=5))
@given(text=markdown_like, forbid_h1=st.booleans())
def test_a_skipped_text_has_no_problem(text: str, forbid_h1: bool) -> None:
    skipped = problems_of(text, forbid_h1) == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_rules, "_MAY_HAVE_LINK_OR_HTML", re.compile(""))
        patch.setattr(markdown_rules, "_MAY_HAVE_LINK_HTML_OR_HEADING", re.compile(""))
        full = problems_of(text, forbid_h1)
    pattern = markdown_rules._MAY_HAVE_LINK_HTML_OR_HEADING if forbid_h1 else markdown_rules._MAY_HAVE_LINK_OR_HTML
    if not pattern.search(text):
        assert skipped and full == [], text
