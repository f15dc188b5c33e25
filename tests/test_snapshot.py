"""A folder's snapshot (publisher/snapshot.py): what counts as changed, and loading with a snapshot
taken before a file was saved again."""

from __future__ import annotations

import os
import time
from pathlib import Path

from publisher import content as content_module, snapshot
from publisher.content import load_content
from publisher.problems import Problems
from tests.test_validation import make_content


def test_changed_compares_files_by_their_bytes_and_anything_else_by_its_status(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(snapshot, "RACY_NS", 0)
    folder = tmp_path / "folder"
    (folder / "inside").mkdir(parents=True)
    (folder / "inside" / "a.yml").write_bytes(b"a: 1\n")
    (folder / "b.yml").write_bytes(b"b: 1\n")
    os.symlink("b.yml", folder / "link.yml")
    first = snapshot.take(folder)
    assert sorted(first) == ["b.yml", "inside", "inside/a.yml", "link.yml"]
    assert first["inside"].digest is None and first["link.yml"].digest is None
    time.sleep(0.05)  # past the file system clock's tick
    (folder / "inside" / "a.yml").write_bytes(b"a: 1\n")  # written again, the same bytes
    (folder / "b.yml").write_bytes(b"b: 2\n")
    (folder / "c.yml").write_bytes(b"c: 1\n")
    assert snapshot.changed(first, snapshot.take(folder, first)) == {"b.yml", "c.yml"}
    (folder / "link.yml").unlink()
    os.symlink("c.yml", folder / "link.yml")  # another link: its status changed
    assert snapshot.changed(first, snapshot.take(folder)) == {"b.yml", "c.yml", "link.yml"}


def test_a_file_seen_too_recently_is_read_again_and_compared_by_its_bytes(tmp_path: Path, monkeypatch) -> None:
    """Rewritten with the same size and its old times put back: its status may be the one seen, so
    only its bytes tell."""
    monkeypatch.setattr(snapshot, "RACY_NS", 3600 * 10**9)
    plan = tmp_path / "plan.yml"
    plan.write_bytes(b"lead: an-giang\n")
    old = plan.stat()
    first = snapshot.take(tmp_path)
    assert first["plan.yml"].status is None
    plan.write_bytes(b"lead: an-gianx\n")
    os.utime(plan, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert snapshot.changed(first, snapshot.take(tmp_path, first)) == {"plan.yml"}


def test_a_file_saved_after_the_snapshot_is_not_kept_under_the_snapshots_digest(tmp_path: Path, monkeypatch) -> None:
    """Loading with a snapshot taken before a file was saved again parses the file as it is then; that
    record is not kept (content.PARSED) under the digest of the bytes the snapshot saw, so when those
    bytes come back, they are parsed again."""
    monkeypatch.setattr(content_module, "PARSED", {})
    content = make_content(tmp_path)
    plan = content / "plans" / "kh-2-2025" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    assert "title: Kế hoạch thử năm 2025\n" in text
    files = snapshot.take(content)
    plan.write_text(text.replace("title: Kế hoạch thử năm 2025\n", "title: Kế hoạch đã sửa\n"), encoding="utf-8")

    def title() -> str:
        return load_content(content, Problems(), snapshot.take(content)).plans["kh-2-2025"].record.title

    assert load_content(content, Problems(), files).plans["kh-2-2025"].record.title == "Kế hoạch đã sửa"
    plan.write_text(text, encoding="utf-8")
    assert title() == "Kế hoạch thử năm 2025"
    plan.write_text(text.replace("title: Kế hoạch thử năm 2025\n", "title: Kế hoạch đã sửa\n"), encoding="utf-8")
    assert title() == "Kế hoạch đã sửa"  # from PARSED, under the digest of these bytes
