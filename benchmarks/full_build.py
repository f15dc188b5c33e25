"""Full build against MkDocs alone, on one corpus, alternating.

    .venv/bin/python -m benchmarks.full_build --content /work/corpus/city/content --runs 3

Generates the corpus' Markdown once (the pipeline's own stages, in this process), then alternates:
`build.py build --no-cache --timings` as a fresh process (the whole pipeline, every file read as on a
fresh clone), and one `mkdocs build` of that
Markdown in one process (render.render_site with processes=1: what a plain MkDocs site of the same
pages costs). Wall seconds, CPU seconds (user + system, children included) and the 1-minute load
average before each run. Writes JSON (--out) and prints the medians and the ratios of issue 8:
pipeline / MkDocs alone, in wall and in CPU time. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from publisher import pipeline
from publisher.render import render_site

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "full-build.json"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(run) -> dict:
    load, start, cpu = os.getloadavg()[0], time.perf_counter(), _children_cpu()
    run()
    return {"wall_seconds": round(time.perf_counter() - start, 2), "cpu_seconds": round(_children_cpu() - cpu, 2),
            "load_1min": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="full-build-") as work:
        work = Path(work)
        data = pipeline.load_for_pages(args.content)
        pages, _ = pipeline.generate_docs(data, work / "docs")
        del data
        builds, mkdocs = [], []
        for run in range(args.runs):
            timings_file = work / f"timings-{run}.json"
            builds.append(measured(lambda: subprocess.run(
                [sys.executable, "build.py", "build", "--no-cache", "--content", str(args.content), "--site-dir", str(work / "site"),
                 "--timings", str(timings_file)], cwd=pipeline.PROJECT_ROOT, check=True, capture_output=True)))
            builds[-1]["timings"] = json.loads(timings_file.read_text(encoding="utf-8"))
            shutil.rmtree(work / "mkdocs-site", ignore_errors=True)
            mkdocs.append(measured(lambda: render_site(work / "docs", work / "mkdocs-site", processes=1)))
            print(f"run {run + 1}: build {builds[-1]['wall_seconds']} s ({builds[-1]['cpu_seconds']} s CPU, load "
                  f"{builds[-1]['load_1min']}), MkDocs alone {mkdocs[-1]['wall_seconds']} s ({mkdocs[-1]['cpu_seconds']} s "
                  f"CPU, load {mkdocs[-1]['load_1min']})", flush=True)

    def median(runs, key):
        return round(statistics.median(run[key] for run in runs), 2)

    summary = {
        "pages": pages, "machine": platform.platform(), "cpus": os.cpu_count(),
        "build_wall_seconds": median(builds, "wall_seconds"), "build_cpu_seconds": median(builds, "cpu_seconds"),
        "mkdocs_wall_seconds": median(mkdocs, "wall_seconds"), "mkdocs_cpu_seconds": median(mkdocs, "cpu_seconds"),
    }
    summary["ratio_wall"] = round(summary["build_wall_seconds"] / summary["mkdocs_wall_seconds"], 2)
    summary["ratio_cpu"] = round(summary["build_cpu_seconds"] / summary["mkdocs_cpu_seconds"], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "builds": builds, "mkdocs_alone": mkdocs}, indent=1),
                        encoding="utf-8")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
