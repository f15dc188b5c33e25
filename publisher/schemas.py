"""JSON Schemas of the content files, generated from the model, so that an editor (VS Code with the
YAML extension, or any editor using yaml-language-server) completes field names and flags errors
while typing. Each content file names its schema in a first-line modeline:

    # yaml-language-server: $schema=../../schemas/agency.schema.json

KINDS is the one table of content kinds: a new kind of content file is one line in it (its name,
model, schema file and where its files live); the schema, the modelines and `build.py new` follow.
`python build.py schemas` rewrites the schema files and the modelines; a test fails when they are
out of date.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from .model import Agency, Facility, FacilityList, LegalDocument, Plan, PlanProgress, Series, Site

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = PROJECT_ROOT / "schemas"
MODELINE_PREFIX = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class ContentKind:
    name: str  # as typed in `build.py new <name>`
    model: type[BaseModel]
    schema_file: str  # in schemas/
    glob: str  # the kind's files, relative to the content folder; '*' stands for the record's id
    description: str  # shown by editors for the whole file

    def path_for(self, record_id: str) -> str:
        """Where a new record of this kind goes, relative to the content folder."""
        return self.glob.replace("*", record_id)


KINDS: tuple[ContentKind, ...] = (
    ContentKind("site", Site, "site.schema.json", "site.yml", "Cấu hình trang: tên, mô tả, ngày dữ liệu"),
    ContentKind("series", Series, "series.schema.json", "series/*.yml", "Một chuỗi kế hoạch hằng năm"),
    ContentKind("agency", Agency, "agency.schema.json", "agencies/*.yml", "Một cơ quan hoặc nhóm đơn vị được giao nhiệm vụ"),
    ContentKind("plan", Plan, "plan.schema.json", "plans/*/plan.yml", "Một kế hoạch: số hiệu, ngày, căn cứ, chỉ tiêu, bảng nhiệm vụ, tổ chức thực hiện"),
    ContentKind("facility", Facility, "facility.schema.json", "facilities/*.yml",
                "Một cơ sở gây ô nhiễm môi trường nghiêm trọng: địa chỉ, ô nhiễm, quyết định, biện pháp, thời hạn, trạng thái"),
    ContentKind("facility-list", FacilityList, "facility-list.schema.json", "facility-lists/*.yml",
                "Danh sách cơ sở gây ô nhiễm được công bố cho một năm, với quyết định công bố"),
    ContentKind("progress", PlanProgress, "progress.schema.json", "plans/*/tien-do.yml",
                "Tiến độ của một kế hoạch: báo cáo tiến độ từng nhiệm vụ, giá trị đo được của chỉ tiêu"),
    ContentKind("legal-document", LegalDocument, "legal-document.schema.json", "legal-documents/*.yml",
                "Bổ sung cho một văn bản được kế hoạch trích dẫn: trích yếu, liên kết, hiệu lực"),
)


def kind_named(name: str) -> ContentKind:
    return next(kind for kind in KINDS if kind.name == name)


def schema_text(kind: ContentKind) -> str:
    schema = kind.model.model_json_schema()
    for definition in schema.get("$defs", {}).values():
        definition.pop("description", None)  # the classes' English docstrings; fields say it in Vietnamese
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind.model.__name__} ({kind.glob})",
        "description": kind.description,
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def outdated_schemas(folder: Path = SCHEMAS_DIR) -> list[str]:
    """Schema files that differ from what the model generates now (or are missing)."""
    outdated = []
    for kind in KINDS:
        path = folder / kind.schema_file
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(kind):
            outdated.append(kind.schema_file)
    return outdated


def write_schemas(folder: Path = SCHEMAS_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / kind.schema_file
        path.write_text(schema_text(kind), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def modeline(kind: ContentKind, path: Path) -> str:
    relative = os.path.relpath(SCHEMAS_DIR / kind.schema_file, path.resolve().parent)
    return MODELINE_PREFIX + Path(relative).as_posix()


def content_files(content_dir: Path) -> list[tuple[ContentKind, Path]]:
    return [(kind, path) for kind in KINDS for path in sorted(content_dir.glob(kind.glob)) if path.is_file()]


def missing_modelines(content_dir: Path) -> list[Path]:
    """Content files whose first line is not their kind's modeline."""
    return [
        path for kind, path in content_files(content_dir)
        if path.read_text(encoding="utf-8").split("\n", 1)[0] != modeline(kind, path)
    ]


def write_modelines(content_dir: Path) -> list[Path]:
    """Put (or correct) the modeline on the first line of every content file; returns files changed."""
    changed = []
    for kind, path in content_files(content_dir):
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        body = rest if first.startswith(MODELINE_PREFIX) else text
        updated = modeline(kind, path) + "\n" + body
        if updated != text:
            path.write_text(updated, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed
