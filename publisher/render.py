"""Stage 5, render: MkDocs with Material turns the generated Markdown into HTML.

MkDocs gets plain Markdown and standard configuration: the project's mkdocs.yml, inherited by a
small generated config that only points docs_dir and site_dir at this build's folders.
Strict mode turns any broken link MkDocs finds into a failed build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .problems import StageError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = PROJECT_ROOT / "mkdocs.yml"


class RenderError(StageError):
    pass


def render_site(docs_dir: Path, site_dir: Path) -> None:
    # Beside mkdocs.yml, so that the relative paths in it (custom_dir) resolve the same way.
    config = PROJECT_ROOT / f".mkdocs-build-{os.getpid()}.yml"
    config.write_text(
        f"INHERIT: {MKDOCS_CONFIG.as_posix()}\n"
        f"docs_dir: {docs_dir.as_posix()}\n"
        f"site_dir: {site_dir.as_posix()}\n",
        encoding="utf-8",
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config)],
            cwd=PROJECT_ROOT, capture_output=True, text=True,
        )
    finally:
        config.unlink(missing_ok=True)
    if result.returncode != 0:
        raise RenderError("MkDocs không dựng được trang:\n" + (result.stderr or result.stdout).strip())
