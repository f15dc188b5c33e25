"""The preview's background indexing: a process of its own, which preview.BackgroundIndex starts.

    python -m publisher.index_job SITE JOB PREPARED

Indexes the served site (SITE) into JOB/pagefind with search_index.index_pages, from the inputs the
preview wrote into JOB/inputs.pickle (search_index.SearchInputs: plain values, not the site's data),
at the lowest priority, preparing again only the pages rewritten since the last indexing (PREPARED:
search_index.write_search_copy). A new interpreter, not a fork of the preview: a fork shares the
preview's memory (gigabytes at city scale) copy-on-write while it runs, and the preview then pays
for each page of it that it writes, its next build too (benchmarks/README.md, "Sixth pass").
Errors go to stderr, the preview's terminal; the exit status says whether the index was made.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

INPUTS = "inputs.pickle"


def main(site: Path, job: Path, prepared: Path) -> int:
    os.nice(19)
    from .problems import StageError  # after nice: importing the indexer is most of the start-up
    from .search_index import index_pages

    with open(job / INPUTS, "rb") as file:
        inputs = pickle.load(file)
    try:
        index_pages(site, inputs, job / "pagefind", job, prepared_dir=prepared)
    except StageError as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*(Path(argument) for argument in sys.argv[1:4])))
