"""Wall time, CPU time and peak memory of each build stage, for `build.py build --timings FILE`.

Wall time: time.perf_counter around the stage. CPU time: user + system seconds of this process
and of the child processes that ended during the stage (MkDocs, Pagefind, forked workers); on
a machine shared with other work it varies far less than wall time. Memory: the resident-set high-water mark
(resource.getrusage ru_maxrss, KiB on Linux) of this process after the stage, and of its finished
child processes (MkDocs, Pagefind) for the stages that run one. Linux starts a child's ru_maxrss at
its parent's size when it forked, so the children's figure is at least the build process's size
when it started them. The high-water mark only grows, so
a stage's figure is the peak of the build so far; the stage that raised it is the one whose figure
is larger than the stage before. tracemalloc is not used: it slows a build several times over.
"""

from __future__ import annotations

import json
import resource
import time
from contextlib import contextmanager
from pathlib import Path


def _peak_mib(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timings:
    def __init__(self) -> None:
        self.stages: list[dict] = []
        self.counts: dict[str, int] = {}
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, name: str):
        start, cpu = time.perf_counter(), _cpu_seconds()
        yield
        self.stages.append({
            "stage": name,
            "seconds": round(time.perf_counter() - start, 4),
            "cpu_seconds": round(_cpu_seconds() - cpu, 4),
            "peak_rss_mib": _peak_mib(resource.RUSAGE_SELF),
            "children_peak_rss_mib": _peak_mib(resource.RUSAGE_CHILDREN),
        })

    def as_dict(self) -> dict:
        return {
            "stages": self.stages,
            "total_seconds": round(time.perf_counter() - self.started, 4),
            "stages_seconds": round(sum(s["seconds"] for s in self.stages), 4),
            "peak_rss_mib": _peak_mib(resource.RUSAGE_SELF),
            "children_peak_rss_mib": _peak_mib(resource.RUSAGE_CHILDREN),
            "counts": self.counts,
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
