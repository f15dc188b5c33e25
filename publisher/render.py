"""Stage 5, render: MkDocs with Material turns the generated Markdown into HTML.

MkDocs gets plain Markdown and standard configuration: the project's mkdocs.yml, inherited by a
small generated config that only points docs_dir and site_dir at this build's folders (and, when
several MkDocs processes share the pages, sets the standard exclude_docs to the others' pages).
Any warning MkDocs gives (a broken link, a missing anchor) fails the build, as its strict mode would.
The full build runs `mkdocs build`, a process per core; the preview's dirty renders are done by
long-lived MkDocs processes (mkdocs_worker.py), which spare each save MkDocs' start-up and share
the pages of a large save between the cores.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Sequence
from urllib.parse import unquote

from .files import in_parallel
from .mkdocs_worker import QUIET, MkDocsWorker, WorkerDied
from .problems import StageError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = PROJECT_ROOT / "mkdocs.yml"
THEME = PROJECT_ROOT / "site_templates" / "theme"


class RenderError(StageError):
    pass


def render_again(docs_dir: Path, work: Path, site_dir: Path | None, staging: Path, same_files: bool,
                 written: list[str]) -> Path:
    """The preview's render: only the pages whose Markdown changed since the last build, in place.

    docs_dir (work/docs) holds the Markdown of the last build, into which this one wrote only the
    files whose bytes differ (written; same_files: no file added or removed), so that MkDocs'
    --dirty (which compares modification times) renders just those, into site_dir: the site being
    served, which the caller gives when it holds the last build rendered from docs_dir. Everything is
    rendered into staging instead (a fresh folder, published in site_dir's place once the build is
    done) when there is no such site, when a file was added or removed, or when mkdocs.yml, the theme
    or the environment MkDocs reads changed. Returns the folder rendered into. Pages change in the
    served site while MkDocs runs: the preview publishes them a moment later anyway, and shows its
    error page if the render fails."""
    stamp = work / "render-inputs"
    inputs = _render_inputs()
    dirty = (same_files and site_dir is not None and site_dir.is_dir() and stamp.is_file()
             and stamp.read_text(encoding="utf-8") == inputs)
    stamp.unlink(missing_ok=True)  # until this render has succeeded
    rendered = site_dir if dirty else staging
    render_site(docs_dir, rendered, dirty=dirty, changed=written)
    stamp.write_text(inputs, encoding="utf-8")
    return rendered


def _render_inputs() -> str:
    """What MkDocs reads besides the pages: mkdocs.yml, the theme's overrides, the environment."""
    digest = hashlib.sha256(_worker_inputs().encode())
    for name in ("SITE_REPO_URL", "SITE_EDIT_URI", "SOURCE_DATE_EPOCH"):
        digest.update(f"{name}={os.environ.get(name)}".encode())
    return digest.hexdigest()


# A second MkDocs process pays for its start-up (about 1 s of CPU) only with enough pages to share:
# on the real content (90 pages) one process is faster, at city scale (3,616) two halve the wall time.
PAGES_PER_PROCESS = 500
PAGE_COST = 6_000  # a page costs MkDocs about what 6 KB of its Markdown does (benchmarks/README.md)


def render_site(docs_dir: Path, site_dir: Path, dirty: bool = False, processes: int | None = None,
                changed: Sequence[str] = ()) -> None:
    """MkDocs renders docs_dir into site_dir. With many pages, several MkDocs processes run at once,
    one per core: each is given every page (so that links resolve and are checked as usual) but
    renders only its share, the others' being excluded with MkDocs' standard `exclude_docs`; their
    sites are then moved into one. The result is the same, byte for byte, as one process's
    (tests/test_render.py). A dirty render (the preview's) is done by the preview's long-lived MkDocs
    processes (mkdocs_worker.py), which give the same site as `mkdocs build --dirty`; changed: the
    Markdown files (relative, POSIX) written since the last render, which they share."""
    if dirty:
        _render_dirty(docs_dir, site_dir, changed)
        return
    pages = sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md"))
    if processes is None:
        processes = min(os.cpu_count() or 1, max(1, len(pages) // PAGES_PER_PROCESS))
    if processes < 2:
        _wait_for([_start_mkdocs(0, docs_dir, site_dir, [])])
        return
    costs = {page: (docs_dir / page).stat().st_size + PAGE_COST for page in pages}
    shares = share_pages(costs, processes)
    outputs = [site_dir] + [site_dir.with_name(f"{site_dir.name}.part{index}") for index in range(1, len(shares))]
    runs = []
    try:
        for index, output in enumerate(outputs):
            others = [pattern for other, share in enumerate(shares) if other != index for pattern in share]
            runs.append(_start_mkdocs(index, docs_dir, output, others))
        _wait_for(runs)
        for output in outputs[1:]:
            _move_new_files(output, site_dir)
        check_anchors(site_dir)
    finally:
        for output in outputs[1:]:
            shutil.rmtree(output, ignore_errors=True)


def share_pages(costs: dict[str, int], processes: int) -> list[list[str]]:
    """The pages (paths of Markdown files → their cost) shared between processes, as the
    `exclude_docs` patterns that select each share. Each top-level folder is shared evenly
    (pages of one kind cost alike), in groups of paths with a common beginning, so that a share is
    a few patterns, not a pattern per page: MkDocs matches every file against every pattern."""
    loads = [0] * processes
    shares: list[list[str]] = [[] for _ in range(processes)]
    sections: dict[str, list[str]] = {}
    for page in sorted(costs):
        sections.setdefault(page.split("/")[0], []).append(page)
    for pages in sections.values():
        limit = sum(costs[page] for page in pages) / (processes * 4)
        section_loads = [0] * processes
        groups = _page_groups(os.path.commonprefix(pages), pages, costs, limit)
        for patterns, cost in sorted(groups, key=lambda group: -group[1]):
            index = min(range(processes), key=lambda i: (section_loads[i], loads[i]))
            shares[index] += patterns
            section_loads[index] += cost
            loads[index] += cost
    return shares


def _page_groups(prefix: str, pages: list[str], costs: dict[str, int], limit: float) -> list[tuple[list[str], int]]:
    """pages (every page whose path begins with prefix) in groups costing at most limit (unless one
    page), each as its patterns and cost: the next character of the paths splits a group."""
    cost = sum(costs[page] for page in pages)
    if len(pages) == 1:
        return [([f"/{_glob_escape(pages[0])}"], cost)]
    if cost <= limit:
        escaped = _glob_escape(prefix)
        return [([f"/{escaped}*.md", f"/{escaped}*/**/*.md"], cost)]
    by_next: dict[str, list[str]] = {}
    for page in pages:
        by_next.setdefault(page[: len(prefix) + 1], []).append(page)
    return [group for longer, members in by_next.items() for group in _page_groups(longer, members, costs, limit)]


_ID = re.compile(r'\sid="([^"]*)"')
_LINK_TO_ANCHOR = re.compile(r'<a\s[^>]*?href="([^"#:?]+)#([^"]+)"')  # a relative link to another page's anchor


def check_anchors(site_dir: Path, pages: list[str] | None = None) -> None:
    """Every link from one page to an anchor of another leads to an element with that id.
    MkDocs checks such a link only when one process renders both pages, so the shared render
    checks the links of the whole site here, in the HTML MkDocs wrote; with pages (HTML files,
    relative), the links between these pages only."""
    if pages is None:
        pages = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html"))
    found = in_parallel(lambda index: _ids_and_links(site_dir / pages[index]), len(pages))
    ids = {page: page_ids for page, (page_ids, _) in zip(pages, found)}
    problems = []
    for page, (_, links) in zip(pages, found):
        for href, anchor in links:
            target = unquote(href) + ("index.html" if href.endswith("/") else "")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))  # "../index.html" → "index.html"
            if target in ids and target != page and anchor not in ids[target]:
                problems.append(f"trang '{page}' có liên kết '{href}#{anchor}', "
                                f"nhưng trang '{target}' không có neo '#{anchor}'")
    if problems:
        raise RenderError("MkDocs không dựng được trang: liên kết tới neo không có:\n" + "\n".join(problems))


def _ids_and_links(page: Path) -> tuple[set[str], set[tuple[str, str]]]:
    text = page.read_text(encoding="utf-8")
    return ({html.unescape(id_) for id_ in _ID.findall(text)},
            {(html.unescape(href), unquote(html.unescape(anchor))) for href, anchor in _LINK_TO_ANCHOR.findall(text)})


def _glob_escape(path: str) -> str:
    return "".join("\\" + char if char in "\\*?[]" else char for char in path)


def _move_new_files(part: Path, site_dir: Path) -> None:
    """A share's site into the site: its pages; what every share wrote (theme files, static files,
    the sitemap, 404.html) is already there."""
    for folder, _, names in os.walk(part):
        target_folder = site_dir / Path(folder).relative_to(part)
        target_folder.mkdir(exist_ok=True)
        for name in names:
            target = target_folder / name
            if not target.exists():
                os.replace(Path(folder) / name, target)


# MkDocs' --quiet silences warnings before --strict can count them (so a broken link passed), and
# --strict counts the warning every --dirty build gives. So MkDocs runs without either, its log goes
# to a file (the worker's: to its answer), and any warning in it fails the render: MkDocs' strict
# mode, kept for dirty builds too.
DIRTY_BUILD_NOTICE = "A 'dirty' build is being performed"


def _write_config(index: int, docs_dir: Path, site_dir: Path, exclude: list[str]) -> Path:
    # Beside mkdocs.yml, so that the relative paths in it (custom_dir) resolve the same way.
    config = PROJECT_ROOT / f".mkdocs-build-{os.getpid()}-{index}.yml"
    config.write_text(
        f"INHERIT: {MKDOCS_CONFIG.as_posix()}\n"
        f"docs_dir: {json.dumps(docs_dir.as_posix())}\n"
        f"site_dir: {json.dumps(site_dir.as_posix())}\n"
        + (f"exclude_docs: {json.dumps(chr(10).join(exclude))}\n" if exclude else ""),
        encoding="utf-8",
    )
    return config


def _start_mkdocs(index: int, docs_dir: Path, site_dir: Path, exclude: list[str]) -> _MkDocsRun:
    config = _write_config(index, docs_dir, site_dir, exclude)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config)],
        cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, **QUIET},
    )
    return _MkDocsRun(process, config, log)


@dataclass
class _MkDocsRun:
    process: subprocess.Popen
    config: Path
    log: IO[bytes]

    def problems(self) -> list[str]:
        self.log.seek(0)
        return _problems(self.log.read().decode("utf-8", "replace").splitlines(), self.process.returncode != 0)


def _problems(lines: list[str], failed: bool) -> list[str]:
    """The warnings and errors MkDocs logged, or its whole output if it failed without one."""
    problems = [line for line in lines if line.startswith(("WARNING", "ERROR")) and DIRTY_BUILD_NOTICE not in line]
    if failed and not problems:
        problems = [line for line in lines if not line.startswith("INFO")]
    return problems


# The preview's MkDocs processes, one per core (two at most), and the Markdown of changed pages
# (bytes, with PAGE_COST each) from which they share a render: below it, one renders it all (each
# build costs a worker ≈ 0.3 s besides the pages, benchmarks/README.md, "Sixth pass").
_WORKERS = [MkDocsWorker(PROJECT_ROOT) for _ in range(min(2, os.cpu_count() or 1))]
_WORKER_LOCK = threading.Lock()
DIRTY_SHARE_FROM = 150_000


def _render_dirty(docs_dir: Path, site_dir: Path, changed: Sequence[str]) -> None:
    """`mkdocs build --dirty`, by the long-lived workers, with the CLI's rule for their logs. With
    enough changed Markdown, each worker renders a share of it, the others' shares excluded (as in
    the full render); both write into site_dir, the same bytes where they write the same file (the
    theme's pages). Links between the shares' pages to anchors are then checked (check_anchors)."""
    costs = {page: (docs_dir / page).stat().st_size + PAGE_COST for page in changed if page.endswith(".md")}
    shares = [[]]
    if len(_WORKERS) > 1 and sum(costs.values()) >= DIRTY_SHARE_FROM:
        shares = [share for share in share_pages(costs, len(_WORKERS)) if share]  # one large page: one worker
    configs = [_write_config(index, docs_dir, site_dir,
                             [pattern for other, share in enumerate(shares) if other != index for pattern in share])
               for index in range(len(shares))]
    answers, died = [], False
    try:
        with _WORKER_LOCK:
            inputs = _worker_inputs()
            for worker, config in zip(_WORKERS, configs):
                worker.send(config, inputs)
            for worker in _WORKERS[: len(configs)]:
                try:
                    answers.append(worker.receive())
                except WorkerDied:
                    died = True
    finally:
        for config in configs:
            config.unlink(missing_ok=True)
    if died:
        raise RenderError("MkDocs không dựng được trang: tiến trình MkDocs của bản xem trước đã dừng giữa chừng "
                          "(lần dựng sau dựng lại toàn bộ bằng tiến trình mới).")
    for lines, failed in answers:
        if problems := _problems(lines, failed):
            raise RenderError("MkDocs không dựng được trang:\n" + "\n".join(problems))
    if len(shares) > 1:
        check_anchors(site_dir, sorted(_html_page(page) for page in costs))


def _html_page(markdown_page: str) -> str:
    """The HTML file MkDocs writes for a Markdown file (use_directory_urls, as in mkdocs.yml)."""
    stem = markdown_page.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def start_worker() -> None:
    """Start the preview's MkDocs processes before the first save needs them."""
    with _WORKER_LOCK:
        inputs = _worker_inputs()
        for worker in _WORKERS:
            worker.start(inputs)


def _worker_inputs() -> str:
    """What the worker may have read once and kept: mkdocs.yml and the theme's overrides
    (_render_inputs without the environment, which each request brings)."""
    digest = hashlib.sha256(MKDOCS_CONFIG.read_bytes())
    for path in sorted(THEME.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(THEME)}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def stop_worker() -> None:
    """End the preview's MkDocs processes (they also end by themselves when the preview does)."""
    with _WORKER_LOCK:
        for worker in _WORKERS:
            worker.stop()


def worker_cpu_seconds() -> float:
    """The CPU time of the preview's MkDocs processes' builds so far (Timings sees only ended processes)."""
    return sum(worker.cpu_seconds for worker in _WORKERS)


def _wait_for(runs: list[_MkDocsRun]) -> None:
    """Every MkDocs run to its end; the first one's problems as the error, the others stopped."""
    try:
        for run in runs:
            run.process.wait()
            if problems := run.problems():
                raise RenderError("MkDocs không dựng được trang:\n" + "\n".join(problems))
    finally:
        for run in runs:
            if run.process.poll() is None:
                run.process.kill()
                run.process.wait()
            run.config.unlink(missing_ok=True)
            run.log.close()
