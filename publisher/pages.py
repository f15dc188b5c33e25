"""Stage 3, generate pages: Markdown files for MkDocs, made from Jinja2 templates.

Templates live in site_templates/pages/. The most specific template wins: a plan page uses
`plan-<id>.md.j2` when it exists, else `plan.md.j2` (likewise `agency-<id>.md.j2`). Partials
start with `_`. Every value is HTML-escaped; text in Markdown goes through the `md` filter (Markdown
punctuation escaped too), text in raw HTML (the agency pages' task tables, the register's table) is
HTML only, `html_line` when it must stay on one line. Raw HTML is not Markdown: MkDocs neither
rewrites nor checks its links (href(), tests/test_real_site.py checks them).

Context given to every template:
  site      the Site record (description, as_of, publisher)
  data      SiteData: plans, agencies, tasks, series
  link(p)   a relative Markdown link from this page to site path p ("/co-quan/so-cong-thuong/")
  href(p)   the same as a relative URL, for raw HTML (MkDocs rewrites links in Markdown only)
Page-specific context: `plan` (PlanView) on plan pages, `agency` (AgencyView) on agency pages,
`datasets` (list of open_data.Dataset) on the download page, `overview` (comparisons.SeriesOverview)
on a series page, `comparison` (comparisons.YearComparison or VersionComparison) on comparison pages,
`facility` (site_data.FacilityView) on a facility page, `facility_list` (site_data.FacilityListView)
on a yearly list page, `datasets` and `chart_rows` ((year label, counts by status) per year) on the register.
`commits` (history.Commit, newest first) on the history page.

Every page's front matter also says where its content comes from (added by PageWriter.write, read
by site_templates/theme/partials/source-file.html): `history_source` (file or folder whose git
history the page shows; paths from the repository root), `edit_source` (the file "Sửa trang này"
opens, when the page has one), `history_status` (full, shallow or none) and, when git knows it,
`last_changed` (20/11/2023) and `last_changed_date` (2023-11-20).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import posixpath
import re
from pathlib import Path

import markupsafe
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .markdown_rules import rewrite_site_links, split_fragment
from .comparisons import SUGGESTION_THRESHOLD, Match, RowStatus
from .text_diff import shorten
from .charts import ROLE_STYLES, STANDING_STYLES, stacked_bars_svg, status_by_year_svg, year_label
from .legal_documents import body_sections, link_citations
from .progress import STANDING_LABELS, UNREPORTED_PAST_DEADLINE, Standing
from .files import OutputFolder, in_parallel, write_if_changed
from .incremental import ITEM_PAGES
from .model import AgencyKind, FacilityMeasure, FacilityStatus, LegalStatus, LineageChange, PollutionMedium, VersionStatus
from .text import slugify, sort_key, vn_date, vn_number
from .site_data import (
    AGENCIES_PATH, COMPARISONS_PATH, DATA_PATH, HISTORY_PATH, HOME_PATH, LEGAL_DOCUMENTS_PATH, PLANS_PATH, REGISTER_PATH,
    SEARCH_PATH, SECTION_PATHS, SiteData, agency_path, plan_path, series_path, target_anchor,
)
from .history import VIETNAM_TIME, HistoryStatus, atom_feed

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
STATUS_CHART_FILE = REGISTER_PATH + "bieu-do-trang-thai.svg"
AGENCY_CHART_FILE = "/bieu-do-co-quan.svg"
TOP_AGENCIES = 8  # agencies on the home page's chart
LEGAL_STATUS_LABELS = {LegalStatus.in_force: "Còn hiệu lực", LegalStatus.expired: "Hết hiệu lực"}
# the order a plan's tasks are counted and drawn in
STANDING_ORDER = (Standing.completed, Standing.in_progress, Standing.not_started, Standing.overdue,
                  Standing.not_implemented, Standing.not_updated)
HISTORY_ENTRIES = 100  # commits listed on /lich-su/ and in its feed

KIND_LABELS = {
    AgencyKind.peoples_committee: "Ủy ban nhân dân",
    AgencyKind.department: "Sở",
    AgencyKind.management_board: "Ban quản lý",
    AgencyKind.police: "Công an",
    AgencyKind.party_body: "Cơ quan Đảng",
    AgencyKind.steering_committee: "Ban chỉ đạo",
    AgencyKind.ministry: "Bộ",
    AgencyKind.collective: "Nhóm đơn vị",
}
STATUS_LABELS = {VersionStatus.draft: "Dự thảo", VersionStatus.issued: "Ban hành", VersionStatus.expired: "Hết hiệu lực"}
CHANGE_LABELS = {
    LineageChange.merged: "hợp nhất",
    LineageChange.absorbed: "sáp nhập",
    LineageChange.renamed: "đổi tên",
    LineageChange.split: "tách",
    LineageChange.transferred: "chuyển giao nhiệm vụ",
}

ROW_STATUS_LABELS = {
    RowStatus.unchanged: "Giữ nguyên",
    RowStatus.changed: "Tiếp tục, có thay đổi",
    RowStatus.new: "Mới",
    RowStatus.dropped: "Không còn",
}
TEXT_CHANGE_LABELS = {
    "wording": "Sửa chữ",
    "added": "Thêm",
    "removed": "Bỏ",
    "spacing": "Chỉ khác khoảng trắng",
    "case": "Chỉ khác chữ hoa, chữ thường",
}

FACILITY_STATUS_LABELS = {
    FacilityStatus.listed: "Trong danh sách",
    FacilityStatus.treating: "Đang xử lý",
    FacilityStatus.certified_complete: "Đã xác nhận hoàn thành xử lý",
    FacilityStatus.relocated: "Đã di dời",
    FacilityStatus.closed: "Đã đóng cửa",
}
MEASURE_LABELS = {
    FacilityMeasure.treat: "Xử lý triệt để",
    FacilityMeasure.relocate: "Di dời",
    FacilityMeasure.close: "Đóng cửa, đình chỉ hoạt động",
}
MEDIUM_LABELS = {
    PollutionMedium.wastewater: "Nước thải",
    PollutionMedium.emissions: "Khí thải",
    PollutionMedium.solid_waste: "Chất thải rắn",
    PollutionMedium.hazardous_waste: "Chất thải nguy hại",
    PollutionMedium.noise: "Tiếng ồn",
}

# braces too: attr_list reads "{…}" at the end of a heading, from the first "{" of a title in it
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#~{}])")


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _kept_for_texts(filter_function):
    """A text filter whose result for a str is kept: most values are names and titles, the same ones on
    many pages, and the result is a function of the text alone (Markup is immutable)."""
    kept = functools.lru_cache(maxsize=1 << 16)(filter_function)
    return functools.wraps(filter_function)(lambda value: kept(value) if type(value) is str else filter_function(value))


@_kept_for_texts
def html_line(value) -> markupsafe.Markup:
    """Inline text for raw HTML (the tables a page writes as HTML): HTML-escaped, on one line, as `md`
    gives it to a Markdown table's cell."""
    return markupsafe.Markup(_LINE_BREAK.sub(" ", str(markupsafe.escape(str(value)))))


@_kept_for_texts
def md(value) -> markupsafe.Markup:
    """Inline text safe for Markdown: html_line, with Markdown punctuation escaped too."""
    return markupsafe.Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html_line(value)))


def yaml_string(value) -> markupsafe.Markup:
    """A front-matter value: a double-quoted YAML string (JSON syntax), Vietnamese kept readable,
    HTML-escaped because MkDocs and Material put front matter (title, description) into pages as is."""
    text = str(markupsafe.escape(re.sub(r"\s+", " ", str(value)).strip()))
    return markupsafe.Markup(json.dumps(text, ensure_ascii=False))


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def shift_headings(markdown: str, levels: int = 1) -> str:
    """Move every ATX heading down `levels` levels (outside fenced code)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,5} ", line):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out)


@functools.lru_cache(maxsize=1 << 16)  # a function of its arguments; a page links to the same pages as others
def _relative_link(target_path: str, folder: str) -> str:
    """The Markdown file of site path target_path, relative to the docs folder's folder."""
    # from the root, as absolute paths: relpath then needs no os.getcwd() (a system call per link)
    return posixpath.relpath("/" + site_path_to_file(target_path), "/" + folder)


@functools.lru_cache(maxsize=1 << 16)  # likewise
def _relative_href(target_path: str, here: str) -> str:
    """Site path target_path as a URL relative to the site folder here."""
    relative = posixpath.relpath(target_path, here)
    return "./" if relative == "." else relative + ("/" if target_path.endswith("/") else "")


def site_path_to_file(path: str) -> str:
    """The Markdown file of a site path: '/' → index.md, '/ke-hoach/' → ke-hoach/index.md,
    '/ke-hoach/kh-75-2012/' → ke-hoach/kh-75-2012.md; files ('/du-lieu/plans.csv') stay as they are."""
    if path in SECTION_PATHS:
        return (path.strip("/") + "/index.md").lstrip("/")
    if path.endswith("/"):
        return path.strip("/") + ".md"
    return path.lstrip("/")


@functools.cache
def environment() -> Environment:
    """The pages' Jinja2 environment, made once per process: it keeps each compiled template (Jinja2
    compiles a template again when its file's modification time changes), which the preview would
    otherwise compile again at every save."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "pages"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        comment_start_string="{##",  # "{#" starts Markdown attribute lists such as {#nhiem-vu}
        comment_end_string="##}",
    )
    env.filters.update(md=md, html_line=html_line, vn_date=vn_date, yaml_string=yaml_string, vn_number=vn_number, percent=percent, shorten=shorten)
    env.globals.update(
        KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS, CHANGE_LABELS=CHANGE_LABELS,
        ROW_STATUS_LABELS=ROW_STATUS_LABELS, TEXT_CHANGE_LABELS=TEXT_CHANGE_LABELS, RowStatus=RowStatus, Match=Match,
        SUGGESTION_THRESHOLD=SUGGESTION_THRESHOLD, AgencyKind=AgencyKind, VersionStatus=VersionStatus,
        original_document_path=original_document_path, target_anchor=target_anchor, series_path=series_path,
        FACILITY_STATUS_LABELS=FACILITY_STATUS_LABELS, MEASURE_LABELS=MEASURE_LABELS, MEDIUM_LABELS=MEDIUM_LABELS,
        FacilityStatus=FacilityStatus, REGISTER_PATH=REGISTER_PATH, STATUS_CHART_FILE=STATUS_CHART_FILE,
        HistoryStatus=HistoryStatus, STANDING_LABELS=STANDING_LABELS, STANDING_ORDER=STANDING_ORDER, Standing=Standing,
        UNREPORTED_PAST_DEADLINE=UNREPORTED_PAST_DEADLINE, LEGAL_STATUS_LABELS=LEGAL_STATUS_LABELS,
        LEGAL_DOCUMENTS_PATH=LEGAL_DOCUMENTS_PATH, AGENCY_CHART_FILE=AGENCY_CHART_FILE, TOP_AGENCIES=TOP_AGENCIES,
        standing_chart_file=standing_chart_file,
    )
    # slugify: a function of the text; the register slugifies the same districts and communes for each facility
    env.filters.update(slugify=functools.lru_cache(maxsize=1 << 16)(slugify), sort_vi=lambda values: sorted(values, key=sort_key))
    return env


class PageWriter:
    def __init__(self, data: SiteData, folder: OutputFolder, render: set[str] | None = None):
        self.data = data
        self.folder = folder
        self.render_only = render  # the preview: the item pages to render again (the others are the last build's)
        self.pending: list[tuple] = []
        self.env = environment()
        self.count = 0

    def content_page(self, name: str) -> str | None:
        """The page that shows a content file ('plans/kh-75-2012/plan.yml' → '/ke-hoach/kh-75-2012/'), if any."""
        folder, _, rest = name.partition("/")
        record_id = rest.split("/")[0].removesuffix(".yml")
        if folder == "plans" and any(plan.id == record_id for plan in self.data.plans):
            return plan_path(record_id)
        if folder == "agencies" and any(agency.id == record_id for agency in self.data.agencies):
            return agency_path(record_id)
        return None

    def source_meta(self, watched: str, edit: str | None) -> str:
        """Front-matter lines about the page's source files (paths relative to the content folder),
        the content's commit, the data's date and the build's date."""
        history = self.data.history
        lines = [f"history_status: {history.status.value}", f"history_source: {yaml_string(history.prefix + watched)}"]
        if edit:
            lines.append(f"edit_source: {yaml_string(history.prefix + edit)}")
        change = history.last_change(watched)
        if change:
            lines.append(f"last_changed: {yaml_string(change.day)}")
            lines.append(f"last_changed_date: {yaml_string(change.date.astimezone(VIETNAM_TIME).date().isoformat())}")
        content_commit = history.last_change()
        if content_commit:
            lines.append(f"content_commit: {yaml_string(content_commit.short)}")
        lines.append(f"as_of: {yaml_string(vn_date(self.data.site.as_of))}")
        lines.append(f"as_of_date: {yaml_string(self.data.site.as_of.isoformat())}")
        lines.append(f"built: {yaml_string(vn_date(build_date(self.data.site.as_of)))}")
        return "".join(line + "\n" for line in lines)

    def write(self, site_path: str, template_names: list[str], *, watched: str = "", edit: str | None = None, **context) -> None:
        """Add one page to write; `watched` is the content file or folder it shows ('' for all content),
        `edit` the file an editor changes to change it. finish() renders them all."""
        self.pending.append((site_path, template_names, watched, edit, context))
        self.count += 1

    def finish(self) -> None:
        """Render and write every page added, over both cores for a large site. With render_only, a page
        about one item (incremental.ITEM_PAGES) that is not to be rendered again is the last build's."""
        pending = self.pending
        if self.render_only is not None:
            pending = [page for page in pending if not self.reused(page[0], page[1][-1])]
        for file, written in in_parallel(lambda index: self.render(*pending[index]), len(pending)):
            self.folder.note(file, written)
        self.pending = []

    def reused(self, site_path: str, generic_template: str) -> bool:
        return generic_template.removesuffix(".md.j2") in ITEM_PAGES and self.kept(site_path, site_path_to_file(site_path))

    def kept(self, item_path: str, file: str) -> bool:
        """With render_only, when the item at item_path is not rendered again: file (in the docs folder)
        is the last build's, left as it is. False when there is none to keep."""
        if self.render_only is None or item_path in self.render_only:
            return False
        return self.folder.keep(file)

    def render(self, site_path: str, template_names: list[str], watched: str, edit: str | None, context: dict) -> tuple[str, bool]:
        """The page's file (relative to the docs folder), and whether it was written (its bytes differed)."""
        file = site_path_to_file(site_path)
        folder = posixpath.dirname(file)
        here = site_path if site_path.endswith("/") else posixpath.dirname(site_path)  # the folder of the page's URL

        def link(target: str) -> str:
            target_path, fragment = split_fragment(target)
            relative = _relative_link(target_path, folder)
            return relative + (f"#{fragment}" if fragment else "")

        def href(target: str) -> str:
            target_path, fragment = split_fragment(target)
            return _relative_href(target_path, here) + (f"#{fragment}" if fragment else "")

        def markdown_block(text: str) -> markupsafe.Markup:
            """Editor-written Markdown, already checked (no raw HTML), with site links made relative."""
            return markupsafe.Markup(rewrite_site_links(text, link))

        def cite(text: str, plan) -> markupsafe.Markup:
            """Inline plan text (a task, a target) with its citations linked to the documents' pages."""
            return markupsafe.Markup(link_citations(text, plan.plan, self.data.legal, link, escape=md))

        def cited_block(text: str, plan) -> markupsafe.Markup:
            """Plan Markdown (body, duties) with its citations linked, outside headings, code and links."""
            return markdown_block(link_citations(text, plan.plan, self.data.legal, str, sections=body_sections(text)))

        template = self.env.select_template(template_names)
        text = template.render(site=self.data.site, data=self.data, link=link, href=href, markdown_block=markdown_block,
                               shift_headings=shift_headings, cite=cite, cited_block=cited_block,
                               content_page=self.content_page, **context)
        page_type = template_names[-1].removesuffix(".md.j2")  # the generic template: plan, agency…
        text = f"---\npage_type: {page_type}\n" + self.source_meta(watched, edit) + text.removeprefix("---\n")
        return file, write_if_changed(self.folder.root / file, text)


def write_pages(data: SiteData, folder: OutputFolder, datasets: list, render: set[str] | None = None) -> int:
    """Write every page's Markdown and the original documents into the docs folder; returns the page count.
    render (the preview, see incremental.py): the pages about one item to render again; the other pages
    about one item are left as the last build wrote them in that folder."""
    writer = PageWriter(data, folder, render)
    writer.write(HOME_PATH, ["home.md.j2"])
    writer.write(PLANS_PATH, ["plans.md.j2"])
    writer.write(AGENCIES_PATH, ["agencies.md.j2"])
    writer.write(DATA_PATH, ["data.md.j2"], datasets=datasets)
    writer.write(SEARCH_PATH, ["search.md.j2"])
    commits = data.history.commits[:HISTORY_ENTRIES]
    writer.write(HISTORY_PATH, ["history.md.j2"], commits=commits, history=data.history)
    folder.write(HISTORY_PATH.strip("/") + "/atom.xml", atom_feed(data.site, commits))
    write_chart(folder, AGENCY_CHART_FILE, agency_chart(data))
    for plan in data.plans:  # the plan's chart and original documents are the last build's if its page is
        source = f"plans/{plan.id}/"
        if plan.reported and not writer.kept(plan.path, standing_chart_file(plan).lstrip("/")):
            write_chart(folder, standing_chart_file(plan), standing_chart(plan))
        writer.write(plan.path, [f"plan-{plan.id}.md.j2", "plan.md.j2"], watched=source, edit=source + "plan.yml", plan=plan)
        for version in plan.plan.versions:
            file = original_document_path(plan.id, version.id).lstrip("/")
            if not writer.kept(plan.path, file):
                folder.write(file, (plan.folder / version.source_file).read_bytes())
    for agency in data.agencies:
        source = f"agencies/{agency.id}.yml"
        writer.write(agency.path, [f"agency-{agency.id}.md.j2", "agency.md.j2"], watched=source, edit=source, agency=agency)
    writer.write(COMPARISONS_PATH, ["comparisons.md.j2"])
    for overview in data.series_overviews:
        writer.write(overview.path, [f"series-{overview.series.id}.md.j2", "series.md.j2"], watched="plans/",
                     edit=f"series/{overview.series.id}.yml", overview=overview)
    for comparison in data.year_comparisons:
        writer.write(comparison.path, ["year-comparison.md.j2"], watched="plans/", comparison=comparison)
    for comparison in data.version_comparisons:
        writer.write(comparison.path, ["version-comparison.md.j2"], watched=f"plans/{comparison.plan.id}/", comparison=comparison)
    write_register_pages(writer, data, datasets)
    writer.write(LEGAL_DOCUMENTS_PATH, ["legal-documents.md.j2"],
                 datasets=[d for d in datasets if d.identifier == "legal-documents"])
    for document in data.legal.documents:
        if document.plan is None:
            edit = f"legal-documents/{document.id}.yml" if document.editor else None
            writer.write(document.path, ["legal-document.md.j2"], watched=edit or "plans/", edit=edit, document=document)
    writer.finish()
    assets = TEMPLATES / "assets"
    for asset in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if asset.is_file():
            folder.write("assets/" + asset.relative_to(assets).as_posix(), asset.read_bytes())
    return writer.count


def write_register_pages(writer: PageWriter, data: SiteData, datasets: list) -> None:
    """The register of polluting facilities: its page with the status chart, one page per yearly
    list and one per facility."""
    chart_rows = [(year_label(year, day, data.site.as_of), counts) for year, day, counts in data.facility_status_by_year()]
    chart = status_by_year_svg(
        [(label, {status.value: count for status, count in counts.items()}) for label, counts in chart_rows],
        {status.value: label for status, label in FACILITY_STATUS_LABELS.items()},
        "Số cơ sở gây ô nhiễm môi trường nghiêm trọng theo trạng thái, cuối mỗi năm",
        "Mỗi năm một thanh, chia theo trạng thái; số trong từng phần là số cơ sở. Số liệu ở bảng ngay dưới biểu đồ.",
    )
    write_chart(writer.folder, STATUS_CHART_FILE, chart)
    register_data = [d for d in datasets if d.identifier in ("facilities", "facility-lists")]
    writer.write(REGISTER_PATH, ["register.md.j2"], chart_rows=chart_rows, datasets=register_data)
    for facility_list in data.facility_lists:
        writer.write(facility_list.path, ["facility-list.md.j2"], facility_list=facility_list)
    for facility in data.facilities:
        writer.write(facility.path, [f"facility-{facility.id}.md.j2", "facility.md.j2"], facility=facility)


def write_chart(folder: OutputFolder, site_path: str, svg: str) -> None:
    folder.write(site_path.lstrip("/"), svg)


def agency_label(agency) -> str:
    """An agency's name on a chart row, short enough for a phone (with ': 26 nhiệm vụ' after it, in 360 px):
    its short name, else its name cut at 33 characters. The table under the chart gives the full names."""
    name = agency.agency.short_name or agency.agency.name
    return name if len(name) <= 33 else name[:32].rstrip() + "…"


def agency_chart(data: SiteData) -> str:
    """The home page's chart: the agencies with the most tasks, lead and support."""
    rows = [(agency_label(a), {"lead": len(a.leads), "support": len(a.supports)}) for a in data.top_agencies(TOP_AGENCIES)]
    return stacked_bars_svg(
        rows, {"lead": "Chủ trì", "support": "Phối hợp"},
        f"{len(rows)} cơ quan, nhóm đơn vị được giao nhiều nhiệm vụ nhất: chủ trì và phối hợp",
        "Mỗi cơ quan một thanh, chia thành số nhiệm vụ chủ trì và số nhiệm vụ phối hợp. Số liệu ở bảng ngay dưới biểu đồ.",
        ROLE_STYLES, "nhiệm vụ",
    )


def standing_chart_file(plan) -> str:
    return f"{plan.path}tien-do.svg"


def standing_chart(plan) -> str:
    """A plan's small bar: its tasks by implementation status on the as-of date."""
    counts = plan.standing_counts()
    return stacked_bars_svg(
        [("Nhiệm vụ", {s.value: counts[s] for s in STANDING_ORDER})],
        {s.value: STANDING_LABELS[s] for s in STANDING_ORDER},
        f"Tình trạng thực hiện {len(plan.tasks)} nhiệm vụ của kế hoạch",
        "Một thanh chia theo tình trạng; số trong từng phần là số nhiệm vụ. Số liệu ở bảng ngay cạnh biểu đồ.",
        {s.value: STANDING_STYLES[s.value] for s in STANDING_ORDER}, "nhiệm vụ",
    )


def build_date(as_of: dt.date) -> dt.date:
    """The day the site says it was built: SOURCE_DATE_EPOCH (set by the pipeline, from the data's
    date unless the builder set it), never the clock, so that a rebuild gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return as_of
    return dt.datetime.fromtimestamp(int(epoch), VIETNAM_TIME).date()


def original_document_path(plan_id: str, version_id: str) -> str:
    """Where a version's original text is offered for download (always as .txt, UTF-8)."""
    return f"/van-ban/{plan_id}-{version_id}.txt"
