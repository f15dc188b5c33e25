"""The build as operators rely on it: atomic publish, reproducible output, clear refusal."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from publisher import pipeline
from publisher.pipeline import build
from publisher.problems import ContentError
from publisher.publish import KILL_AT_ENV
from tests.conftest import REAL_CONTENT, ROOT, TINY_CONTENT


# Pagefind writes its filter and metadata indexes in an arbitrary order from run to run (upstream:
# https://github.com/Pagefind/pagefind/issues/638, "other files will still change, such as the
# filter/metadata indexes"). Their names change with their bytes; everything else must not change.
PAGEFIND_UNSTABLE = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.vi_")


def tree_digest(folder, skip: tuple[str, ...] = ()):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not str(path.relative_to(folder)).startswith(skip):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_same_input_gives_byte_identical_site(tmp_path, tiny_site):
    again = tmp_path / "again"
    build(TINY_CONTENT, again)
    assert tree_digest(again, PAGEFIND_UNSTABLE) == tree_digest(tiny_site, PAGEFIND_UNSTABLE)
    filters = sorted(p.name for p in (again / "pagefind" / "filter").iterdir())
    # the filters (kind, year, agency; status and district of the fixture's facility) in as many files each time
    assert len(filters) == len(list((tiny_site / "pagefind" / "filter").iterdir())) > 0


def test_broken_content_leaves_the_published_site_as_it_was(tmp_path, tiny_content):
    site = tmp_path / "site"
    build(tiny_content, site)
    before = tree_digest(site)
    (tiny_content / "agencies" / "so-cu.yml").write_text("id: so-cu\nname: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(tiny_content, site)
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build", "content", "site"]


def test_failure_while_rendering_leaves_the_published_site_as_it_was(tmp_path, tiny_content, monkeypatch):
    site = tmp_path / "site"
    build(tiny_content, site)
    before = tree_digest(site)
    (tiny_content / "plans" / "kh-2-2025" / "plan.yml").write_text(
        (tiny_content / "plans" / "kh-2-2025" / "plan.yml").read_text(encoding="utf-8").replace("Kế hoạch thử năm 2025", "Đổi tên"),
        encoding="utf-8",
    )

    def failing_index(site_dir, data):
        raise RuntimeError("Pagefind dừng giữa chừng")

    monkeypatch.setattr(pipeline, "index_site", failing_index)
    with pytest.raises(RuntimeError):
        build(tiny_content, site)
    assert tree_digest(site) == before
    assert not list(tmp_path.glob("site.new-*"))


def test_cli_check_reports_problems_without_traceback(tmp_path, tiny_content):
    (tiny_content / "plans" / "kh-2-2025" / "plan.yml").write_text("id: kh-2-2025\nstatus: no\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--content", str(tiny_content)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/plans/kh-2-2025/plan.yml:2:1: status: trường không có trong mô hình" in result.stderr
    assert "content/plans/kh-2-2025/plan.yml:1:1: title: thiếu trường bắt buộc" in result.stderr


def test_cli_check_accepts_the_real_content():
    result = subprocess.run([sys.executable, "build.py", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Nội dung hợp lệ: 4 kế hoạch, 35 nhiệm vụ, 31 cơ quan."


def test_cli_reports_a_failing_stage_without_traceback(tmp_path, tiny_content, monkeypatch, capsys):
    import build as cli
    from publisher.search_index import SearchIndexError

    def failing_index(site_dir, data):
        raise SearchIndexError("Pagefind không lập được chỉ mục tìm kiếm:\nlỗi thử")

    monkeypatch.setattr(pipeline, "index_site", failing_index)
    code = cli.main(["build", "--content", str(tiny_content), "--site-dir", str(tmp_path / "site")])
    assert code == 1
    assert capsys.readouterr().err == (
        "Pagefind không lập được chỉ mục tìm kiếm:\nlỗi thử\n"
        "Không xây dựng xong. Trang đã công bố trước đó vẫn giữ nguyên.\n"
    )
    assert not (tmp_path / "site").exists()


KILL_STAGES = ["check", "pages", "render", "search-index", "publish", "cleanup"]


def cli_build(content, site, kill_at: str | None = None) -> subprocess.CompletedProcess:
    """`build.py build` in its own process; with kill_at, it kills itself (SIGKILL) on entering that stage."""
    env = {key: value for key, value in os.environ.items() if key not in (KILL_AT_ENV, "SOURCE_DATE_EPOCH")}
    if kill_at:
        env[KILL_AT_ENV] = kill_at
    return subprocess.run([sys.executable, "build.py", "build", "--content", str(content), "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_a_build_killed_at_any_stage_leaves_the_published_site_whole(tmp_path, tiny_content):
    """Killed without warning (as by a power cut or the OOM killer) at each stage, a build leaves the
    published site byte for byte as it was, or, once the new site is swapped in, the whole new site;
    the next build succeeds and removes what the killed one left behind."""
    site = tmp_path / "site"
    assert cli_build(tiny_content, site).returncode == 0
    before = tree_digest(site)
    plan = tiny_content / "plans" / "kh-2-2025" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Kế hoạch thử năm 2025", "Kế hoạch đã đổi tên"), encoding="utf-8")
    for stage in KILL_STAGES:
        killed = cli_build(tiny_content, site, kill_at=stage)
        assert killed.returncode == -signal.SIGKILL, (stage, killed.stderr)
        renamed = "Kế hoạch đã đổi tên" in (site / "ke-hoach" / "kh-2-2025" / "index.html").read_text(encoding="utf-8")
        if stage == "cleanup":  # killed after the swap: the new site is whole, the old one is left beside it
            assert renamed and list(tmp_path.glob("site.new-*")) + list(tmp_path.glob("site.old-*"))
        else:
            assert tree_digest(site) == before, f"trang đã công bố bị đổi khi dừng ở bước {stage}"
    assert cli_build(tiny_content, site).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build", "content", "site"]
    assert list((tmp_path / ".build").iterdir()) == []
    fresh = tmp_path / "fresh" / "site"
    assert cli_build(tiny_content, fresh).returncode == 0
    assert tree_digest(site, PAGEFIND_UNSTABLE) == tree_digest(fresh, PAGEFIND_UNSTABLE)


def test_the_real_site_rebuilds_byte_for_byte(real_site, tmp_path):
    again = tmp_path / "site"
    build(REAL_CONTENT, again)
    assert tree_digest(again, PAGEFIND_UNSTABLE) == tree_digest(real_site, PAGEFIND_UNSTABLE)


def test_cli_build_writes_the_time_and_memory_of_every_stage(tmp_path):
    import json

    timings_file = tmp_path / "timings.json"
    result = subprocess.run(
        [sys.executable, "build.py", "build", "--content", str(TINY_CONTENT), "--site-dir", str(tmp_path / "site"),
         "--timings", str(timings_file)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    timings = json.loads(timings_file.read_text(encoding="utf-8"))
    assert [s["stage"] for s in timings["stages"]] == [
        "load", "check", "site_data", "comparisons", "history", "open_data", "pages", "render", "search_index", "publish"]
    for stage in timings["stages"]:
        assert stage["seconds"] > 0 and stage["cpu_seconds"] >= 0 and stage["peak_rss_mib"] > 0, stage
    assert timings["total_seconds"] >= timings["stages_seconds"] > 0
    assert timings["children_peak_rss_mib"] > 0  # MkDocs and Pagefind run as child processes
    check = subprocess.run([sys.executable, "build.py", "check", "--content", str(TINY_CONTENT)], cwd=ROOT, capture_output=True, text=True)
    counts = timings["counts"]
    assert check.stdout.strip() == f"Nội dung hợp lệ: {counts['plans']} kế hoạch, {counts['tasks']} nhiệm vụ, {counts['agencies']} cơ quan."
    assert counts["facilities"] == 1 and counts["pages"] == int(result.stdout.split()[3])


def test_a_rebuild_renders_only_the_changed_pages_and_gives_the_same_site(tmp_path, tiny_content):
    """The preview's builds (render_work): MkDocs renders again only the pages whose Markdown
    changed, and the site equals a full build of the same content."""
    work, site = tmp_path / "render", tmp_path / "site"
    build(tiny_content, site, render_work=work)
    plan_page, agency_list = site / "ke-hoach" / "kh-2-2025" / "index.html", site / "co-quan" / "index.html"
    before = {page: page.stat().st_mtime_ns for page in (plan_page, agency_list)}
    plan_file = tiny_content / "plans" / "kh-2-2025" / "plan.yml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("Kế hoạch thử năm 2025", "Kế hoạch đã sửa năm 2025"),
                         encoding="utf-8")
    build(tiny_content, site, render_work=work)
    assert "Kế hoạch đã sửa năm 2025" in (site / "ke-hoach" / "kh-2-2025" / "index.html").read_text(encoding="utf-8")
    assert plan_page.stat().st_mtime_ns > before[plan_page]
    assert agency_list.stat().st_mtime_ns == before[agency_list]  # not rendered again
    full = tmp_path / "full"
    build(tiny_content, full)
    assert tree_digest(site, PAGEFIND_UNSTABLE) == tree_digest(full, PAGEFIND_UNSTABLE)


# (file, text before, text after, whether only the pages showing it are rendered again)
EDITS = [
    ("plans/kh-2-2025/plan.yml", "title: Kế hoạch thử năm 2025", "title: Kế hoạch thử đã sửa năm 2025", True),
    ("plans/kh-2-2025/plan.yml", "    lead: so-moi\n    lead_text: Sở Đất đai và Môi trường\n    timeframe: Năm 2025",
     "    lead: an-giang\n    lead_text: Ban An Giang\n    timeframe: Năm 2025", True),
    ("plans/kh-2-2025/plan.yml", "  - text: Quyết định số 192/QĐ-TTg\n",
     "  - text: Quyết định số 192/QĐ-TTg\n  - text: Luật Bảo vệ môi trường năm 2020\n", True),
    ("plans/kh-1-2024/tien-do.yml", "2024", "2024", True),  # touched, same bytes: nothing to render but lists
    # a progress report: the plan's chart, the task-reports files (CSV, JSON, XLSX) and the tasks' status change
    ("plans/kh-1-2024/tien-do.yml", "      status: in_progress\n      note: Đã mở 1 lớp",
     "      status: completed\n      note: Đã mở 1 lớp", True),
    ("plans/kh-1-2024/goc.txt", "", "Bản gốc có thêm dòng này.\n", True),  # an original document offered for download
    # the register shows the tasks naming it as related: it is rendered again when one no longer does
    ("plans/kh-2-2025/plan.yml", "    related:\n      - title: Danh sách cơ sở gây ô nhiễm\n        path: /co-so-o-nhiem/\n", "", True),
    # the year comparison's matching without a change of vocabulary (comparisons.CACHE keeps matchings)
    ("plans/kh-2-2025/plan.yml", "    continues: kh-1-2024#nv-i-1\n", "", True),
    # a legal basis entry's title only: the document's record and page (legal_documents keeps each plan's citations)
    ("plans/kh-2-2025/plan.yml", "    title: Kế hoạch thử năm 2024\n", "    title: Kế hoạch thử năm 2024, có sửa\n", True),
    ("plans/kh-2-2025/plan.yml", "    timeframe: Hằng năm\n", "    timeframe: Quý II/2025\n", True),  # parsed timeframes are kept
    ("agencies/so-moi.yml", "name: Sở Đất đai và Môi trường", "name: Sở Nông nghiệp và Môi trường\naliases: [Sở Đất đai và Môi trường]", False),
    ("facilities/co-so-thu-a.yml", "  - status: treating\n    date: 2024-09-15",
     "  - status: relocated\n    date: 2024-09-15", False),
    # the as-of date: every task's standing (open_data keeps each plan's records by its records and this date)
    ("site.yml", "as_of: 2025-12-31", "as_of: 2026-06-30", False),
]


def test_the_previews_incremental_pages_equal_a_full_build_after_each_kind_of_edit(tmp_path, tiny_content, monkeypatch):
    """The preview renders again only the pages showing the edited plan (incremental.py), and writes
    again only the open data's parts that changed (open_data.CACHE) and the charts and original
    documents of the plans it renders; after each kind of edit, one after the other, its site is a
    full build's without those caches, byte for byte."""
    from publisher import comparisons, content, open_data, pages

    monkeypatch.setattr(content, "PARSED", {})  # as the preview does: an unchanged file gives the same record
    monkeypatch.setattr(comparisons, "CACHE", {})
    monkeypatch.setattr(open_data, "CACHE", {})
    rendered, serialised = [], []
    json_items = open_data._json_items
    monkeypatch.setattr(open_data, "_json_items", lambda records: (serialised.append(records), json_items(records))[1])
    render = pages.PageWriter.render
    monkeypatch.setattr(pages.PageWriter, "render", lambda self, site_path, *rest: (rendered.append(site_path),
                                                                                   render(self, site_path, *rest))[1])
    work, site = tmp_path / "render", tmp_path / "site"
    total = build(tiny_content, site, render_work=work).pages
    for number, (name, before, after, incremental) in enumerate(EDITS):
        file = tiny_content / name
        text = file.read_text(encoding="utf-8")
        assert before in text, name
        file.write_text(text.replace(before, after, 1), encoding="utf-8")
        rendered.clear(), serialised.clear()
        build(tiny_content, site, render_work=work)
        assert (len(rendered) < total) == incremental, (name, len(rendered), total)
        written_again = len(serialised)
        with monkeypatch.context() as uncached:  # the full build, without the preview's caches
            uncached.setattr(content, "PARSED", None)
            uncached.setattr(comparisons, "CACHE", None)
            uncached.setattr(open_data, "CACHE", None)
            serialised.clear()
            full = build(tiny_content, tmp_path / f"full-{number}").site_dir
        assert written_again < len(serialised), name  # the open data's JSON: only the parts that changed
        assert tree_digest(site, PAGEFIND_UNSTABLE) == tree_digest(full, PAGEFIND_UNSTABLE), (name, after)


def test_the_preview_renders_the_register_again_only_when_what_it_shows_of_the_edited_plan_changed(tmp_path, tiny_content,
                                                                                                      monkeypatch):
    """The register lists the tasks naming it as related, with their plan's number or title (incremental.register_items):
    a draft's task timeframe edited leaves it as it was; the draft's title edited renders it again (it has no number)."""
    from publisher import pages

    rendered = []
    render = pages.PageWriter.render
    monkeypatch.setattr(pages.PageWriter, "render", lambda self, site_path, *rest: (rendered.append(site_path),
                                                                                   render(self, site_path, *rest))[1])
    work, site = tmp_path / "render", tmp_path / "site"
    build(tiny_content, site, render_work=work)
    plan = tiny_content / "plans" / "kh-2-2025" / "plan.yml"
    for before, after, register_rendered in (("    timeframe: Hằng năm\n", "    timeframe: Quý II/2025\n", False),
                                               ("title: Kế hoạch thử năm 2025", "title: Kế hoạch thử đã sửa năm 2025", True)):
        text = plan.read_text(encoding="utf-8")
        assert before in text
        plan.write_text(text.replace(before, after, 1), encoding="utf-8")
        rendered.clear()
        build(tiny_content, site, render_work=work)
        assert "/ke-hoach/kh-2-2025/" in rendered and ("/co-so-o-nhiem/" in rendered) == register_rendered, before
        assert ("Kế hoạch thử đã sửa năm 2025" in (site / "co-so-o-nhiem" / "index.html").read_text(encoding="utf-8")) == register_rendered


def test_the_previews_snapshot_reads_again_only_files_whose_status_changed(tmp_path, monkeypatch):
    """incremental.content_snapshot: a file is read again when its size, times or inode changed, and
    while it changed too recently for its status to tell a second write (snapshot.RACY_NS)."""
    from publisher import incremental, snapshot

    plan = tmp_path / "plans" / "kh-1" / "plan.yml"
    plan.parent.mkdir(parents=True)
    plan.write_text("title: A\n", encoding="utf-8")
    reads = []
    monkeypatch.setattr(snapshot, "open", lambda path, mode: (reads.append(os.path.basename(path)), open(path, mode))[1],
                        raising=False)
    monkeypatch.setattr(snapshot, "RACY_NS", 3600 * 10**9)  # every file is too recent: read each time
    incremental.content_snapshot(tmp_path)
    files = incremental.content_snapshot(tmp_path)
    assert reads == ["plan.yml", "plan.yml"] and files["plans/kh-1/plan.yml"].data == b"title: A\n"
    monkeypatch.setattr(snapshot, "RACY_NS", 0)
    reads.clear()
    incremental.content_snapshot(tmp_path)
    assert snapshot.changed(files, incremental.content_snapshot(tmp_path)) == set() and reads == ["plan.yml"]  # read once, then kept
    time.sleep(0.05)  # past the file system clock's tick (RACY_NS covers this in the preview)
    plan.write_text("title: B\n", encoding="utf-8")  # same size: the change time tells
    changed = incremental.content_snapshot(tmp_path)
    assert reads == ["plan.yml", "plan.yml"] and changed["plans/kh-1/plan.yml"].data == b"title: B\n"
    assert snapshot.changed(files, changed) == {"plans/kh-1/plan.yml"}
