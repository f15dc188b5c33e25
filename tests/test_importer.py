"""`build.py import`: each seed document's task table, in each of its forms, matches the table
transcribed by hand in content/plans/*/plan.yml; header facts and unmatched names are reported;
the skeleton it writes passes the check once its placeholders are filled."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest

from publisher.importer import import_document
from publisher.pipeline import load_and_check
from publisher.problems import ContentError
from tests.conftest import REAL_CONTENT, ROOT

# The five seed documents, byte for byte as committed beside each plan (its original texts), so the
# tests run on any clone: seed file name → its copy in content/.
SEEDS = {
    "kh-75-2012-quan-ly-o-nhiem-cong-nghiep.txt": REAL_CONTENT / "plans/kh-75-2012/van-ban-goc.txt",
    "kh-275-2023-cong-nghiep-moi-truong.txt": REAL_CONTENT / "plans/kh-275-2023/van-ban-goc-ban-hanh.txt",
    "kh-275-2023-cong-nghiep-moi-truong.unnumbered.txt": REAL_CONTENT / "plans/kh-275-2023/van-ban-goc-du-thao.txt",
    "kh-2024-bvmt-nganh-cong-thuong.draft.md": REAL_CONTENT / "plans/kh-bvmt-cong-thuong-2024/van-ban-goc-du-thao.md",
    "kh-2026-bvmt-nganh-cong-thuong.draft.md": REAL_CONTENT / "plans/kh-bvmt-cong-thuong-2026/van-ban-goc-du-thao.md",
}
CASES = {  # seed → (committed plan, table form, number, date, draft year, unmatched names)
    "kh-75-2012-quan-ly-o-nhiem-cong-nghiep.txt": (
        "kh-75-2012", "tab", "75/KH-UBND", dt.date(2012, 5, 22), None,
        ["nhiệm vụ 1, phối hợp: báo viết", "nhiệm vụ 1, phối hợp: báo điện tử"]),
    "kh-275-2023-cong-nghiep-moi-truong.txt": ("kh-275-2023", "|", "275/KH-UBND", dt.date(2023, 11, 20), None, []),
    "kh-275-2023-cong-nghiep-moi-truong.unnumbered.txt": ("kh-275-2023", "PDF", None, None, 2023, []),
    "kh-2024-bvmt-nganh-cong-thuong.draft.md": ("kh-bvmt-cong-thuong-2024", "tab", None, None, 2023, []),
    "kh-2026-bvmt-nganh-cong-thuong.draft.md": ("kh-bvmt-cong-thuong-2026", "Markdown", None, None, 2025, []),
}
TASK_FIELDS = ["number", "group", "title", "lead", "lead_text", "coordinating", "coordinating_text", "unit", "quantity", "timeframe"]

@pytest.fixture(scope="module")
def real_data():
    return load_and_check(REAL_CONTENT)


def words(value):
    return " ".join(value.split()) if isinstance(value, str) else value


@pytest.mark.parametrize("seed", CASES)
def test_import_matches_the_committed_task_table(seed, real_data):
    plan_id, form, number, date, year_written, unmatched = CASES[seed]
    imported = import_document(SEEDS[seed], [agency.agency for agency in real_data.agencies])
    committed = real_data.plan(plan_id).plan
    assert imported.table_form == form
    assert (imported.number, imported.date, imported.year_written) == (number, date, year_written)
    assert imported.issuer == committed.issuer
    assert imported.groups == [(group.number, group.title) for group in committed.groups]
    got = [{name: words(getattr(task, name)) for name in TASK_FIELDS} for task in imported.tasks]
    want = [{name: words(getattr(task, name)) for name in TASK_FIELDS} for task in committed.tasks]
    assert got == want
    assert imported.unresolved == unmatched


def test_two_row_header_and_units_of_the_2026_table(real_data):
    imported = import_document(SEEDS["kh-2026-bvmt-nganh-cong-thuong.draft.md"], [a.agency for a in real_data.agencies])
    first = imported.tasks[0]
    assert (first.lead_text, first.unit, first.quantity, first.timeframe) == ("Sở Công Thương", "Lớp", "01", "Quý II-IV/2026")
    assert imported.title == "Công tác bảo vệ môi trường ngành Công Thương Hà Nội năm 2026"
    assert imported.sections == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. KINH PHÍ THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"]


def test_written_skeleton_passes_the_check_once_filled(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, content)
    seed = SEEDS["kh-2024-bvmt-nganh-cong-thuong.draft.md"]
    result = subprocess.run([sys.executable, "build.py", "import", str(seed), "--content", str(content), "--id", "kh-thu-2024", "--write"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder = content / "plans" / "kh-thu-2024"
    assert (folder / "van-ban-goc.md").read_bytes() == seed.read_bytes()
    with pytest.raises(ContentError) as raised:
        load_and_check(content)
    problems = sorted(set(raised.value.problems.items))
    assert [(p.key, p.message.split(":")[0]) for p in problems] == [
        ("year", "chưa điền"), ("period_start", "chưa điền"), ("period_end", "chưa điền"), ("summary", "chưa điền")]
    plan_yml = folder / "plan.yml"
    text = plan_yml.read_text(encoding="utf-8")
    for placeholder, value in [("'<<ĐIỀN: năm kế hoạch>>'", "2024"), ("'<<ĐIỀN: năm bắt đầu>>'", "2024"), ("'<<ĐIỀN: năm kết thúc>>'", "2024"),
                               ("'<<ĐIỀN: tóm tắt một hai câu>>'", "Tóm tắt.")]:
        text = text.replace(placeholder, value)
    plan_yml.write_text(text, encoding="utf-8")
    data = load_and_check(content)
    assert [task.task.lead for task in data.plan("kh-thu-2024").tasks] == ["so-cong-thuong", "so-cong-thuong"]
