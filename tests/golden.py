"""Golden files: the generated Markdown and data of the tiny fixture site.

Regenerate after an intended change with `make golden` (python -m tests.golden), then review
the diff in git: it shows exactly what editors' pages and data files will change.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.pipeline import generate_docs, load_and_check  # noqa: E402

TINY_CONTENT = ROOT / "tests" / "fixtures" / "tiny" / "content"
EXPECTED = ROOT / "tests" / "fixtures" / "tiny" / "expected"


def generate(target: Path) -> None:
    generate_docs(load_and_check(TINY_CONTENT), target)
    shutil.rmtree(target / "assets", ignore_errors=True)  # copied theme files, not generated


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


if __name__ == "__main__":
    shutil.rmtree(EXPECTED, ignore_errors=True)
    generate(EXPECTED)
    print(f"Đã ghi {len(files_of(EXPECTED))} tệp vào {EXPECTED.relative_to(ROOT)}")
