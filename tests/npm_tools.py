"""The test tools installed from npm by `make test` (package.json): vnu.jar, run with Java, and axe-core.

Missing locally, the tests that need them are skipped with the reason; on CI (CI set) they fail,
since .ci/run installs Java and npm and `make test` runs `npm ci`.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def require(present: bool, reason: str) -> None:
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI cần {reason}", pytrace=False)
    pytest.skip(f"BỎ QUA: thiếu {reason}")


def java_and_vnu() -> str:
    java = shutil.which("java")
    require(java is not None, "Java (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(), f"{VNU_JAR.relative_to(ROOT)} (make test chạy npm ci)")
    return java


def axe_script() -> str:
    require(AXE.is_file(), f"{AXE.relative_to(ROOT)} (make test chạy npm ci)")
    return str(AXE)
