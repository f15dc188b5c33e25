"""The render stage shared between several MkDocs processes gives the site one process gives."""

from __future__ import annotations

import os
import shutil
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pathspec.gitignore import GitIgnoreSpec

from publisher import pipeline
from publisher.render import PAGE_COST, RenderError, render_site, share_pages
from tests.conftest import TINY_CONTENT
from tests.test_build import tree_digest

# path segments with the characters a glob treats specially, and names that begin alike
segment = st.text(alphabet=string.ascii_lowercase[:3] + "-*?[]\\!", min_size=1, max_size=5)
page_path = st.lists(segment, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")


@settings(max_examples=300, deadline=None)
@given(pages=st.sets(page_path, min_size=1, max_size=60), processes=st.integers(2, 4),
       costs=st.lists(st.integers(1, 50_000), min_size=60, max_size=60))
def test_each_page_is_rendered_by_exactly_one_process(pages, processes, costs):
    """MkDocs reads exclude_docs as a GitIgnoreSpec (mkdocs/config/config_options.py, PathSpec): a
    process renders the pages that the other processes' patterns do not exclude."""
    shares = share_pages(dict(zip(sorted(pages), costs)), processes)
    specs = [GitIgnoreSpec.from_lines(patterns) for patterns in shares]
    for page in pages:
        assert sum(spec.match_file(page) for spec in specs) == 1, page
    for spec in specs:  # static files beside the pages are copied by every process
        assert not any(spec.match_file(page[: -len(".md")] + ".svg") for page in pages)


def test_shares_cost_about_the_same_and_take_a_few_patterns_each():
    pages = {f"ke-hoach/kh-{n}-{2010 + n % 15}/index.md": 40_000 + PAGE_COST for n in range(500)}
    pages |= {f"co-so-o-nhiem/co-so-{n:04d}/index.md": 9_000 + PAGE_COST for n in range(1000)}
    shares = share_pages(pages, 2)
    specs = [GitIgnoreSpec.from_lines(patterns) for patterns in shares]
    loads = [sum(cost for page, cost in pages.items() if spec.match_file(page)) for spec in specs]
    assert max(loads) / min(loads) < 1.1
    for section in ("ke-hoach/", "co-so-o-nhiem/"):  # each kind of page is split too
        counts = [sum(1 for page in pages if page.startswith(section) and spec.match_file(page)) for spec in specs]
        assert min(counts) > 0.4 * sum(counts)
    assert all(len(patterns) < 100 for patterns in shares)


@pytest.fixture(scope="module")
def tiny_docs(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    given = os.environ.get("SOURCE_DATE_EPOCH")
    data = pipeline.load_for_pages(TINY_CONTENT)
    try:
        pipeline.generate_docs(data, docs)
        yield docs
    finally:
        if given is None:
            os.environ.pop("SOURCE_DATE_EPOCH")


def test_three_processes_render_the_site_one_process_renders(tiny_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    one, three = tmp_path / "one", tmp_path / "three"
    render_site(tiny_docs, one, processes=1)
    render_site(tiny_docs, three, processes=3)
    assert tree_digest(three) == tree_digest(one)
    assert (three / "ke-hoach" / "kh-2-2025" / "index.html").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["one", "three"]  # the shares' folders are gone


def test_a_broken_link_fails_the_render_in_whichever_process_has_its_page(tiny_docs, tmp_path):
    pages = sorted(path.relative_to(tiny_docs).as_posix() for path in tiny_docs.rglob("*.md"))
    for number, page in enumerate((pages[0], pages[-1])):  # in the first share and in the last
        docs = tmp_path / f"docs-{number}"
        shutil.copytree(tiny_docs, docs)
        with open(docs / page, "a", encoding="utf-8") as markdown:
            markdown.write("\n\nXem [trang mất](khong-co-trang-nay.md).\n")
        with pytest.raises(RenderError, match="khong-co-trang-nay.md"):
            render_site(docs, tmp_path / f"site-{number}", processes=3)
        assert not list(tmp_path.glob("site-*.part*"))
