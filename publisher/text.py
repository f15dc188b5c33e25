"""Vietnamese text helpers: NFC, accent folding, slugs and alphabetical order."""

from __future__ import annotations

import functools
import re
import unicodedata

# Vietnamese alphabet order: ă and â follow a, đ follows d, ê follows e, ô and ơ follow o,
# ư follows u. Tone marks only break ties (secondary order).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lowercase text without tone or vowel marks, with đ as d: what readers type on phones."""
    decomposed = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(value: str) -> str:
    """Readable ASCII slug: 'Sở Công Thương' -> 'so-cong-thuong'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


def _split_letter(ch: str) -> tuple[str, int]:
    """A lowercase character as (letter with its vowel marks, tone number)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@functools.lru_cache(maxsize=65536)  # the same names are sorted again and again (agencies, titles)
def sort_key(value: str) -> tuple:
    """Key for Vietnamese alphabetical order (Đ after D, Ơ after Ô, tones as tie-breakers)."""
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    for part in re.findall(r"\d+|\D", nfc(value).lower()):
        if part.isdigit():
            primary.append((0, int(part)))  # "Quận 2" before "Quận 10"
            continue
        letter, tone = _split_letter(part)
        if letter in _RANK:
            primary.append((1, _RANK[letter]))
        elif letter.isspace():
            primary.append((-1, 0))
        else:
            continue
        tones.append(tone)
    return (primary, tones, value)


def vn_date(value) -> str:
    """A date as Vietnamese documents write it: 20/11/2023 (empty for no date)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def vn_number(value: int) -> str:
    """A whole number with Vietnamese thousands separators: 1000000 -> '1.000.000'."""
    return f"{value:,}".replace(",", ".")
