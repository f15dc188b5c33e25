"""Property-based tests of the loader: random and mutated content never crashes it and never hangs.

Each example replaces one file of a copy of the tiny fixture with random YAML text or a mutation
of the real file (byte flips, truncation, deleted or doubled lines, changed indentation, inserted
special characters) and runs `load_and_check`. It must either load, or raise ContentError whose
every problem names a file under content/ with a line and a column: never another exception.

Reproducible in CI: a fixed number of examples, derandomized, no example database. A per-example
deadline catches slow inputs; pytest-timeout stops a real hang.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.pipeline import load_and_check
from publisher.problems import ContentError

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny" / "content"
FILES = sorted(
    str(path.relative_to(TINY)) for path in TINY.rglob("*") if path.suffix in (".yml", ".md")
)

settings.register_profile(
    "loader",
    max_examples=250,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LOADER = settings.get_profile("loader")

# Characters and fragments that mean something to YAML, Markdown or HTML
SPECIAL = [
    ":", ": ", "-", "- ", "#", "&a ", "*a", "!", "!!python/object:os.system ", "|", ">", "'", '"', "[", "]",
    "{", "}", ",", "?", "%", "@", "`", "\t", "\r\n", "\ufeff", "\x00", "\x85", "\u2028", "\ud7ff", "---\n",
    "...\n", "<<: ", "~", ".nan", "yes", "0x1F", "012", "1_000", "1:30", "2023-02-30", "<script>",
    "](javascript:alert(1))", "e\u0301", "\U0001F600", "\\", "\n", "  ", "\xa0",
]


class Workspace:
    """A copy of the tiny content whose files are replaced one at a time and put back."""

    def __init__(self, root: Path):
        self.content = root / "content"
        shutil.copytree(TINY, self.content)

    def original(self, name: str) -> bytes:
        return (TINY / name).read_bytes()

    def check(self, name: str, data: bytes) -> None:
        target = self.content / name
        target.write_bytes(data)
        try:
            assert_loads_or_locates(self.content)
        finally:
            target.write_bytes(self.original(name))


def assert_loads_or_locates(content: Path) -> None:
    try:
        load_and_check(content)
    except ContentError as error:
        assert error.problems.items
        for problem in error.problems.items:
            assert problem.path.startswith("content/"), problem
            assert problem.line >= 1 and problem.column >= 1, problem
            assert problem.message, problem


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz"))


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """One to three edits of a file's bytes, of the kinds an editor (or a bad save) makes."""
    for _ in range(draw(st.integers(1, 3))):
        lines = data.splitlines(keepends=True) or [b""]
        kind = draw(st.sampled_from(["flip", "truncate", "delete", "duplicate", "indent", "insert"]))
        if kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind in ("delete", "duplicate", "indent"):
            at = draw(st.integers(0, len(lines) - 1))
            if kind == "delete":
                del lines[at]
            elif kind == "duplicate":
                lines.insert(at, lines[at])
            else:
                shift = draw(st.sampled_from([b" ", b"  ", b"\t", b"    "]))
                lines[at] = shift + lines[at] if draw(st.booleans()) else lines[at].lstrip(b" ")
            data = b"".join(lines)
        else:
            at = draw(st.integers(0, len(data)))
            piece = draw(st.sampled_from(SPECIAL) | st.text(max_size=8)).encode("utf-8", "surrogatepass")
            data = data[:at] + piece + data[at:]
    return data


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.dates().map(str) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def random_yaml(value) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass")


@pytest.mark.timeout(120)
@LOADER
@given(name=st.sampled_from(FILES), data=st.data())
def test_mutated_fixture_files_load_or_report_located_problems(workspace: Workspace, name: str, data) -> None:
    workspace.check(name, data.draw(mutated(workspace.original(name))))


@pytest.mark.timeout(120)
@LOADER
@given(
    name=st.sampled_from(FILES),
    document=yaml_values.map(random_yaml)
    | st.lists(st.sampled_from(SPECIAL) | st.characters(), max_size=60).map(
        lambda pieces: "".join(pieces).encode("utf-8", "surrogatepass")
    ),
)
def test_random_yaml_loads_or_reports_located_problems(workspace: Workspace, name: str, document: bytes) -> None:
    workspace.check(name, document)


@pytest.mark.timeout(120)
@LOADER
@given(
    name=st.sampled_from([name for name in FILES if name.endswith(".yml")]),
    key=st.text(min_size=1, max_size=20),
    value=yaml_values,
)
def test_random_field_added_to_real_file(workspace: Workspace, name: str, key: str, value) -> None:
    """Real files with one more top-level field of any shape: a typo'd field or a wrong value."""
    extra = yaml.safe_dump({key: value}, allow_unicode=True).encode("utf-8", "surrogatepass")
    workspace.check(name, workspace.original(name) + b"\n" + extra)
