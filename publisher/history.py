"""The content's change history, read from git: when each page's source last changed, the list of
recent changes on /lich-su/ and its Atom feed.

Dates come from commits, never from the clock, so the same commit builds the same site. Without
git (content copied without .git, git not installed, files never committed) the history is empty
and the pages say so; in a shallow clone the commits at the shallow boundary are left out (git
shows them as adding every file) and the pages say the history is partial.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
import subprocess
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .text import vn_date

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))


class HistoryStatus(str, Enum):
    full = "full"
    shallow = "shallow"  # some older commits are missing
    none = "none"  # no git history for the content


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.datetime  # committer date
    subject: str
    files: tuple[str, ...]  # relative to the content folder

    @property
    def short(self) -> str:
        return self.sha[:10]

    @property
    def day(self) -> str:
        """The commit's date in Hanoi, as documents write dates: 20/11/2023."""
        return vn_date(self.date.astimezone(VIETNAM_TIME).date())


@dataclass
class History:
    status: HistoryStatus = HistoryStatus.none
    commits: list[Commit] = field(default_factory=list)  # newest first, each touching the content
    prefix: str = "content/"  # the content folder's path inside the repository

    def last_change(self, path: str = "") -> Commit | None:
        """The newest commit that touched `path` (a file, or a folder ending in '/'; '' is everything)."""
        for commit in self.commits:
            if any(_within(name, path) for name in commit.files):
                return commit
        return None


def _within(name: str, path: str) -> bool:
    return path == "" or name == path or (path.endswith("/") and name.startswith(path))


def _git(content_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=content_dir, capture_output=True, text=True, encoding="utf-8",
        )
    except OSError:  # git is not installed
        return None
    return result.stdout if result.returncode == 0 else None


def read_history(content_dir: Path) -> History:
    prefix = _git(content_dir, "rev-parse", "--show-prefix")
    if prefix is None:
        return History(prefix=content_dir.name + "/")
    prefix = prefix.strip()
    shallow = (_git(content_dir, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    boundary: set[str] = set()
    if shallow:
        shallow_file = (_git(content_dir, "rev-parse", "--git-path", "shallow") or "").strip()
        if shallow_file and (content_dir / shallow_file).is_file():
            boundary = set((content_dir / shallow_file).read_text(encoding="utf-8").split())
    log = _git(content_dir, "log", "--no-renames", "--relative", "--name-only", "--format=%x1e%H%x1f%cI%x1f%s", "--", ".") or ""
    commits = []
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        sha, date, subject = header.split("\x1f", 2)
        if sha in boundary:
            continue
        files = tuple(name for name in names.splitlines() if name)
        commits.append(Commit(sha, dt.datetime.fromisoformat(date), subject, files))
    if not commits and not boundary:
        return History(prefix=prefix)
    return History(HistoryStatus.shallow if shallow else HistoryStatus.full, commits, prefix)


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(site, commits: list[Commit]) -> str:
    """An Atom feed of the content's changes, for /lich-su/atom.xml; links are relative to it.
    Ids are stable: derived from the site's title and from each commit's hash."""
    ET.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    add(feed, "id", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "lich-su:" + site.title)))
    add(feed, "title", f"{site.title}: lịch sử cập nhật")
    updated = commits[0].date if commits else dt.datetime.combine(site.as_of, dt.time(), dt.timezone.utc)
    add(feed, "updated", updated.isoformat())
    add(add(feed, "author"), "name", site.publisher)
    add(feed, "link", rel="self", type="application/atom+xml", href="atom.xml")
    add(feed, "link", rel="alternate", type="text/html", href="./")
    for commit in commits:
        entry = add(feed, "entry")
        add(entry, "id", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_OID, commit.sha)))
        add(entry, "title", commit.subject)
        add(entry, "updated", commit.date.isoformat())
        add(entry, "link", rel="alternate", type="text/html", href=f"./#c-{commit.short}")
        add(entry, "summary", "Tệp thay đổi: " + ", ".join(commit.files) if commit.files else "Không ghi tệp thay đổi")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
