"""Parse a legal citation in its fixed Vietnamese form into type, number, issuer and date.

"Quyết định số 192/QĐ-TTg ngày 13/02/2017", "Chỉ thị số 29-CT/TW ngày 21 tháng 01 năm 2009",
"Thông tư số 42/2020/TT-BCT ngày 30/11/2020", "Luật Bảo vệ môi trường năm 2020".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from .text import slugify

DOCUMENT_TYPES = {
    "Luật": "Luật",
    "Nghị định": "NĐ",
    "Quyết định": "QĐ",
    "Thông tư": "TT",
    "Chỉ thị": "CT",
    "Nghị quyết": "NQ",
    "Kế hoạch": "KH",
    "Chương trình": "CTr",
    "Công văn": "CV",
}

ISSUERS = {
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BCT": "Bộ Công Thương",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "TU": "Thành ủy",
}

_TYPE_WORDS = "|".join(sorted(DOCUMENT_TYPES, key=len, reverse=True))
_DATE = r"(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})|(?P<d2>\d{1,2}) tháng (?P<m2>\d{1,2}) năm (?P<y2>\d{4})"
_PATTERN = re.compile(
    rf"^(?P<kind>{_TYPE_WORDS})"
    rf"(?: số (?P<number>[0-9A-Za-zĐđ/.\-]+)| (?P<name>(?!ngày |năm |số )[^,;]+?))?"
    rf"(?: ngày (?P<date>{_DATE}))?"
    rf"(?: năm (?P<year>\d{{4}}))?$"
)


@dataclass(frozen=True)
class Citation:
    text: str
    kind: str  # the document type word, e.g. "Quyết định"
    kind_code: str  # QĐ, TT, Luật ...
    number: str | None  # "192/QĐ-TTg"
    issuer_code: str | None  # "TTg"
    date: dt.date | None
    year: int | None
    name: str | None  # for laws: "Bảo vệ môi trường"

    @cached_property  # the citation is frozen; its key is asked for at every build (legal_documents keeps citations)
    def key(self) -> str:
        """A stable readable id: 'qd-192-qd-ttg-2017', 'luat-bao-ve-moi-truong-2020'."""
        parts = [self.kind_code, self.number or self.name or "", str(self.year or "")]
        return slugify(" ".join(p for p in parts if p))


class CitationError(ValueError):
    pass


def parse_citation(text: str) -> Citation:
    normalised = re.sub(r"\s+", " ", text).strip()
    match = _PATTERN.match(normalised)
    if not match:
        raise CitationError(
            f"không nhận dạng được trích dẫn {text!r}; hãy viết theo dạng "
            "'Quyết định số 192/QĐ-TTg ngày 13/02/2017' hoặc 'Luật Bảo vệ môi trường năm 2020'"
        )
    kind = match.group("kind")
    number = match.group("number")
    name = (match.group("name") or "").strip() or None
    date = None
    if match.group("date"):
        suffix = "1" if match.group("d1") else "2"
        day, month, year = (int(match.group(g + suffix)) for g in ("d", "m", "y"))
        try:
            date = dt.date(year, month, day)
        except ValueError as error:
            raise CitationError(f"ngày trong trích dẫn {text!r} không có thật") from error
    year = date.year if date else (int(match.group("year")) if match.group("year") else None)
    issuer_code = None
    if number:
        last_segment = number.split("/")[-1]
        issuer_code = last_segment.split("-")[-1] if not last_segment.isdigit() else None
        if year is None:
            year_in_number = re.search(r"/(\d{4})/", number)
            year = int(year_in_number.group(1)) if year_in_number else None
    if not number and not name:
        raise CitationError(f"trích dẫn {text!r} thiếu số hiệu hoặc tên văn bản")
    return Citation(normalised, kind, DOCUMENT_TYPES[kind], number, issuer_code, date, year, name)


# A numbered citation inside running text: "Quyết định số 192/QĐ-TTg ngày 13/02/2017",
# "Nghị quyết 41-NQ/TW", "Chỉ thị số 29-CT/TW ngày 21 tháng 01 năm 2009". The number holds a '/'
# and ends in a letter or digit, so a sentence's full stop is left out.
_IN_TEXT = re.compile(
    rf"(?P<kind>{_TYPE_WORDS})(?: số)? (?P<number>\d+(?:[-/][0-9A-Za-zĐđ]+)+)"
    rf"(?: ngày (?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}} tháng \d{{1,2}} năm \d{{4}}))?"
)


def find_citations(text: str, named: list[str] = ()) -> list[tuple[int, int, Citation]]:
    """Numbered citations in running text, plus exact occurrences of the `named` citation texts
    (laws, cited by name in a legal basis): (start, end, citation), in order, never overlapping."""
    found: list[tuple[int, int, Citation]] = []
    for match in _IN_TEXT.finditer(text):
        if "/" not in match.group("number"):
            continue
        written = re.sub(r"^(\S+(?: \S+)?) (?!số )(?=\d)", r"\1 số ", match.group(0), count=1)
        try:
            found.append((match.start(), match.end(), parse_citation(written)))
        except CitationError:
            continue
    for name in sorted(set(named), key=len, reverse=True):
        for match in re.finditer(re.escape(name), text):
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), parse_citation(name)))
    return sorted(found, key=lambda item: item[0])
