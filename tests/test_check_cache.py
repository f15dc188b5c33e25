"""The cache of `build.py check` (publisher/check_cache.py) and its last state (check_state.py): the same
problems with them as without, cold or warm, whatever was edited; an edited file, or a file that others
are judged against, is judged again; a cache file that cannot be read is ignored and rewritten;
--no-cache, --cache DIR and CHECK_CACHE_DIR."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import check_cache, check_state, markdown_rules, snapshot
from publisher.content import ContentLoader
from publisher.pipeline import generate_docs, load_and_check, load_checked
from publisher.problems import ContentError
from tests.test_validation import BROKEN, CASES, TINY as TINY_CONTENT, make_content

PROJECT = Path(__file__).resolve().parent.parent
REAL_CONTENT = PROJECT / "content"


@pytest.fixture
def cache_dir(tmp_path: Path):
    folder = tmp_path / "cache"
    check_cache.use(folder)
    yield folder
    check_cache.use(None)


def report(content: Path) -> str:
    """What `build.py check` prints for content: its problems, or the plans and tasks it counted."""
    try:
        checked = load_checked(content)
    except ContentError as error:
        return error.problems.report()
    return repr(sorted((plan_id, loaded.record) for plan_id, loaded in checked.plans.items()))


def reports(content: Path, folder: Path) -> tuple[str, str, str]:
    """Without the cache, then with it cold (empty), then warm (filled by the run before)."""
    check_cache.use(None)
    without = report(content)
    check_cache.use(folder)
    return without, report(content), report(content)


@pytest.mark.parametrize("name", CASES)
def test_broken_case_same_with_cache(name: str, tmp_path: Path, cache_dir: Path) -> None:
    content = make_content(tmp_path, BROKEN / name)
    without, cold, warm = reports(content, cache_dir)
    assert cold == without
    assert warm == without
    expected = (BROKEN / name / "expected.txt").read_text(encoding="utf-8")
    assert warm + "\n" == expected


def test_real_content_same_with_cache(tmp_path: Path, cache_dir: Path, monkeypatch) -> None:
    without, cold, warm = reports(REAL_CONTENT, cache_dir)
    assert "kh-75-2012" in without
    assert cold == without
    assert warm == without
    # warm, nothing is parsed again: neither a YAML file nor a Markdown text
    check_cache.use(cache_dir)
    monkeypatch.setattr(ContentLoader, "parse", None)
    monkeypatch.setattr(markdown_rules, "_parser", None)
    assert report(REAL_CONTENT) == without


def test_edited_task_lead_is_reported_on_warm_run(tmp_path: Path, cache_dir: Path) -> None:
    content = make_content(tmp_path)
    report(content)
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    lead: an-giang\n", "    lead: an-giang-cu\n", 1), encoding="utf-8")
    assert report(content) == (
        "content/plans/kh-2-2025/plan.yml:43:5: tasks[1].lead: không có cơ quan mã 'an-giang-cu' "
        "(cần tệp content/agencies/an-giang-cu.yml)\n1 lỗi trong 1 tệp."
    )
    plan.write_text(text, encoding="utf-8")
    assert "kh-2-2025" in report(content)


def test_changed_agency_rejudges_plans_that_name_it(tmp_path: Path, cache_dir: Path) -> None:
    """The plan file did not change, yet its task's lead_text no longer names the agency."""
    content = make_content(tmp_path)
    report(content)
    agency = content / "agencies" / "an-giang.yml"
    agency.write_text(agency.read_text(encoding="utf-8").replace("name: Ban An Giang", "name: Ban Tây Hồ"), encoding="utf-8")
    problems = report(content)
    assert ("content/plans/kh-2-2025/plan.yml:44:5: tasks[1].lead_text: không thấy tên nào của cơ quan 'an-giang' "
            "trong lead_text") in problems
    check_cache.use(None)
    assert report(content) == problems


def test_unreadable_cache_files_are_ignored_and_rewritten(tmp_path: Path, cache_dir: Path) -> None:
    content = make_content(tmp_path, BROKEN / "agency-description-unknown-link")
    expected = report(content)
    entries = sorted((cache_dir / "files").iterdir()) + [cache_dir / "markdown.pickle"]
    assert "liên kết tới trang không tồn tại" in expected and entries[-1].is_file()
    damages = [
        lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),  # truncated
        lambda path: path.write_bytes(b"not a pickle at all"),
        lambda path: path.write_bytes(pickle.dumps({"someone": "else's"})),  # foreign
        lambda path: path.write_bytes(pickle.dumps((check_cache.MARKER, "an older fingerprint", None, None))),
        lambda path: path.write_bytes(b""),
    ]
    for index, path in enumerate(entries):
        damages[index % len(damages)](path)
    check_cache.use(cache_dir)  # as a new process would, reading every entry from its file
    assert report(content) == expected
    for path in entries:  # rewritten whole: the next run reads every entry again
        assert pickle.loads(path.read_bytes())[0] == check_cache.MARKER, path
    assert report(content) == expected


def run_check(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", "check", *arguments], cwd=PROJECT, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, env={**os.environ, **(env or {})})


def test_cli_cache_options(tmp_path: Path) -> None:
    content = make_content(tmp_path, BROKEN / "agency-unknown-parent")
    expected = (BROKEN / "agency-unknown-parent" / "expected.txt").read_text(encoding="utf-8")
    folder = tmp_path / "given"
    for _ in range(2):
        assert run_check("--content", str(content), "--cache", str(folder)).stderr.startswith(expected)
    assert len(list((folder / "files").iterdir())) == len([p for p in content.rglob("*.yml")])
    from_env = tmp_path / "from-env"
    assert run_check("--content", str(content), env={check_cache.ENVIRONMENT_VARIABLE: str(from_env)}).stderr.startswith(expected)
    assert (from_env / "files").is_dir()
    unused = tmp_path / "unused"
    result = run_check("--content", str(content), "--no-cache", env={check_cache.ENVIRONMENT_VARIABLE: str(unused)})
    assert result.stderr.startswith(expected)
    assert not unused.exists()


def test_concurrent_checks_share_one_cache(tmp_path: Path) -> None:
    """Two checks writing the same cache at the same time: both right, and so is the next one."""
    content = make_content(tmp_path, BROKEN / "agency-unknown-parent")
    expected = (BROKEN / "agency-unknown-parent" / "expected.txt").read_text(encoding="utf-8")
    folder = tmp_path / "shared"
    command = [sys.executable, "build.py", "check", "--content", str(content), "--cache", str(folder)]
    runs = [subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             encoding="utf-8") for _ in range(3)]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert stderr.startswith(expected)
    assert run_check("--content", str(content), "--cache", str(folder)).stderr.startswith(expected)
    assert not [path for path in folder.rglob(".tmp-*")]



def generated_files(content: Path, docs: Path) -> dict[str, bytes]:
    """Every file the build writes before MkDocs (open data, Markdown pages), by path."""
    generate_docs(load_and_check(content), docs)
    return {str(path.relative_to(docs)): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}


def test_generated_pages_same_with_cache(tmp_path: Path, cache_dir: Path) -> None:
    """What a build makes from the content (pages and open data) does not depend on the cache."""
    check_cache.use(None)
    without = generated_files(REAL_CONTENT, tmp_path / "without")
    check_cache.use(cache_dir)
    generated_files(REAL_CONTENT, tmp_path / "cold")
    warm = generated_files(REAL_CONTENT, tmp_path / "warm")
    assert len(without) > 20 and any(name.endswith(".csv") for name in without)
    assert warm == without


# -- the last check's state (publisher/check_state.py) ----------------------------------------------

@pytest.fixture
def short_racy_window(monkeypatch):
    """Entries older than 50 ms are trusted (2 s in use): state_report waits that long, so that
    tests see the warm and the plan-folder-alone paths, not only the full one."""
    monkeypatch.setattr(snapshot, "RACY_NS", 50_000_000)


def state_report(content: Path) -> str:
    """What `build.py check` prints for content (its problems, or its counts), through check_state."""
    time.sleep(0.06)
    try:
        counts = check_state.check(content)
    except ContentError as error:
        return error.problems.report()
    return f"{counts.plans} kế hoạch, {counts.tasks} nhiệm vụ, {counts.agencies} cơ quan"


def uncached_report(content: Path) -> str:
    active = check_cache.ACTIVE
    check_cache.use(None)
    try:
        return state_report(content)
    finally:
        check_cache.ACTIVE = active


def touch_plan_folders(content: Path) -> None:
    """Every file in a plan folder written again, the same bytes: its status changed, not its bytes."""
    for path in sorted((content / "plans").rglob("*")):
        if path.is_file():
            path.write_bytes(path.read_bytes())


def lengthen_plan_folders(content: Path) -> None:
    """Every file in a plan folder given one more line at its end: changed for the snapshot."""
    for path in sorted((content / "plans").rglob("*")):
        if path.is_file():
            path.write_bytes(path.read_bytes() + b"\n")


@pytest.mark.parametrize("legal_documents", [True, False])
@pytest.mark.parametrize("name", CASES)
def test_broken_case_same_from_last_state(name: str, legal_documents: bool, tmp_path: Path, cache_dir: Path,
                                          short_racy_window) -> None:
    """Filled, then unchanged (the last run's answer), then with every plan folder's files written again
    with the same bytes (the last run's answer, nothing loaded), then lengthened by a line (checked
    alone when they may be): the same report as without the cache. Without legal documents, plan
    folders may be checked alone."""
    content = make_content(tmp_path, BROKEN / name)
    if not legal_documents:
        shutil.rmtree(content / "legal-documents", ignore_errors=True)
    without = uncached_report(content)
    if legal_documents:
        assert without + "\n" == (BROKEN / name / "expected.txt").read_text(encoding="utf-8")
    assert state_report(content) == without
    assert state_report(content) == without
    touch_plan_folders(content)
    with pytest.MonkeyPatch.context() as nothing_loaded:
        nothing_loaded.setattr(check_state, "_check_all", None)
        nothing_loaded.setattr(check_state, "_check_alone", None)
        assert state_report(content) == without
    lengthen_plan_folders(content)
    assert state_report(content) == uncached_report(content)


def test_unchanged_content_is_not_read(tmp_path: Path, cache_dir: Path, short_racy_window, monkeypatch) -> None:
    content = make_content(tmp_path, BROKEN / "lead-text-not-naming-lead")
    expected = uncached_report(content)
    assert "tasks[0].lead_text: không thấy tên nào" in expected
    assert state_report(content) == expected
    monkeypatch.setattr(check_state, "_check_all", None)  # nothing loaded, checked
    monkeypatch.setattr(check_state, "_check_alone", None)
    assert state_report(content) == expected
    time.sleep(snapshot.RACY_NS / 1e9 * 40)  # as `build.py check` sees it (2 s), the files are old enough
    command = [sys.executable, "-X", "importtime", "build.py", "check", "--content", str(content), "--cache", str(cache_dir)]
    run = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert expected in run.stderr and "pydantic" not in run.stderr  # nor the loaders imported


def without_legal_documents(tmp_path: Path) -> Path:
    content = make_content(tmp_path)
    shutil.rmtree(content / "legal-documents")
    return content


def test_edited_plan_folder_is_checked_alone(tmp_path: Path, cache_dir: Path, short_racy_window, monkeypatch) -> None:
    content = without_legal_documents(tmp_path)
    assert state_report(content) == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    whole_loads = []
    check_all = check_state._check_all
    monkeypatch.setattr(check_state, "_check_all", lambda *arguments: whole_loads.append(1) or check_all(*arguments))

    def alone_report() -> str:
        before = len(whole_loads)
        report = state_report(content)
        assert len(whole_loads) == before  # the whole content was not loaded again
        return report

    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text("# một dòng mới ở đầu tệp\n" + text.replace("    lead: an-giang\n", "    lead: an-giang-cu\n", 1), encoding="utf-8")
    assert alone_report() == (
        "content/plans/kh-2-2025/plan.yml:44:5: tasks[1].lead: không có cơ quan mã 'an-giang-cu' "
        "(cần tệp content/agencies/an-giang-cu.yml)\n1 lỗi trong 1 tệp.")
    body = content / "plans" / "kh-1-2024" / "noi-dung.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nXem [trang cũ](/ke-hoach/kh-0-2020/).\n", encoding="utf-8")
    report = alone_report()
    assert report == uncached_report(content)
    assert "content/plans/kh-1-2024/noi-dung.md:" in report and "liên kết tới trang không tồn tại: '/ke-hoach/kh-0-2020/'" in report
    plan.write_text(text, encoding="utf-8")
    body.write_text((TINY_CONTENT / "plans" / "kh-1-2024" / "noi-dung.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert alone_report() == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    # an anchor that another plan continues is renamed: that plan is checked again too
    earlier = content / "plans" / "kh-1-2024" / "plan.yml"
    earlier_text = earlier.read_text(encoding="utf-8")
    earlier.write_text(earlier_text.replace('  - number: "3.2"', '  - number: "3.3"'), encoding="utf-8")
    assert alone_report() == (
        "content/plans/kh-2-2025/plan.yml:29:5: targets[0].continues: kế hoạch 'kh-1-2024' không có chỉ tiêu có neo "
        "#ct-3-2; neo có dạng 'ct-3-1' (xem địa chỉ dòng chỉ tiêu trên trang kế hoạch)\n1 lỗi trong 1 tệp.")
    earlier.write_text(earlier_text, encoding="utf-8")
    assert alone_report() == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    # a task added to a plan whose page another plan's text links to, then the link's anchor removed
    body.write_text(body.read_text(encoding="utf-8") + "\nXem [nhiệm vụ 3](/ke-hoach/kh-2-2025/#nv-3).\n", encoding="utf-8")
    assert alone_report() == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    plan.write_text(text.replace('  - number: "3"', '  - number: "4"'), encoding="utf-8")
    report = alone_report()
    assert report == uncached_report(content)
    assert "content/plans/kh-1-2024/noi-dung.md:" in report and "liên kết tới mục không tồn tại: '/ke-hoach/kh-2-2025/#nv-3'" in report
    plan.write_text(text + '  - number: "9"\n    title: Một nhiệm vụ nữa\n    lead: so-moi\n    lead_text: Sở Đất đai và Môi trường\n'
                    '    timeframe: Năm 2025\n', encoding="utf-8")
    assert alone_report() == "2 kế hoạch, 6 nhiệm vụ, 5 cơ quan"


def test_same_size_rewrite_within_the_racy_window_is_seen(tmp_path: Path, cache_dir: Path, monkeypatch) -> None:
    """A file rewritten with the same size and its old mtime put back, just after a check: the stat
    the check saw may be the same, so it recorded the file as unknown and checks it again."""
    content = without_legal_documents(tmp_path)
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    old = plan.stat()
    assert state_report(content) == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    text = plan.read_text(encoding="utf-8")
    edited = text.replace("    lead: an-giang\n", "    lead: an-gianx\n", 1)
    assert len(edited.encode()) == len(text.encode())
    plan.write_text(edited, encoding="utf-8")
    os.utime(plan, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert "tasks[1].lead: không có cơ quan mã 'an-gianx'" in state_report(content)


def test_recent_files_are_recorded_by_their_bytes(tmp_path: Path, monkeypatch) -> None:
    content = without_legal_documents(tmp_path)
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    monkeypatch.setattr(snapshot, "RACY_NS", 3600 * 10**9)
    recent = snapshot.take(content)
    assert recent["plans/kh-2-2025/plan.yml"] == (None, hashlib.sha256(plan.read_bytes()).digest(), None)  # no status
    assert recent["plans"] == ((content.joinpath("plans").stat().st_mode,), None, None)  # a folder: its mode only
    monkeypatch.setattr(snapshot, "RACY_NS", 0)
    old = snapshot.take(content, recent)
    assert None not in [entry.status for entry in old.values()] and old.keys() == recent.keys()
    assert old["plans/kh-2-2025/plan.yml"].status[1:] == (plan.stat().st_size, plan.stat().st_mtime_ns, plan.stat().st_ctime_ns,
                                                         plan.stat().st_ino)
    assert snapshot.changed(recent, old) == set()  # the same bytes
    plan.write_bytes(plan.read_bytes().replace(b"an-giang", b"an-gianx", 1))
    assert snapshot.changed(recent, snapshot.take(content, old)) == {"plans/kh-2-2025/plan.yml"}


def test_check_after_an_edit_outside_plan_folders_is_answered_from_the_state(tmp_path: Path, cache_dir: Path,
                                                                             monkeypatch) -> None:
    """An agency edited just before a check (so recorded by its bytes) is not checked again at the
    next check; edited again, it is."""
    content = without_legal_documents(tmp_path)
    monkeypatch.setattr(snapshot, "RACY_NS", 3600 * 10**9)  # every file as if just edited
    assert state_report(content) == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    agency = content / "agencies" / "an-giang.yml"
    agency.write_text(agency.read_text(encoding="utf-8").replace("name: Ban An Giang", "name: Ban Tây Hồ"), encoding="utf-8")
    report = state_report(content)
    assert "tasks[1].lead_text: không thấy tên nào của cơ quan 'an-giang'" in report
    check_all = check_state._check_all
    monkeypatch.setattr(check_state, "_check_all", None)
    assert state_report(content) == report
    agency.write_text(agency.read_text(encoding="utf-8").replace("name: Ban Tây Hồ", "name: Ban An Giang"), encoding="utf-8")
    monkeypatch.setattr(check_state, "_check_all", check_all)
    assert state_report(content) == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    state_path, _, key = check_state._paths(cache_dir, content)
    assert all(seen.status is None for name, seen in check_cache.read_entry(state_path, key).snapshot.items()
               if (content / name).is_file())
    monkeypatch.setattr(snapshot, "RACY_NS", 0)  # the files are old enough now: known by their stat again
    monkeypatch.setattr(check_state, "_check_all", None)
    assert state_report(content) == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
    assert all(seen.status is not None for seen in check_cache.read_entry(state_path, key).snapshot.values())


def test_changed_agency_checks_everything_again(tmp_path: Path, cache_dir: Path, short_racy_window) -> None:
    content = without_legal_documents(tmp_path)
    state_report(content)
    agency = content / "agencies" / "an-giang.yml"
    agency.write_text(agency.read_text(encoding="utf-8").replace("name: Ban An Giang", "name: Ban Tây Hồ"), encoding="utf-8")
    report = state_report(content)
    assert "content/plans/kh-2-2025/plan.yml:44:5: tasks[1].lead_text: không thấy tên nào của cơ quan 'an-giang'" in report
    assert report == uncached_report(content)


# edits an editor might make, each to one file; None: the file removed
EDITS = {
    "plans/kh-2-2025/plan.yml": [
        lambda text: "# ghi chú\n" + text,
        lambda text: text.replace("    lead: an-giang\n", "    lead: an-giang-cu\n", 1),
        lambda text: text.replace("lead_text: Ban An Giang", "lead_text: Ban Tây Hồ"),
        lambda text: text.replace('  - number: "3"', '  - number: "4"'),  # an anchor: its face changes
        lambda text: text.replace("year: 2025", "year: 2023"),
        lambda text: text.replace("continues: kh-1-2024#nv-i-1", "continues: kh-1-2024#nv-9"),
        lambda text: text.replace("timeframe: Năm 2025", "timeframe: Năm 2031"),
        lambda text: text.replace("title: Đào tạo cán bộ", "title: 'Đào tạo: cán bộ"),  # unreadable
        lambda text: text.replace("path: /co-so-o-nhiem/", "path: /co-so-o-nhiem/#khong-co"),
    ],
    "plans/kh-1-2024/plan.yml": [  # anchors that kh-2-2025 continues, and its own progress file names
        lambda text: text.replace('  - number: "3.2"', '  - number: "3.3"'),
        lambda text: text.replace('  - number: "1"\n    group: I\n', '  - number: "5"\n    group: I\n'),
        lambda text: text.replace('  - number: "1"\n    group: II\n', '  - number: "2"\n    group: II\n'),
        lambda text: text.replace("  - id: ban-hanh", "  - id: ban-hanh-lai"),
        lambda text: "# ghi chú\n" + text,
    ],
    "plans/kh-1-2024/noi-dung.md": [
        lambda text: text + "\nXem [kế hoạch](/ke-hoach/kh-9-2020/).\n",
        lambda text: text + "\nXem [nhiệm vụ 3](/ke-hoach/kh-2-2025/#nv-3) và [4](/ke-hoach/kh-2-2025/#nv-4).\n",
        lambda text: text + "\n<div>khối HTML</div>\n",
        lambda text: text.replace("(/ke-hoach/kh-2-2025/)", "(/ke-hoach/kh-2-2025/#nv-4)"),
        None,
    ],
    "plans/kh-1-2024/tien-do.yml": [
        lambda text: text.replace("  nv-ii-1:", "  nv-ii-9:"),
        lambda text: text.replace("date: 2025-01-10", "date: 2023-01-10"),
        None,
    ],
    "agencies/an-giang.yml": [lambda text: text.replace("name: Ban An Giang", "name: Ban Tây Hồ")],
    "site.yml": [lambda text: text.replace("as_of: ", "as_of: 2024-01-01\n# as_of: ")],
}


def apply_edit(content: Path, name: str, which: int, put_back: bool) -> None:
    """One step of a random series: the file put back as in the tiny content, or EDITS' edit number
    `which` (modulo their number) made to it (None: the file removed)."""
    path = content / name
    if put_back:
        shutil.copyfile(TINY_CONTENT / name, path)
        return
    edit = EDITS[name][which % len(EDITS[name])]
    if edit is None:
        path.unlink(missing_ok=True)
    elif path.is_file():
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 20), st.booleans()), min_size=1, max_size=6))
def test_any_edits_same_as_without_cache(tmp_path_factory, short_racy_window, edits) -> None:
    """After each of a series of edits (or a file put back as it was), the same report as without the cache."""
    tmp_path = tmp_path_factory.mktemp("edits")
    content = without_legal_documents(tmp_path)
    check_cache.use(tmp_path / "cache")
    try:
        assert state_report(content) == "2 kế hoạch, 5 nhiệm vụ, 5 cơ quan"
        for name, which, put_back in edits:
            apply_edit(content, name, which, put_back)
            assert state_report(content) == uncached_report(content), (name, which, put_back)
    finally:
        check_cache.use(None)


def test_unreadable_state_is_ignored_and_rewritten(tmp_path: Path, cache_dir: Path, short_racy_window) -> None:
    content = make_content(tmp_path, BROKEN / "lead-text-not-naming-lead")
    shutil.rmtree(content / "legal-documents")  # so that the faces are written and read
    expected = state_report(content)
    assert expected == uncached_report(content) and "lead_text" in expected
    state, faces = sorted((cache_dir / "state").iterdir(), key=lambda path: path.name.endswith(".faces.pickle"))
    damages = (b"", b"not a pickle", pickle.dumps((check_cache.MARKER, check_cache.FINGERPRINT, "another key", None)))
    for path in (state, faces):
        for damage in damages:
            path.write_bytes(damage)
            lengthen_plan_folders(content)  # the faces are read only when a plan folder changed
            assert state_report(content) == expected
            assert pickle.loads(path.read_bytes())[0] == check_cache.MARKER


def test_reader_with_a_problem_across_the_content(tmp_path: Path, cache_dir: Path, short_racy_window) -> None:
    """kh-2-2025 reads kh-1-2024's page (a related page) and has only a problem of the checks across the
    content (a second plan of its series in 2024), so its progress file is not checked; kh-1-2024's
    anchors change: the same as uncached."""
    content = without_legal_documents(tmp_path)
    later = content / "plans" / "kh-2-2025"
    text = (later / "plan.yml").read_text(encoding="utf-8").replace("year: 2025", "year: 2024")
    text = text.replace("    continues: kh-1-2024#ct-3-2\n", "").replace("    continues: kh-1-2024#nv-i-1\n", "")
    (later / "plan.yml").write_text(text.replace("path: /co-so-o-nhiem/", "path: /ke-hoach/kh-1-2024/"), encoding="utf-8")
    (later / "tien-do.yml").write_text("id: kh-2-2025\ntasks:\n  nv-7:\n    - date: 2025-01-10\n      status: completed\n",
                                       encoding="utf-8")
    first = state_report(content)
    assert first == uncached_report(content) and "year: chuỗi 'chuoi-thu' đã có kế hoạch năm 2024" in first
    assert first.endswith("1 lỗi trong 1 tệp.")
    assert "tien-do.yml" not in first
    earlier = content / "plans" / "kh-1-2024" / "plan.yml"
    earlier.write_text(earlier.read_text(encoding="utf-8").replace('  - number: "1"\n    group: II\n', '  - number: "2"\n    group: II\n'),
                       encoding="utf-8")
    report = state_report(content)
    assert report == uncached_report(content)
    assert "kh-1-2024/tien-do.yml" in report and "kh-2-2025/tien-do.yml" not in report
