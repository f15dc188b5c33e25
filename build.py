#!/usr/bin/env python3
"""Command line: `python build.py check` validates the content; `python build.py build` publishes the site;
`python build.py schemas` regenerates the JSON Schemas that editors use."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from publisher.pipeline import DEFAULT_CONTENT, DEFAULT_SITE, build, load_and_check
from publisher.problems import ContentError, StageError
from publisher.model import SLUG_PATTERN
from publisher.scaffold import create
from publisher.schemas import KINDS, kind_named, missing_modelines, outdated_schemas, write_modelines, write_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Xây dựng trang công khai kế hoạch từ thư mục content/.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra toàn bộ nội dung, báo mọi lỗi kèm tệp và dòng")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    make = commands.add_parser("build", help="kiểm tra rồi xây dựng trang vào --site-dir")
    make.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    make.add_argument("--site-dir", type=Path, default=DEFAULT_SITE)
    schemas = commands.add_parser("schemas", help="sinh lại JSON Schema (schemas/) từ mô hình và dòng $schema đầu mỗi tệp nội dung")
    schemas.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    schemas.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi; lỗi nếu cần sinh lại")
    preview = commands.add_parser("serve", help="xem trước tại 127.0.0.1, tự dựng lại và tải lại trang khi sửa nội dung")
    preview.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    preview.add_argument("--port", type=int, default=8000, help="cổng (0: một cổng còn trống)")
    new = commands.add_parser("new", help="tạo tệp nội dung mới, mỗi trường có chú thích, giá trị cần điền ghi <<ĐIỀN…>>")
    new.add_argument("kind", choices=[kind.name for kind in KINDS if "*" in kind.glob])
    new.add_argument("id", help="mã: chữ thường không dấu nối bằng '-', ví dụ so-cong-thuong")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    args = parser.parse_args(argv)
    if args.command == "new":
        return new_file(args.kind, args.id, args.content)
    if args.command == "schemas":
        return update_schemas(args.content, args.check)
    if args.command == "serve":
        from publisher.preview import serve

        serve(args.content, args.port)
        return 0
    try:
        if args.command == "check":
            data = load_and_check(args.content)
            print(f"Nội dung hợp lệ: {len(data.plans)} kế hoạch, {len(data.tasks)} nhiệm vụ, {len(data.agencies)} cơ quan.")
        else:
            result = build(args.content, args.site_dir)
            print(f"Đã xây dựng {result.pages} trang vào {result.site_dir}.")
    except ContentError as error:
        print(error.problems.report(), file=sys.stderr)
        print("Không xây dựng: hãy sửa các lỗi trên. Trang đã công bố trước đó vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except StageError as error:
        print(error, file=sys.stderr)
        print("Không xây dựng xong. Trang đã công bố trước đó vẫn giữ nguyên.", file=sys.stderr)
        return 1
    return 0


def new_file(kind_name: str, record_id: str, content_dir: Path) -> int:
    if not re.fullmatch(SLUG_PATTERN, record_id):
        print(f"mã {record_id!r} không hợp lệ; chỉ dùng chữ thường không dấu, số và dấu '-'", file=sys.stderr)
        return 1
    try:
        path = create(kind_named(kind_name), record_id, content_dir)
    except FileExistsError as error:
        print(f"đã có tệp {error.args[0]}; không ghi đè", file=sys.stderr)
        return 1
    print(f"Đã tạo {path}. Điền các giá trị <<ĐIỀN…>> rồi chạy: python build.py check")
    return 0


def update_schemas(content_dir: Path, check_only: bool) -> int:
    if check_only:
        stale = outdated_schemas() + [str(path) for path in missing_modelines(content_dir)]
        for name in stale:
            print(f"cần sinh lại: {name}", file=sys.stderr)
        if stale:
            print("Chạy: python build.py schemas (hoặc make schemas)", file=sys.stderr)
        return 1 if stale else 0
    written = write_schemas()
    changed = write_modelines(content_dir)
    print(f"Đã ghi {len(written)} schema; thêm/sửa dòng $schema ở {len(changed)} tệp nội dung.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
