"""Stage 6, index: Pagefind builds the search index into <site>/pagefind/, the way Vietnamese
readers type.

The served HTML is not changed; what Pagefind reads is a copy of each page prepared here:
- NFC: the same word typed in either Unicode form matches and ranks the same;
- "đ" typed as "d": Pagefind folds tone and vowel marks ("o nhiem" finds "ô nhiễm") but not đ,
  a letter of its own. After every word with đ the copy carries its folded twin in brackets
  ("Đông (dong) Anh"), so "dong anh" finds "Đông Anh". Pagefind drops the brackets, so a twin adds
  no word of its own to the index; the site's script (site_templates/assets/search.js) removes a
  bracketed word from what it shows only when it is the twin of the word before it;
- each text is indexed once, where a searcher wants to land (the templates mark the rest
  data-pagefind-ignore): a task in its own record (below), not again in its plan's, agencies',
  series' or year comparisons' tables; a facility on its page, not in the lists; an agency's
  duties on their plan's page; a comparison by its title and summary. Pagefind's memory grows
  with the distinct words of each record (benchmarks/README.md, "Search index within 1 GB");
- filters (kind of page, year, agency) and sort keys (year; a rank that follows Vietnamese
  alphabetical order, since Pagefind sorts text byte by byte and would put "Đ" after "Z");
- each task is also a record of its own, whose address is the task's row on its plan page
  (meta "url"; the record's own path /ke-hoach/<plan>/nv-1/ forwards there too).
Pagefind reads a prepared copy of each page's indexed part (its data-pagefind-body element, less
its ignored elements, in an empty page: the same index, less to parse), written to a temporary
folder beside the site; the tasks' forwarding pages are written into the site while Pagefind runs
(the preview writes them in its build, only those that changed, and indexes later: preview.py).
Only the main content is indexed (the theme marks it with data-pagefind-body), without the "#"
permalinks of headings.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from .files import in_parallel
from .problems import StageError
from .pages import FACILITY_STATUS_LABELS
from .site_data import COMPARISONS_PATH, LEGAL_DOCUMENTS_PATH, REGISTER_PATH, SEARCH_PATH, SiteData
from .text import fold, sort_key

LANGUAGE = "vi"
KIND_PLAN, KIND_TASK, KIND_AGENCY, KIND_COMPARISON = "Kế hoạch", "Nhiệm vụ", "Cơ quan", "So sánh"
KIND_FACILITY = "Cơ sở gây ô nhiễm"  # a facility, a yearly list, the register
KIND_LEGAL = "Văn bản pháp luật"  # a cited document's page, and their list
KIND_GENERAL = "Trang chung"  # home, lists, open data: every page has a kind, so filtering and sorting keep it
NOT_INDEXED = {SEARCH_PATH}  # the search page's own help text is not a result
FILTER_KIND, FILTER_YEAR, FILTER_AGENCY = "Loại", "Năm", "Cơ quan"
FILTER_STATUS, FILTER_DISTRICT = "Trạng thái", "Quận, huyện"  # facilities only
OVERDUE = "Quá hạn"
SAMPLE_NOTE = "dữ liệu minh họa"
# Pagefind's allocator (jemalloc, which reads this variable; one set by the caller wins): memory it frees is
# given back at once instead of ten seconds later, so freed and live memory do not add up at its peak. At
# city scale its peak goes from ≈ 1,000 to ≈ 860 MiB, the index the same (benchmarks/README.md, "Seventh pass, lead").
PAGEFIND_MALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"

_BODY = re.compile(r"(<div data-pagefind-body>)")
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)  # MkDocs' "#" after a heading
_WORD_WITH_D = re.compile(r"\b\w*[đĐ]\w*")  # a match starts where its word starts, so \b only skips work
_D = re.compile(r"[đĐ]")
_WORD_REST = re.compile(r"\w*")
_SCRIPT_OR_STYLE = re.compile(r"<(/?)(?:script|style)[^>]*>", re.I)  # their text gets no twins
_DIV = re.compile(r"<div\b|</div>")
_IGNORED = re.compile(r"<(div|span|aside)\b[^>]*?\sdata-pagefind-ignore\b[^>]*>")  # as the templates mark them


class SearchIndexError(StageError):
    pass


@dataclass
class SearchFacts:
    """What a page or record is, for filtering and sorting search results."""

    kind: str
    title: str
    years: list[int] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)


_fold = functools.lru_cache(maxsize=None)(fold)  # a few thousand words, hundreds of thousands of times


def _with_twin(match: re.Match) -> str:
    return f"{match.group(0)} ({_fold(match.group(0))})"


def with_folded_twins(text: str) -> str:
    """Text with the đ-free twin after every word that has đ: 'Đông Anh' → 'Đông (dong) Anh'."""
    return _WORD_WITH_D.sub(_with_twin, text)


def _twins_outside_tags(text: str) -> str:
    """with_folded_twins for HTML without scripts: words inside tags get none. Found from each đ
    (a fast scan) rather than by a regular expression tried at every word (4× slower)."""
    parts, done = [], 0
    for letter in _D.finditer(text):
        position = letter.start()
        if position < done:
            continue  # a second đ of a word already twinned
        if text.rfind("<", 0, position) > text.rfind(">", 0, position):
            continue  # inside a tag (an attribute's value)
        end = _WORD_REST.match(text, position).end()
        start = position
        while start > done and (text[start - 1].isalnum() or text[start - 1] == "_"):  # as \w
            start -= 1
        parts += (text[done:end], " (", _fold(text[start:end]), ")")
        done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _twins_in_text(page: str) -> str:
    """The page with twins in its text only: not in tags, nor in scripts and styles."""
    parts, start, skipping = [], 0, False
    for tag in _SCRIPT_OR_STYLE.finditer(page):
        segment = page[start:tag.start()]
        parts.append(segment if skipping else _twins_outside_tags(segment))
        parts.append(tag.group(0))
        skipping, start = not tag.group(1), tag.end()
    parts.append(page[start:] if skipping else _twins_outside_tags(page[start:]))
    return "".join(parts)


def _element_end(page: str, start: int, tags: re.Pattern) -> int:
    """Where the element opened at start ends (after its closing tag), or -1 if it does not."""
    depth = 0
    for tag in tags.finditer(page, start):
        depth += -1 if tag.group(0)[1] == "/" else 1
        if depth == 0:
            return tag.end()
    return -1


def without_ignored(part: str) -> str:
    """The part without its data-pagefind-ignore elements: Pagefind takes no words from them (the
    templates put no filter or meta in them), so the index is the same from less HTML to read,
    twin and parse (at city scale most of a plan page is its task tables)."""
    kept, done = [], 0
    for opening in _IGNORED.finditer(part):
        if opening.start() < done:
            continue  # inside an element already left out
        name = opening.group(1)
        end = _element_end(part, opening.start(), re.compile(rf"<{name}\b|</{name}>"))
        if end < 0:
            return part
        kept.append(part[done:opening.start()])
        done = end
    kept.append(part[done:])
    return "".join(kept)


def indexed_part(page: str) -> str:
    """What Pagefind reads of a built page: its data-pagefind-body element, less what it ignores,
    in an empty page (it indexes nothing else when a page has one, so the index is the same), or
    the whole page."""
    start = page.find("<div data-pagefind-body>")
    end = _element_end(page, start, _DIV) if start >= 0 else -1
    if end < 0:
        return page
    return ('<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>'
            + without_ignored(page[start:end]) + "</body></html>")


def prepare_html(page: str, facts: SearchFacts | None, rank: dict[str, int]) -> str:
    """The copy of a page that Pagefind reads: NFC, đ twins in the text (not in tags, scripts or
    styles), and the page's filters and sort keys."""
    # one regular expression over the text, twins cached: this was most of the stage (22.5 s at city scale)
    page = _twins_in_text(unicodedata.normalize("NFC", page))
    # a page's own name weighs most (Pagefind gives h1 7 of at most 10): a query naming an agency or
    # a plan finds its page before the short task records that mention it
    prepared = page.replace("<h1", '<h1 data-pagefind-weight="10"', 1)
    # tables' captions name the table for readers and screen readers; as search words they only
    # lengthen short pages (an agency's) and push them below long ones
    prepared = prepared.replace("<figcaption>", "<figcaption data-pagefind-ignore>")
    return prepared if facts is None else with_facts(prepared, facts, rank)


def with_facts(prepared: str, facts: SearchFacts, rank: dict[str, int]) -> str:
    """A page prepared without facts (prepare_html), with them: the last step of prepare_html."""
    return _BODY.sub(lambda m: m.group(1) + facts_html(facts, rank), prepared, count=1)


def facts_html(facts: SearchFacts, rank: dict[str, int], url: str | None = None) -> str:
    """Hidden elements carrying filters, sort keys, the clean title and (for a task) the address
    of its row. Filters and sort keys are not search words; Pagefind 1.5 indexes meta values, so
    no meta carries words the record does not already have (measured: benchmarks/README.md)."""
    def element(attribute: str, name: str, value: str) -> str:
        return f'<span {attribute}="{html.escape(name)}">{html.escape(value)}</span>'

    spans = [element("data-pagefind-filter", FILTER_KIND, facts.kind)]
    spans += [element("data-pagefind-filter", FILTER_YEAR, str(year)) for year in facts.years]
    spans += [element("data-pagefind-filter", FILTER_AGENCY, agency) for agency in facts.agencies]
    spans += [element("data-pagefind-filter", FILTER_STATUS, status) for status in facts.statuses]
    spans += [element("data-pagefind-filter", FILTER_DISTRICT, district) for district in facts.districts]
    # Pagefind matches the title too; without twins, a task whose title merely mentions "đầu tư"
    # does not outrank the agency named "Sở Kế hoạch và Đầu tư" (measured with the browser tests)
    spans.append(element("data-pagefind-meta", "title", facts.title))
    if url:
        spans.append(element("data-pagefind-meta", "url", url))
    spans.append(element("data-pagefind-sort", "ten", f"{rank[facts.title]:06d}"))
    # Pagefind leaves out of sorted results any page without the key: undated pages sort as year 0
    spans.append(element("data-pagefind-sort", "nam", str(max(facts.years, default=0))))
    return f'<div data-pagefind-ignore hidden>{"".join(spans)}</div>'


def _names(data: SiteData, ids) -> list[str]:
    return sorted({data.agency(agency_id).agency.name for agency_id in ids}, key=sort_key)


def page_facts(data: SiteData) -> dict[str, SearchFacts]:
    """Facts of every page, by site path."""
    facts: dict[str, SearchFacts] = {}
    for plan in data.plans:
        ids = [plan.plan.issuer] + [t.task.lead for t in plan.tasks] + [a for t in plan.tasks for a in t.task.coordinating]
        title = plan.full_title
        facts[plan.path] = SearchFacts(KIND_PLAN, title, [plan.plan.year], _names(data, ids))
        for comparison in plan.version_comparisons:
            facts[comparison.path] = SearchFacts(
                KIND_COMPARISON, f"{comparison.title}: {title}", [plan.plan.year], _names(data, [plan.plan.issuer]))
    for agency in data.agencies:
        years = sorted({task.plan.plan.year for task in agency.leads + agency.supports})
        facts[agency.path] = SearchFacts(KIND_AGENCY, agency.agency.name, years, [agency.agency.name])
    for comparison in data.year_comparisons:
        facts[comparison.path] = SearchFacts(
            KIND_COMPARISON, f"{comparison.title}: {comparison.series.title}",
            [comparison.before.plan.year, comparison.after.plan.year], _names(data, [a.id for a in comparison.agencies]))
    for overview in data.series_overviews:
        facts[overview.path] = SearchFacts(KIND_COMPARISON, overview.series.title, [p.plan.year for p in overview.plans])
    facts.setdefault(COMPARISONS_PATH, SearchFacts(KIND_COMPARISON, "So sánh kế hoạch"))
    facts.update(facility_facts(data))
    for document in data.legal.documents:
        if document.plan is None:  # a cited plan is found as the plan it is
            facts[document.path] = SearchFacts(KIND_LEGAL, document.label, [document.year] if document.year else [])
    facts[LEGAL_DOCUMENTS_PATH] = SearchFacts(KIND_LEGAL, "Văn bản được trích dẫn")
    return facts


def facility_facts(data: SiteData) -> dict[str, SearchFacts]:
    """Facts of the register's pages: each facility (filterable by status and former district, and
    named as illustrative when it is), each yearly list, and the register itself."""
    def named(title: str, sample: bool) -> str:
        return f"{title} ({SAMPLE_NOTE})" if sample else title

    facts: dict[str, SearchFacts] = {}
    for view in data.facilities:
        f = view.facility
        statuses = [FACILITY_STATUS_LABELS[view.status]] + ([OVERDUE] if view.overdue else [])
        facts[view.path] = SearchFacts(
            KIND_FACILITY, named(f.name, view.sample), view.years, _names(data, [f.lead, *f.coordinating]),
            statuses, [f.district])
    for listing in data.facility_lists:
        facts[listing.path] = SearchFacts(
            KIND_FACILITY, named(f"Danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng năm {listing.year}", listing.sample),
            [listing.year])
    if data.facilities or data.facility_lists:
        facts[REGISTER_PATH] = SearchFacts(
            KIND_FACILITY, named("Danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng", data.sample_facilities),
            sorted({listing.year for listing in data.facility_lists}))
    return facts


class TaskRecord(NamedTuple):
    url: str  # the task's row on its plan page
    text: str  # indexed after the title: who leads it and in which plan
    facts: SearchFacts


def task_records(data: SiteData) -> list[TaskRecord]:
    """Each task's record: found one by one, each leading to its row.

    Indexed: the title, the lead agency and the plan, so "tuyen truyen so cong thuong" or a plan's
    number with a task's words still finds the task. Not indexed: the coordinating agencies (as
    written), quantity and timeframe, about a third of the records' distinct words at city scale,
    which Pagefind's memory follows (benchmarks/README.md); they are on the row the result leads
    to, every agency of the task is a filter (Cơ quan), and search.js names them in the result."""
    records = []
    for task in data.tasks:
        t = task.task
        plan_name = task.plan.number or task.plan.plan.title
        facts = SearchFacts(KIND_TASK, task_title(task), [task.plan.plan.year], _names(data, [t.lead, *t.coordinating]))
        # no "Kế hoạch" before the plan's number: a posting on every record, and "75/KH-UBND" says it
        records.append(TaskRecord(task.path, f"Chủ trì: {t.lead_text} — {plan_name}.", facts))
    return records


def task_title(task) -> str:
    """A task's record's title, which its forwarding page shows too."""
    return f"Nhiệm vụ {task.label}: {task.task.title}"


def task_record_path(url: str) -> str:
    """Where a task's record lives: /ke-hoach/<plan>/#nv-1 → /ke-hoach/<plan>/nv-1/ (a page that
    sends the reader on to the row, so the result link works even without the search page's script)."""
    page, anchor = url.split("#", 1)
    return f"{page}{anchor}/"


def task_record_html(record: TaskRecord, rank: dict[str, int]) -> str:
    """The record Pagefind reads for a task (its title weighs as a heading)."""
    title = html.escape(record.facts.title)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<div data-pagefind-body>{facts_html(record.facts, rank, row_from_record(record.url))}'
        f'<h2 data-pagefind-weight="3">{with_folded_twins(title)}</h2>'
        # who leads and where weigh less than the task itself: "so ke hoach va dau tu" finds the agency first
        f'<p data-pagefind-weight="0.5">{with_folded_twins(html.escape(record.text))}</p></div></body></html>'
    )


def row_from_record(url: str) -> str:
    """The task's row, relative to its record's address (so a site served under a sub-path works)."""
    return "../#" + url.split("#", 1)[1]


def redirect_html(url: str, title: str) -> str:
    """The served page at a task's record path: it forwards to the task's row on its plan page."""
    target = row_from_record(url)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta http-equiv="refresh" content="0; url={target}"><meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{target}"></head><body data-page-type="task-forward"><p><a href="{target}">{html.escape(title)}</a></p></body></html>'
    )


def _page_path(site_dir: Path, file: Path) -> str:
    relative = file.relative_to(site_dir).as_posix()
    return "/" + relative.removesuffix("index.html")


def general_facts(page: str) -> SearchFacts:
    """Facts of a page that is not a plan, agency or comparison: its first heading as title."""
    heading = _HEADING.search(page)
    text = _PERMALINK.sub("", heading.group(1)) if heading else ""
    title = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    return SearchFacts(KIND_GENERAL, unicodedata.normalize("NFC", title))


class SearchInputs(NamedTuple):
    """What the index takes from the site's data besides the built pages: plain values, which the
    preview hands to its indexing process (index_job.py) instead of the site's data."""
    facts: dict[str, SearchFacts]  # page_facts
    tasks: list[TaskRecord]


def search_inputs(data: SiteData) -> SearchInputs:
    return SearchInputs(page_facts(data), task_records(data))


def write_search_copy(site_dir: Path, copy_dir: Path, inputs: SearchInputs, prepared_dir: Path | None = None) -> int:
    """Write the pages as Pagefind should read them into copy_dir (same paths), plus one record per
    task (each task's forwarding page in the site is write_forwarding_pages'). Returns the number of records.
    prepared_dir (the preview's): each page prepared without its facts is kept there for the next
    call, which prepares again only the pages rewritten since (_prepared); the facts are added anew
    each time, since a title's rank changes with every title added, changed or removed."""
    known, tasks = inputs
    skipped = NOT_INDEXED | {task_record_path(task.url) for task in tasks}  # a site indexed again has the forwarding pages
    pages = []
    for file in sorted(site_dir.rglob("*.html")):
        relative = file.relative_to(site_dir)
        path = _page_path(site_dir, file)
        if relative.parts[0] == "pagefind" or relative.name == "404.html" or path in skipped:
            continue
        pages.append((relative, known.get(path) or general_facts(file.read_text(encoding="utf-8"))))
    titles = [facts.title for _, facts in pages] + [task.facts.title for task in tasks]
    rank = {title: position for position, title in enumerate(sorted(set(titles), key=sort_key))}

    def prepare_page(index: int) -> None:
        relative, facts = pages[index]
        _write(copy_dir / relative, with_facts(_prepared(site_dir / relative, prepared_dir / relative if prepared_dir else None), facts, rank))

    def write_task_record(index: int) -> None:
        task = tasks[index]
        _write(copy_dir / _record_file(task.url), unicodedata.normalize("NFC", task_record_html(task, rank)))

    # each page is prepared on its own, so both cores can share them (prepare_html is most of this stage)
    in_parallel(lambda index: prepare_page(index) if index < len(pages) else write_task_record(index - len(pages)),
                len(pages) + len(tasks))
    return len(pages) + len(tasks)


def _prepared(page_file: Path, kept: Path | None) -> str:
    """The built page's indexed part (only that: Pagefind then parses and holds less, for the same
    index), prepared without facts. With kept, taken from there if it was made from this version of
    the page (kept bears the page's modification time), else made and kept there."""
    modified = page_file.stat().st_mtime_ns  # before reading: a page rewritten meanwhile is prepared again next time
    if kept is not None:
        try:
            if kept.stat().st_mtime_ns == modified:
                return kept.read_text(encoding="utf-8")
        except FileNotFoundError:
            pass
    prepared = prepare_html(indexed_part(page_file.read_text(encoding="utf-8")), None, {})
    if kept is not None:
        _write(kept, prepared)
        os.utime(kept, ns=(modified, modified))  # last: a file cut short by a stopped indexing is not taken
    return prepared


def _record_file(url: str) -> str:
    return task_record_path(url).strip("/") + "/index.html"


def _write(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")


def _write_forwarding_page(site_dir: Path, url: str, title: str) -> None:
    _write(site_dir / _record_file(url), unicodedata.normalize("NFC", redirect_html(url, title)))


def write_forwarding_pages(site_dir: Path, data: SiteData, previous: dict[str, str] | None = None) -> dict[str, str]:
    """Each task's forwarding page, in the site; returns them (each task's address → its title).
    previous: the pages already in the site (what an earlier call returned): then only the pages of
    tasks added or retitled are written, and those of tasks gone are removed (the preview's site,
    updated in place)."""
    pages = {task.path: task_title(task) for task in data.tasks}
    previous = previous or {}
    written = [(url, title) for url, title in pages.items() if previous.get(url) != title]
    in_parallel(lambda index: _write_forwarding_page(site_dir, *written[index]), len(written))
    for url in previous.keys() - pages.keys():
        page = site_dir / _record_file(url)
        page.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # its folder holds nothing else
            page.parent.rmdir()
    return pages


def index_site(site_dir: Path, data: SiteData) -> int:
    """Index the site into <site>/pagefind/, writing the tasks' forwarding pages into the site meanwhile
    (Pagefind reads only a copy); returns the number of records indexed."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)  # a site indexed again (the preview's, in place): no stale files
    return index_pages(site_dir, search_inputs(data), site_dir / "pagefind", site_dir.parent,
                       functools.partial(write_forwarding_pages, site_dir, data))


def index_pages(site_dir: Path, inputs: SearchInputs, output_dir: Path, work_dir: Path,
                meanwhile: Callable[[], object] = lambda: None, prepared_dir: Path | None = None) -> int:
    """Pagefind's index of the site's pages and the tasks' records into output_dir, from a search copy
    made in a temporary folder in work_dir (prepared_dir: see write_search_copy); meanwhile runs while
    Pagefind does. Returns the number of records indexed."""
    with tempfile.TemporaryDirectory(prefix="search-copy-", dir=work_dir) as copy, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as output, tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        records = write_search_copy(site_dir, Path(copy), inputs, prepared_dir)
        pagefind = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", copy, "--output-path", str(output_dir),
             "--force-language", LANGUAGE, "--silent",
             # the "#" permalinks MkDocs adds to headings are not words of the page
             "--exclude-selectors", ".headerlink"],
            stdout=output, stderr=errors, text=True, env={"_RJEM_MALLOC_CONF": PAGEFIND_MALLOC_CONF, **os.environ},
        )
        try:
            meanwhile()
        except BaseException:
            pagefind.kill()
            raise
        finally:
            returncode = pagefind.wait()
        output.seek(0), errors.seek(0)
        message = (errors.read() or output.read()).strip()
    if returncode != 0:
        raise SearchIndexError("Pagefind không lập được chỉ mục tìm kiếm:\n" + message)
    return records
