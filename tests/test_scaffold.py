"""`build.py new`: a scaffolded file's only problems are its located "chưa điền" placeholders, and
once they are filled it passes the check."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from publisher.pipeline import load_and_check
from publisher.problems import ContentError
from publisher.schemas import KINDS
from tests.conftest import ROOT

UNFILLED = 'chưa điền: thay giá trị mẫu "<<ĐIỀN…>>" bằng giá trị thật'

FILLS = {
    "series": {"title": "Chuỗi thử"},
    "agency": {"name": "Sở Thử nghiệm", "kind": "department"},
    "plan": {
        "title": "Kế hoạch thử năm 2027", "issuer": "ubnd-thanh-pho", "year": "2027", "period_start": "2027",
        "period_end": "2027", "summary": "Tóm tắt thử.", "versions[0].id": "du-thao", "versions[0].label": "Dự thảo",
        "versions[0].status": "draft", "versions[0].source_file": "van-ban-goc.txt", "signer.title": "Phó Chủ tịch",
        "signer.authority": "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
    },
    "facility": {
        "name": "Cơ sở minh họa thử", "address": "Số 1 đường Thử", "commune": "Phường Thử", "district": "Quận Thử",
        "coordinates.latitude": "21.0", "coordinates.longitude": "105.8", "facility_type": "Cơ sở sản xuất",
        "industry": "Mạ kim loại", "managing_body": "Sở Công Thương", "pollution[0].medium": "wastewater",
        "pollution[0].exceeded": "COD vượt 2 lần", "listed_by[0].number": "1/QĐ-UBND", "listed_by[0].date": "2024-01-10",
        "listed_by[0].issuer": "ubnd-thanh-pho", "lists[0]": "2024", "measure": "treat", "deadline": "2025-12-31",
        "lead": "so-moi", "status_history[0].status": "listed", "status_history[0].date": "2024-01-10",
        "status_history[0].source.text": "Quyết định 1/QĐ-UBND", "sources[0].text": "Quyết định 1/QĐ-UBND",
        "status_history[0].decision.number": "1/QĐ-UBND", "status_history[0].decision.date": "2024-01-10",
        "status_history[0].decision.issuer": "ubnd-thanh-pho", "last_verified": "2024-06-01",
    },
}


def problems_of(content):
    with pytest.raises(ContentError) as raised:
        load_and_check(content)
    return sorted(set(raised.value.problems.items))


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.name in FILLS], ids=lambda kind: kind.name)
def test_scaffold_reports_its_placeholders_then_passes_when_filled(kind, tiny_content):
    result = subprocess.run([sys.executable, "build.py", "new", kind.name, "moi-2027", "--content", str(tiny_content)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    path = tiny_content / kind.path_for("moi-2027")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=") and "(bắt buộc)" in text

    problems = problems_of(tiny_content)
    assert {p.message for p in problems} == {UNFILLED}
    assert {p.key for p in problems} == set(FILLS[kind.name])
    lines = text.split("\n")
    for problem in problems:
        name = problem.key.split(".")[-1].split("]")[-1]  # "" for an item of a list ("lists[0]")
        assert lines[problem.line - 1][problem.column - 1:].startswith(f'{name}: "<<ĐIỀN' if name else '"<<ĐIỀN')
        lines[problem.line - 1] = re.sub(r'"<<ĐIỀN[^"]*"', f'"{FILLS[kind.name][problem.key]}"', lines[problem.line - 1])
    path.write_text("\n".join(lines), encoding="utf-8")
    if kind.name == "plan":
        (path.parent / "van-ban-goc.txt").write_text("Văn bản gốc.\n", encoding="utf-8")  # the file source_file names
    load_and_check(tiny_content)

    result = subprocess.run([sys.executable, "build.py", "new", kind.name, "moi-2027", "--content", str(tiny_content)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "không ghi đè" in result.stderr


def test_the_commented_example_items_are_ready_to_uncomment(tiny_content):
    subprocess.run([sys.executable, "build.py", "new", "plan", "kh-9-2027", "--content", str(tiny_content)], cwd=ROOT, check=True)
    path = tiny_content / "plans" / "kh-9-2027" / "plan.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("tasks: []\n# ví dụ một mục (bỏ dấu # để dùng):\n")
    example = text[start:].split("\n")[2:]
    example = example[:next(i for i, line in enumerate(example) if not line.startswith(("# -", "#  ")))]
    uncommented = "tasks:\n" + "\n".join(line[2:] for line in example) + "\n"
    path.write_text(text[:start] + uncommented + text[start:].split("\n", 2 + len(example))[-1], encoding="utf-8")
    keys = {p.key for p in problems_of(tiny_content) if p.key.startswith("tasks")}
    assert keys == {"tasks[0].number", "tasks[0].title", "tasks[0].lead", "tasks[0].lead_text", "tasks[0].timeframe"}
