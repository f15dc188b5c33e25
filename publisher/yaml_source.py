"""Read one YAML content file safely, keeping the line and column of every key and value.

Every scalar is read as text (no YAML 1.1 guessing: `no`, `08` and `2012-05-22` stay exactly as
written); the model turns text into numbers, dates and booleans where a field asks for one.
Anchors, aliases and custom tags are refused, and files are bounded in size.
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .problems import Problems
from .text import vn_number

try:  # libyaml (the manylinux PyYAML wheel has it): the fast path; without it every file takes the slow one
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _CParser = None

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000  # the largest real file has about 500
MAX_DEPTH = 50

KeyPath = tuple[str | int, ...]
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class _Refused(Exception):
    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class _NoAliasComposer(Composer):
    """Composes nodes, refusing anchors and aliases, nesting deeper than MAX_DEPTH (PyYAML's
    composer is recursive: a deep file would otherwise end in RecursionError) and more nodes than
    twice MAX_NODES (each composed node holds memory before _convert counts it)."""

    depth = 0
    nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, "không dùng bí danh YAML (*tên); hãy viết lại giá trị")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "không dùng neo YAML (&tên); hãy viết giá trị trực tiếp")
        self.depth += 1
        self.nodes += 1
        if self.nodes > 2 * MAX_NODES:
            raise _Refused(event.start_mark, f"tệp có quá nhiều phần tử (tối đa {vn_number(MAX_NODES)})")
        try:
            # _convert reports depth past MAX_DEPTH with the key path; this guard only stops
            # absurd depths before Python's recursion limit does
            if self.depth > 2 * MAX_DEPTH:
                raise _Refused(event.start_mark, f"cấu trúc lồng quá sâu (tối đa {MAX_DEPTH} cấp)")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TextOnlyLoader(Reader, Scanner, Parser, _NoAliasComposer, SafeConstructor, BaseResolver):
    """PyYAML's parts with no implicit typing: every plain scalar resolves to a string."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _NoAliasComposer.__init__(self)
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)


if _CParser is not None:

    class _TextOnlyCLoader(_CParser, BaseResolver):
        """libyaml's parser and composer with the same resolver: every plain scalar is a string."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            BaseResolver.__init__(self)

        # BaseResolver has no implicit nor path resolvers and tagged nodes never get here: its
        # answers reduce to these (called once per node by libyaml's composer)
        def resolve(self, kind, value, implicit):
            return _DEFAULT_TAGS[kind]

        def descend_resolver(self, current_node, current_index):
            pass

        def ascend_resolver(self):
            pass

    _DEFAULT_TAGS = {
        yaml.ScalarNode: BaseResolver.DEFAULT_SCALAR_TAG,
        yaml.SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
        yaml.MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
    }


# where libyaml and PyYAML's pure-Python scanner disagree: libyaml accepts a tab inside a plain
# scalar that PyYAML refuses ("found character '\\t' that cannot start any token")
_LIBYAML_DIFFERS = re.compile("\t")


def _compose_fast(text: str):
    """The file's node tree composed by libyaml, or None whenever the slow path must decide.

    The events are read first (cheap, no nodes kept): a character on which the two parsers
    disagree, an empty scalar that is not a mapping's value, an alias, an anchor, an explicit tag,
    a directive, more nodes than MAX_NODES or nesting near MAX_DEPTH, or any error at all leaves the
    file to the pure-Python loader, whose messages and positions are the ones editors see. On
    everything else both paths give the same nodes (tests/test_yaml_fast_path.py proves it).
    """
    if _CParser is None or _LIBYAML_DIFFERS.search(text):
        return None
    try:
        nodes = 0
        # per open collection: is it a mapping, and how many nodes it has so far (keys, values)
        open_collections: list[list] = [[False, 0]]
        events = _TextOnlyCLoader(text)
        while True:
            event = events.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent or event is None:
                break
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    return None
                nodes += 1
                if nodes > MAX_NODES:
                    return None
                parent = open_collections[-1]
                if kind is yaml.ScalarEvent:
                    # an empty plain scalar's position differs between the two (a mapping's value
                    # is located at its key, so there it does not matter)
                    if not event.value and not event.style and not (parent[0] and parent[1] % 2):
                        return None
                else:
                    open_collections.append([kind is yaml.MappingStartEvent, 0])
                    if len(open_collections) > MAX_DEPTH:
                        return None
                parent[1] += 1
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                open_collections.pop()
            elif kind is yaml.AliasEvent:
                return None
            elif kind is yaml.DocumentStartEvent and (event.version or event.tags):
                return None
        loader = _TextOnlyCLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - whatever libyaml objects to, the slow path reports
        return None


@dataclass
class SourceFile:
    """A content file as read: its data, and where each key path sits in the file."""

    path: Path
    display: str
    data: Any = None
    positions: dict[KeyPath, tuple[int, int]] | bytes = field(default_factory=dict)  # bytes: see __getstate__
    # each block scalar (| or >) as written in the file, dedented, with the line it starts on:
    # Markdown problems inside it are located on these lines (folding and stripping lose them)
    block_texts: dict[KeyPath, tuple[int, str]] = field(default_factory=dict)
    text: str = ""

    def text_at(self, key_path: KeyPath) -> tuple[int, str] | None:
        return self.block_texts.get(tuple(key_path))

    def locate(self, key_path: KeyPath) -> tuple[int, int]:
        """Line and column of a key path, or of its nearest ancestor that is in the file."""
        if isinstance(self.positions, bytes):
            self.positions = pickle.loads(self.positions)
        path = tuple(key_path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def __getstate__(self) -> dict:
        """Pickled (check_cache.py) with its positions packed apart: they are unpacked only when a
        problem in the file is located, which a check of good content never does."""
        state = dict(self.__dict__)
        if not isinstance(self.positions, bytes):
            state["positions"] = pickle.dumps(self.positions, protocol=pickle.HIGHEST_PROTOCOL)
        return state


def key_path_text(key_path: KeyPath) -> str:
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "dấu ':' không được phép ở đây; giá trị có chứa ': ' phải đặt trong ngoặc kép",
    "found character '\\t' that cannot start any token": "không dùng phím Tab để thụt lề; hãy dùng dấu cách",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường, hoặc ngoặc kép chưa đóng",
    "found unexpected end of stream": "tệp kết thúc giữa chừng; có ngoặc kép hay ngoặc vuông chưa đóng",
    "expected <block end>, but found": "thụt lề không khớp với dòng trên",
    "did not find expected key": "thụt lề không khớp hoặc thiếu tên trường",
    "did not find expected '-' indicator": "thụt lề của danh sách không khớp",
    "but found another document": "mỗi tệp chỉ chứa một tài liệu YAML; hãy bỏ dòng '---' và phần sau nó",
    "found duplicate anchor": "neo YAML bị lặp",
}


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = str(error.problem or error.context)
    english = "; ".join(part for part in (error.context, error.problem) if part)
    for start, vietnamese in _SYNTAX_HINTS.items():
        if problem.startswith(start):
            return f"lỗi cú pháp YAML: {vietnamese} ({english})"
    return f"lỗi cú pháp YAML: {english}"


def _error_mark(error: yaml.MarkedYAMLError):
    """Where to point the editor: at an unclosed quote's opening, else where parsing failed."""
    if error.context_mark and str(error.context or "").startswith("while scanning a quoted scalar"):
        return error.context_mark
    return error.problem_mark or error.context_mark


def _position(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _line_column_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last_newline = before.rfind(b"\n")
    column = len(before[last_newline + 1 :].decode("utf-8", errors="replace")) + 1
    return line, column


# what YAML refuses to read (PyYAML's Reader.NON_PRINTABLE), refused in Markdown too
_CONTROL_CHARACTER = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def read_text(path: Path, display: str, problems: Problems, limit: int = MAX_FILE_BYTES) -> str | None:
    """A content file's text as NFC, or None after reporting why it cannot be read."""
    size = path.stat().st_size
    if size > limit:
        problems.add(display, 1, 1, "", f"tệp quá lớn ({vn_number(size)} byte; tối đa {vn_number(limit)} byte)")
        return None
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(display, 1, 1, "", "tệp được lưu với mã hóa UTF-16; hãy lưu lại với mã hóa UTF-8")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column_of_byte(raw, error.start)
        problems.add(display, line, column, "", "tệp không phải UTF-8 hợp lệ; hãy lưu lại với mã hóa UTF-8")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line, column = _line_column_of_byte(raw, raw.index(b"\x00"))
        problems.add(display, line, column, "", "tệp chứa ký tự NUL; đây không phải tệp văn bản")
        return None
    control = _CONTROL_CHARACTER.search(text)
    if control:
        before = text[: control.start()]
        line, column = before.count("\n") + 1, control.start() - before.rfind("\n")
        problems.add(display, line, column, "", f"tệp chứa ký tự điều khiển không nhìn thấy (U+{ord(control.group()):04X}); hãy xóa ký tự này")
        return None
    return unicodedata.normalize("NFC", text)


def load_yaml(path: Path, display: str, problems: Problems) -> SourceFile | None:
    """Read one YAML file; report every problem found in it and return None if it is unusable."""
    text = read_text(path, display, problems)
    if text is None:
        return None
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        problems.add(display, 1, 1, "", "tệp rỗng; hãy điền nội dung hoặc xóa tệp")
        return None
    node = _compose_fast(text)
    if node is None:
        node = _compose_slow(text, display, problems)
        if node is _INVALID:
            return None
    return _source_from_node(node, path, display, text, problems)


def _compose_slow(text: str, display: str, problems: Problems):
    """The file's node tree composed by PyYAML's pure-Python loader, or _INVALID after reporting why not."""
    loader = _TextOnlyLoader(text)
    try:
        return loader.get_single_node()
    except _Refused as refused:
        line, column = _position(refused.mark)
        problems.add(display, line, column, "", refused.message)
        return _INVALID
    except yaml.MarkedYAMLError as error:
        mark = _error_mark(error)
        line, column = _position(mark) if mark else (1, 1)
        problems.add(display, line, column, "", _syntax_message(error))
        return _INVALID
    except yaml.YAMLError as error:
        problems.add(display, 1, 1, "", f"lỗi cú pháp YAML: {error}")
        return _INVALID
    finally:
        loader.dispose()


def _source_from_node(node, path: Path, display: str, text: str, problems: Problems) -> SourceFile | None:
    source = SourceFile(path=path, display=display, text=text)
    counter = [0]
    ok = _convert(node, (), source, problems, counter, depth=0)
    if ok is _INVALID:
        return None
    source.data = ok
    return source


_INVALID = object()


def _block_text(text: str, node) -> tuple[int, str]:
    """The lines of a block scalar as they stand in the file, without their indentation."""
    # the scalar ends where the next token starts: at column 0 of a later line, or at the file's end
    end = node.end_mark.line + (1 if node.end_mark.column else 0)
    lines = text.splitlines()[node.start_mark.line + 1 : end]
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    indent = min(indents) if indents else 0
    return node.start_mark.line + 2, "\n".join(line[indent:] for line in lines)


def _convert(node, key_path: KeyPath, source: SourceFile, problems: Problems, counter: list[int], depth: int):
    counter[0] += 1
    line, column = _position(node.start_mark)
    source.positions.setdefault(key_path, (line, column))
    where = key_path_text(key_path)
    if counter[0] > MAX_NODES:
        problems.add(source.display, line, column, where, f"tệp có quá nhiều phần tử (tối đa {vn_number(MAX_NODES)})")
        return _INVALID
    if depth > MAX_DEPTH:
        problems.add(source.display, line, column, where, f"cấu trúc lồng quá sâu (tối đa {MAX_DEPTH} cấp)")
        return _INVALID
    if node.tag not in _STANDARD_TAGS:
        problems.add(source.display, line, column, where, f"không dùng thẻ YAML {node.tag!r}; hãy bỏ thẻ")
        return _INVALID
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULL_WORDS:  # plain: None (PyYAML) or "" (libyaml)
            return None
        if node.style in ("|", ">"):
            source.block_texts[key_path] = _block_text(source.text, node)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            value = _convert(child, key_path + (index,), source, problems, counter, depth + 1)
            if value is _INVALID:
                return _INVALID
            items.append(value)
        return items
    mapping: dict[str, Any] = {}
    failed = False
    for key_node, value_node in node.value:
        key_line, key_column = _position(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _STANDARD_TAGS:
            problems.add(source.display, key_line, key_column, where, "tên trường phải là chữ đơn giản")
            failed = True
            continue
        key = key_node.value
        if key == "<<":
            problems.add(source.display, key_line, key_column, where, "không dùng khóa gộp YAML (<<)")
            failed = True
            continue
        child_path = key_path + (key,)
        if key in mapping:
            first_line = source.positions[child_path][0]
            problems.add(
                source.display, key_line, key_column, key_path_text(child_path),
                f"trường bị lặp (đã có ở dòng {first_line}); hãy giữ một lần",
            )
            failed = True
            continue
        source.positions[child_path] = (key_line, key_column)
        value = _convert(value_node, child_path, source, problems, counter, depth + 1)
        if value is _INVALID:
            return _INVALID
        mapping[key] = value
    return _INVALID if failed else mapping
