"""The city server's git hook (deploy/post-receive), for real: a bare repository, pushes, and the
served directory switching only when a pushed revision builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT, TINY_CONTENT

PROJECT_FILES = ["build.py", "mkdocs.yml", "publisher", "site_templates"]


def git(cwd, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.org",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


def push(work) -> str:
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "thay đổi")
    result = git(work, "push", "--quiet", "origin", "HEAD:main")
    return result.stdout + result.stderr  # the hook's output reaches the pusher as "remote: …"


def test_push_publishes_atomically_and_a_broken_push_keeps_the_live_site(tmp_path):
    server = tmp_path / "site.git"
    www = tmp_path / "www"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(server))
    shutil.copy(ROOT / "deploy" / "post-receive", server / "hooks" / "post-receive")
    git(server, "config", "deploy.siteRoot", str(www))
    git(server, "config", "deploy.python", sys.executable)
    git(server, "config", "deploy.keep", "1")

    work = tmp_path / "work"
    git(tmp_path, "clone", "--quiet", str(server), str(work))
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, work / name)
    shutil.copytree(TINY_CONTENT, work / "content")

    output = push(work)
    assert "Đã công bố" in output, output
    first = os.readlink(www / "current")
    assert first.startswith("builds/") and (www / "current" / "index.html").is_file()
    assert "thay đổi" in (www / "current" / "lich-su" / "index.html").read_text(encoding="utf-8")  # built with history

    (work / "content" / "agencies" / "so-cu.yml").write_text("id: so-cu\nname: [\n", encoding="utf-8")
    output = push(work)
    assert "KHÔNG công bố" in output and "content/agencies/so-cu.yml:3:1:" in output, output
    assert os.readlink(www / "current") == first
    assert (www / "current" / "co-quan" / "so-cu" / "index.html").is_file()
    assert sorted(p.name for p in www.iterdir()) == [".lock", "builds", "current"]  # no work left behind

    shutil.copy(TINY_CONTENT / "agencies" / "so-cu.yml", work / "content" / "agencies" / "so-cu.yml")
    (work / "content" / "site.yml").write_text(
        (TINY_CONTENT / "site.yml").read_text(encoding="utf-8").replace("Trang thử nghiệm\n", "Trang thử nghiệm mới\n", 1),
        encoding="utf-8",
    )
    output = push(work)
    second = os.readlink(www / "current")
    assert second != first and "Đã công bố" in output, output
    assert "Trang thử nghiệm mới" in (www / "current" / "index.html").read_text(encoding="utf-8")
    assert ["builds/" + p.name for p in (www / "builds").iterdir()] == [second]  # deploy.keep 1: older builds removed
