"""Stage 6, index: Pagefind builds the search index into <site>/pagefind/.

Only the main content of each page is indexed (the theme marks it with data-pagefind-body).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .problems import StageError


class SearchIndexError(StageError):
    pass


def index_site(site_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "vi", "--silent",
         # the "#" permalinks MkDocs adds to headings are not words of the page
         "--exclude-selectors", ".headerlink"],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SearchIndexError("Pagefind không lập được chỉ mục tìm kiếm:\n" + (result.stderr or result.stdout).strip())
