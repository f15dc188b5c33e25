"""The preview's load and check (content.PARSED set, checks.MEMO): after any edit, the same problems as a
check without caches, in the same order, with the same lines and messages, though an unchanged plan
is not checked again unless what its checks read from other files changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import checks, content as content_module, snapshot
from publisher.checks import Checker
from publisher.content import ContentLoader
from publisher.pipeline import load_checked
from publisher.problems import ContentError
from tests.test_check_cache import EDITS, apply_edit
from tests.test_validation import TINY, make_content

CLEAN = "2 kế hoạch, 5 nhiệm vụ"


def problems_of(content: Path) -> list:
    """load_checked's problems in the order found, or [] when there are none."""
    try:
        load_checked(content, files=snapshot.take(content))
    except ContentError as error:
        return error.problems.items
    return []


def summary(content: Path, items: list) -> str:
    if not items:
        checked = load_checked(content)
        return f"{len(checked.plans)} kế hoạch, {sum(len(loaded.record.tasks) for loaded in checked.plans.values())} nhiệm vụ"
    return "\n".join(str(problem) for problem in items)


def uncached(content: Path) -> list:
    parsed = content_module.PARSED
    content_module.PARSED = None
    try:
        return problems_of(content)
    finally:
        content_module.PARSED = parsed


@pytest.fixture
def preview():
    """As preview.serve sets it: unchanged files are not parsed again, nor their plans checked again."""
    content_module.PARSED = {}
    yield
    content_module.PARSED = None
    checks.MEMO.clear()


@pytest.fixture
def checked_plans(monkeypatch) -> list[str]:
    """The plans whose tasks the preview checks (Checker.check_tasks) and whose Markdown fields it reads, in order."""
    seen: list[str] = []
    check_tasks, plan_field_jobs = Checker.check_tasks, Checker.plan_field_jobs

    def note(name: str) -> None:
        if content_module.PARSED is not None:  # not the uncached check the preview's is compared with
            seen.append(name)

    monkeypatch.setattr(Checker, "check_tasks", lambda self, loaded: note(loaded.record.id) or check_tasks(self, loaded))
    monkeypatch.setattr(Checker, "plan_field_jobs", lambda self, loaded: note(f"md {loaded.record.id}")
                        or plan_field_jobs(self, loaded))
    return seen


def preview_report(content: Path) -> str:
    """The preview's problems, which must be an uncached check's, in the same order."""
    items = problems_of(content)
    assert items == uncached(content)
    return summary(content, items)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unchanged_plans_are_not_checked_again(tmp_path: Path, preview, checked_plans: list[str]) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    checked_plans.clear()
    assert problems_of(content) == []
    assert checked_plans == []
    edit(content / "plans" / "kh-2-2025" / "plan.yml", "title: Kế hoạch thử năm 2025", "title: Kế hoạch thử 2025")
    assert problems_of(content) == []
    assert checked_plans == ["kh-2-2025", "md kh-2-2025"]
    checked_plans.clear()
    edit(content / "plans" / "kh-1-2024" / "noi-dung.md", "## II. NỘI DUNG", "## II. NỘI DUNG CHÍNH")
    assert problems_of(content) == []
    assert checked_plans == ["md kh-1-2024"]  # its body changed, not its plan.yml


def test_problem_in_the_edited_plan(tmp_path: Path, preview, checked_plans: list[str]) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    edit(plan, "    lead: an-giang\n", "    lead: an-giang-cu\n")
    checked_plans.clear()
    assert preview_report(content) == ("content/plans/kh-2-2025/plan.yml:43:5: tasks[1].lead: không có cơ quan mã 'an-giang-cu' "
                                       "(cần tệp content/agencies/an-giang-cu.yml)")
    assert checked_plans[:2] == ["kh-2-2025", "md kh-2-2025"]
    edit(plan, "    lead: an-giang-cu\n", "    lead: an-giang\n")
    assert preview_report(content) == CLEAN


def test_agency_names_changed(tmp_path: Path, preview, checked_plans: list[str]) -> None:
    """kh-1-2024's unchanged task names an agency by a name it no longer has, then by an alias added;
    kh-2-2025 does not name that agency: it is not checked again."""
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    agency = content / "agencies" / "so-cu.yml"
    edit(agency, "name: Sở Đất đai cũ\naliases:\n  - Sở Đất Đai cũ\n", "name: Sở Tài nguyên cũ\n")
    checked_plans.clear()
    assert preview_report(content) == (
        "content/plans/kh-1-2024/plan.yml:49:5: tasks[0].lead_text: không thấy tên nào của cơ quan 'so-cu' trong "
        "lead_text; kiểm tra mã cơ quan hoặc thêm cách viết này vào aliases")
    assert "kh-1-2024" in checked_plans and "kh-2-2025" not in checked_plans
    edit(agency, "name: Sở Tài nguyên cũ\n", "name: Sở Tài nguyên cũ\naliases: [Sở Đất Đai cũ]\n")
    assert preview_report(content) == CLEAN


def test_agency_name_of_two_plans_changed(tmp_path: Path, preview) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    edit(content / "agencies" / "an-giang.yml", "name: Ban An Giang", "name: Ban Tây Hồ")
    assert preview_report(content) == "\n".join(
        f"content/plans/{plan}/plan.yml:{line}:5: tasks[1].lead_text: không thấy tên nào của cơ quan 'an-giang' trong "
        "lead_text; kiểm tra mã cơ quan hoặc thêm cách viết này vào aliases" for plan, line in (("kh-1-2024", 59), ("kh-2-2025", 44)))


def test_agency_removed(tmp_path: Path, preview) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    (content / "agencies" / "doanh-nghiep.yml").unlink()
    report = preview_report(content)
    assert ("content/plans/kh-2-2025/plan.yml:35:20: tasks[0].coordinating[0]: không có cơ quan mã 'doanh-nghiep' "
            "(cần tệp content/agencies/doanh-nghiep.yml)") in report.splitlines()
    shutil.copyfile(TINY / "agencies" / "doanh-nghiep.yml", content / "agencies" / "doanh-nghiep.yml")
    assert preview_report(content) == CLEAN


def test_continued_task_gone(tmp_path: Path, preview, checked_plans: list[str]) -> None:
    """kh-2-2025 continues kh-1-2024's task nv-i-1, which is renumbered: kh-2-2025 is checked again."""
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    earlier = content / "plans" / "kh-1-2024" / "plan.yml"
    edit(earlier, '  - number: "1"\n    group: I\n', '  - number: "5"\n    group: I\n')
    checked_plans.clear()
    report = preview_report(content)
    assert ("content/plans/kh-2-2025/plan.yml:40:5: tasks[0].continues: kế hoạch 'kh-1-2024' không có nhiệm vụ có neo "
            "#nv-i-1; neo có dạng 'nv-i-5' (xem địa chỉ dòng nhiệm vụ trên trang kế hoạch)") in report.splitlines()
    assert checked_plans[:2] == ["kh-1-2024", "kh-2-2025"]
    shutil.copyfile(TINY / "plans" / "kh-1-2024" / "plan.yml", earlier)
    assert preview_report(content) == CLEAN


def test_as_of_moved_before_a_version(tmp_path: Path, preview) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    edit(content / "site.yml", "as_of: 2025-12-31", "as_of: 2024-01-10")
    report = preview_report(content)
    assert ("content/plans/kh-1-2024/plan.yml:19:5: versions[1].date: ngày 2024-01-15 sau ngày dữ liệu 2024-01-10 "
            "(as_of trong site.yml)") in report.splitlines()
    edit(content / "site.yml", "as_of: 2024-01-10", "as_of: 2025-12-31")
    assert preview_report(content) == CLEAN


def test_series_removed(tmp_path: Path, preview) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    (content / "series" / "chuoi-thu.yml").unlink()
    assert preview_report(content) == (
        "content/plans/kh-1-2024/plan.yml:4:1: series: không có chuỗi kế hoạch mã 'chuoi-thu' (cần tệp content/series/chuoi-thu.yml)\n"
        "content/plans/kh-2-2025/plan.yml:4:1: series: không có chuỗi kế hoạch mã 'chuoi-thu' (cần tệp content/series/chuoi-thu.yml)")


def test_linked_anchor_gone(tmp_path: Path, preview, checked_plans: list[str]) -> None:
    """kh-1-2024's unchanged text links to a task of kh-2-2025, which is renumbered."""
    content = make_content(tmp_path)
    body = content / "plans" / "kh-1-2024" / "noi-dung.md"
    edit(body, "(/ke-hoach/kh-2-2025/)", "(/ke-hoach/kh-2-2025/#nv-3)")
    assert preview_report(content) == CLEAN
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    edit(plan, '  - number: "3"', '  - number: "4"')
    checked_plans.clear()
    assert preview_report(content) == ("content/plans/kh-1-2024/noi-dung.md:12:1: liên kết tới mục không tồn tại: "
                                       "'/ke-hoach/kh-2-2025/#nv-3'")
    assert "md kh-1-2024" not in checked_plans  # its texts' findings kept, their links judged again
    edit(plan, '  - number: "4"', '  - number: "3"')
    assert preview_report(content) == CLEAN


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 20), st.booleans()), min_size=1, max_size=6))
def test_any_edits_same_as_without_caches(tmp_path_factory, preview, edits) -> None:
    """After each of a series of edits (or a file put back as it was), the same problems as uncached, in order."""
    content = make_content(tmp_path_factory.mktemp("edits"))
    checks.MEMO.clear()
    assert preview_report(content) == CLEAN
    for name, which, put_back in edits:
        apply_edit(content, name, which, put_back)
        assert problems_of(content) == uncached(content), (name, which, put_back)


def test_unchanged_folders_are_not_loaded_again(tmp_path: Path, preview, monkeypatch) -> None:
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    loaded: list[str] = []
    read_plan_folder, read_records = ContentLoader.read_plan_folder, ContentLoader.read_records
    monkeypatch.setattr(ContentLoader, "read_plan_folder", lambda self, plan_dir: loaded.append(plan_dir.name)
                        or read_plan_folder(self, plan_dir))
    monkeypatch.setattr(ContentLoader, "read_records", lambda self, kind, model: loaded.append(kind)
                        or read_records(self, kind, model))
    assert problems_of(content) == []
    assert loaded == []
    edit(content / "plans" / "kh-2-2025" / "plan.yml", "    lead: an-giang\n", "    lead: an-giang-cu\n")
    assert [str(problem) for problem in problems_of(content)] == [
        "content/plans/kh-2-2025/plan.yml:43:5: tasks[1].lead: không có cơ quan mã 'an-giang-cu' "
        "(cần tệp content/agencies/an-giang-cu.yml)"]
    assert loaded == ["kh-2-2025"]
    (content / "agencies" / "so-moi.yml").write_text("id: so-moi\nname: [\n", encoding="utf-8")
    loaded.clear()
    items = problems_of(content)
    assert loaded == ["agencies"]
    assert items == uncached(content)
    assert str(items[0]).startswith("content/agencies/so-moi.yml:")


def test_file_saved_while_loading_is_not_kept(tmp_path: Path, preview) -> None:
    """A body saved after the snapshot was taken and before it was read: what loading found is of bytes
    the snapshot did not see, and is not kept under the snapshot's view of its folder."""
    content = make_content(tmp_path)
    assert preview_report(content) == CLEAN
    edit(content / "plans" / "kh-1-2024" / "plan.yml", "title: ", "title: Một ")  # the folder to be loaded again
    body = content / "plans" / "kh-1-2024" / "noi-dung.md"
    text = body.read_text(encoding="utf-8")
    files = snapshot.take(content)
    body.write_text(text + "\nXem [kế hoạch](/ke-hoach/kh-9-2020/).\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_checked(content, files=files)
    assert "liên kết tới trang không tồn tại: '/ke-hoach/kh-9-2020/'" in raised.value.problems.report()
    body.write_text(text, encoding="utf-8")  # as the snapshot saw it
    assert preview_report(content) == CLEAN
