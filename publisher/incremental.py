"""The preview's incremental page writing: after an edit to plans only, which pages can change.

The preview (pipeline.build with render_work) keeps, from its last successful build, the snapshot of
the content folder taken before loading it (snapshot.py: each file's digest, read again only when its
status changed, see content_snapshot), the site's data and the Markdown of every page
(render_work/docs). At the next
build, when the only content files that changed are inside plan folders (plans/<id>/…) and the
templates, the history and the similarity vocabulary (every task title and target text, which the
year comparisons weigh words by) are the same, the Markdown of a page that shows one of the
changed plans is rendered again, and every other page's Markdown is taken from the last build.
Any other change (site.yml, an agency, a series, a facility, a legal document, a template, a plan
added or removed, a new commit) renders every page, as a full build does.

The pages that show a plan, in the data before the edit and after it (both are taken):
- its own page, its version comparisons;
- every page of its series: the other plans' pages (their series timelines), the series overview,
  the year comparisons;
- the pages of the agencies it names (as lead, support, in its duties or as issuer; and any agency
  id written in its files);
- the legal documents it cites, the pages of every plan citing one of them (a document's label is
  its fullest citation across plans), and the plans that cite it or that it cites;
- the pages of the plans whose files name it, or that its files name (a task continued from another);
- the register, when what it shows of the plan's tasks and targets naming it as related differs between
  the two (register_items: the plan's year, number or title, their labels and addresses); no other page
  shows what names it as related;
- every other page not about one item (home, lists, data, comparisons…): always.
tests/test_build.py checks, for several kinds of edits, that the result is the full build's, byte
for byte.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import snapshot
from .site_data import REGISTER_PATH, SiteData
from .snapshot import Snapshot

# the generic templates of pages about one item; a page of any other template is always rendered. The
# register shows plans only through the tasks and targets that name it as related (register_items).
ITEM_PAGES = {"plan", "agency", "series", "year-comparison", "version-comparison", "facility-list", "facility",
              "legal-document", "register"}


@dataclass
class PreviousBuild:
    files: Snapshot | None  # the content folder's, with the bytes of the plan folders' files (for the agency ids they name)
    templates: Snapshot | None
    history: str
    vocabulary: tuple
    data: SiteData

    @cached_property
    def plan_texts(self) -> dict[str, list[bytes]]:
        """The plan folders' files, by plan id."""
        by_plan: dict[str, list[bytes]] = {}
        for name, entry in self.files.items():
            if entry.data is not None:
                by_plan.setdefault(name.split("/")[1], []).append(entry.data)
        return by_plan


_LAST: dict[Path, Snapshot] = {}  # by content folder: its last snapshot in this process


def content_snapshot(content_dir: Path) -> Snapshot | None:
    """The content folder's snapshot (snapshot.py), with the bytes of the plan folders' files; a file
    whose status is the same as at the last snapshot of this folder in this process is not read again.
    None if a folder cannot be listed."""
    _LAST[content_dir] = snapshot.take(content_dir, _LAST.get(content_dir), keep=lambda name: name.startswith("plans/"))
    return _LAST[content_dir]


def vocabulary(data: SiteData) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every task title and every target text, in order (the texts themselves: two builds' are compared
    fast, most strings being the same objects, those of unchanged files' records)."""
    return (tuple(task.task.title for task in data.tasks),
            tuple(target.text for plan in data.plans for target in plan.plan.targets))


def build_state(files: Snapshot | None, templates: Path, data: SiteData) -> PreviousBuild:
    """What the next build compares with: files, the content folder's snapshot taken before loading data."""
    return PreviousBuild(files, snapshot.take(templates), hashlib.sha256(pickle.dumps(data.history)).hexdigest(),
                         vocabulary(data), data)


def pages_to_render(previous: PreviousBuild | None, current: PreviousBuild) -> set[str] | None:
    """The item pages to render again (site paths), or None for every page."""
    if previous is None or None in (previous.files, current.files, previous.templates, current.templates) or (
            previous.history, previous.vocabulary) != (current.history, current.vocabulary) or snapshot.changed(
            previous.templates, current.templates):
        return None
    plan_ids = set()
    for name in snapshot.changed(previous.files, current.files):
        folder, _, rest = name.partition("/")
        if folder != "plans" or "/" not in rest:
            return None
        plan_ids.add(rest.split("/")[0])
    old_ids, new_ids = {p.id for p in previous.data.plans}, {p.id for p in current.data.plans}
    if old_ids != new_ids or not plan_ids <= new_ids:
        return None
    pages: set[str] = set()
    for plan_id in plan_ids:
        for build in (previous, current):
            pages |= _plan_pages(build, plan_id)
        if register_items(previous.data, plan_id) != register_items(current.data, plan_id):
            pages.add(REGISTER_PATH)
    return pages


def register_items(data: SiteData, plan_id: str) -> list[tuple]:
    """What the register shows of the plan (register.md.j2, "Trang này thực hiện"): the plan's tasks and targets
    naming the register as related, in the plans' order (by year), each with the plan's number or title."""
    plan = data.plan(plan_id)
    return [(plan.plan.year, plan.number or plan.plan.title, label, path)
            for _, label, path in plan.items_related_to(REGISTER_PATH)]


def _plan_pages(build: PreviousBuild, plan_id: str) -> set[str]:
    data = build.data
    plan = data.plan(plan_id)
    pages = {plan.path} | {comparison.path for comparison in plan.version_comparisons}
    series = plan.plan.series
    if series:
        pages |= {other.path for other in data.plans if other.plan.series == series}
        pages |= {overview.path for overview in data.series_overviews if overview.series.id == series}
        pages |= {comparison.path for comparison in data.year_comparisons
                  if series in (comparison.before.plan.series, comparison.after.plan.series)}
    texts = build.plan_texts.get(plan_id, [])
    named = set(plan.plan.agency_ids())
    for agency in data.agencies:  # the agencies leading, supporting or issuing it or in its duties, or named in its files
        if agency.id in named or any(agency.id.encode() in text for text in texts):
            pages.add(agency.path)
    for document in data.legal.documents:
        if document.plan is plan or any(mention.plan is plan for mention in document.mentions):
            pages.add(document.plan.path if document.plan is not None else document.path)
            pages |= {mention.plan.path for mention in document.mentions}
    joined = b"".join(texts)
    for other in data.plans:  # a task or target continued from a plan, or in one: both pages show it
        if other is not plan and (other.id.encode() in joined or any(
                plan_id.encode() in text for text in build.plan_texts.get(other.id, []))):
            pages.add(other.path)
    return pages
