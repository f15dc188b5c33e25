"""Transparency of edits: last change and edit links on every page, /lich-su/ and its Atom feed,
from the git history of a content folder made here with known commit dates."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from publisher.history import HistoryStatus, read_history
from publisher.pipeline import build
from tests.conftest import TINY_CONTENT
from tests.site_reader import Page

ATOM = "{http://www.w3.org/2005/Atom}"


def git(repo, *args, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.org",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The tiny content in a repository of its own: a first commit, then one agency edited."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    shutil.copytree(TINY_CONTENT, repo / "content")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "Nội dung ban đầu", date="2025-03-01T09:00:00+07:00")
    agency = repo / "content" / "agencies" / "so-cu.yml"
    agency.write_text(agency.read_text(encoding="utf-8") + "short_name: Sở cũ\n", encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "Sở Đất đai cũ: thêm tên viết tắt", date="2025-04-02T23:30:00+00:00")
    return repo


@pytest.fixture(scope="module")
def repo_site(repo, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_REPO_URL", "https://github.com/example/ke-hoach")
        patch.setenv("SITE_EDIT_URI", "edit/main/")
        site = tmp_path_factory.mktemp("history-site") / "site"
        build(repo / "content", site)
    return site


def test_history_lists_content_commits_newest_first(repo):
    history = read_history(repo / "content")
    assert history.status is HistoryStatus.full
    assert history.prefix == "content/"
    assert [c.subject for c in history.commits] == ["Sở Đất đai cũ: thêm tên viết tắt", "Nội dung ban đầu"]
    assert history.commits[0].files == ("agencies/so-cu.yml",)
    assert history.commits[0].day == "03/04/2025"  # 23:30 UTC is the next morning in Hà Nội
    assert history.last_change("agencies/so-cu.yml").subject == "Sở Đất đai cũ: thêm tên viết tắt"
    assert history.last_change("plans/kh-1-2024/").subject == "Nội dung ban đầu"
    assert history.last_change("plans/kh-1") is None  # the start of a name is not a folder


def test_shallow_clone_leaves_out_the_boundary_commit(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(clone))
    history = read_history(clone / "content")
    assert history.status is HistoryStatus.shallow
    assert history.commits == []  # git shows the only commit as adding every file: not a real change
    assert history.last_change("agencies/so-cu.yml") is None


def test_content_without_git_has_no_history(tmp_path):
    shutil.copytree(TINY_CONTENT, tmp_path / "content")
    history = read_history(tmp_path / "content")
    assert (history.status, history.commits, history.prefix) == (HistoryStatus.none, [], "content/")


def test_every_page_shows_its_last_change_and_links_to_its_source(repo_site):
    agency = (repo_site / "co-quan" / "so-cu" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-04-03">03/04/2025</time>' in agency
    assert 'href="https://github.com/example/ke-hoach/edit/main/content/agencies/so-cu.yml" rel="edit">Sửa trang này</a>' in agency
    assert 'href="https://github.com/example/ke-hoach/commits/main/content/agencies/so-cu.yml">Lịch sử tệp nguồn</a>' in agency
    plan = (repo_site / "ke-hoach" / "kh-1-2024" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-03-01">01/03/2025</time>' in plan
    assert 'href="https://github.com/example/ke-hoach/edit/main/content/plans/kh-1-2024/plan.yml" rel="edit"' in plan
    assert 'href="https://github.com/example/ke-hoach/commits/main/content/plans/kh-1-2024/">' in plan
    home = (repo_site / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-04-03">03/04/2025</time>' in home and 'rel="edit"' not in home
    assert '<link rel="alternate feed" type="application/atom+xml" title="Lịch sử cập nhật" href="lich-su/atom.xml">' in home
    assert '<aside class="source-info" data-pagefind-ignore>' in agency  # kept out of the search index


def test_history_page_and_atom_feed_list_the_changes(repo, repo_site):
    page = Page(repo_site, repo_site / "lich-su" / "index.html")
    rows = re.findall(r"<tr>(.*?)</tr>", page.html, re.S)
    cells = [re.sub(r"<[^>]+>", "", row).split() for row in rows]
    assert cells[1] == ["03/04/2025", *"Sở Đất đai cũ: thêm tên viết tắt".split(), "agencies/so-cu.yml"]
    assert ("a", "../co-quan/so-cu/") in page.links and ("a", "atom.xml") in page.links
    first_commit_files = len(read_history(repo / "content").commits[1].files)
    assert first_commit_files > 10 and cells[2][-4:] == ["và", str(first_commit_files - 10), "tệp", "khác"]  # 10 shown
    feed = ET.parse(repo_site / "lich-su" / "atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2025-04-02T23:30:00+00:00"
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:") and feed.findtext(f"{ATOM}author/{ATOM}name")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Sở Đất đai cũ: thêm tên viết tắt", "Nội dung ban đầu"]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2025-04-02T23:30:00+00:00", "2025-03-01T09:00:00+07:00"]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        anchor = entry.find(f"{ATOM}link").get("href").removeprefix("./#")
        assert f'id="{anchor}"' in (repo_site / "lich-su" / "index.html").read_text(encoding="utf-8")
