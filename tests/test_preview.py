"""`make serve`: the live preview rebuilds on save, shows content errors on the page and in the
terminal, and injects its reload script only into what it serves."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT, TINY_CONTENT

DEADLINE_SECONDS = 60


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE_SECONDS) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def preview(tmp_path):
    """A preview of a copy of the tiny content; yields (base URL, content folder, temp folder)."""
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", str(content), "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    try:
        line = process.stdout.readline()
        while line and "Xem trước tại" not in line:
            line = process.stdout.readline()
        assert line, process.stderr.read()
        yield line.split()[3], content, tmp_path, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until(base: str, path: str, predicate) -> tuple[int, str]:
    """Follow the builds the way the reload script does until the page satisfies predicate."""
    build = -1
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        status, body = get(base + path)
        if predicate(status, body):
            return status, body
        build = int(get(f"{base}__preview__/wait?build={build}")[1])
    raise AssertionError(f"{path} không đổi sau {DEADLINE_SECONDS} giây: {status} {body[:300]}")


def test_preview_rebuilds_on_save_and_shows_errors_on_the_page(preview):
    base, content, tmp_path, process = preview
    status, home = get(base)
    assert status == 200 and "/__preview__/wait?build=" in home
    assert "Chưa có lịch sử thay đổi" in home  # a copy without git says so on every page
    built = list(tmp_path.glob("preview-*/site/index.html"))
    assert len(built) == 1 and "__preview__" not in built[0].read_text(encoding="utf-8")  # only in responses

    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("Trang thử nghiệm nhỏ", "Trang xem trước đã sửa"), encoding="utf-8")
    wait_until(base, "", lambda status, body: "Trang xem trước đã sửa" in body)

    agency = content / "agencies" / "so-cu.yml"
    agency.write_text("id: so-cu\nname: [\n", encoding="utf-8")
    status, page = wait_until(base, "co-quan/so-cu/", lambda status, body: status == 500)
    assert "Nội dung có lỗi" in page and "<code>content/agencies/so-cu.yml:3:1:" in page
    assert "/__preview__/wait?build=" in page  # reloads by itself once fixed

    shutil.copy(TINY_CONTENT / "agencies" / "so-cu.yml", agency)
    status, page = wait_until(base, "co-quan/so-cu/", lambda status, body: status == 200)
    assert "Sở Đất đai cũ" in page

    process.terminate()
    process.wait(timeout=30)
    assert "content/agencies/so-cu.yml:3:1:" in process.stderr.read()  # the terminal showed it too
    assert not list(tmp_path.glob("preview-*"))  # the preview's build folder is gone


def _wait_for_line(process, text: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        assert line, process.stderr.read()
        if text in line:
            return
    raise AssertionError(f"không thấy «{text}» sau {DEADLINE_SECONDS} giây")


def test_the_preview_indexes_after_publishing_and_ends_with_the_full_builds_site(preview):
    """Pagefind runs after the reload, in the background; once it is done the preview's site is the
    full build's (the unstable Pagefind file names aside), after the first build and after an edit."""
    from publisher.pipeline import build
    from tests.test_build import PAGEFIND_UNSTABLE, tree_digest

    base, content, tmp_path, process = preview
    site = next(tmp_path.glob("preview-*/site"))
    index = site.parent / "pagefind"  # served as /pagefind/: not copied into each new site
    unstable = tuple(prefix.removeprefix("pagefind/") for prefix in PAGEFIND_UNSTABLE)

    def assert_same_as_full_build(full):
        assert tree_digest(site) == tree_digest(full, ("pagefind/",))
        assert tree_digest(index, unstable) == tree_digest(full / "pagefind", unstable)

    _wait_for_line(process, "Tìm kiếm: chỉ mục đã cập nhật")
    assert_same_as_full_build(build(content, tmp_path / "full").site_dir)

    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Kế hoạch thử năm 2025", "Kế hoạch đã sửa năm 2025"), encoding="utf-8")
    wait_until(base, "ke-hoach/kh-2-2025/", lambda status, body: "Kế hoạch đã sửa năm 2025" in body)
    # the search works meanwhile, with the previous index
    assert urllib.request.urlopen(base + "pagefind/pagefind.js").read() == (index / "pagefind.js").read_bytes()
    _wait_for_line(process, "Tìm kiếm: chỉ mục đã cập nhật")
    assert_same_as_full_build(build(content, tmp_path / "full2").site_dir)
    assert not [path for path in site.iterdir() if path.name.startswith(".")]


def _edit(file, before: str, after: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert before in text, before
    file.write_text(text.replace(before, after, 1), encoding="utf-8")


TASK_3 = ('  - number: "3"\n    title: Xây dựng cơ sở dữ liệu môi trường\n    lead: so-moi\n'
          '    lead_text: Sở Đất đai và Môi trường\n    timeframe: Năm 2025\n')
NEW_TASK = ('  - number: "4"\n    title: Nhiệm vụ thêm khi xem trước\n    lead: so-moi\n'
            '    lead_text: Sở Đất đai và Môi trường\n    timeframe: Năm 2025\n')


def test_the_preview_updates_its_site_in_place_as_a_full_build_would_make_it(preview):
    """After saves that add a task, retitle one and remove one, the served site (updated in place, not
    copied) is a full build's byte for byte, task forwarding pages included and none left over; after
    a content error and its fix too; and the search index catches up."""
    from publisher.pipeline import build
    from tests.test_build import PAGEFIND_UNSTABLE, tree_digest

    base, content, tmp_path, process = preview
    site = next(tmp_path.glob("preview-*/site"))
    index = site.parent / "pagefind"
    unstable = tuple(prefix.removeprefix("pagefind/") for prefix in PAGEFIND_UNSTABLE)
    folder = site.stat().st_ino
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    page = "ke-hoach/kh-2-2025/"

    _edit(plan, "title: Rà soát hằng năm các cơ sở", "title: Rà soát hằng quý các cơ sở")
    plan.write_text(plan.read_text(encoding="utf-8") + NEW_TASK, encoding="utf-8")
    wait_until(base, page, lambda status, body: "Nhiệm vụ thêm khi xem trước" in body and "hằng quý" in body)
    assert 'Nhiệm vụ 4: Nhiệm vụ thêm khi xem trước' in get(base + page + "nv-4/")[1]  # its forwarding page
    assert "Rà soát hằng quý" in (site / page / "nv-2" / "index.html").read_text(encoding="utf-8")
    assert tree_digest(site) == tree_digest(build(content, tmp_path / "full1").site_dir, ("pagefind/",))

    _edit(plan, NEW_TASK, "")
    _edit(plan, TASK_3, TASK_3.replace('"3"', '"4"').replace("dữ liệu môi trường", "dữ liệu"))  # task 3 gone, a task 4 again
    wait_until(base, page, lambda status, body: "Nhiệm vụ thêm khi xem trước" not in body
               and "Xây dựng cơ sở dữ liệu môi trường" not in body)
    assert not (site / page / "nv-3").exists()
    assert tree_digest(site) == tree_digest(build(content, tmp_path / "full2").site_dir, ("pagefind/",))
    assert site.stat().st_ino == folder  # the same folder, updated in place

    original = plan.read_text(encoding="utf-8")
    plan.write_text(original.replace("lead: so-moi", "lead: so-khong-co", 1), encoding="utf-8")
    wait_until(base, page, lambda status, body: status == 500)
    plan.write_text(original.replace("Xây dựng cơ sở dữ liệu", "Xây dựng cơ sở dữ liệu số"), encoding="utf-8")
    wait_until(base, page, lambda status, body: status == 200 and "Xây dựng cơ sở dữ liệu số" in body)
    full = build(content, tmp_path / "full3").site_dir
    assert tree_digest(site) == tree_digest(full, ("pagefind/",))
    expected, deadline = tree_digest(full / "pagefind", unstable), time.monotonic() + DEADLINE_SECONDS
    while not _digest_or_none(index, unstable) == expected:  # the search catches up with the last build
        assert time.monotonic() < deadline, "chỉ mục tìm kiếm không theo kịp bản dựng cuối"
        time.sleep(0.5)


def _digest_or_none(folder, skip) -> str | None:
    from tests.test_build import tree_digest

    try:
        return tree_digest(folder, skip)
    except FileNotFoundError:  # swapped while read
        return None


def test_a_build_failing_after_it_began_updating_the_site_in_place_is_followed_by_a_whole_new_site(tmp_path, tiny_content, monkeypatch):
    """The preview's build that fails once MkDocs has rewritten pages in place leaves a site that is
    neither build's (its error page is shown meanwhile); the next build renders a new folder and
    swaps it in, so nothing of the failed one is left, here the forwarding page of a task gone."""
    from publisher import pipeline
    from publisher.pipeline import build
    from tests.test_build import tree_digest

    def no_index(site, data):
        pass

    work, site, page = tmp_path / "render", tmp_path / "site", "ke-hoach/kh-2-2025/"
    build(tiny_content, site, render_work=work, index=no_index)
    _edit(tiny_content / "plans" / "kh-2-2025" / "plan.yml", TASK_3, "")  # its forwarding page is to go
    folder = site.stat().st_ino

    def failing(*args):
        raise OSError("đĩa đầy")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "write_forwarding_pages", failing)
        with pytest.raises(OSError):
            build(tiny_content, site, render_work=work, index=no_index)
    assert "Xây dựng cơ sở dữ liệu môi trường" not in (site / page / "index.html").read_text(encoding="utf-8")  # in place
    assert (site / page / "nv-3" / "index.html").exists() and site.stat().st_ino == folder
    build(tiny_content, site, render_work=work, index=no_index)
    assert site.stat().st_ino != folder
    assert tree_digest(site) == tree_digest(build(tiny_content, tmp_path / "full").site_dir, ("pagefind/",))


def test_the_docs_folder_rewrites_only_what_differs_and_removes_what_is_gone(tmp_path):
    """The preview's docs folder (files.OutputFolder): MkDocs --dirty renders the pages whose Markdown
    is newer than their HTML, so a file with the same bytes keeps its modification time."""
    from publisher.files import OutputFolder

    for name, text in {"a/b.md": "b", "c.md": "c", "d.md": "cũ", "e.md": "e"}.items():  # the last build's
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    unchanged = (tmp_path / "c.md").stat().st_mtime_ns
    docs = OutputFolder(tmp_path)
    assert docs.keep("a/b.md") and not docs.keep("x.md")  # a kept page is left as it is; there is no x.md to keep
    docs.write("c.md", "c")
    docs.write("d.md", "mới")
    docs.note("f/g.md", True)  # written by a worker process
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "g.md").write_text("g", encoding="utf-8")
    assert docs.written == ["d.md", "f/g.md"] and (tmp_path / "c.md").stat().st_mtime_ns == unchanged
    assert docs.remove_others() is False  # e.md was there, and is gone; f/g.md is new
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.md")) == ["a/b.md", "c.md", "d.md", "f/g.md"]
    again = OutputFolder(tmp_path)
    for name in ("a/b.md", "c.md", "d.md", "f/g.md"):
        again.write(name, (tmp_path / name).read_text(encoding="utf-8"))
    assert again.written == [] and again.remove_others() is True
