#!/usr/bin/env python3
"""Command line: `python build.py check` validates the content; `python build.py build` publishes the site;
`python build.py schemas` regenerates the JSON Schemas that editors use."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from publisher import check_cache, check_state
from publisher.problems import ContentError, Problems, StageError

# the rest of the package is imported by the commands that use it: a `check` whose content did not
# change needs none of it, and importing it all (pydantic, MkDocs' neighbours) took longer than the check
PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"  # as publisher.pipeline
DEFAULT_SITE = PROJECT_ROOT / "site"


def creatable_kinds() -> list[str]:
    from publisher.schemas import KINDS

    return [kind.name for kind in KINDS if "*" in kind.glob]


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Xây dựng trang công khai kế hoạch từ thư mục content/.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra toàn bộ nội dung, báo mọi lỗi kèm tệp và dòng")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    make = commands.add_parser("build", help="kiểm tra rồi xây dựng trang vào --site-dir")
    make.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    preview = commands.add_parser("serve", help="xem trước tại 127.0.0.1, tự dựng lại và tải lại trang khi sửa nội dung")
    preview.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    preview.add_argument("--port", type=int, default=8000, help="cổng (0: một cổng còn trống)")
    for command in (check, make, preview):
        command.add_argument("--cache", type=Path, metavar="DIR", default=check_cache.default_folder(),
                             help="thư mục lưu kết quả kiểm tra từng tệp, để lần sau chỉ đọc lại tệp đã sửa "
                             f"(mặc định: ${check_cache.ENVIRONMENT_VARIABLE} hoặc .cache/check/)")
        command.add_argument("--no-cache", action="store_true", help="đọc và kiểm tra lại mọi tệp, không dùng bộ nhớ đệm")
    make.add_argument("--site-dir", type=Path, default=DEFAULT_SITE)
    make.add_argument("--timings", type=Path, metavar="FILE",
                      help="ghi thời gian (giây) và bộ nhớ đỉnh (MiB) của từng bước vào FILE (JSON)")
    schemas = commands.add_parser("schemas", help="sinh lại JSON Schema (schemas/) từ mô hình và dòng $schema đầu mỗi tệp nội dung")
    schemas.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    schemas.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi; lỗi nếu cần sinh lại")
    new = commands.add_parser("new", help="tạo tệp nội dung mới, mỗi trường có chú thích, giá trị cần điền ghi <<ĐIỀN…>>")
    new.add_argument("kind", choices=creatable_kinds() if arguments[:1] == ["new"] else None)
    new.add_argument("id", help="mã: chữ thường không dấu nối bằng '-', ví dụ so-cong-thuong")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    importer = commands.add_parser("import", help="đọc một văn bản kế hoạch (Markdown, văn bản chép từ Word hay PDF) thành khung plan.yml")
    importer.add_argument("file", type=Path)
    importer.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="nội dung có các cơ quan để nhận tên")
    importer.add_argument("--id", help="mã kế hoạch (mặc định: kh-<số>-<năm> theo văn bản)")
    importer.add_argument("--write", action="store_true",
                          help="ghi vào <content>/plans/<mã>/plan.yml và chép văn bản gốc bên cạnh, thay vì in ra")
    args = parser.parse_args(arguments)
    if args.command == "import":
        return import_file(args.file, args.content, args.id, args.write)
    if args.command == "new":
        return new_file(args.kind, args.id, args.content)
    if args.command == "schemas":
        return update_schemas(args.content, args.check)
    check_cache.use(None if args.no_cache else args.cache)
    if args.command == "serve":
        from publisher.preview import serve

        serve(args.content, args.port)
        return 0
    try:
        if args.command == "check":
            # validation only (the site's data and its comparisons are for building pages), from the
            # last check's results for what did not change
            counts = check_state.check(args.content)
            print(f"Nội dung hợp lệ: {counts.plans} kế hoạch, {counts.tasks} nhiệm vụ, {counts.agencies} cơ quan.")
        else:
            from publisher.pipeline import build
            from publisher.timings import Timings

            timings = Timings()
            result = build(args.content, args.site_dir, timings)
            if args.timings:
                timings.write(args.timings)
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
    from publisher.model import SLUG_PATTERN
    from publisher.scaffold import create
    from publisher.schemas import kind_named

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


def import_file(document: Path, content_dir: Path, record_id: str | None, write: bool) -> int:
    from publisher.content import load_content
    from publisher.importer import import_document, plan_id, plan_yaml
    from publisher.schemas import kind_named, modeline

    agencies = [loaded.record for loaded in load_content(content_dir, Problems()).agencies.values()]
    try:
        plan = import_document(document, agencies)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"{document}: không đọc được: {error}", file=sys.stderr)
        return 1
    record_id = record_id or plan_id(plan)
    target = content_dir / kind_named("plan").path_for(record_id)
    source_file = "van-ban-goc" + document.suffix
    header = (f"{modeline(kind_named('plan'), target)}\n# Nhập từ {document.name} bằng `python build.py import` "
              f"(bảng nhiệm vụ: dạng {plan.table_form}, {len(plan.tasks)} nhiệm vụ). So từng giá trị với văn bản gốc,\n"
              f"# điền các giá trị <<ĐIỀN…>>, rồi chạy `python build.py check`.")
    text = plan_yaml(plan, record_id, source_file, header)
    if write:
        if target.exists():
            print(f"đã có tệp {target}; không ghi đè", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
        shutil.copyfile(document, target.parent / source_file)
        print(f"Đã ghi {target} và văn bản gốc {source_file}.")
    else:
        sys.stdout.write(text)
    for name in plan.unresolved:
        print(f"chưa nhận ra cơ quan: {name}", file=sys.stderr)
    return 0


def update_schemas(content_dir: Path, check_only: bool) -> int:
    from publisher.schemas import missing_modelines, outdated_schemas, write_modelines, write_schemas

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
