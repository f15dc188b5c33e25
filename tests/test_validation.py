"""`build.py check` on broken content: every problem is reported at its file, line and column.

Each folder in tests/broken/ is one failure mode:
  content/      files laid out like a content folder; they replace or add files in a copy of
                tests/fixtures/tiny/content
  delete.txt    (optional) paths, relative to the content folder, to remove from that copy
  expected.txt  the exact report the check must print

Cases too big to commit (huge files, deep nesting, many nodes) are generated below.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.text import vn_number
from publisher.pipeline import load_and_check
from publisher.problems import ContentError

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
TINY = TESTS / "fixtures" / "tiny" / "content"
BROKEN = TESTS / "broken"
CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())

# Cases whose expected.txt holds the CORRECT report, which the checker does not print yet.
KNOWN_BUGS: dict[str, str] = {}  # case name -> reason, for a documented bug not yet fixed


def make_content(tmp_path: Path, case: Path | None = None) -> Path:
    """A copy of the tiny content in tmp_path, with a case's overlay applied and its deletions made."""
    content = tmp_path / "content"
    shutil.copytree(TINY, content)
    if case is None:
        return content
    overlay = case / "content"
    if overlay.is_dir():
        shutil.copytree(overlay, content, dirs_exist_ok=True)
    deletions = case / "delete.txt"
    if deletions.is_file():
        for line in deletions.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (content / line.strip()).unlink()
    return content


def check_report(content: Path) -> str:
    with pytest.raises(ContentError) as raised:
        load_and_check(content)
    return raised.value.problems.report()


def write_agency(content: Path, extra: str) -> Path:
    """A new agency file whose last field is `extra` (generated, too big to commit)."""
    path = content / "agencies" / "so-xay-dung.yml"
    path.write_text("id: so-xay-dung\nname: Sở Xây dựng\nkind: department\n" + extra, encoding="utf-8")
    return path


def _params():
    for name in CASES:
        marks = [pytest.mark.xfail(reason=KNOWN_BUGS[name], strict=True)] if name in KNOWN_BUGS else []
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", list(_params()))
def test_broken_case(name: str, tmp_path: Path) -> None:
    case = BROKEN / name
    content = make_content(tmp_path, case)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert check_report(content) + "\n" == expected


def test_every_case_has_expected_report() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        assert (BROKEN / name / "expected.txt").is_file(), name
    assert set(KNOWN_BUGS) <= set(CASES)


def test_tiny_fixture_passes() -> None:
    data = load_and_check(TINY)
    assert len(data.plans) == 2
    assert len(data.agencies) == 5


def test_unquoted_quantity_keeps_leading_zero(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    assert 'quantity: "01"\n' in text
    plan.write_text(text.replace('quantity: "01"\n', "quantity: 02\n"), encoding="utf-8")
    data = load_and_check(content)
    task = data.plan("kh-2-2025").tasks[0]
    assert task.task.quantity == "02"
    assert task.quantity_value == 2


def test_cli_reports_on_stderr_and_exits_1(tmp_path: Path) -> None:
    content = make_content(tmp_path, BROKEN / "yaml11-status-no")
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--content", str(content)],
        cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = (BROKEN / "yaml11-status-no" / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr.startswith(expected)
    assert result.stdout == ""


def test_cli_passes_tiny_fixture() -> None:
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--content", str(TINY)],
        cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Nội dung hợp lệ: 2 kế hoạch, 5 nhiệm vụ, 5 cơ quan.")


def test_cli_missing_content_folder(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co"
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--content", str(missing)],
        cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{missing}:1:1: không thấy thư mục nội dung\n1 lỗi trong 1 tệp." in result.stderr


# -- generated cases: size and shape limits, each within a sanity time bound -----------------


def test_file_too_large(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    path = write_agency(content, "description: " + "x" * 1_000_000 + "\n")
    size = path.stat().st_size
    assert check_report(content) == (
        f"content/agencies/so-xay-dung.yml:1:1: tệp quá lớn ({vn_number(size)} byte; tối đa 1.000.000 byte)\n"
        "1 lỗi trong 1 tệp."
    )


def test_markdown_body_too_large(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    body = content / "plans" / "kh-1-2024" / "noi-dung.md"
    body.write_text("Dòng nội dung.\n" * 130_000, encoding="utf-8")
    size = body.stat().st_size
    assert size > 2_000_000
    assert check_report(content) == (
        f"content/plans/kh-1-2024/noi-dung.md:1:1: tệp quá lớn ({vn_number(size)} byte; tối đa 2.000.000 byte)\n"
        "1 lỗi trong 1 tệp."
    )


def test_too_many_nodes(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write_agency(content, "aliases:\n" + "- a\n" * 60_000)
    assert check_report(content) == (
        "content/agencies/so-xay-dung.yml:50000:3: aliases[49995]: tệp có quá nhiều phần tử (tối đa 50.000)\n"
        "1 lỗi trong 1 tệp."
    )


def test_far_too_many_nodes_stop_while_reading(tmp_path: Path) -> None:
    """Past twice the limit the file is refused while it is read, before all of it is held in memory."""
    content = make_content(tmp_path)
    write_agency(content, "aliases: [" + "a," * 300_000 + "a]\n")
    assert check_report(content) == (
        "content/agencies/so-xay-dung.yml:4:199993: tệp có quá nhiều phần tử (tối đa 50.000)\n"
        "1 lỗi trong 1 tệp."
    )


@pytest.mark.parametrize(
    ("yaml_text", "where"),
    [
        pytest.param("description: " + "[" * 60 + "]" * 60 + "\n", "4:64: description" + "[0]" * 50, id="flow"),
        pytest.param(
            "description:\n" + "".join(" " * (level + 1) + "a:\n" for level in range(60)) + " " * 61 + "b\n",
            "55:52: description" + ".a" * 50,
            id="block",
        ),
    ],
)
def test_nesting_just_over_limit(tmp_path: Path, yaml_text: str, where: str) -> None:
    content = make_content(tmp_path)
    write_agency(content, yaml_text)
    assert check_report(content) == (
        f"content/agencies/so-xay-dung.yml:{where}: cấu trúc lồng quá sâu (tối đa 50 cấp)\n"
        "1 lỗi trong 1 tệp."
    )


def test_deep_nesting_is_located_not_a_crash(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write_agency(content, "description: " + "[" * 1000 + "]" * 1000 + "\n")
    report = check_report(content)
    assert report.startswith("content/agencies/so-xay-dung.yml:4:")
    assert "cấu trúc lồng quá sâu (tối đa 50 cấp)" in report
    assert report.endswith("\n1 lỗi trong 1 tệp.")
