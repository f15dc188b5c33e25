"""Search benchmark: how big the Pagefind index is, and how many bytes a reader's first query costs.

    .venv/bin/python -m benchmarks.search_bench --scale 1

Builds the real site and a site from a generated corpus (benchmarks/generate.py), then for each:
the size of <site>/pagefind/ by kind of file, and, for each query, the bytes a fresh browser
context downloads to start Pagefind (init) and to answer the query (query), counted by the HTTP
server that serves the site. Writes JSON (--out) and prints a table. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import statistics
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from benchmarks.generate import Sizes, generate
from publisher.pipeline import DEFAULT_CONTENT, build

QUERIES = ["o nhiem", "moi truong", "cong nghiep", "dau tu", "so cong thuong", "ke hoach", "nhiem vu", "ha noi"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_PAGE = "/tim-kiem/"
RESULTS_OPENED = 5
QUIET_SECONDS = 0.25  # a phase ends when no request has started or finished for this long
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "search.json"

INIT_JS = """async () => {
  const pf = await import("/pagefind/pagefind.js");
  await pf.init();
  window.benchPagefind = pf;
}"""
QUERY_JS = """async ([query, opened]) => {
  const r = await window.benchPagefind.search(query);
  const data = await Promise.all(r.results.slice(0, opened).map(x => x.data()));
  return {results: r.results.length, top: data.map(d => d.url)};
}"""


# ---------------------------------------------------------------------------------------------
# Building and sizing


def build_site(content: Path, site: Path) -> float:
    """Build with the project's pipeline; seconds taken. SOURCE_DATE_EPOCH, which build() sets
    for its own content, is put back so the next build sets it for its content."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    started = time.perf_counter()
    try:
        build(content, site)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return round(time.perf_counter() - started, 2)


def file_kind(relative: str) -> str:
    """Kind of a file under pagefind/ (relative to it)."""
    if relative.startswith("index/"):
        return "index chunks"
    if relative.startswith("fragment/"):
        return "fragments"
    if relative.startswith("filter/"):
        return "filters"
    if relative.endswith(".pf_meta") or relative == "pagefind-entry.json":
        return "meta"
    if relative.startswith("wasm."):
        return "wasm"
    if relative in ("pagefind.js", "pagefind-worker.js"):
        return "search API js"
    if relative.endswith((".js", ".css")):
        return "UI js/css"
    return "other"


def _cbor(data: bytes, at: int):
    """One CBOR item (the subset Pagefind's metadata uses) and the offset after it."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 24:
        width = 1 << (info - 24)
        value, at = int.from_bytes(data[at:at + width], "big"), at + width
    else:
        value = info
    if major in (0, 7):
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw.decode() if major == 3 else raw), at + value
    items = []
    for _ in range(value * (2 if major == 5 else 1)):
        item, at = _cbor(data, at)
        items.append(item)
    return (dict(zip(items[::2], items[1::2], strict=True)) if major == 5 else items), at


def chunk_ranges(site: Path) -> dict[str, list[str]]:
    """Index chunk file → [first word, last word], from Pagefind's metadata (gzip, then
    "pagefind_dcd" and CBOR: [version, pages, [[from, to, hash], ...], ...]); {} if unreadable."""
    try:
        meta = next((site / "pagefind").glob("*.pf_meta"))
        raw = gzip.decompress(meta.read_bytes()).removeprefix(b"pagefind_dcd")
        chunks = _cbor(raw, 0)[0][2]
        return {f"/pagefind/index/{hash_}.pf_index": [first, last] for first, last, hash_ in chunks}
    except (StopIteration, OSError, ValueError, IndexError, TypeError, struct.error):
        return {}


def index_size(site: Path) -> dict:
    folder = site / "pagefind"
    kinds: dict[str, dict[str, int]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        kind = kinds.setdefault(file_kind(path.relative_to(folder).as_posix()), {"files": 0, "bytes": 0})
        kind["files"] += 1
        kind["bytes"] += path.stat().st_size
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        "total_bytes": sum(k["bytes"] for k in kinds.values()),
        "by_kind": dict(sorted(kinds.items())),
        "pages_indexed": sum(language["page_count"] for language in entry["languages"].values()),
        "fragment_files": kinds.get("fragments", {}).get("files", 0),
        "html_pages_in_site": sum(1 for p in site.rglob("*.html") if "pagefind" not in p.parts),
    }


# ---------------------------------------------------------------------------------------------
# Serving and counting


class _CountingWriter:
    """The handler's output stream, counting every byte written (status line, headers, body)."""

    def __init__(self, stream):
        self.stream = stream
        self.count = 0

    def write(self, data) -> int:
        self.count += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def handle_one_request(self) -> None:
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.last_activity = time.monotonic()
        try:
            self.wfile.count = 0
            super().handle_one_request()
        finally:
            with server.lock:
                server.in_flight -= 1
                server.last_activity = time.monotonic()
                if self.wfile.count:
                    server.sent.append((urlsplit(getattr(self, "path", "")).path, self.wfile.count))


class CountingServer(http.server.ThreadingHTTPServer):
    """Serves a site on 127.0.0.1 (uncompressed, like python's http.server always does) and keeps
    (path, bytes sent) for every response."""

    daemon_threads = True

    def __init__(self, site: Path):
        super().__init__(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
        self.site = site
        self.lock = threading.Lock()
        self.in_flight = 0
        self.last_activity = time.monotonic()
        self.sent: list[tuple[str, int]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def take(self, sleep=time.sleep, quiet: float = QUIET_SECONDS) -> list[tuple[str, int]]:
        """The responses sent since the last take, once the server has been idle for `quiet` s.
        (Pagefind's init() resolves before its worker has fetched the index metadata and wasm:
        a phase ends when the network is quiet, not when the page's promise resolves.)
        sleep: how to wait; the browser's own wait lets Playwright deliver CDP events meanwhile."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with self.lock:
                if self.in_flight == 0 and time.monotonic() - self.last_activity >= quiet:
                    sent, self.sent = self.sent, []
                    return sent
            sleep(0.02)
        raise RuntimeError("the server did not go quiet within 30 s")

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class CdpBytes:
    """Cross-check: bytes Chromium reports received (Network.loadingFinished.encodedDataLength),
    in the page and in the web worker where Pagefind 1.5 fetches its files (attached through
    Target.setAutoAttach; a page-level session alone sees only pagefind.js)."""

    def __init__(self, context, page):
        self.total = 0
        self.session = context.new_cdp_session(page)
        self.session.on("Network.loadingFinished", self._add)
        self.session.on("Target.attachedToTarget", self._attached)
        self.session.on("Target.receivedMessageFromTarget", self._from_worker)
        self.session.send("Network.enable")
        self.session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def _add(self, event: dict) -> None:
        self.total += int(event["encodedDataLength"])

    def _attached(self, event: dict) -> None:
        for number, method in enumerate(("Network.enable", "Runtime.runIfWaitingForDebugger"), start=1):
            message = json.dumps({"id": number, "method": method, "params": {}})
            self.session.send("Target.sendMessageToTarget", {"sessionId": event["sessionId"], "message": message})

    def _from_worker(self, event: dict) -> None:
        message = json.loads(event["message"])
        if message.get("method") == "Network.loadingFinished":
            self._add(message["params"])

    def take(self) -> int:
        total, self.total = self.total, 0
        return total


class Sizes:
    """Body and gzip sizes of the served files (gzip level 6, as a server would compress)."""

    def __init__(self, site: Path):
        self.site = site
        self.cache: dict[str, tuple[int, int]] = {}

    def of(self, path: str) -> tuple[int, int]:
        if path not in self.cache:
            file = self.site / unquote(path).lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            data = file.read_bytes() if file.is_file() else b""
            self.cache[path] = (len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))
        return self.cache[path]


def phase(sent: list[tuple[str, int]], sizes: Sizes) -> dict:
    """What one phase transferred: wire bytes (headers + body, as sent), body and gzip bytes."""
    totals = {"requests": len(sent), "wire": 0, "body": 0, "gzip": 0, "by_kind": {}}
    for path, wire in sent:
        body, zipped = sizes.of(path)
        kind = file_kind(path.removeprefix("/pagefind/")) if path.startswith("/pagefind/") else "page"
        entry = totals["by_kind"].setdefault(kind, {"requests": 0, "body": 0, "gzip": 0})
        for key, value in (("requests", 1), ("body", body), ("gzip", zipped)):
            entry[key] += value
        totals["wire"] += wire
        totals["body"] += body
        totals["gzip"] += zipped
    totals["files"] = sorted(path for path, _ in sent)
    return totals


def one_run(browser, server: CountingServer, sizes: Sizes, query: str) -> dict:
    """A fresh browser context: open the search page, start Pagefind, run the query."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = CdpBytes(context, page)
        def sleep(seconds: float) -> None:
            page.wait_for_timeout(seconds * 1000)

        server.take()
        page.goto(server.url + START_PAGE)
        page.wait_for_load_state("networkidle")
        page_load = phase(server.take(sleep), sizes)
        cdp.take()
        page.evaluate(INIT_JS)
        init = phase(server.take(sleep), sizes)
        answer = page.evaluate(QUERY_JS, [query, RESULTS_OPENED])
        found = phase(server.take(sleep), sizes)
        cdp_wire = cdp.take()
    finally:
        context.close()
    pagefind_on_load = [f for f in page_load["files"] if f.startswith("/pagefind/")]
    return {"page_load": page_load, "pagefind_on_page_load": pagefind_on_load, "init": init, "query": found,
            "results": answer["results"], "top": answer["top"],
            "cross_check": {"server_wire": init["wire"] + found["wire"], "cdp_wire": cdp_wire}}


# ---------------------------------------------------------------------------------------------
# Medians


def median_phase(runs: list[dict]) -> dict:
    keys = ("requests", "wire", "body", "gzip")
    summary = {key: statistics.median(run[key] for run in runs) for key in keys}
    kinds = sorted({kind for run in runs for kind in run["by_kind"]})
    summary["by_kind"] = {
        kind: {key: statistics.median(run["by_kind"].get(kind, {}).get(key, 0) for run in runs) for key in ("requests", "body", "gzip")}
        for kind in kinds
    }
    summary["per_run_body"] = [run["body"] for run in runs]
    summary["varied"] = any(len({run[key] for run in runs}) > 1 for key in keys)
    summary["files"] = runs[0]["files"]
    summary["files_varied"] = [run["files"] for run in runs if run["files"] != runs[0]["files"]]
    return summary


def measure_site(browser, site: Path, runs: int) -> dict:
    server = CountingServer(site)
    sizes = Sizes(site)
    ranges = chunk_ranges(site)
    try:
        per_query = {}
        for query in QUERIES:
            done = [one_run(browser, server, sizes, query) for _ in range(runs)]
            found = median_phase([run["query"] for run in done])
            per_query[query] = {
                "results": statistics.median(run["results"] for run in done),
                "top": done[0]["top"],
                "init": median_phase([run["init"] for run in done]),
                "query": found,
                "chunks": [{"file": f, "words": ranges.get(f), "bytes": sizes.of(f)[0]}
                           for f in found["files"] if f.startswith("/pagefind/index/")],
                "page_load": median_phase([run["page_load"] for run in done]),
                "pagefind_on_page_load": done[0]["pagefind_on_page_load"],
                "cross_check": [run["cross_check"] for run in done],
            }
    finally:
        server.stop()
    first = per_query[QUERIES[0]]
    largest = max(per_query, key=lambda q: per_query[q]["query"]["body"])
    return {
        "init": first["init"] | {"varied": any(q["init"]["varied"] for q in per_query.values())},
        "page_load": first["page_load"],
        "queries": per_query,
        "largest_query": largest,
        # CDP sees every response but the worker script's body (see CdpBytes): expect one value, minus its size
        "cdp_minus_server_wire": sorted({c["cdp_wire"] - c["server_wire"] for q in per_query.values() for c in q["cross_check"]}),
        "worker_script_bytes": sizes.of("/pagefind/pagefind-worker.js")[0],
        "chunk_words": {f: ranges[f] + [sizes.of(f)[0]] for f in sorted(ranges)},
    }


# ---------------------------------------------------------------------------------------------
# Report


def machine(browser_version: str) -> dict:
    return {
        "uname": subprocess.run(["uname", "-a"], check=True, capture_output=True, text=True).stdout.strip(),
        "nproc": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "chromium": browser_version,
    }


def kb(value: float) -> str:
    return f"{value / 1024:,.1f}"


def table(results: dict) -> str:
    lines = []
    for name, site in results["sites"].items():
        index, search = site["index"], site["search"]
        init, page = search["init"], search["page_load"]
        lines.append(f"\n== {name}: {site['content']}; built in {site['build_seconds']} s; "
                     f"{index['pages_indexed']} records indexed ({index['html_pages_in_site']} HTML files)")
        lines.append(f"pagefind/ total {kb(index['total_bytes'])} KiB: " + ", ".join(
            f"{kind} {kb(v['bytes'])} ({v['files']} files)" for kind, v in index["by_kind"].items()))
        ui = page["by_kind"].get("UI js/css", {"body": 0, "gzip": 0})
        lines.append(f"search page {START_PAGE}: {kb(page['body'])} KiB raw / {kb(page['gzip'])} KiB gzip, of which "
                     f"Pagefind UI js/css {kb(ui['body'])} / {kb(ui['gzip'])}")
        lines.append(f"init (pagefind.js, worker, entry, meta, wasm): {kb(init['body'])} KiB raw, {kb(init['gzip'])} KiB gzip, "
                     f"{init['requests']:.0f} requests")
        lines.append(f"{'query':<16}{'results':>8}{'index KiB':>11}{'frag KiB':>10}{'raw KiB':>9}{'gzip KiB':>10}"
                     f"{'+init raw':>11}{'+init gzip':>12}  index chunks loaded (first-last word, KiB)")
        for query, q in search["queries"].items():
            kinds = q["query"]["by_kind"]
            chunks = ", ".join(f"{c['words'][0]}-{c['words'][1]} {kb(c['bytes'])}" if c["words"] else kb(c["bytes"])
                               for c in q["chunks"])
            lines.append(
                f"{query:<16}{q['results']:>8.0f}{kb(kinds.get('index chunks', {}).get('body', 0)):>11}"
                f"{kb(kinds.get('fragments', {}).get('body', 0)):>10}{kb(q['query']['body']):>9}{kb(q['query']['gzip']):>10}"
                f"{kb(q['query']['body'] + init['body']):>11}{kb(q['query']['gzip'] + init['gzip']):>12}  {chunks}")
            loaded = [f for f in q["pagefind_on_page_load"] if file_kind(f.removeprefix("/pagefind/")) != "UI js/css"]
            if loaded:
                lines.append(f"  WARNING: the page itself loaded {loaded}: they are missing from init")
        varied = init["varied"] or any(q["query"]["varied"] for q in search["queries"].values())
        lines.append(f"largest query: {search['largest_query']!r}; bytes {'VARIED' if varied else 'identical'} across runs "
                     f"(medians of {results['runs']} runs)")
        lines.append(f"cross-check: CDP minus server bytes (init + query) = {search['cdp_minus_server_wire']} "
                     f"(pagefind-worker.js is {search['worker_script_bytes']} bytes)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pagefind index size and first-query bytes, real site and generated corpus.")
    parser.add_argument("--scale", type=int, default=1, help="scale of the generated corpus (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="fresh browser contexts per query (default 5)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--work", type=Path, help="keep the content and sites here (default: a temporary folder)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-bench-") as temporary:
        work = args.work or Path(temporary)
        corpus = work / f"scale-{args.scale}"
        if not (corpus / "content").exists():
            generate(Sizes.of_scale(args.scale), args.seed, corpus / "content")
        targets = {
            "real": (DEFAULT_CONTENT, work / "real" / "site", "content/"),
            f"scale-{args.scale}": (corpus / "content", corpus / "site",
                                    f"content/ + generated corpus scale {args.scale}, seed {args.seed}"),
        }
        results: dict = {"queries": QUERIES, "runs": args.runs, "start_page": START_PAGE, "results_opened": RESULTS_OPENED, "sites": {}}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["machine"] = machine(browser.version)
            for name, (content, site, description) in targets.items():
                seconds = build_site(content, site)
                print(f"built {name} in {seconds} s; measuring {len(QUERIES)} queries x {args.runs} runs", flush=True)
                results["sites"][name] = {"content": description, "build_seconds": seconds,
                                          "index": index_size(site), "search": measure_site(browser, site, args.runs)}
            browser.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
