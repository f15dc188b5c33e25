"""`python build.py new <kind> <id>`: a new content file with every field of its model explained.

The file is made from the model itself (field names, Vietnamese descriptions, required or not,
closed lists), for any kind in schemas.KINDS whose files are named by id. Values the editor must
give are placeholders, "<<ĐIỀN: …>>"; `build.py check` reports each one left, at its line, as
"chưa điền". Optional fields are written empty, and lists of records (tasks, targets…) as an
empty list followed by a commented example item to copy.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from enum import Enum
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .content import PLACEHOLDER
from .schemas import ContentKind, modeline


HEADER = """\
# {description}.
# Tệp mẫu tạo bởi `python build.py new {kind} {record_id}`: thay mọi giá trị "<<ĐIỀN…>>" bằng giá trị thật,
# điền các trường không bắt buộc nếu văn bản có, xóa các dòng chú thích (#) không cần. Sau đó chạy
# `python build.py check`: mỗi chỗ còn "<<ĐIỀN" được báo kèm dòng và cột ("chưa điền").
"""


def placeholder(hint: str) -> str:
    return json.dumps(f"{PLACEHOLDER}: {hint}>>" if hint else f"{PLACEHOLDER}>>", ensure_ascii=False)


def _unwrap(annotation) -> tuple[object, bool]:
    """The type inside Optional/Annotated, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def _hint(annotation) -> str:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "một trong " + ", ".join(member.value for member in annotation)
    if annotation is dt.date:
        return "ngày NNNN-TT-NN"
    if annotation in (int, float):
        return "số"
    return ""


def _field_lines(name: str, info: FieldInfo, indent: str, prefilled: dict[str, str]) -> list[str]:
    annotation, optional = _unwrap(info.annotation)
    required = info.is_required()
    lines = [f"{indent}# {info.description or name}{' (bắt buộc)' if required else ''}"]
    if typing.get_origin(annotation) is list:
        item, _ = _unwrap(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            example = _model_lines(item, indent + "  ", {})
            example[0] = indent + "- " + example[0].removeprefix(indent + "  ")
            if required:
                return lines + [f"{indent}{name}:"] + example
            return lines + [f"{indent}{name}: []", f"{indent}# ví dụ một mục (bỏ dấu # để dùng):"] + [
                f"{indent}#{line[len(indent) - 1:] if indent else ' ' + line}" for line in example
            ]
        if required:
            return lines + [f"{indent}{name}:", f"{indent}  - {placeholder(_hint(item))}"]
        return lines + [f"{indent}{name}: []"]
    if typing.get_origin(annotation) is dict:
        # a map from a key (given as an example in the field's schema) to a list of records
        key = info.json_schema_extra["propertyNames"]["examples"][0]
        item, _ = _unwrap(typing.get_args(typing.get_args(annotation)[1])[0])
        example = _model_lines(item, indent + " " * 7, {})
        example[0] = indent + "     - " + example[0].removeprefix(indent + " " * 7)
        return lines + [f"{indent}{name}: {{}}", f"{indent}# ví dụ (bỏ dấu # để dùng, và bỏ dòng '{name}: {{}}' ở trên):",
                        f"{indent}# {name}:", f"{indent}#   {key}:"] + [f"{indent}#{line[len(indent):]}" for line in example]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lines + [f"{indent}{name}:"] + _model_lines(annotation, indent + "  ", {})
    if name in prefilled:
        return lines + [f"{indent}{name}: {prefilled[name]}"]
    if required:
        return lines + [f"{indent}{name}: {placeholder(_hint(annotation))}"]
    if annotation is bool:
        return lines + [f"{indent}{name}: {'true' if info.default else 'false'}"]
    assert optional, f"{name}: optional field without None"
    return lines + [f"{indent}{name}:"]


def _model_lines(model: type[BaseModel], indent: str, prefilled: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for name, info in model.model_fields.items():
        lines += _field_lines(name, info, indent, prefilled)
    return lines


def scaffold_text(kind: ContentKind, record_id: str, path: Path) -> str:
    header = HEADER.format(description=kind.description, kind=kind.name, record_id=record_id)
    body = _model_lines(kind.model, "", {"id": record_id})
    return modeline(kind, path) + "\n" + header + "\n".join(body) + "\n"


def create(kind: ContentKind, record_id: str, content_dir: Path) -> Path:
    """Write the new file; refuses to overwrite one that exists."""
    path = content_dir / kind.path_for(record_id)
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold_text(kind, record_id, path), encoding="utf-8", newline="\n")
    return path
