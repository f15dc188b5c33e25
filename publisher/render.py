"""Stage 5, render: MkDocs with Material turns the generated Markdown into HTML.

MkDocs gets plain Markdown and standard configuration: the project's mkdocs.yml, inherited by a
small generated config that only points docs_dir and site_dir at this build's folders.
Strict mode turns any broken link MkDocs finds into a failed build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .files import sync_tree
from .problems import StageError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = PROJECT_ROOT / "mkdocs.yml"
THEME = PROJECT_ROOT / "site_templates" / "theme"


class RenderError(StageError):
    pass


def render_again(docs_dir: Path, work: Path, site_dir: Path) -> None:
    """The preview's render: only the pages whose Markdown changed since the last build.

    work keeps the previous build's Markdown (work/docs) and HTML (work/rendered). The new Markdown
    is synced into work/docs, rewriting only files whose bytes differ, so MkDocs' --dirty (which
    compares modification times) renders just those. Everything is rendered again when a page was
    added or removed, or when mkdocs.yml, the theme or the environment MkDocs reads changed.
    The HTML is then hard-linked into site_dir, the build's fresh folder (a copy took seconds at city
    scale). MkDocs rewrites a page in place, so the next render changes that page in the site being
    served too, while it runs: the preview publishes that page a moment later anyway."""
    kept_docs, rendered, stamp = work / "docs", work / "rendered", work / "render-inputs"
    same_pages = sync_tree(docs_dir, kept_docs)
    inputs = _render_inputs()
    dirty = same_pages and rendered.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8") == inputs
    stamp.unlink(missing_ok=True)  # until this render has succeeded
    if not dirty:
        shutil.rmtree(rendered, ignore_errors=True)
    render_site(kept_docs, rendered, dirty=dirty)
    stamp.write_text(inputs, encoding="utf-8")
    shutil.copytree(rendered, site_dir, copy_function=os.link)


def _render_inputs() -> str:
    digest = hashlib.sha256(MKDOCS_CONFIG.read_bytes())
    for path in sorted(THEME.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(THEME)}:{path.stat().st_mtime_ns}".encode())
    for name in ("SITE_REPO_URL", "SITE_EDIT_URI", "SOURCE_DATE_EPOCH"):
        digest.update(f"{name}={os.environ.get(name)}".encode())
    return digest.hexdigest()


def render_site(docs_dir: Path, site_dir: Path, dirty: bool = False) -> None:
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
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", *(["--dirty"] if dirty else []),
             "--config-file", str(config)],
            cwd=PROJECT_ROOT, capture_output=True, text=True,
        )
    finally:
        config.unlink(missing_ok=True)
    if result.returncode != 0:
        raise RenderError("MkDocs không dựng được trang:\n" + (result.stderr or result.stdout).strip())
