"""Preview benchmark: time from saving a content file to the browser showing the updated page.

    .venv/bin/python -m benchmarks.preview_bench --runs 7
    .venv/bin/python -m benchmarks.preview_bench --runs 3 --preset city   # the generated city corpus
    .venv/bin/python -m benchmarks.preview_bench --runs 3 --content /work/corpus/city/content  # a copy of it

Copies the real content into a temporary git repository (so the build reads a git history, as it
does in a working copy), starts `build.py serve` on it, opens the plan page of kh-75-2012 in
Chromium (Debian's, through Playwright) and then, run after run, changes the plan's title in
plan.yml and measures from just before the write to the end of the reload that shows the new
title. Prints each run, the median, and the preview's own build times; writes JSON (--out).

    .venv/bin/python -m benchmarks.preview_bench --stages --runs 3 --content /work/corpus/city/content

--stages measures the preview's rebuild in this process instead, stage by stage: one full build with
`pipeline.build(render_work=…)` and the preview's caches on, as `build.py serve` does, then per run
the same title edit and a rebuild with Timings (CPU and wall seconds per stage), the garbage
collection the preview runs between saves, and with --profile FILE a cProfile of the last rebuild.
"mkdocs" is the part of the render stage that MkDocs takes (render.render_site). With --index, each
build's background indexing (BackgroundIndex.start) is run and waited for after it, and timed.
The render stage's CPU leaves out the preview's long-lived MkDocs processes (mkdocs_worker.py; Timings
counts ended child processes): its CPU per rebuild is given beside the stages. --one-worker: one of
them renders every changed page, however many (render.DIRTY_SHARE_FROM), for comparison.
Pagefind is left out (the preview runs it after the reload). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
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

from playwright.sync_api import sync_playwright

from benchmarks.generate import PRESETS, generate
from publisher.pipeline import DEFAULT_CONTENT, PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
PLAN = "kh-75-2012"
TITLE = "title: Quản lý ô nhiễm môi trường công nghiệp trên địa bàn Thành phố Hà Nội đến năm 2015"
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "preview.json"


def content_in_git(work: str, preset: str | None, source: Path | None) -> Path:
    """The content to edit, in a git repository of its own inside work."""
    content = Path(work) / "content"
    if source:  # an already generated corpus (copied: the benchmark edits it)
        shutil.copytree(source, content)
    elif preset:  # the generated corpus includes the real content, so the same plan page is there
        generate(PRESETS[preset], 1, content)
    else:
        shutil.copytree(DEFAULT_CONTENT, content)
    for args in (["init", "--quiet"], ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=bench@localhost",
                                                    "commit", "--quiet", "-m", "benchmark"]):
        subprocess.run(["git", *args], cwd=work, check=True)
    return content


def measure_stages(runs: int, preset: str | None = None, source: Path | None = None, profile: Path | None = None,
                   with_index: bool = False) -> dict:
    """The preview's rebuilds in this process, stage by stage (see the module's docstring)."""
    from publisher import comparisons, content as content_module, open_data, pipeline, render
    from publisher.preview import BackgroundIndex
    from publisher.timings import Timings

    timings, render_site = Timings(), render.render_site

    def timed_render_site(*args, **kwargs):  # MkDocs' part of the render stage, also shown apart ("mkdocs")
        with timings.stage("mkdocs"):
            return render_site(*args, **kwargs)

    render.render_site = timed_render_site
    with tempfile.TemporaryDirectory(prefix="preview-stages-") as work:
        content = content_in_git(work, preset, source)
        content_module.PARSED, comparisons.CACHE, open_data.CACHE = {}, {}, {}  # as preview.serve does
        site, render_work = Path(work) / "site", Path(work) / "render"
        index = BackgroundIndex(site, Path(work))
        pipeline.build(content, site, render_work=render_work, index=index.prepare)
        first_index = index_in_background(index) if with_index else None
        render.start_worker()  # as preview.serve does after its first build
        gc.disable()  # as preview.serve does after its first build
        plan_file = content / "plans" / PLAN / "plan.yml"
        original = plan_file.read_text(encoding="utf-8")
        rebuilds = []
        for run in range(1, runs + 1):
            plan_file.write_text(original.replace(TITLE, f"{TITLE} (lần đo {run})"), encoding="utf-8")
            timings, load = Timings(), os.getloadavg()[0]
            profiler = cProfile.Profile() if profile and run == runs else None
            start, cpu, worker_cpu = time.perf_counter(), time.process_time(), render.worker_cpu_seconds()
            if profiler:
                profiler.enable()
            pipeline.build(content, site, timings=timings, render_work=render_work, index=index.prepare)
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            wall, build_cpu = time.perf_counter() - start, time.process_time() - cpu
            worker_cpu = render.worker_cpu_seconds() - worker_cpu  # the render stage's CPU leaves it out (still running)
            collect = time.process_time()
            gc.collect()  # between saves, as Preview.rebuild_when_changed does
            rebuilds.append({"wall_seconds": round(wall, 2), "process_cpu_seconds": round(build_cpu, 2),
                             "garbage_collection_cpu_seconds": round(time.process_time() - collect, 2),
                             "load_average_1_min": round(load, 2), "stages": timings.stages,
                             "mkdocs_worker_cpu_seconds": round(worker_cpu, 2)})
            print(f"lần {run}: {wall:.2f} s, tải {load:.1f}; " + ", ".join(
                f"{s['stage']} {s['cpu_seconds']:.2f}/{s['seconds']:.2f}" for s in timings.stages)
                + f" (CPU/wall s); MkDocs worker {worker_cpu:.2f} CPU s", flush=True)
            if with_index:
                rebuilds[-1]["background_index"] = index_in_background(index)
        gc.enable()
        render.stop_worker()
    render.render_site = render_site
    return {"runs": runs, "corpus": str(source) if source else preset or "real content", "rebuilds": rebuilds,
            **({"first_background_index": first_index} if with_index else {})}


def index_in_background(index) -> dict:
    """The preview's background indexing of the build just made (BackgroundIndex.start), waited for:
    wall seconds and CPU seconds (the indexing process, its workers and Pagefind)."""
    start, cpu = time.perf_counter(), _children_cpu()
    index.start()
    while index.installed < index.generation:
        if time.perf_counter() - start > 900:
            raise RuntimeError("the background indexing did not end")
        time.sleep(0.05)
    result = {"seconds": round(time.perf_counter() - start, 2), "cpu_seconds": round(_children_cpu() - cpu, 2)}
    print(f"  chỉ mục ở nền: {result['cpu_seconds']:.2f}/{result['seconds']:.2f} (CPU/wall s)", flush=True)
    return result


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def measure(runs: int, preset: str | None = None, source: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as work:
        content = content_in_git(work, preset, source)
        server = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--content", str(content), "--port", "0"],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": work},
        )
        try:
            line = server.stdout.readline()  # the first build comes before the address: minutes at city scale
            while line and "Xem trước tại" not in line:
                line = server.stdout.readline()
            url = line.split()[3] + f"ke-hoach/{PLAN}/"
            plan_file = content / "plans" / PLAN / "plan.yml"
            original = plan_file.read_text(encoding="utf-8")
            assert TITLE in original
            seconds = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(url)
                for run in range(1, runs + 1):
                    marker = f"(lần đo {run})"
                    time.sleep(1.0)  # let the watcher settle, as between two saves by a person
                    start = time.perf_counter()
                    plan_file.write_text(original.replace(TITLE, f"{TITLE} {marker}"), encoding="utf-8")
                    while True:
                        with page.expect_event("load", timeout=600_000):
                            pass
                        if marker in page.inner_text("h1"):
                            break
                    seconds.append(time.perf_counter() - start)
                    print(f"lần {run}: {seconds[-1]:.2f} s", flush=True)
                browser.close()
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=300)  # removing a city build folder takes a while
    builds = [float(line.split(" trong ")[1].split()[0]) for line in output.splitlines() if " trong " in line]
    return {
        "runs": runs, "corpus": str(source) if source else preset or "real content",
        "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3),
        "build_seconds_reported_by_preview": builds,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform(),
                    "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--preset", choices=sorted(PRESETS), help="measure on a generated corpus instead of the real content")
    parser.add_argument("--content", type=Path, help="measure on a copy of this content folder (e.g. a generated corpus)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--stages", action="store_true", help="the rebuild's stages in this process, not save → reload")
    parser.add_argument("--profile", type=Path, help="with --stages: cProfile of the last rebuild into this file")
    parser.add_argument("--one-worker", action="store_true",
                        help="with --stages: one MkDocs worker renders every changed page (render.DIRTY_SHARE_FROM)")
    parser.add_argument("--index", action="store_true", help="with --stages: after each build, the background indexing too, waited for")
    args = parser.parse_args()
    if args.stages:
        if args.one_worker:
            from publisher import render
            render.DIRTY_SHARE_FROM = float("inf")
        result = measure_stages(args.runs, args.preset, args.content, args.profile, args.index)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    result = measure(args.runs, args.preset, args.content)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"trung vị {result['median_seconds']:.2f} s qua {args.runs} lần; dựng lại (theo preview): "
          f"{', '.join(f'{b:.1f}' for b in result['build_seconds_reported_by_preview'][1:])} s")


if __name__ == "__main__":
    main()
