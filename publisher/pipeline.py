"""The build, stage by stage: load → check → pages → render → search index → publish.

Nothing in the output directory is touched until every stage has succeeded: the new site is
built in a fresh directory beside the old one and swapped in at the very end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .checks import check_content
from .comparisons import compare_plans
from .content import Content, load_content
from .history import read_history
from .problems import ContentError, Problems
from .open_data import write_open_data
from .pages import write_pages
from .publish import checkpoint, new_site_dir, publish, remove_stale_work
from .render import render_site
from .search_index import index_site
from .site_data import SiteData, build_site_data

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_SITE = PROJECT_ROOT / "site"


def load_and_check(content_dir: Path) -> SiteData:
    """Stages 1 and 2: every problem in the content, all at once, or the site's data."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(str(content_dir), 1, 1, "", "không thấy thư mục nội dung")
        raise ContentError(problems)
    content: Content = load_content(content_dir, problems)
    check_content(content, problems)
    if problems:
        raise ContentError(problems)
    data = build_site_data(content)
    compare_plans(data)
    return data


@dataclass
class BuildResult:
    site_dir: Path
    pages: int


def generate_docs(data: SiteData, docs_dir: Path) -> int:
    """Stages 3 and 4: the open data files, then the Markdown pages (which show the files' sizes)."""
    datasets = write_open_data(data, docs_dir)
    return write_pages(data, docs_dir, datasets)


def build(content_dir: Path = DEFAULT_CONTENT, site_dir: Path = DEFAULT_SITE) -> BuildResult:
    """Every stage; the site directory changes only at the very end, and only if all succeeded.
    SOURCE_DATE_EPOCH (the build's date: the data's date unless set by the caller) is set for
    the build only, so that one build's date does not leak into the next in the same process."""
    set_by_caller = "SOURCE_DATE_EPOCH" in os.environ
    try:
        return _build(content_dir, site_dir)
    finally:
        if not set_by_caller:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _build(content_dir: Path, site_dir: Path) -> BuildResult:
    checkpoint("check")
    data = load_and_check(content_dir)
    data.history = read_history(content_dir)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch(data)))
    site_dir = site_dir.resolve()
    work_dir = _work_dir(site_dir)
    remove_stale_work(work_dir)
    with tempfile.TemporaryDirectory(prefix=f"docs-{os.getpid()}-", dir=work_dir) as docs:
        docs_dir = Path(docs)
        checkpoint("pages")
        pages = generate_docs(data, docs_dir)
        staging = new_site_dir(site_dir)
        try:
            checkpoint("render")
            render_site(docs_dir, staging)
            checkpoint("search-index")
            index_site(staging, data)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    checkpoint("publish")
    publish(staging, site_dir)
    return BuildResult(site_dir, pages)


def _work_dir(site_dir: Path) -> Path:
    work = site_dir.parent / ".build"
    work.mkdir(parents=True, exist_ok=True)
    return work


def _epoch(data: SiteData) -> int:
    import calendar

    return calendar.timegm(data.site.as_of.timetuple())
