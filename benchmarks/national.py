"""National deployment experiment: one site per province, built in parallel, searched together.

    .venv/bin/python -m benchmarks.national --scale 1

1. Generates two provinces (seeds 1 and 2, each with its own site title).
2. Builds both sites at once, as two `build.py build --timings` processes (a CI matrix of two jobs
   on one machine), and records the wall time beside each build's own total.
3. Lays out the national site: a landing page at / and each province's site under /<province>/,
   unchanged (the built sites use relative links, and Pagefind derives each index's base URL from
   where its pagefind.js is loaded). Each index is given a "Tỉnh" filter (Pagefind's mergeFilter).
4. In Chromium, the landing page imports the first province's pagefind.js, merges the second's
   index with Pagefind's mergeIndex, and runs a query; the script records the results per province
   and the bytes transferred (gzip as reader_bench serves them).
Writes JSON (--out) and prints a summary. See benchmarks/README.md, "National deployment".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.generate import Sizes, generate
from benchmarks.reader_bench import CHROMIUM, Counter, handler_for, phase
from publisher.pipeline import PROJECT_ROOT

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "national.json"
PROVINCES = [("tinh-a", "Tỉnh A", 1), ("tinh-b", "Tỉnh B", 2)]  # (folder, name, seed)

LANDING = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kế hoạch môi trường các tỉnh — tìm kiếm chung</title></head>
<body><main>
<h1>Kế hoạch môi trường các tỉnh</h1>
<ul>{links}</ul>
<form id="tim"><label for="q">Tìm trong mọi tỉnh</label> <input id="q" name="q" type="search"> <button>Tìm</button></form>
<ol id="ket-qua"></ol>
</main>
<script type="module">
// one search over every province's index: the first is loaded, the others merged into it
// each index carries a "Tỉnh" filter (mergeFilter), so results can be narrowed to one province
const provinces = {provinces};
const pagefind = await import(`/${{provinces[0][0]}}/pagefind/pagefind.js`);
await pagefind.options({{ mergeFilter: {{ "Tỉnh": provinces[0][1] }} }});
for (const [folder, name] of provinces.slice(1)) await pagefind.mergeIndex(`/${{folder}}/pagefind/`, {{ mergeFilter: {{ "Tỉnh": name }} }});
window.searchAll = async (query, filters) => {{
  const found = await pagefind.search(query, filters ? {{ filters }} : {{}});
  const data = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  return {{ total: found.results.length, urls: data.map((d) => d.url), byProvince: found.filters["Tỉnh"] || found.totalFilters["Tỉnh"] }};
}};
document.getElementById("tim").addEventListener("submit", async (event) => {{
  event.preventDefault();
  const list = document.getElementById("ket-qua");
  list.replaceChildren();
  for (const url of (await window.searchAll(document.getElementById("q").value)).urls) {{
    const item = document.createElement("li"), link = document.createElement("a");
    link.href = url; link.textContent = url; item.append(link); list.append(item);
  }}
}});
</script></body></html>
"""


def build_provinces(work: Path, scale: int) -> dict:
    processes, started = [], time.perf_counter()
    for folder, name, seed in PROVINCES:
        content = work / "content" / folder
        generate(Sizes.of_scale(scale), seed, content)
        site_yml = content / "site.yml"
        text = site_yml.read_text(encoding="utf-8")
        site_yml.write_text(text.replace("title: Kế hoạch môi trường Hà Nội", f"title: Kế hoạch môi trường {name} (tổng hợp)"),
                            encoding="utf-8")
    started = time.perf_counter()
    for folder, _, _ in PROVINCES:
        processes.append(subprocess.Popen(
            [sys.executable, "build.py", "build", "--no-cache", "--content", str(work / "content" / folder),
             "--site-dir", str(work / "national" / folder), "--timings", str(work / f"{folder}.json")],
            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL))
    for process in processes:
        if process.wait() != 0:
            raise SystemExit("a province's build failed")
    wall = time.perf_counter() - started
    timings = {folder: json.loads((work / f"{folder}.json").read_text(encoding="utf-8")) for folder, _, _ in PROVINCES}
    return {"parallel_wall_seconds": round(wall, 2), "load_1min_after": os.getloadavg()[0],
            "each_build_seconds": {folder: t["total_seconds"] for folder, t in timings.items()},
            "counts": {folder: t["counts"] for folder, t in timings.items()}}


def search_all(root: Path, query: str) -> dict:
    counter = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(root, counter))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            landing = phase(counter, lambda: (page.goto(base + "/", wait_until="load"),
                                              page.wait_for_function("typeof window.searchAll === 'function'")))
            found = {}
            searched = phase(counter, lambda: found.update(page.evaluate("q => window.searchAll(q)", query)))
            narrowed = {name: page.evaluate("([q, name]) => window.searchAll(q, {'Tỉnh': name})", [query, name])["total"]
                        for _, name, _ in PROVINCES}
            browser.close()
    finally:
        server.shutdown()
    per_province = {folder: sum(url.startswith(f"/{folder}/") for url in found["urls"]) for folder, _, _ in PROVINCES}
    return {"query": query, "results": found["total"], "results_by_province_filter": narrowed,
            "filter_counts": found["byProvince"], "top_20_by_province": per_province, "top_20": found["urls"],
            "landing_bytes": landing["bytes"], "query_bytes": searched["bytes"],
            "query_requests_by_province": {folder: sum(f"/{folder}/" in r["path"] for r in searched["responses"])
                                           for folder, _, _ in PROVINCES}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--query", default="moi truong")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="national-") as work:
        work = Path(work)
        built = build_provinces(work, args.scale)
        links = "".join(f'<li><a href="/{folder}/">{name}</a></li>' for folder, name, _ in PROVINCES)
        provinces = json.dumps([[folder, name] for folder, name, _ in PROVINCES], ensure_ascii=False)
        (work / "national" / "index.html").write_text(LANDING.format(links=links, provinces=provinces), encoding="utf-8")
        searched = search_all(work / "national", args.query)
    result = {"scale": args.scale, "build": built, "search": searched}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({**result, "search": {k: v for k, v in searched.items() if k != "top_20"}}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
