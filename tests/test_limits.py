"""Oversized and pathological content: a clear, located error with bounded memory, never a hang.

Each case runs `build.py check` in a child process that reports its own peak memory
(VmHWM in /proc/self/status, after the check). The bound asserted is memory; time is only
guarded (pytest-timeout) so that a hang fails instead of blocking CI. Reading the tiny fixture
peaks at about 45 MB; the worst case below (a 1 MB file of tiny nodes) at about 105 MB.
Nothing here is committed: the big files are generated into a temporary folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_validation import BROKEN, PROJECT, make_content, write_agency

MEMORY_LIMIT_MB = 200
# VmHWM, the high-water mark of this process's own memory since exec. Not getrusage's ru_maxrss:
# Linux carries that over from the forking parent, so the child would report pytest's size.
CHECK_AND_MEASURE = (
    "import re, sys\n"
    "sys.path.insert(0, '.')\n"
    "from build import main\n"
    "code = main(['check', '--content', sys.argv[1]])\n"
    "status = open('/proc/self/status', encoding='ascii').read()\n"
    "peak_kb = int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n"
    "print(f'peak_mb={peak_kb // 1024}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def check_in_child(content: Path) -> tuple[str, int]:
    """The report `build.py check` prints, and the child's peak memory in MB."""
    result = subprocess.run(
        [sys.executable, "-c", CHECK_AND_MEASURE, str(content)],
        cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    report, _, peak = result.stderr.rpartition("peak_mb=")
    return report, int(peak)


def write_million_task_plan(content: Path) -> Path:
    """plans/kh-lon/plan.yml with a million tasks (about 137 MB), written line by line."""
    folder = content / "plans" / "kh-lon"
    folder.mkdir()
    plan = folder / "plan.yml"
    header = (content / "plans" / "kh-2-2025" / "plan.yml").read_text(encoding="utf-8").split("tasks:")[0]
    with plan.open("w", encoding="utf-8") as file:
        file.write(header.replace("id: kh-2-2025", "id: kh-lon") + "tasks:\n")
        task = '  - {{number: "{0}", title: Nhiệm vụ {0}, lead: so-moi, lead_text: Sở Đất đai và Môi trường, timeframe: Hằng năm}}\n'
        for number in range(1, 1_000_001):
            file.write(task.format(number))
    return plan


@pytest.mark.timeout(300)
def test_million_task_plan(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    size = write_million_task_plan(content).stat().st_size
    report, peak = check_in_child(content)
    size_text = f"{size:,}".replace(",", ".")
    assert report.startswith(
        f"content/plans/kh-lon/plan.yml:1:1: tệp quá lớn ({size_text} byte; tối đa 1.000.000 byte)\n1 lỗi trong 1 tệp.\n"
    )
    assert peak < MEMORY_LIMIT_MB


@pytest.mark.timeout(300)
def test_huge_markdown_body(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    body = content / "plans" / "kh-1-2024" / "noi-dung.md"
    with body.open("w", encoding="utf-8") as file:
        for _ in range(2_000_000):
            file.write("Một dòng nội dung rất dài của kế hoạch.\n")
    report, peak = check_in_child(content)
    assert report.startswith("content/plans/kh-1-2024/noi-dung.md:1:1: tệp quá lớn (")
    assert peak < MEMORY_LIMIT_MB


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("yaml_text", "report_start"),
    [
        # the most nodes 1 MB can hold ('a,' is one node in two bytes): refused while still composing
        pytest.param("aliases: [" + "a," * 490_000 + "a]\n", "4:199993: tệp có quá nhiều phần tử (tối đa 50.000)\n", id="tiny-nodes"),
        pytest.param("description: " + "[" * 200_000 + "]" * 200_000 + "\n", "4:113: cấu trúc lồng quá sâu (tối đa 50 cấp)\n", id="deep-nesting"),
    ],
)
def test_agency_file_too_big_in_shape(tmp_path: Path, yaml_text: str, report_start: str) -> None:
    content = make_content(tmp_path)
    write_agency(content, yaml_text)
    report, peak = check_in_child(content)
    assert report.startswith("content/agencies/so-xay-dung.yml:" + report_start)
    assert peak < MEMORY_LIMIT_MB


@pytest.mark.timeout(300)
def test_alias_bomb(tmp_path: Path) -> None:
    """'Billion laughs': each level nine aliases of the one before; refused at the first anchor, nothing expanded."""
    content = make_content(tmp_path, BROKEN / "yaml-alias-bomb")
    report, peak = check_in_child(content)
    assert report.startswith((BROKEN / "yaml-alias-bomb" / "expected.txt").read_text(encoding="utf-8"))
    assert peak < MEMORY_LIMIT_MB
