"""Check Markdown written by editors before MkDocs sees it.

Raw HTML, script links and internal links to pages that do not exist are refused with the
file and line where they are written. Internal links are written as site paths
("/co-quan/so-cong-thuong/") and become relative links in the generated pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it import MarkdownIt

from .problems import Problems

# text_join off: an entity or escape ('&lt;', '\\<') stays its own token, so '<' in a text token was typed as '<'
_parser = MarkdownIt("commonmark").enable("table").disable("text_join")
# Keep every link as a link token, even javascript: ones markdown-it would leave as text,
# because MkDocs' own Markdown renderer would turn them into links: they must be seen to be refused.
_parser.validateLink = lambda url: True
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# '<' then a letter, '/', '!' or '?': CommonMark may read it as text ('<img/src=x onerror=…>') where
# MkDocs' Markdown passes it on as HTML; refused like any HTML
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
_INLINE_LINK = re.compile(r"\]\((/[^)\s]*)")
# What any token check_markdown reports needs, in the CommonMark preset (no linkify) with tables:
# HTML, an autolink and a '<' kept as text need '<'; an inline link or image needs ']('
# (CommonMark: the destination follows the link text immediately), a reference one a definition
# ('[label]:', the colon right after the bracket); a heading needs '#' or a setext underline, a
# line ending in '=' or '-' (no inner spaces allowed). A text with none of these cannot produce a
# problem, so it is not parsed (tests/broken and tests/test_validation hold the cases).
_MAY_HAVE_LINK_OR_HTML = re.compile(r"<|\]\(|\]:")
_MAY_HAVE_LINK_HTML_OR_HEADING = re.compile(r"<|\]\(|\]:|#|[=-][ \t\r]*$", re.MULTILINE)


def _walk(tokens, line: int = 0) -> Iterable[tuple[object, int]]:
    """Every token with the 0-based line it is on (inline tokens: counted through line breaks)."""
    for token in tokens:
        if token.map:
            line = token.map[0]
        yield token, line
        if token.children:
            child_line = line
            for child in token.children:
                yield child, child_line
                if child.type in ("softbreak", "hardbreak"):
                    child_line += 1


def split_fragment(href: str) -> tuple[str, str]:
    path, _, fragment = href.partition("#")
    return path, fragment


def check_markdown(
    text: str,
    display: str,
    first_line: int,
    key: str,
    known_pages: dict[str, set[str]],
    problems: Problems,
    forbid_h1: bool = False,
) -> None:
    """Report raw HTML, unsafe links and internal links to unknown pages or anchors.

    known_pages maps each site path ("/ke-hoach/kh-75-2012/") to the anchors it has. A page body
    (forbid_h1) also may not skip a heading level: '### ' must follow a '## '.
    """
    report_findings(markdown_findings(text, forbid_h1), display, first_line, key, known_pages, problems)


Finding = tuple[int, str, str]  # (0-based line in the text, "problem" or "link", the message or the link as written)


def may_have_findings(text: str, forbid_h1: bool = False) -> bool:
    return bool((_MAY_HAVE_LINK_HTML_OR_HEADING if forbid_h1 else _MAY_HAVE_LINK_OR_HTML).search(text))


def markdown_findings(text: str, forbid_h1: bool = False) -> tuple[Finding, ...]:
    """What check_markdown reports about a text, from the text alone: the links are kept as written,
    to be judged against the site's pages by report_findings (so a text's findings can be cached)."""
    if not may_have_findings(text, forbid_h1):
        return ()
    found: list[Finding] = []
    level = 1
    for token, line in _walk(_parser.parse(text)):
        if token.type == "heading_open" and token.tag == "h1" and forbid_h1:
            found.append((line, "problem", "không dùng tiêu đề cấp 1 ('# '); tên kế hoạch đã là tiêu đề trang, hãy dùng '## '"))
        elif token.type == "heading_open" and forbid_h1:
            new_level = int(token.tag[1])
            if new_level > level + 1:
                found.append((line, "problem",
                              f"tiêu đề cấp {new_level} ('{'#' * new_level} ') sau tiêu đề cấp {level}; không bỏ cấp, hãy dùng '{'#' * (level + 1)} '"))
            level = new_level
        elif token.type == "image" and str(token.attrGet("src") or "").lower().startswith(("http://", "https://", "//")):
            found.append((line, "problem",
                          f"ảnh {token.attrGet('src')!r} ở máy chủ khác; trang web không tải gì từ máy chủ khác, hãy đặt ảnh trên trang này"))
        elif token.type in ("html_block", "html_inline") or (token.type == "text" and _TAG_LIKE.search(token.content)):
            content = token.content[_TAG_LIKE.search(token.content).start():] if token.type == "text" else token.content
            snippet = content.strip().splitlines()[0][:60] if content.strip() else ""
            found.append((line, "problem", f"không dùng HTML trong nội dung ({snippet!r}); hãy viết bằng Markdown"))
        elif token.type in ("link_open", "image"):
            found.append((line, "link", str(token.attrGet("href") or token.attrGet("src") or "")))
    return tuple(found)


def report_findings(findings, display: str, first_line: int, key: str, known_pages: dict[str, set[str]],
                    problems: Problems) -> None:
    """A text's findings (markdown_findings) as problems, at the text's first line in its file."""
    for line, kind, what in findings:
        if kind == "link":
            _check_href(what, display, first_line + line, key, known_pages, problems)
        else:
            problems.add(display, first_line + line, 1, key, what)


def _check_href(href, display, line, key, known_pages, problems) -> None:
    lowered = href.strip().lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return
    if re.match(r"^[a-z][a-z0-9+.\-]*:", lowered):
        problems.add(display, line, 1, key, f"liên kết {href!r} không an toàn; chỉ nhận http(s)://, mailto: hoặc đường dẫn trong trang")
        return
    if href.startswith("#"):
        return
    if not href.startswith("/"):
        problems.add(display, line, 1, key, f"liên kết nội bộ {href!r} phải bắt đầu bằng '/', ví dụ /co-quan/so-cong-thuong/")
        return
    path, fragment = split_fragment(href)
    if not path.endswith("/"):
        path += "/"
    if path not in known_pages:
        problems.add(display, line, 1, key, f"liên kết tới trang không tồn tại: {href!r}")
    elif fragment and fragment not in known_pages[path]:
        problems.add(display, line, 1, key, f"liên kết tới mục không tồn tại: {href!r}")


def rewrite_site_links(text: str, to_relative) -> str:
    """Turn site paths in inline links into relative Markdown links with to_relative(path)."""
    return _INLINE_LINK.sub(lambda m: "](" + to_relative(m.group(1)), text)
