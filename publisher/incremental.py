"""The preview's incremental page writing: after an edit to plans only, which pages can change.

The preview (pipeline.build with render_work) keeps, from its last successful build, the digest of
every content file (read again only when its status changed, see content_files), the site's data and
the Markdown of every page (render_work/docs). At the next
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
- the pages its tasks and targets list as related (they show the task or target);
- the pages of the plans whose files name it, or that its files name (a task continued from another);
- the register, when a task or target of the plan names it as related (above; it shows them);
- every other page not about one item (home, lists, data, comparisons…): always.
tests/test_build.py checks, for several kinds of edits, that the result is the full build's, byte
for byte.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .site_data import SiteData

# the generic templates of pages about one item; a page of any other template is always rendered. The
# register shows plans only through the tasks and targets that name it as related (_plan_pages adds it then).
ITEM_PAGES = {"plan", "agency", "series", "year-comparison", "version-comparison", "facility-list", "facility",
              "legal-document", "register"}


@dataclass
class PreviousBuild:
    files: dict[str, str]  # content file (relative, POSIX) → SHA-256 of its bytes
    texts: dict[str, bytes]  # the plan folders' files, for the agency ids they name
    templates: str
    history: str
    vocabulary: str
    data: SiteData

    @cached_property
    def plan_texts(self) -> dict[str, list[bytes]]:
        """The plan folders' files, by plan id."""
        by_plan: dict[str, list[bytes]] = {}
        for name, text in self.texts.items():
            by_plan.setdefault(name.split("/")[1], []).append(text)
        return by_plan


# Each content file's digest (and bytes, in a plan folder) as the last snapshot read them, with the file's
# status then (size, modification and change times in nanoseconds, inode): a file whose status is the same is
# not read again.
# Any write changes the change time, which no program can set back; a file changed less than RACY_SECONDS
# before it was read is read again next time all the same, as a second write within the same tick of the
# file system's clock would leave its status as it was (git's "racy" files). None: the file is to be read.
_READ: dict[str, tuple[tuple[int, int, int, int] | None, str, bytes]] = {}
RACY_SECONDS = 2


def content_files(content_dir: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    files, texts, read = {}, {}, {}
    found = []  # (parts of the relative path, path): in the order of sorted(content_dir.rglob("*"))
    for folder, _, names in os.walk(content_dir):
        inside = Path(folder).relative_to(content_dir).parts
        found += [((*inside, name), os.path.join(folder, name)) for name in names]
    for parts, path in sorted(found):
        try:
            status = os.stat(path)
        except FileNotFoundError:  # removed meanwhile, or a broken link: as path.is_file() would say
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        relative = "/".join(parts)
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        kept = _READ.get(path)
        if kept is None or kept[0] != signature:
            settled_before = time.time_ns() - RACY_SECONDS * 10**9
            with open(path, "rb") as file:
                data = file.read()
            settled = max(status.st_ctime_ns, status.st_mtime_ns) < settled_before
            kept = (signature if settled else None, hashlib.sha256(data).hexdigest(), data if relative.startswith("plans/") else b"")
        read[path] = kept
        files[relative] = kept[1]
        if relative.startswith("plans/"):
            texts[relative] = kept[2]
    _READ.clear()
    _READ.update(read)
    return files, texts


def templates_digest(templates: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def vocabulary_digest(data: SiteData) -> str:
    digest = hashlib.sha256()
    for task in data.tasks:
        digest.update(task.task.title.encode() + b"\0")
    digest.update(b"\1")
    for plan in data.plans:
        for target in plan.plan.targets:
            digest.update(target.text.encode() + b"\0")
    return digest.hexdigest()


def snapshot(content_dir: Path, templates: Path, data: SiteData) -> PreviousBuild:
    files, texts = content_files(content_dir)
    return PreviousBuild(files, texts, templates_digest(templates), hashlib.sha256(pickle.dumps(data.history)).hexdigest(),
                         vocabulary_digest(data), data)


def pages_to_render(previous: PreviousBuild | None, current: PreviousBuild) -> set[str] | None:
    """The item pages to render again (site paths), or None for every page."""
    if previous is None or (previous.templates, previous.history, previous.vocabulary) != (
            current.templates, current.history, current.vocabulary):
        return None
    changed = {name for name in previous.files.keys() | current.files.keys()
               if previous.files.get(name) != current.files.get(name)}
    plan_ids = set()
    for name in changed:
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
    return pages


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
    for agency in data.agencies:
        if (any(task.plan is plan for task in agency.leads + agency.supports)
                or any(other is plan for other, _ in agency.duties) or any(other is plan for other in agency.issued)
                or any(agency.id.encode() in text for text in texts)):
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
    for task in plan.tasks:
        pages |= {related.path.partition("#")[0] for related in task.task.related}
    for target in plan.plan.targets:
        pages |= {related.path.partition("#")[0] for related in target.related}
    return pages
