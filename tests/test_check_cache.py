"""The cache of `build.py check` (publisher/check_cache.py): the same problems with it as without it,
cold or warm; an edited file, or a file that others are judged against, is judged again; a cache
file that cannot be read is ignored and rewritten; --no-cache, --cache DIR and CHECK_CACHE_DIR."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher import check_cache, markdown_rules
from publisher.content import ContentLoader
from publisher.pipeline import generate_docs, load_and_check, load_checked
from publisher.problems import ContentError
from tests.test_validation import BROKEN, CASES, make_content

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
