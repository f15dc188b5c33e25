"""Unit tests for the small parsers: timeframes, legal citations and Vietnamese text helpers."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from publisher.legal_references import CitationError, parse_citation
from publisher.text import fold, nfc, slugify, sort_key
from publisher.timeframes import TimeframeError, parse_timeframe

D = dt.date

# -- timeframes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("Quý II-IV/2024", D(2024, 4, 1), D(2024, 12, 31)),
        ("Quý I- IV/2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("Quý I/2024", D(2024, 1, 1), D(2024, 3, 31)),
        ("Quý II/2024", D(2024, 4, 1), D(2024, 6, 30)),
        ("Quý III – IV/2025", D(2025, 7, 1), D(2025, 12, 31)),
        ("2012-2015", D(2012, 1, 1), D(2015, 12, 31)),
        ("Giai đoạn 2012 - 2015", D(2012, 1, 1), D(2015, 12, 31)),
        ("2012", D(2012, 1, 1), D(2012, 12, 31)),
        ("Tháng 6/2024", D(2024, 6, 1), D(2024, 6, 30)),
        ("Tháng 2/2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("  năm   2024. ", D(2024, 1, 1), D(2024, 12, 31)),
    ],
)
def test_timeframe_forms(text: str, start: dt.date, end: dt.date) -> None:
    timeframe = parse_timeframe(text, 2024, 2026)
    assert (timeframe.start, timeframe.end) == (start, end)
    assert timeframe.every_year is False
    assert timeframe.text == text


@pytest.mark.parametrize("text", ["Hằng năm", "Hàng năm", "HẰNG NĂM", "Hang nam", "hằng năm."])
def test_timeframe_every_year_spans_plan_period(text: str) -> None:
    timeframe = parse_timeframe(text, 2024, 2026)
    assert timeframe.start == D(2024, 1, 1)
    assert timeframe.end == D(2026, 12, 31)
    assert timeframe.every_year is True
    assert timeframe.text == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2015-2012", "năm kết thúc 2012 trước năm bắt đầu 2015"),
        ("Quý IV-II/2024", "quý kết thúc trước quý bắt đầu trong 'Quý IV-II/2024'"),
        ("Tháng 13/2024", "tháng 13 không có thật"),
        ("Tháng 0/2024", "tháng 0 không có thật"),
        (
            "Sớm nhất có thể",
            "không hiểu thời gian thực hiện 'Sớm nhất có thể'; các dạng được nhận: 'Hằng năm', "
            "'Năm 2024', 'Quý II-IV/2024', 'Tháng 6/2024', '2012-2015', '2012'",
        ),
    ],
)
def test_timeframe_errors(text: str, message: str) -> None:
    with pytest.raises(TimeframeError) as raised:
        parse_timeframe(text, 2024, 2026)
    assert str(raised.value) == message


@pytest.mark.parametrize("text", ["", "Quý V/2024", "Quý 2/2024", "Năm hai nghìn", "2024/2025"])
def test_timeframe_unknown_text(text: str) -> None:
    with pytest.raises(TimeframeError, match="không hiểu thời gian thực hiện"):
        parse_timeframe(text, 2024, 2026)


# -- legal citations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "code", "number", "issuer", "date", "year", "key"),
    [
        (
            "Quyết định số 192/QĐ-TTg ngày 13/02/2017",
            "Quyết định", "QĐ", "192/QĐ-TTg", "TTg", D(2017, 2, 13), 2017, "qd-192-qd-ttg-2017",
        ),
        (
            "Chỉ thị số 29-CT/TW ngày 21 tháng 01 năm 2009",
            "Chỉ thị", "CT", "29-CT/TW", "TW", D(2009, 1, 21), 2009, "ct-29-ct-tw-2009",
        ),
        (
            "Thông tư số 42/2020/TT-BCT ngày 30/11/2020",
            "Thông tư", "TT", "42/2020/TT-BCT", "BCT", D(2020, 11, 30), 2020, "tt-42-2020-tt-bct-2020",
        ),
        (
            "Nghị quyết số 22/2025/NQ-HĐND ngày 10/7/2025",
            "Nghị quyết", "NQ", "22/2025/NQ-HĐND", "HĐND", D(2025, 7, 10), 2025, "nq-22-2025-nq-hdnd-2025",
        ),
        (
            "Kế hoạch số 128/KH-UBND ngày 20/4/2023",
            "Kế hoạch", "KH", "128/KH-UBND", "UBND", D(2023, 4, 20), 2023, "kh-128-kh-ubnd-2023",
        ),
        (
            "Chương trình số 07-Ctr/TU ngày 18 tháng 10 năm 2011",
            "Chương trình", "CTr", "07-Ctr/TU", "TU", D(2011, 10, 18), 2011, "ctr-07-ctr-tu-2011",
        ),
        (
            "Nghị định số 08/2022/NĐ-CP",
            "Nghị định", "NĐ", "08/2022/NĐ-CP", "CP", None, 2022, "nd-08-2022-nd-cp-2022",
        ),
    ],
)
def test_numbered_citations(text, kind, code, number, issuer, date, year, key) -> None:
    citation = parse_citation(text)
    assert citation.text == text
    assert citation.kind == kind
    assert citation.kind_code == code
    assert citation.number == number
    assert citation.issuer_code == issuer
    assert citation.date == date
    assert citation.year == year
    assert citation.name is None
    assert citation.key == key


def test_law_cited_by_name_and_year() -> None:
    citation = parse_citation("Luật Bảo vệ môi trường năm 2020")
    assert citation.kind == "Luật"
    assert citation.kind_code == "Luật"
    assert citation.name == "Bảo vệ môi trường"
    assert citation.number is None
    assert citation.date is None
    assert citation.year == 2020
    assert citation.key == "luat-bao-ve-moi-truong-2020"


def test_citation_spacing_is_normalised() -> None:
    citation = parse_citation("  Quyết định  số 192/QĐ-TTg\n ngày 13/02/2017 ")
    assert citation.text == "Quyết định số 192/QĐ-TTg ngày 13/02/2017"
    assert citation.date == D(2017, 2, 13)


@pytest.mark.parametrize(
    "text", ["Quyết định số 1/QĐ-TTg ngày 31/02/2017", "Chỉ thị số 29-CT/TW ngày 30 tháng 02 năm 2009"]
)
def test_citation_with_impossible_date(text: str) -> None:
    with pytest.raises(CitationError) as raised:
        parse_citation(text)
    assert str(raised.value) == f"ngày trong trích dẫn {text!r} không có thật"


@pytest.mark.parametrize("text", ["linh tinh", "", "Văn bản số 5/VB ngày 01/01/2020", "Quyết định số 192/QĐ-TTg, ngày 13/02/2017"])
def test_citation_garbage(text: str) -> None:
    with pytest.raises(CitationError) as raised:
        parse_citation(text)
    assert str(raised.value) == (
        f"không nhận dạng được trích dẫn {text!r}; hãy viết theo dạng "
        "'Quyết định số 192/QĐ-TTg ngày 13/02/2017' hoặc 'Luật Bảo vệ môi trường năm 2020'"
    )


@pytest.mark.parametrize("text", ["Quyết định", "Quyết định ngày 13/02/2017"])
def test_citation_without_number_or_name(text: str) -> None:
    with pytest.raises(CitationError) as raised:
        parse_citation(text)
    assert str(raised.value) == f"trích dẫn {text!r} thiếu số hiệu hoặc tên văn bản"


def test_numbered_citation_with_trailing_words_is_not_read_as_a_name() -> None:
    with pytest.raises(CitationError) as raised:
        parse_citation("Quyết định số 192/QĐ-TTg ngày 13/02/2017 của Thủ tướng Chính phủ")
    assert "không nhận dạng được trích dẫn" in str(raised.value)


# -- Vietnamese text -----------------------------------------------------------------------


def test_slugify() -> None:
    assert slugify("Đông Anh") == "dong-anh"
    assert slugify("Sở Công Thương") == "so-cong-thuong"
    assert slugify("  Ủy ban nhân dân -- Thành phố! ") == "uy-ban-nhan-dan-thanh-pho"
    assert slugify(unicodedata.normalize("NFD", "Đông Anh")) == "dong-anh"


def test_fold() -> None:
    assert fold("Đông Anh") == "dong anh"
    assert fold("ĐẶNG") == "dang"
    assert fold("Hằng năm") == "hang nam"
    assert fold("Ủy ban") == fold("ủy ban") == "uy ban"


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Đất đai")
    assert decomposed != "Sở Đất đai"
    assert nfc(decomposed) == "Sở Đất đai"


def test_sort_key_vietnamese_alphabet() -> None:
    names = ["Đông Anh", "Dương", "Ba Vì", "Ân", "An", "Zô"]
    assert sorted(names, key=sort_key) == ["An", "Ân", "Ba Vì", "Dương", "Đông Anh", "Zô"]


def test_sort_key_letters_before_tones() -> None:
    # ă and â follow a; tones only break ties between otherwise equal words
    names = ["Ăn", "Ánh", "Anh", "Àng", "Ang", "Ảnh"]
    assert sorted(names, key=sort_key) == ["Ang", "Àng", "Anh", "Ảnh", "Ánh", "Ăn"]
    assert sorted(["Ơn", "Ôn", "On", "Ưa", "Ua"], key=sort_key) == ["On", "Ôn", "Ơn", "Ua", "Ưa"]


def test_sort_key_ignores_normalisation_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Đông Anh")
    assert sort_key(decomposed)[:2] == sort_key("Đông Anh")[:2]
