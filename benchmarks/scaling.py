"""Scaling benchmark: full build, `check` and peak memory at 1×, 2×, 4× and 8× the corpus.

    .venv/bin/python -m benchmarks.scaling --scales 1 2 4 8 --runs 3

For each scale, generates the corpus once (seed 1), then runs `build.py build --timings` and
`build.py check` --runs times each as fresh processes, without the check cache (cold, as on a
fresh clone), recording the load average before each run.
Writes JSON (--out) and prints a table of medians with the time per plan, which stays flat when
the build grows linearly. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import Sizes, generate
from publisher.pipeline import PROJECT_ROOT

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "scaling.json"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MiB) of the command's own process (GNU time's %M)."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(result.stderr.strip().splitlines()[-1]) / 1024


def run_scale(scale: int, runs: int, work: Path) -> dict:
    content = work / f"scale-{scale}" / "content"
    counts = generate(Sizes.of_scale(scale), 1, content)
    builds, checks = [], []
    for run in range(runs):
        timings_file = work / f"timings-{scale}-{run}.json"
        load = os.getloadavg()[0]
        seconds, _ = timed([sys.executable, "build.py", "build", "--no-cache", "--content", str(content),
                            "--site-dir", str(work / f"site-{scale}"), "--timings", str(timings_file)])
        timings = json.loads(timings_file.read_text(encoding="utf-8"))
        builds.append({"wall_seconds": round(seconds, 2), "load_1min": load, "timings": timings})
        load = os.getloadavg()[0]
        check_seconds, check_rss = timed([sys.executable, "build.py", "check", "--no-cache", "--content", str(content)])
        checks.append({"wall_seconds": round(check_seconds, 2), "load_1min": load, "peak_rss_mib": round(check_rss, 1)})
        print(f"scale {scale} run {run + 1}: build {seconds:.1f} s, check {check_seconds:.1f} s, load {load:.2f}", flush=True)

    def median(values):
        return round(statistics.median(values), 2)

    stage_names = [s["stage"] for s in builds[0]["timings"]["stages"]]
    return {
        "scale": scale, "corpus": builds[0]["timings"]["counts"], "generated": counts,
        "build_seconds": median([b["wall_seconds"] for b in builds]),
        "check_seconds": median([c["wall_seconds"] for c in checks]),
        "render_seconds": median([_stage(b, "render") for b in builds]),
        "pipeline_to_render_ratio": median([b["timings"]["stages_seconds"] / _stage(b, "render") for b in builds]),
        "stage_seconds": {name: median([_stage(b, name) for b in builds]) for name in stage_names},
        "stage_cpu_seconds": {name: median([_stage(b, name, "cpu_seconds") for b in builds]) for name in stage_names},
        "build_cpu_seconds": median([sum(s["cpu_seconds"] for s in b["timings"]["stages"]) for b in builds]),
        "peak_rss_mib_python": max(b["timings"]["peak_rss_mib"] for b in builds),
        "peak_rss_mib_children": max(b["timings"]["children_peak_rss_mib"] for b in builds),
        "builds": builds, "checks": checks,
    }


def _stage(build: dict, name: str, figure: str = "seconds") -> float:
    return next(s[figure] for s in build["timings"]["stages"] if s["stage"] == name)


def table(points: list[dict]) -> str:
    rows = ["| scale | plans | tasks | pages | build s | build CPU s | CPU per plan ms | MkDocs CPU s | our stages CPU s | CPU pipeline / MkDocs | check s | peak RSS MiB (python / children) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in points:
        plans = p["corpus"]["plans"]
        cpu, render = p["build_cpu_seconds"], p["stage_cpu_seconds"]["render"]
        rows.append(f"| {p['scale']}× | {plans} | {p['corpus']['tasks']} | {p['corpus']['pages']} | {p['build_seconds']} | "
                    f"{cpu:.1f} | {1000 * cpu / plans:.0f} | {render:.1f} | {cpu - render:.1f} | {cpu / render:.2f} | "
                    f"{p['check_seconds']} | {p['peak_rss_mib_python']:.0f} / {p['peak_rss_mib_children']:.0f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scaling-") as work:
        points = [run_scale(scale, args.runs, Path(work)) for scale in args.scales]
    result = {"points": points, "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                            "system": platform.platform()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(points))


if __name__ == "__main__":
    main()
