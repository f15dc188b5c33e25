"""Reader-side benchmark: bytes a reader's browser transfers, served as a real server would.

    .venv/bin/python -m benchmarks.reader_bench --site site --site /tmp/city/site --runs 3

For each built site, a local HTTP server sends the files the way a default nginx with
`gzip on; gzip_comp_level 6; gzip_types text/css application/javascript application/json
image/svg+xml` plus a usual static-site cache policy would:
- text files (HTML, CSS, JS, JSON, SVG, XML) gzip-compressed on the fly (level 6) when the browser
  asks for it; Pagefind's index files (already compressed) and wasm as they are;
- every response has an ETag (size + mtime) and Last-Modified; a conditional request that matches
  (If-None-Match, or If-Modified-Since equal to Last-Modified, as nginx) gets 304 with no body;
- Cache-Control: files with a content hash in their name (Material's bundle.<hash>.min.js, Pagefind's
  pagefind.<hash>.pf_meta, index/fragment files) "max-age=31536000, immutable"; everything else
  "no-cache" (the browser keeps it but asks again each time).
The server counts the bytes it writes (status line, headers and body) per response. In Chromium
(Debian's /usr/bin/chromium through Playwright, fresh context each run):
1. first view: open a plan page with an empty cache, wait until the network is idle;
2. repeat view: open the same page again in a new tab of the same context (same cache);
3. first search: from there, open /tim-kiem/?q=<query> and wait until results are shown.
Prints medians per site and phase, split by type; writes JSON (--out). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import json
import mimetypes
import os
import platform
import re
import statistics
import threading
import time
from collections import defaultdict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "reader.json"
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
HASHED = re.compile(r"(\.[0-9a-f]{8,}\.(min\.)?(js|css)$)|(pagefind/(index|fragment|filter)/)|(\.pf_meta$)|(/pagefind\.[a-z_-]+\.[0-9a-f]+\.)")


def kind_of(path: str) -> str:
    if path.endswith((".html", "/")):
        return "html"
    for suffix, kind in ((".css", "css"), (".js", "js"), (".woff2", "font"), (".woff", "font"), (".svg", "image"),
                         (".png", "image"), (".jpg", "image"), (".ico", "image")):
        if path.endswith(suffix):
            return kind
    return "search index" if "/pagefind/" in path else "other"


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.responses: list[dict] = []
            self.last = time.monotonic()

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.responses.append({"path": path, "status": status, "bytes": size, "kind": kind_of(path.split("?")[0])})
            self.last = time.monotonic()

    def wait_idle(self, quiet: float = 0.5, limit: float = 60) -> None:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            with self.lock:
                if time.monotonic() - self.last > quiet:
                    return
            time.sleep(0.05)


def handler_for(root: Path, counter: Counter):
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format, *args) -> None:
            pass

        def do_GET(self) -> None:
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not self.path.split("?")[0].endswith("/"):
                    return self.reply(301, b"", {"Location": self.path.split("?")[0] + "/"})
                path = os.path.join(path, "index.html")
            if not os.path.isfile(path):
                return self.reply(404, b"not found", {"Content-Type": "text/plain"})
            stat = os.stat(path)
            etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
            modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
            headers = {"ETag": etag, "Last-Modified": modified,
                       "Cache-Control": "max-age=31536000, immutable" if HASHED.search(self.path) else "no-cache"}
            # as nginx: 304 when the ETag matches, or (without one) when If-Modified-Since is the exact date sent
            if self.headers.get("If-None-Match") == etag or (
                    "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == modified):
                return self.reply(304, b"", headers)
            body = Path(path).read_bytes()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if path.endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")):
                content_type = "application/octet-stream"
            headers["Content-Type"] = content_type + ("; charset=utf-8" if content_type.startswith("text/") else "")
            if content_type.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=6, mtime=0)
                headers["Content-Encoding"] = "gzip"
                headers["Vary"] = "Accept-Encoding"
            self.reply(200, body, headers)

        def reply(self, status: int, body: bytes, headers: dict) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            header_bytes = sum(len(line) for line in self._headers_buffer) + 2  # + the blank line end_headers adds
            self.end_headers()
            self.wfile.write(body)
            counter.add(self.path, status, header_bytes + len(body))

    return Handler


def phase(counter: Counter, action) -> dict:
    counter.reset()
    action()
    counter.wait_idle()
    with counter.lock:
        responses = list(counter.responses)
    by_kind: dict[str, int] = defaultdict(int)
    for response in responses:
        by_kind[response["kind"]] += response["bytes"]
    return {"bytes": sum(r["bytes"] for r in responses), "requests": len(responses),
            "not_modified": sum(r["status"] == 304 for r in responses), "by_kind": dict(by_kind), "responses": responses}


def measure_site(site: Path, plan_path: str, query: str, runs: int) -> dict:
    counter = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site, counter))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                first = phase(counter, lambda: page.goto(base + plan_path, wait_until="networkidle"))
                page = context.new_page()  # a later visit in a new tab (a reload would revalidate everything)
                repeat = phase(counter, lambda: page.goto(base + plan_path, wait_until="networkidle"))

                def search():
                    page.goto(f"{base}/tim-kiem/?q={query}", wait_until="load")
                    page.locator("#hop-tim-kiem .pf-result-link").first.wait_for(timeout=60_000)
                search_phase = phase(counter, search)
                search_phase["results_shown"] = page.locator("#hop-tim-kiem .pf-result-link").count()
                results.append({"first_view": first, "repeat_view": repeat, "first_search": search_phase})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"site": str(site), "plan_page": plan_path, "query": query, "runs": results,
            "median_bytes": {name: statistics.median(r[name]["bytes"] for r in results) for name in results[0]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, action="append", required=True, help="a built site (repeat for several)")
    parser.add_argument("--plan", default="/ke-hoach/kh-75-2012/", help="the plan page to open")
    parser.add_argument("--query", default="moi truong")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    sites = [measure_site(site, args.plan, args.query.replace(" ", "%20"), args.runs) for site in args.site]
    result = {"sites": sites, "machine": {"python": platform.python_version(), "system": platform.platform(),
                                          "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()]}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for site in sites:
        print(site["site"])
        for name, run in site["runs"][0].items():
            kinds = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(run["by_kind"].items()))
            print(f"  {name}: median {site['median_bytes'][name] / 1024:.1f} KiB, {run['requests']} requests "
                  f"({run['not_modified']} not modified); first run by kind (KiB): {kinds}")


if __name__ == "__main__":
    main()
