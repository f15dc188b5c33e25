"""The build, stage by stage: load → check → pages → render → search index → publish.

Nothing in the output directory is touched until every stage has succeeded: the new site is
built in a fresh directory beside the old one and swapped in at the very end.
The preview (build with render_work) is the exception: it writes the Markdown into its last
build's (render_work/docs: only the files whose bytes changed, and those gone removed), and once it
has built a site, it updates that site in place (MkDocs --dirty rewrites the changed pages, the
forwarding pages of tasks added, retitled or gone are written or removed), and builds a fresh one
only when every page is rendered again or its last build failed after touching the site
(render.render_again).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import incremental
from .checks import check_content
from .comparisons import compare_plans
from .content import Content, load_content
from .files import OutputFolder
from .history import read_history
from .problems import ContentError, Problems
from .open_data import write_open_data
from .pages import TEMPLATES, write_pages
from .publish import checkpoint, new_site_dir, publish, remove_later, remove_stale_work
from .render import render_again, render_site
from .search_index import index_site, write_forwarding_pages
from .site_data import SiteData, build_site_data
from .snapshot import Snapshot
from .timings import Timings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_SITE = PROJECT_ROOT / "site"
_PREVIOUS_BUILDS: dict[Path, incremental.PreviousBuild] = {}  # by render_work: the preview's last good build
# by render_work: the task forwarding pages in the site the preview's last good build left there, which
# the next build may therefore update in place (none after a build that failed once it had begun rendering)
_FORWARDED: dict[Path, dict[str, str]] = {}


def load_checked(content_dir: Path, timings: Timings | None = None, files: Snapshot | None = None) -> Content:
    """Stages 1 and 2: every problem in the content, all at once, or the content (`build.py check`).
    files: a snapshot of content_dir taken before (the preview's, see content.ContentLoader)."""
    timings = timings or Timings()
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(str(content_dir), 1, 1, "", "không thấy thư mục nội dung")
        raise ContentError(problems)
    with timings.stage("load"):
        content: Content = load_content(content_dir, problems, files)
    with timings.stage("check"):
        check_content(content, problems)
    if problems:
        raise ContentError(problems)
    return content


def load_and_check(content_dir: Path, timings: Timings | None = None, files: Snapshot | None = None) -> SiteData:
    """Stages 1 and 2, then the site's data and its comparisons, which only pages need."""
    timings = timings or Timings()
    content = load_checked(content_dir, timings, files)
    with timings.stage("site_data"):
        data = build_site_data(content)
    with timings.stage("comparisons"):
        compare_plans(data)
    timings.counts.update(plans=len(data.plans), tasks=len(data.tasks), agencies=len(data.agencies),
                          facilities=len(data.facilities))
    return data


def load_for_pages(content_dir: Path, timings: Timings | None = None, files: Snapshot | None = None) -> SiteData:
    """Everything the pages are made from: load_and_check, then the content's history from git.
    Sets SOURCE_DATE_EPOCH (the build's date) to the data's date unless it is set already."""
    timings = timings or Timings()
    data = load_and_check(content_dir, timings, files)
    with timings.stage("history"):
        data.history = read_history(content_dir)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch(data)))
    return data


@dataclass
class BuildResult:
    site_dir: Path
    pages: int


def generate_docs(data: SiteData, docs_dir: Path, timings: Timings | None = None,
                  render: set[str] | None = None) -> tuple[int, OutputFolder]:
    """Stages 3 and 4: the open data files, then the Markdown pages (which show the files' sizes),
    into docs_dir; returns the number of pages and the folder as written (files.OutputFolder).
    render: see pages.write_pages."""
    timings = timings or Timings()
    docs = OutputFolder(docs_dir)
    with timings.stage("open_data"):
        datasets = write_open_data(data, docs)
    with timings.stage("pages"):
        return write_pages(data, docs, datasets, render), docs


def build(content_dir: Path = DEFAULT_CONTENT, site_dir: Path = DEFAULT_SITE, timings: Timings | None = None,
          render_work: Path | None = None, index: Callable[[Path, SiteData], object] | None = None) -> BuildResult:
    """Every stage; the site directory changes only at the very end, and only if all succeeded
    (except the preview's, see the module's docstring).
    With render_work (the preview), MkDocs renders only the pages that changed since the last
    build that used the same folder (render.render_again), in place in site_dir when it can.
    index makes the search index of the rendered site (the staging folder, or site_dir in place) before it is published:
    search_index.index_site (None), except in the preview, which indexes after publishing (preview.py).
    SOURCE_DATE_EPOCH (the build's date: the data's date unless set by the caller) is set for
    the build only, so that one build's date does not leak into the next in the same process."""
    set_by_caller = "SOURCE_DATE_EPOCH" in os.environ
    try:
        return _build(content_dir, site_dir, timings or Timings(), render_work, index or index_site)
    finally:
        if not set_by_caller:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _build(content_dir: Path, site_dir: Path, timings: Timings, render_work: Path | None,
           index: Callable[[Path, SiteData], object]) -> BuildResult:
    checkpoint("check")
    files = None
    if render_work:  # the preview: the content as loaded, to compare with its last build's (incremental.py)
        with timings.stage("snapshot"):
            files = incremental.content_snapshot(content_dir)
    data = load_for_pages(content_dir, timings, files)
    site_dir = site_dir.resolve()
    work_dir = _work_dir(site_dir)
    remove_stale_work(work_dir)
    render, current = None, None
    if render_work:  # the preview: only the pages showing what changed since its last build (incremental.py)
        previous = _PREVIOUS_BUILDS.pop(render_work.resolve(), None)  # until this build has succeeded
        with timings.stage("changes"):
            current = incremental.build_state(files, TEMPLATES, data)
            render = incremental.pages_to_render(previous, current)
    with contextlib.ExitStack() as cleanup:
        if render_work:  # the preview writes into the Markdown folder of its last build, rewriting what changed
            docs_dir = render_work / "docs"
            if not docs_dir.is_dir():
                render = None
            docs_dir.mkdir(parents=True, exist_ok=True)
        else:
            docs_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix=f"docs-{os.getpid()}-", dir=work_dir)))
        checkpoint("pages")
        pages, docs = generate_docs(data, docs_dir, timings, render)
        staging = built = new_site_dir(site_dir)
        try:
            checkpoint("render")
            with timings.stage("render"):
                if render_work:
                    same_files = docs.remove_others()
                    forwarded = _FORWARDED.pop(render_work.resolve(), None)  # until this build has succeeded
                    built = render_again(docs_dir, render_work, None if forwarded is None else site_dir, staging,
                                         same_files, docs.written)
                else:
                    render_site(docs_dir, staging)
            checkpoint("search-index")
            with timings.stage("search_index"):
                if render_work:  # here, not in index: the preview indexes after publishing (preview.BackgroundIndex)
                    forwarded = write_forwarding_pages(built, data, forwarded if built == site_dir else None)
                index(built, data)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    checkpoint("publish")
    with timings.stage("publish"):
        if built == staging:
            # the preview serves the new site at once and removes the old one in the background
            publish(staging, site_dir, remove_later if render_work else shutil.rmtree)
    timings.counts["pages"] = pages
    if current is not None:
        _PREVIOUS_BUILDS[render_work.resolve()] = current
        _FORWARDED[render_work.resolve()] = forwarded
    return BuildResult(site_dir, pages)


def _work_dir(site_dir: Path) -> Path:
    work = site_dir.parent / ".build"
    work.mkdir(parents=True, exist_ok=True)
    return work


def _epoch(data: SiteData) -> int:
    import calendar

    return calendar.timegm(data.site.as_of.timetuple())
