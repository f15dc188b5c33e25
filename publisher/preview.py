"""Live preview for editors (`make serve`, `python build.py serve`): the site built into a temporary
folder, served on 127.0.0.1, rebuilt when content, templates or mkdocs.yml change, and the
browser reloaded when the new build is ready.

The reload script is added to HTML responses as they are sent; the built files never contain it,
and the published site/ is not touched. When the content has errors, the terminal lists them
and every page shows them (file:line:column: field: message) until they are fixed.
Changes to the Python code (publisher/) need a restart.

The site is served from one folder, which each build updates in place: MkDocs rewrites the pages
that changed, and only the forwarding pages of tasks added, retitled or gone are written or removed
(pipeline.py; a build that renders every page makes a new folder and swaps it in).
The search index is not in the way of the reload: the page is published as soon as it is rendered
(with the task forwarding pages, and the previous search index), then Pagefind indexes that build
in a separate, low-priority process and its index is swapped in when done (BackgroundIndex), so the
search may lag the pages by some seconds; the terminal says when it is up to date. A newer build
stops an indexing still running before it begins. The published build (build.py build) indexes
before publishing.
"""

from __future__ import annotations

import contextlib
import gc
import html
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from . import comparisons, content, open_data
from .pipeline import PROJECT_ROOT, build
from .pages import TEMPLATES
from .render import MKDOCS_CONFIG, start_worker, stop_worker
from .problems import ContentError, StageError
from .publish import remove_later
from .index_job import INPUTS
from .search_index import search_inputs
from .site_data import SiteData

WAIT_PATH = "/__preview__/wait"
LONG_POLL_SECONDS = 25
QUIET_SECONDS = 0.05  # editors save several files at once: build once they are all written
COLLECT_AFTER_SECONDS = 1.0  # no save for this long after a build: collect the garbage (rebuild_when_changed)

RELOAD_SCRIPT = """<script>
(function () {  // preview only: reload when a newer build is ready
  function wait() {
    fetch("%s?build=%d").then(function (r) { return r.text(); }).then(function (build) {
      if (build !== "%d") { location.reload(); } else { wait(); }
    }, function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>"""

ERROR_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Nội dung có lỗi — xem trước</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2em;max-width:60em}}li{{margin:.4em 0}}code{{background:#fee;padding:0 .2em}}</style>
</head><body>
<h1>Nội dung có lỗi: trang xem trước chưa cập nhật</h1>
<p>Sửa các lỗi dưới đây rồi lưu tệp; trang tự tải lại khi dựng xong.</p>
<ul>
{items}
</ul>
</body></html>"""


class BackgroundIndex:
    """The preview's search index, made after the pages are published instead of before.

    The index lives beside the site, in index_dir, which the preview serves as /pagefind/: each
    build's new site would otherwise take a copy of it (13,600 files at city scale, linked into
    every new site and removed with every old one).
    prepare() is the build's index stage: it takes note of the build's data (the build has written
    the task forwarding pages). start(), once the build is published, writes down what the index takes
    from that data (search_index.SearchInputs) and starts a process (index_job.py) that indexes the
    served site, at low priority, into a folder of its own (preparing again for Pagefind only the
    pages rewritten since the last indexing: prepared_dir); when it ends, its index replaces
    index_dir. The next build updates the served site in place, so stop() ends that process before
    the next build begins (Preview.rebuild). lock is held by a build from start to publication and
    while an index is swapped in."""

    def __init__(self, site_dir: Path, work: Path):
        self.site_dir, self.work = site_dir, work
        self.index_dir = work / "pagefind"
        self.prepared_dir = work / "search-prepared"  # the pages as last prepared for Pagefind, without facts
        self.lock = threading.Lock()
        self.generation = 0  # the latest build prepared
        self.installed = 0  # the build whose index the site has
        self.job: tuple[int, Path, SiteData] | None = None
        self.process: subprocess.Popen | None = None

    def prepare(self, site: Path, data: SiteData) -> None:
        """The index stage of a build rendered into site (the served site, or the new one to be published there)."""
        self.generation += 1
        self.job = (self.generation, self.work / f"index-{self.generation}", data)

    def start(self) -> None:
        """Index the build just published, stopping the indexing of an older one."""
        if self.job is None:
            return
        generation, job, data = self.job
        self.job = None
        self.stop()
        shutil.rmtree(job, ignore_errors=True)
        job.mkdir()
        with open(job / INPUTS, "wb") as file:
            pickle.dump(search_inputs(data), file, protocol=pickle.HIGHEST_PROTOCOL)
        # a process group of its own (stop() ends Pagefind with it); not a new session, which would be a
        # new scheduler autogroup, past which its niceness does not reach
        self.process = subprocess.Popen([sys.executable, "-m", "publisher.index_job", str(self.site_dir), str(job),
                                         str(self.prepared_dir)], cwd=PROJECT_ROOT, process_group=0)
        print("Tìm kiếm: đang lập lại chỉ mục ở nền; kết quả tìm kiếm có thể chưa theo kịp trang vài giây.", flush=True)
        threading.Thread(target=self._finish, args=(self.process, generation, job, time.monotonic()), daemon=True).start()

    def _finish(self, process: subprocess.Popen, generation: int, job: Path, start: float) -> None:
        process.wait()
        try:
            if process.returncode == 0:
                with self.lock:
                    if generation > self.installed and self.work.is_dir():  # not after the preview ended
                        old = self.work / f".pagefind-old-{generation}"
                        if self.index_dir.exists():
                            self.index_dir.rename(old)
                        (job / "pagefind").rename(self.index_dir)
                        self.installed = generation
                        if old.exists():
                            remove_later(old)
                print(f"Tìm kiếm: chỉ mục đã cập nhật, sau {time.monotonic() - start:.1f} giây.", flush=True)
        finally:
            if job.exists():
                remove_later(job)  # not in this thread: its loop would slow the next build (publish.remove_later)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile
                os.killpg(process.pid, signal.SIGTERM)  # its group: Pagefind too
            process.wait()


class Preview:
    """The latest build: its number, and what was wrong with it (None when it succeeded)."""

    def __init__(self, content_dir: Path, site_dir: Path):
        self.content_dir = content_dir
        self.site_dir = site_dir
        self.index = BackgroundIndex(site_dir, site_dir.parent)
        self.number = 0
        self.errors: list[str] | None = None
        self.changed = threading.Condition()
        self.dirty = threading.Event()
        self.epoch_given = "SOURCE_DATE_EPOCH" in os.environ  # else each build takes it from as_of again

    def rebuild(self) -> None:
        start = time.monotonic()
        errors: list[str] | None = None
        if not self.epoch_given:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        try:
            with self.index.lock:
                self.index.stop()  # its reading of the site: this build may update the site in place
                result = build(self.content_dir, self.site_dir, render_work=self.site_dir.parent / "render",
                               index=self.index.prepare)
        except ContentError as error:
            errors = [str(problem) for problem in sorted(set(error.problems.items))]
            print(error.problems.report(), file=sys.stderr, flush=True)
        except StageError as error:
            errors = str(error).splitlines()
            print(error, file=sys.stderr, flush=True)
        except Exception as error:  # e.g. a template being edited: show it, keep serving
            errors = [f"{type(error).__name__}: {error}"]
            traceback.print_exc()
        else:
            print(f"Đã dựng lại {result.pages} trang trong {time.monotonic() - start:.1f} giây.", flush=True)
        with self.changed:
            self.number += 1
            self.errors = errors
            self.changed.notify_all()
        if errors is None:
            self.index.start()

    def wait_for_build_after(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number != seen, timeout)
            return self.number

    def rebuild_when_changed(self) -> None:
        """Rebuild after each save. Python's cyclic garbage collector is off after the first build (serve):
        a full collection walks every object of the preview's caches and two builds' data (about a second
        at city scale, two or three times per rebuild), so it runs here instead, once no save has come for
        COLLECT_AFTER_SECONDS after a build, or before a third build in a row without one."""
        uncollected = 0
        while True:
            if uncollected and not self.dirty.wait(COLLECT_AFTER_SECONDS) or uncollected >= 2:
                gc.collect()
                uncollected = 0
            self.dirty.wait()
            time.sleep(QUIET_SECONDS)
            self.dirty.clear()
            self.rebuild()
            uncollected += 1


class _Changes(FileSystemEventHandler):
    def __init__(self, preview: Preview):
        self.preview = preview

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [Path(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        watched = (self.preview.content_dir, TEMPLATES)
        if any(path == MKDOCS_CONFIG or any(path.is_relative_to(folder) for folder in watched) for path in paths):
            self.preview.dirty.set()  # not the build's own files beside mkdocs.yml (.mkdocs-build-*.yml)


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format, *args) -> None:  # the terminal shows builds and errors, not every request
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == WAIT_PATH:
            seen = int(parse_qs(parts.query).get("build", ["-1"])[0])
            self.send_text(str(self.preview.wait_for_build_after(seen, LONG_POLL_SECONDS)), "text/plain")
            return
        with self.preview.changed:
            number, errors = self.preview.number, self.preview.errors
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        is_page = file.suffix == ".html" or parts.path.endswith("/")
        if errors is not None and is_page:
            items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
            self.send_text(ERROR_PAGE.format(items=items) + RELOAD_SCRIPT % (WAIT_PATH, number, number), "text/html", 500)
        elif is_page and file.is_file():
            page = file.read_text(encoding="utf-8")
            script = RELOAD_SCRIPT % (WAIT_PATH, number, number)
            self.send_text(page.replace("</body>", script + "</body>", 1), "text/html")
        else:
            super().do_GET()

    def translate_path(self, path: str) -> str:
        """/pagefind/… from the index beside the site (BackgroundIndex.index_dir), the rest from the site."""
        file = Path(super().translate_path(path))
        if file.is_relative_to(self.preview.site_dir / "pagefind"):
            return str(self.preview.index.index_dir / file.relative_to(self.preview.site_dir / "pagefind"))
        return str(file)

    def send_text(self, text: str, content_type: str, status: int = 200) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(content_dir: Path, port: int = 8000) -> None:
    """Build, serve on 127.0.0.1:port (0: any free port), rebuild on change, until Ctrl+C."""
    work = Path(tempfile.mkdtemp(prefix="preview-"))
    content.PARSED = {}  # unchanged files are not parsed again at each save
    comparisons.CACHE = {}  # nor unchanged texts compared again
    open_data.CACHE = {}  # nor unchanged plans' open data written out again
    preview = Preview(content_dir.resolve(), work / "site")
    handler = type("PreviewHandler", (_Handler,), {"preview": preview})
    observer = Observer()
    signal.signal(signal.SIGTERM, _stop)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(preview.site_dir)))
        server.daemon_threads = True
        preview.rebuild()
        start_worker()  # the MkDocs processes of the dirty renders (render.py), ready for the first save
        gc.disable()  # from now on, collected between saves (Preview.rebuild_when_changed)
        changes = _Changes(preview)
        for folder, recursive in ((preview.content_dir, True), (TEMPLATES, True), (PROJECT_ROOT, False)):
            observer.schedule(changes, str(folder), recursive=recursive)
        observer.start()
        threading.Thread(target=preview.rebuild_when_changed, daemon=True).start()
        print(f"Xem trước tại http://127.0.0.1:{server.server_port}/ (Ctrl+C để dừng)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if observer.is_alive():
            observer.stop()
        preview.index.stop()
        stop_worker()
        shutil.rmtree(work, ignore_errors=True)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt  # `kill` stops the preview as Ctrl+C does, removing its folder
