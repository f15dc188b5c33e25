"""The editors' JSON Schemas: committed files match the model, every content file names its schema,
and the schemas accept the real content and reject what the model rejects."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from publisher.schemas import KINDS, SCHEMAS_DIR, content_files, missing_modelines, outdated_schemas
from tests.conftest import REAL_CONTENT, ROOT, TINY_CONTENT


class EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (YAML 1.2 core schema: a date is text)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind):
    schema = json.loads((SCHEMAS_DIR / kind.schema_file).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schemas_match_the_model():
    assert outdated_schemas() == [], "schema cũ: chạy `python build.py schemas` (make schemas) rồi commit"


def test_every_content_file_names_its_schema_on_the_first_line():
    assert missing_modelines(REAL_CONTENT) == [], "chạy `python build.py schemas` để thêm dòng $schema"
    first_line = (REAL_CONTENT / "plans" / "kh-75-2012" / "plan.yml").read_text(encoding="utf-8").split("\n")[0]
    assert first_line == "# yaml-language-server: $schema=../../../schemas/plan.schema.json"
    assert (REAL_CONTENT / "plans" / "kh-75-2012" / first_line.split("=", 1)[1]).resolve() == SCHEMAS_DIR / "plan.schema.json"


@pytest.mark.parametrize("content", [REAL_CONTENT, TINY_CONTENT], ids=["real", "tiny"])
def test_the_schemas_accept_valid_content(content):
    files = content_files(content)
    optional = {"progress", "legal-document"} if content == REAL_CONTENT else set()  # no reports, no editor files yet
    assert {kind.name for kind, _ in files} == {kind.name for kind in KINDS} - optional
    for kind, path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
        errors = [error.message for error in validator(kind).iter_errors(data)]
        assert errors == [], f"{path.relative_to(ROOT)}: {errors}"


def test_the_schema_flags_what_an_editor_gets_wrong():
    agency = next(kind for kind in KINDS if kind.name == "agency")
    data = {"id": "So Moi", "name": "Sở Mới", "kind": "sở", "nmae": "x"}
    messages = sorted(error.message for error in validator(agency).iter_errors(data))
    assert messages == [
        "'So Moi' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'",
        "'sở' is not one of ['peoples_committee', 'department', 'management_board', 'police', 'party_body', "
        "'steering_committee', 'ministry', 'collective']",
        "Additional properties are not allowed ('nmae' was unexpected)",
    ]
    described = json.loads((SCHEMAS_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    assert described["$defs"]["Task"]["properties"]["lead_text"]["description"] == "Cơ quan chủ trì, nguyên văn"
