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
import unicodedata
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


# -- what must load: byte-order mark, CRLF, NFD text, YAML 1.1 look-alikes kept as text ----------


def test_bom_and_crlf_files_load_and_locate_by_line(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    agency = content / "agencies" / "so-cu.yml"
    text = agency.read_text(encoding="utf-8")
    agency.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_and_check(content).agency("so-cu").agency.name == "Sở Đất đai cũ"
    agency.write_bytes(b"\xef\xbb\xbf" + text.replace("kind:", "kinds:").replace("\n", "\r\n").encode("utf-8"))
    assert check_report(content).splitlines()[:2] == [
        "content/agencies/so-cu.yml:1:1: kind: thiếu trường bắt buộc",
        "content/agencies/so-cu.yml:5:1: kinds: trường không có trong mô hình (viết sai tên trường?)",
    ]


def test_nfd_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    """Text saved decomposed (macOS, some Vietnamese keyboards) reads as the same NFC text."""
    content = make_content(tmp_path)
    for name in ("agencies/so-cu.yml", "plans/kh-1-2024/noi-dung.md"):
        path = content / name
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    data = load_and_check(content)
    assert data.agency("so-cu").agency.name == "Sở Đất đai cũ" == unicodedata.normalize("NFC", "Sở Đất đai cũ")
    assert "Quản lý ô nhiễm *môi trường* tại Đông Anh." in data.plan("kh-1-2024").body
    assert data.plan("kh-1-2024").tasks[0].task.lead_text == "Sở Đất Đai cũ"  # still names the NFD-saved agency


def test_yaml_1_1_look_alikes_stay_text_where_text_is_asked(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("publisher: Nhóm kiểm thử", "publisher: yes"), encoding="utf-8")
    series = content / "series" / "chuoi-thu.yml"
    series.write_text("id: chuoi-thu\ntitle: 2023-11-20\ndescription: 1:30\n", encoding="utf-8")
    plan = content / "plans" / "kh-1-2024" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('number: "3.1"', "number: 3.10"), encoding="utf-8")
    progress = plan.with_name("tien-do.yml")  # its measured values follow the target's new anchor
    progress.write_text(progress.read_text(encoding="utf-8").replace("ct-3-1:", "ct-3-10:"), encoding="utf-8")
    data = load_and_check(content)
    assert data.site.publisher == "yes"
    assert (data.series["chuoi-thu"].title, data.series["chuoi-thu"].description) == ("2023-11-20", "1:30")
    assert data.plan("kh-1-2024").plan.targets[0].number == "3.10"


# -- files that lead out of content/ ----------------------------------------------------------

LINK_MESSAGE = "không dùng liên kết tượng trưng (symlink) hay tệp nằm ngoài thư mục content/; hãy chép tệp thật vào đây"


def test_symlinked_content_file_is_refused(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    outside = tmp_path / "ngoai.yml"
    outside.write_text("id: so-xay-dung\nname: Sở Xây dựng\nkind: department\n", encoding="utf-8")
    (content / "agencies" / "so-xay-dung.yml").symlink_to(outside)
    assert check_report(content) == f"content/agencies/so-xay-dung.yml:1:1: {LINK_MESSAGE}\n1 lỗi trong 1 tệp."


def test_symlinked_plan_folder_is_refused(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    shutil.copytree(content / "plans" / "kh-2-2025", tmp_path / "kh-3-2026")
    (content / "plans" / "kh-3-2026").symlink_to(tmp_path / "kh-3-2026")
    assert check_report(content) == f"content/plans/kh-3-2026:1:1: {LINK_MESSAGE}\n1 lỗi trong 1 tệp."


def test_symlinked_original_document_is_refused(tmp_path: Path) -> None:
    """A linked source file would be copied into the site: /etc/passwd published as a plan's text."""
    content = make_content(tmp_path)
    original = content / "plans" / "kh-1-2024" / "goc.txt"
    original.unlink()
    original.symlink_to("/etc/passwd")
    assert check_report(content) == (
        "content/plans/kh-1-2024/plan.yml:20:5: versions[1].source_file: tệp văn bản gốc 'goc.txt' là liên kết tượng trưng"
        " (symlink); hãy chép tệp thật vào thư mục kế hoạch\n1 lỗi trong 1 tệp."
    )
