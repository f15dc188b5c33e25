"""The libyaml fast path of the loader is equivalent to the pure-Python path it falls back to.

Whenever the fast path composes a file (it declines anchors, aliases, tags, directives, limits
and anything libyaml objects to), the data, the position of every key path, the block texts and
the problems found while converting must be exactly those of the slow path: on every content file
of the real content, of the tiny fixture and of the broken cases, and on random and mutated YAML
(the strategies of test_fuzz_loader).
"""

from __future__ import annotations

import os
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import yaml_source
from publisher.problems import Problems
from publisher.yaml_source import _INVALID, _compose_fast, _compose_slow, _source_from_node, read_text
from tests.test_fuzz_loader import SPECIAL, mutated, random_yaml, yaml_values

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny" / "content"
CORPORA = [ROOT / "content", TINY, ROOT / "tests" / "broken"]
REAL_FILES = sorted(path for corpus in CORPORA for path in corpus.rglob("*.yml"))
TINY_FILES = sorted(TINY.rglob("*.yml"))

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml: no fast path")

EQUIVALENCE = settings(
    max_examples=int(os.environ.get("FAST_PATH_EXAMPLES", "300")),
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow],
)


def outcome(text: str, fast: bool):
    """What loading gives through one path: None if the fast path declines the text."""
    problems = Problems()
    if fast:
        node = _compose_fast(text)
        if node is None:
            return None
    else:
        node = _compose_slow(text, "f.yml", problems)
        if node is _INVALID:
            return ("invalid", problems.items)
    source = _source_from_node(node, Path("f.yml"), "f.yml", text, problems)
    if source is None:
        return ("invalid", problems.items)
    return (source.data, source.positions, source.block_texts, problems.items)


def assert_equivalent(text: str) -> bool:
    """Both paths agree whenever the fast one answers; True if it did."""
    fast = outcome(text, fast=True)
    if fast is None:
        return False
    assert fast == outcome(text, fast=False)
    return True


def as_text(data: bytes) -> str | None:
    """The text the loader would compose (as load_yaml does), or None if it stops before YAML."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text or yaml_source._CONTROL_CHARACTER.search(text) or not text.strip():
        return None
    return unicodedata.normalize("NFC", text)


def test_every_real_file_is_equivalent_and_takes_the_fast_path() -> None:
    fast = 0
    for path in REAL_FILES:
        text = read_text(path, str(path), Problems())
        if text is None or not text.strip():
            continue
        fast += assert_equivalent(text)
    # the fast path is the one real content takes: most files are plain YAML
    assert fast > 0.8 * len(REAL_FILES), (fast, len(REAL_FILES))


def test_columns_count_characters_on_vietnamese_text() -> None:
    text = "tên: Sở Tài nguyên và Môi trường\nghi_chú: {đơn_vị: \"Ủy ban\", đơn_vị: x}\nmô_tả: |\n  Đoạn **một**\n"
    fast = outcome(text, fast=True)
    assert fast is not None and fast == outcome(text, fast=False)
    assert fast[-1][0].column == len('ghi_chú: {đơn_vị: "Ủy ban", ') + 1


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !custom 1\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n---\nb: 2\n",
    "a: [1, 2\n", "...\n", "\t- a\n",
])
def test_fast_path_declines_what_only_the_slow_path_reports(text: str) -> None:
    assert outcome(text, fast=True) is None


def test_fast_path_declines_files_past_the_limits() -> None:
    assert _compose_fast("[" * yaml_source.MAX_DEPTH + "]" * yaml_source.MAX_DEPTH) is None
    assert _compose_fast("- a\n" * (yaml_source.MAX_NODES + 1)) is None


@EQUIVALENCE
@given(name=st.sampled_from(TINY_FILES), data=st.data())
def test_mutated_files_are_equivalent(name: Path, data) -> None:
    text = as_text(data.draw(mutated(name.read_bytes())))
    if text is not None:
        assert_equivalent(text)


@EQUIVALENCE
@given(
    document=yaml_values.map(random_yaml)
    | st.lists(st.sampled_from(SPECIAL) | st.characters(), max_size=60).map(
        lambda pieces: "".join(pieces).encode("utf-8", "surrogatepass")
    ),
)
def test_random_yaml_is_equivalent(document: bytes) -> None:
    text = as_text(document)
    if text is not None:
        assert_equivalent(text)
