"""`build.py check` as fresh processes, warm and after editing one plan, for one or more copies of the code.

    .venv/bin/python -m benchmarks.check_runs --content DIR --plan plans/<id>/plan.yml \
        --code NAME=FOLDER [--code NAME=FOLDER ...] --runs 3

Each code folder (a checkout of this project with its .venv) has its own cache folder, filled by a
first run. Then, for each run, every code in turn (so that the machine's load falls on all alike):
warm (nothing changed since its last run), then edited (a comment line appended to the plan file
before the run; the file is put back as it was at the end). Prints, per run, wall and CPU seconds
(user + sys, children included, from /usr/bin/time), peak RSS and the 1-minute load average before
it; then the medians. The reports must say the same for every code (checked: the output's last line).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
from pathlib import Path


def timed_check(code: Path, content: Path, cache: Path) -> tuple[float, float, int, float, str]:
    """wall s, CPU s, peak RSS KiB, load average before, and the report's last line."""
    load = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r") as times:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", times.name, str(code / ".venv/bin/python"),
                                 "build.py", "check", "--content", str(content), "--cache", str(cache)],
                                cwd=code, capture_output=True, text=True, encoding="utf-8")
        wall, user, system, rss = times.read().split()[-4:]
    said = (result.stdout + result.stderr).strip().splitlines()
    return float(wall), float(user) + float(system), int(rss), load, said[-1] if said else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--plan", required=True, help="the plan file edited, relative to --content")
    parser.add_argument("--code", action="append", required=True, metavar="NAME=FOLDER")
    parser.add_argument("--cache-root", type=Path, default=Path("/tmp/check-runs-cache"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    codes = {name: Path(folder).resolve() for name, folder in (item.split("=", 1) for item in args.code)}
    plan = args.content / args.plan
    original = plan.read_bytes()
    figures: dict[tuple[str, str], list] = {}
    try:
        for name, code in codes.items():
            print(name, "fills its cache:", timed_check(code, args.content, args.cache_root / name), flush=True)
        for run in range(args.runs):
            for kind in ("warm", "edited"):
                for name, code in codes.items():
                    if kind == "edited":
                        with plan.open("a", encoding="utf-8") as file:
                            file.write(f"# sửa {run} {name}\n")
                    figure = timed_check(code, args.content, args.cache_root / name)
                    figures.setdefault((name, kind), []).append(figure)
                    print(run + 1, name, kind, figure, flush=True)
    finally:
        plan.write_bytes(original)
    for (name, kind), runs in figures.items():
        print(f"{name} {kind}: median wall {statistics.median(r[0] for r in runs):.2f} s, "
              f"CPU {statistics.median(r[1] for r in runs):.2f} s, peak RSS {max(r[2] for r in runs) / 1024:.0f} MiB, "
              f"load {min(r[3] for r in runs):.1f}–{max(r[3] for r in runs):.1f}; walls {[r[0] for r in runs]}, CPU {[round(r[1], 2) for r in runs]}")


if __name__ == "__main__":
    main()
