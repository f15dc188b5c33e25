"""The preview's MkDocs: long-lived processes that render the preview's dirty builds.

Why it exists: at each save the preview renders again the few dozen pages that changed
(render.render_again, MkDocs' --dirty). A new `mkdocs build --dirty` process per save paid MkDocs'
start-up each time (importing MkDocs, Material and the Markdown extensions: ≈ 0.3 s of CPU at
city scale, and more of wall time on a busy machine; benchmarks/README.md, branch `worker`).
A worker process does that once, and compiles the theme's templates once. There is a worker
per core (two at most): when a save changed many pages, each renders a share of them
(render._render_dirty). Per request a worker builds the way `mkdocs build --dirty` does, with
MkDocs' public Python API (config.load_config, commands.build.build), as `mkdocs serve` builds in
one process: the same generated config file (render.py), the caller's environment
(SOURCE_DATE_EPOCH, SITE_REPO_URL…), its log in the CLI's format ("WARNING -  …"), which
render.py reads with the same rule as the CLI's (any warning or error fails the render). One
thing goes past that API: the loaded config's theme hands back the worker's kept Jinja
environment (its get_env replaced on that one object) instead of a new one per build, and that
environment lists the theme's files once (_listed_once).
The full, published build keeps MkDocs' CLI, a process per core (render.render_site).

What it costs if MkDocs is replaced (by Material's successor, say): this module is the only code
that calls MkDocs from Python. Without an equivalent API the preview goes back to the CLI for its
dirty renders (render_site's own path, kept for the full builds) and loses the start-up time again.

Protocol: the preview writes one JSON line per request on a worker's stdin ({"config": path,
"env": {…}}) and reads one JSON line back ({"log": [lines], "failed": bool, "cpu_seconds": …}).
Anything else the worker or MkDocs prints goes to stderr, the preview's terminal. The preview
stops its workers when it ends; if the preview dies, a worker ends at the end of its stdin (once
any process the preview forked, holding a copy of that pipe, has ended too). It ignores Ctrl+C,
which the preview handles. MkDocsWorker is the preview's side of one worker: it starts the process
when first needed and replaces it when it died or when mkdocs.yml or the theme's overrides changed
since it started (it may have read them when importing).
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import logging
import os
import resource
import signal
import subprocess
import sys
import traceback
from pathlib import Path

# Material's notice of its end of life, which it prints at every run, left out (the CLI runs too: render.py)
QUIET = {"NO_MKDOCS_2_WARNING": "1"}
PROFILE = "MKDOCS_WORKER_PROFILE"  # benchmarks: a cProfile of each build into this file (the last one stays)


class WorkerDied(Exception):
    pass


class MkDocsWorker:
    """The preview's side: one worker process, started when first needed, for one set of inputs
    (render._worker_inputs: mkdocs.yml and the theme's overrides)."""

    def __init__(self, project_root: Path):
        self.project_root = project_root
        self.process: subprocess.Popen | None = None
        self.inputs: str | None = None
        self.cpu_seconds = 0.0  # its builds' CPU time (render.worker_cpu_seconds): Timings sees only ended processes

    def start(self, inputs: str) -> None:
        """A worker for these inputs, unless the one running is for them (started when needed, or
        beforehand so that its start-up is not in the first save's time)."""
        if self.process is None or self.process.poll() is not None or inputs != self.inputs:
            self.stop()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "publisher.mkdocs_worker"], cwd=self.project_root,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            )
            self.inputs = inputs

    def send(self, config: Path, inputs: str) -> None:
        """Ask for a dirty build with this config; receive() gives its answer."""
        self.start(inputs)
        request = {"config": str(config), "env": {**os.environ, **QUIET}}
        with contextlib.suppress(BrokenPipeError, OSError):  # a dead worker: receive() finds no answer
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()

    def receive(self) -> tuple[list[str], bool]:
        """MkDocs' log lines of the build asked for, and whether it failed."""
        try:
            answer = self.process.stdout.readline()
        except OSError:
            answer = ""
        if not answer:
            self.stop()
            raise WorkerDied()
        response = json.loads(answer)
        self.cpu_seconds += response["cpu_seconds"]
        return response["log"], response["failed"]

    def stop(self) -> None:
        """End the worker, between two requests. Killed, not asked: a child the preview forked since
        (files.in_parallel's) may hold a copy of its stdin, which would then not close."""
        process, self.process = self.process, None
        if process is None:
            return
        process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):  # a request's line left in a broken pipe
                pipe.close()


class _CLIFormatter(logging.Formatter):
    """MkDocs' CLI format without a terminal (mkdocs.__main__.ColorFormatter): "WARNING -  message"."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {super().format(record)}"


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _kept_env(theme_envs: dict, theme):
    """The worker's Jinja environment for this theme, made at its first build."""
    key = (tuple(theme.dirs), str(theme.locale))
    if key not in theme_envs:
        env = theme_envs[key] = theme.get_env()
        env.list_templates = _listed_once(env.list_templates)
    return theme_envs[key]


def _listed_once(list_templates):
    """env.list_templates, each listing made once. At each build MkDocs lists the theme's files to copy
    (Files.add_files_from_theme: ≈ 14,500 files walked, Material's icons included, then filtered; ≈ 0.06 s)
    with a filter function that is the same code each time and reads only the theme's settings, which
    stay those of the mkdocs.yml the worker was started for; the theme's files do not change meanwhile
    (render._worker_inputs)."""
    kept: dict = {}

    def listing(extensions=None, filter_func=None):
        key = (tuple(extensions or ()), getattr(filter_func, "__code__", filter_func))
        if key not in kept:
            kept[key] = list_templates(extensions, filter_func)
        return list(kept[key])

    return listing


def serve_requests() -> None:
    """The worker: a dirty build per request line, until stdin ends."""
    responses = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what MkDocs or a library prints goes to stderr, not among the responses
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the terminal's Ctrl+C: the preview stops, closing stdin
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")  # as the CLI sets it (mkdocs.__main__.State)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    theme_envs = {}
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.clear()
        os.environ.update(request["env"])
        log = io.StringIO()
        handler = logging.StreamHandler(log)
        handler.setFormatter(_CLIFormatter())
        logger.addHandler(handler)
        duplicates = DuplicateFilter()  # the CLI's, new for each build: else a warning repeated in the next build would be dropped
        build.log.addFilter(duplicates)
        failed, cpu = False, _cpu_seconds()
        profile = cProfile.Profile() if PROFILE in os.environ else None
        try:
            if profile:
                profile.enable()
            config = load_config(request["config"])
            # The theme's Jinja environment is made once, so its templates are compiled once (≈ 0.1 s
            # a build at city scale); the worker is replaced when the theme's overrides change.
            theme_env = _kept_env(theme_envs, config.theme)
            config.theme.get_env = lambda: theme_env
            config.plugins.on_startup(command="build", dirty=True)
            try:
                build.build(config, dirty=True)
            finally:
                config.plugins.on_shutdown()
        except Exception:
            failed = True
            log.write(traceback.format_exc())
        finally:
            logger.removeHandler(handler)
            build.log.removeFilter(duplicates)
            if profile:
                profile.disable()
                profile.dump_stats(os.environ[PROFILE])
        response = {"log": log.getvalue().splitlines(), "failed": failed, "cpu_seconds": _cpu_seconds() - cpu}
        responses.write(json.dumps(response) + "\n")
        responses.flush()


if __name__ == "__main__":
    serve_requests()
