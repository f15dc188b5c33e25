"""The render stage shared between several MkDocs processes gives the site one process gives."""

from __future__ import annotations

import gzip
import os
import shutil
import string
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pathspec.gitignore import GitIgnoreSpec

from publisher import pipeline, render
from publisher.mkdocs_worker import QUIET
from publisher.render import PAGE_COST, RenderError, check_anchors, render_site, share_pages
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


def mkdocs_build_dirty(docs, site):
    """`mkdocs build --dirty` as a process, what the preview ran before its worker."""
    config = render._write_config(9, docs, site, [])
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "--config-file", str(config)],
                       cwd=render.PROJECT_ROOT, check=True, capture_output=True,
                       env={**os.environ, **QUIET})
    finally:
        config.unlink()


def add_to_page(docs, page, markdown):
    # later than the page's HTML, which --dirty requires: the file system's clock ticks every few ms
    time.sleep(0.05)
    with open(docs / page, "a", encoding="utf-8") as file:
        file.write(markdown)


def test_the_worker_renders_dirty_builds_as_mkdocs_build_dirty_does(tiny_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    docs, by_cli, by_worker = tmp_path / "docs", tmp_path / "cli", tmp_path / "worker"
    shutil.copytree(tiny_docs, docs)
    render_site(docs, by_cli, processes=1)
    render_site(docs, by_worker, processes=1)
    untouched = by_worker / "co-quan" / "index.html"
    untouched_time = untouched.stat().st_mtime_ns
    for edit, epoch in ((1, "1767225600"), (2, "1767312000")):  # the second in the same worker, another date
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        add_to_page(docs, "ke-hoach/kh-2-2025.md", f"\n\nĐoạn thêm lần {edit}.\n")
        mkdocs_build_dirty(docs, by_cli)
        render_site(docs, by_worker, dirty=True)
        assert tree_digest(by_worker) == tree_digest(by_cli)
        assert f"Đoạn thêm lần {edit}." in (by_worker / "ke-hoach" / "kh-2-2025" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == untouched_time  # dirty: a page whose Markdown did not change is not rewritten
    with gzip.open(by_worker / "sitemap.xml.gz") as sitemap:
        assert sitemap.read() == (by_worker / "sitemap.xml").read_bytes()
    gzip_time = int.from_bytes((by_worker / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert gzip_time == 1767312000  # the second request's SOURCE_DATE_EPOCH, not the first's


def test_a_broken_link_fails_a_dirty_render_with_mkdocs_message_every_time(tiny_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    docs, site = tmp_path / "docs", tmp_path / "site"
    shutil.copytree(tiny_docs, docs)
    render_site(docs, site, processes=1)
    message = ("WARNING -  Doc file 'ke-hoach/kh-2-2025.md' contains a link 'khong-co-trang-nay.md', "
               "but the target 'ke-hoach/khong-co-trang-nay.md' is not found among documentation files.")
    for attempt in range(2):  # again in the same worker: MkDocs' filter of repeated messages is not kept between builds
        add_to_page(docs, "ke-hoach/kh-2-2025.md", f"\n\nXem [trang mất](khong-co-trang-nay.md) ({attempt}).\n")
        with pytest.raises(RenderError) as failure:
            render_site(docs, site, dirty=True)
        assert str(failure.value).splitlines() == ["MkDocs không dựng được trang:"] + [message] * (attempt + 1)  # a line per link


def test_a_large_dirty_render_shared_by_the_workers_gives_mkdocs_build_dirty_s_site(tiny_docs, tmp_path, monkeypatch):
    """Each worker renders a share of the changed pages, into the same folder (render._render_dirty)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(render, "DIRTY_SHARE_FROM", 0)  # the tiny site's changed pages are shared too
    monkeypatch.setattr(render, "_WORKERS", [render.MkDocsWorker(render.PROJECT_ROOT) for _ in range(2)])
    docs, by_cli, by_workers = tmp_path / "docs", tmp_path / "cli", tmp_path / "workers"
    shutil.copytree(tiny_docs, docs)
    render_site(docs, by_cli, processes=1)
    render_site(docs, by_workers, processes=1)
    changed = ["index.md", "ke-hoach/kh-2-2025.md", "co-quan/index.md"]
    assert len(share_pages({page: 1 for page in changed}, 2)[1]) > 0  # both workers have pages to render
    requests = []
    for worker in render._WORKERS:
        send = worker.send
        monkeypatch.setattr(worker, "send", lambda config, inputs, send=send: (requests.append(config.read_text()), send(config, inputs)))
    try:
        for page in changed:
            add_to_page(docs, page, f"\n\nĐoạn thêm vào {page}.\n")
        mkdocs_build_dirty(docs, by_cli)
        render_site(docs, by_workers, dirty=True, changed=changed)
        assert len(requests) == 2 and all("exclude_docs" in request for request in requests)
        assert tree_digest(by_workers) == tree_digest(by_cli)
        requests.clear()  # one changed page: one worker renders it, nothing excluded
        add_to_page(docs, "index.md", "\n\nMột trang đổi.\n")
        render_site(docs, by_workers, dirty=True, changed=["index.md"])
        assert len(requests) == 1 and "exclude_docs" not in requests[0]
        # a link from one share's page to a missing anchor of the other's: MkDocs does not see it
        add_to_page(docs, "ke-hoach/kh-2-2025.md", "\n\nXem [mục mất](../co-quan/index.md#khong-co-muc-nay).\n")
        add_to_page(docs, "co-quan/index.md", "\n\nThêm.\n")
        with pytest.raises(RenderError, match="trang 'co-quan/index.html' không có neo '#khong-co-muc-nay'"):
            render_site(docs, by_workers, dirty=True, changed=["ke-hoach/kh-2-2025.md", "co-quan/index.md"])
    finally:
        for worker in render._WORKERS:
            worker.stop()


def test_a_dead_or_outdated_worker_is_replaced(tiny_docs, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    render.start_worker()  # as the preview does after its first build, when no build's date is set
    first = render._WORKERS[0].process
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    docs, site = tmp_path / "docs", tmp_path / "site"
    shutil.copytree(tiny_docs, docs)
    render_site(docs, site, processes=1)
    render_site(docs, site, dirty=True)
    assert render._WORKERS[0].process is first  # the environment comes with each request: no new worker for it
    first.kill()
    first.wait()
    add_to_page(docs, "ke-hoach/kh-2-2025.md", "\n\nSau khi tiến trình cũ dừng.\n")
    render_site(docs, site, dirty=True)
    second = render._WORKERS[0].process
    assert second.pid != first.pid and second.poll() is None
    assert "Sau khi tiến trình cũ dừng." in (site / "ke-hoach" / "kh-2-2025" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setattr(render, "_worker_inputs", lambda: "mkdocs.yml changed")
    render_site(docs, site, dirty=True)
    assert render._WORKERS[0].process.pid != second.pid and second.poll() is not None  # the outdated one has ended


def test_a_link_to_a_missing_anchor_in_another_share_fails_the_render(tiny_docs, tmp_path, monkeypatch):
    """MkDocs checks an anchor only in a page it rendered, and a share does not render the other
    shares' pages (exclude_docs): render.check_anchors checks the whole site's links after them."""
    docs = tmp_path / "docs"
    shutil.copytree(tiny_docs, docs)
    pages = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
    first, last = pages[0], pages[-1]
    add_to_page(docs, first, f"\n\nXem [mục mất]({'../' * first.count('/')}{last}#khong-co-muc-nay).\n")
    with pytest.raises(RenderError, match="does not contain an anchor '#khong-co-muc-nay'"):
        render_site(docs, tmp_path / "one", processes=1)  # one process sees it
    # the two pages in shares of their own: share_pages' split depends on the pages' sizes
    monkeypatch.setattr(render, "share_pages", lambda costs, processes: [
        [f"/{first}"], [f"/{last}"], [f"/{page}" for page in pages[1:-1]]])
    with pytest.raises(RenderError, match=f"trang '{last[:-3]}/index.html' không có neo '#khong-co-muc-nay'"):
        render_site(docs, tmp_path / "three", processes=3)


def test_check_anchors_follows_links_to_a_folder_s_page(tmp_path):
    """A link to a folder ("../../#neo") leads to its index.html, the home page's included."""
    (tmp_path / "ke-hoach" / "kh-1").mkdir(parents=True)
    (tmp_path / "index.html").write_text('<h2 id="co-that">Có</h2>', encoding="utf-8")
    page = tmp_path / "ke-hoach" / "kh-1" / "index.html"
    page.write_text('<p><a href="../../#co-that">có</a> <a class="x" href="../#co-that">mục lục</a></p>', encoding="utf-8")
    (tmp_path / "ke-hoach" / "index.html").write_text('<h2 id="co-that">Có</h2>', encoding="utf-8")
    check_anchors(tmp_path)
    page.write_text('<p><a href="../../#khong-co">không có</a></p>', encoding="utf-8")
    with pytest.raises(RenderError, match="trang 'index.html' không có neo '#khong-co'"):
        check_anchors(tmp_path)
