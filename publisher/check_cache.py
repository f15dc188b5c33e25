"""A cache on disk of what loading and checking found in each content file, for `build.py check` and build.

Each content file has one entry, named after its path: what loading it gave (the validated record,
where each key sits in the file, the problems found in it), kept with the SHA-256 of the file's
bytes. The entry is used only while the file has those same bytes and the code that judged it is
the same (FINGERPRINT: the source of the modules that load and check a file, the versions of
pydantic, PyYAML, markdown-it-py and mdurl, Python's version); otherwise the file is read again and its
entry rewritten. The Markdown checks of every text are kept in one more file, by the text's SHA-256:
what a text contains (HTML, headings, its links as written) does not depend on other files; whether
each link leads to a page that exists does, and is judged again at every run, like every check across
files (checks.py).

`build.py check` also keeps, in state/, what its last run over each content folder found
(check_state.py), to answer without loading the files that did not change.

An entry that cannot be read (corrupt, truncated, from another version of this code, not ours) is
ignored and rewritten, never an error. Every file is written whole to a temporary name and then
renamed, so a build running at the same time reads either the old entry or the new one.
The folder is only ever read by this project: entries are pickles, as trusted as the code itself.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

MARKER = "publisher.check_cache 1"
ENVIRONMENT_VARIABLE = "CHECK_CACHE_DIR"
_MODULES = ("check_cache", "content", "model", "problems", "text", "yaml_source", "markdown_rules")
_PACKAGES = ("pydantic", "pydantic-core", "PyYAML", "markdown-it-py", "mdurl")


def _fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in _MODULES:
        digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
    for package in _PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    try:
        from yaml.cyaml import CParser  # noqa: F401 - with or without libyaml, files go by different paths
        digest.update(b"libyaml")
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        pass
    return digest.hexdigest()


FINGERPRINT = _fingerprint()


def read_entry(path: Path, key: object):
    """The value stored at path under key, or None if there is none or it cannot be read."""
    try:
        with open(path, "rb") as file:
            marker, fingerprint, stored_key, value = pickle.load(file)
    except Exception:  # noqa: BLE001 - whatever is wrong with a cache file, the content is read instead
        return None
    if marker != MARKER or fingerprint != FINGERPRINT or stored_key != key:
        return None
    return value


def write_entry(path: Path, key: object, value: object) -> None:
    """Store value at path, whole or not at all; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump((MARKER, FINGERPRINT, key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass


class CheckCache:
    """folder None: kept in this process only (the preview's memory between two saves)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._markdown: dict[tuple[bytes, bool], tuple] | None = None
        self._markdown_used: set[tuple[bytes, bool]] = set()
        self._markdown_added = False

    # -- content files ----------------------------------------------------------------------
    def _entry_path(self, name: tuple) -> Path:
        return self.folder / "files" / (hashlib.sha256(repr(name).encode()).hexdigest() + ".pickle")

    def file_result(self, name: tuple, digest: bytes):
        """What loading the file named name (path, display, model) gave, if its bytes had this digest."""
        return read_entry(self._entry_path(name), (name, digest)) if self.folder else None

    def store_file_result(self, name: tuple, digest: bytes, result) -> None:
        if self.folder:
            write_entry(self._entry_path(name), (name, digest), result)

    # -- Markdown texts ---------------------------------------------------------------------
    def _markdown_path(self) -> Path:
        return self.folder / "markdown.pickle"

    def markdown_findings(self, text: str, forbid_h1: bool):
        if self._markdown is None:
            stored = read_entry(self._markdown_path(), "markdown") if self.folder else None
            self._markdown = stored or {}
            self._markdown_added = stored is None  # none, or unreadable: written anew
        key = (hashlib.sha256(text.encode()).digest(), forbid_h1)
        self._markdown_used.add(key)
        return self._markdown.get(key)

    def store_markdown_findings(self, text: str, forbid_h1: bool, findings: tuple) -> None:
        self._markdown[(hashlib.sha256(text.encode()).digest(), forbid_h1)] = findings
        self._markdown_added = True

    def save_markdown(self) -> None:
        """Write the findings of this run's texts (and only those, so the file does not grow forever)."""
        if self._markdown is None:
            return
        if self._markdown_added or len(self._markdown) != len(self._markdown_used):
            self._markdown = {key: self._markdown[key] for key in self._markdown_used}
            if self.folder:
                write_entry(self._markdown_path(), "markdown", self._markdown)
        self._markdown_used = set()
        self._markdown_added = False


PROJECT_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "check"
ACTIVE: CheckCache | None = None  # set by build.py; None: every file is read and checked afresh
MEMORY = CheckCache(None)  # the preview's Markdown findings when there is no ACTIVE cache (see checks.py)


def use(folder: Path | None) -> None:
    """Cache in folder from now on in this process; None: no cache."""
    global ACTIVE
    ACTIVE = CheckCache(folder) if folder is not None else None


def default_folder() -> Path:
    return Path(os.environ[ENVIRONMENT_VARIABLE]) if os.environ.get(ENVIRONMENT_VARIABLE) else PROJECT_CACHE
