"""Shared fixtures: builds of the tiny fixture site and of the real content, once per test run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
TINY_CONTENT = ROOT / "tests" / "fixtures" / "tiny" / "content"
REAL_CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    build(REAL_CONTENT, site)
    return site


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tiny") / "site"
    build(TINY_CONTENT, site)
    return site


@pytest.fixture
def tiny_content(tmp_path) -> Path:
    """A writable copy of the tiny content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, target)
    return target
