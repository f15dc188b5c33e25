"""`python build.py import FILE`: a plan document, as the seeds come (Markdown, text copied from
Word with tab-separated tables, text extracted from PDF), turned into a plan.yml skeleton.

Found in the document: the header facts (number, date or the draft's year, issuer, title, signer),
the Roman-numbered sections (listed as comments) and the appendix task table. Every form of table
is first written as a Markdown pipe table and read with markdown-it-py's table extension:
- Markdown pipe tables, including a second header row ("Đơn vị chủ trì | Đơn vị phối hợp" under
  "Đơn vị thực hiện");
- tab-separated rows, one row a line, or one cell a line with rows between blank lines;
- PDF text whose cells are separated by lines holding only "|";
- PDF text with no separators at all: rows start with the next expected number, the timeframe
  ends the row, and the lead agency is the first paragraph that starts with an agency's name.
Agencies are matched through their name and aliases exactly as the check matches them
(checks.match_form); names that match no agency are listed for the editor. Values the document
does not give are "<<ĐIỀN…>>" placeholders that `build.py check` reports until filled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from .checks import match_form
from .content import PLACEHOLDER
from .model import Agency
from .text import fold, nfc

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
COLUMNS = [  # (words in a folded header, field); the first match wins
    ("chu tri", "lead_text"), ("phoi hop", "coordinating_text"), ("don vi tinh", "unit"), ("so luong", "quantity"),
    ("thoi gian", "timeframe"), ("stt", "number"), ("tt", "number"), ("ten", "title"), ("danh muc", "title"),
    ("nhiem vu", "title"),
]
TIMEFRAME_AT_END = re.compile(r"(Hằng năm|Hàng năm|Năm \d{4}|Quý [IV]+\s*-\s*[IV]+/\d{4}|\d{4}\s*-\s*\d{4}|\d{4})\s*$")
FILLER_WORDS = {"cac", "va", "co", "lien", "quan", "khac", "thuoc", "truc", "cua", "tren", "dia", "ban", "thanh", "pho"}


def unfilled(hint: str = "") -> str:
    return f"{PLACEHOLDER}: {hint}>>" if hint else f"{PLACEHOLDER}>>"


def written_form(text: str) -> str:
    """Text as match_form compares it, but with its letters' case kept (same length, same positions)."""
    text = re.sub(r"\s*[-–—]\s*", " - ", nfc(text))
    return re.sub(r"\s+", " ", text).strip()


class AgencyNames:
    """Finds agencies in a piece of text by their name or aliases, longest names first, whole words."""

    def __init__(self, agencies: list[Agency]):
        forms = {match_form(name): agency.id for agency in agencies for name in [agency.name, *agency.aliases]}
        self.forms = sorted(forms.items(), key=lambda item: -len(item[0]))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, agency id) of each name in written_form(text), in reading order."""
        haystack = written_form(text).casefold()
        found: list[tuple[int, int, str]] = []
        for form, agency_id in self.forms:
            start = haystack.find(form)
            while start >= 0:
                end = start + len(form)
                whole_words = (start == 0 or not haystack[start - 1].isalnum()) and (end == len(haystack) or not haystack[end].isalnum())
                if whole_words and all(end <= s or start >= e for s, e, _ in found):
                    found.append((start, end, agency_id))
                start = haystack.find(form, start + 1)
        return sorted(found)

    def starts_with_agency(self, text: str) -> bool:
        found = self.find(text)
        return bool(found) and found[0][0] == 0

    def resolve(self, text: str) -> tuple[list[str], list[str]]:
        """The agencies named in text (ids, in order, once each) and the names left unmatched."""
        spans = self.find(text)
        ids = list(dict.fromkeys(agency_id for _, _, agency_id in spans))
        rest = written_form(text)
        for start, end, _ in reversed(spans):
            rest = rest[:start] + ";" + rest[end:]
        unmatched = []
        for part in re.split(r"[;,()]|\bvà\b", rest):
            part = part.strip(" .:-–")
            if part and not set(fold(part).split()) <= FILLER_WORDS:
                unmatched.append(part)
        return ids, unmatched


@dataclass
class ImportedTask:
    number: str
    group: str | None
    title: str
    lead_text: str
    coordinating_text: str | None = None
    unit: str | None = None
    quantity: str | None = None
    timeframe: str = ""
    lead: str | None = None
    coordinating: list[str] = field(default_factory=list)


@dataclass
class ImportedPlan:
    number: str | None = None
    date: dt.date | None = None
    year_written: int | None = None
    issuer: str | None = None
    title: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signer_authority: str | None = None
    sections: list[str] = field(default_factory=list)
    appendix_title: str | None = None
    groups: list[tuple[str, str]] = field(default_factory=list)
    tasks: list[ImportedTask] = field(default_factory=list)
    table_form: str = ""
    unresolved: list[str] = field(default_factory=list)  # "where: name" for the editor


# -- the document's lines --------------------------------------------------------------------


def plain(line: str) -> str:
    """A line without Markdown emphasis, heading marks and surrounding spaces."""
    return re.sub(r"^#+\s*", "", line.replace("**", "").replace("<sub>", "").replace("</sub>", "")).strip()


def appendix_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        text = plain(line)
        if text.startswith("PHỤ LỤC") or text.startswith("DANH MỤC"):
            return index
    raise ValueError("không thấy phụ lục (dòng bắt đầu bằng 'PHỤ LỤC' hoặc 'DANH MỤC')")


# -- tables in every form, as Markdown ------------------------------------------------------


def markdown_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)

    def line(cells: list[str]) -> str:
        cells = [re.sub(r"\s+", " ", cell).strip().replace("|", "\\|") for cell in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(cells) + " |"

    return "\n".join([line(rows[0]), "|" + "---|" * width] + [line(row) for row in rows[1:]]) + "\n"


def tab_rows(lines: list[str]) -> list[list[str]]:
    if all(line.startswith("\t") and line.count("\t") == 1 for line in lines if "\t" in line):  # one cell a line
        rows, row = [], []
        for line in lines + [""]:
            if line.startswith("\t"):
                row.append(line[1:])
            elif not line.strip() and row:
                rows.append(row)
                row = []
        return rows
    return [line.split("\t") for line in lines if "\t" in line]


def pipe_line_rows(lines: list[str]) -> list[list[str]]:
    """Cells separated by lines holding only '|'. The header starts at the cell that ends in
    'STT' (the caption above it shares its cell) and ends where the first row number is."""
    cells: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "|":
            cells.append([])
        elif line.strip():
            cells[-1].append(line.strip())
    header_at = next(i for i, cell in enumerate(cells) if cell and cell[-1] in ("STT", "TT"))
    first_row = next(i for i in range(header_at + 1, len(cells)) if re.fullmatch(r"\d+|[IVX]+", " ".join(cells[i])))
    texts = [cells[header_at][-1]] + [" ".join(cell) for cell in cells[header_at + 1:]]
    width = first_row - header_at
    return [texts[i:i + width] for i in range(0, len(texts), width) if any(texts[i:i + width])]


def loose_rows(lines: list[str], names: AgencyNames) -> list[list[str]]:
    """PDF text without separators: STT, title, lead, coordinating, timeframe."""
    rows: list[list[str]] = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]]
    blocks: list[tuple[str, list[str]]] = []
    group, number = 0, 0
    for line in lines:
        match = re.match(r"^\s*(\d{1,2}|[IVX]+)(?:\s+(.*))?$", line)
        if match and match.group(1) in (ROMAN[group] if group < len(ROMAN) else "", str(number + 1)):
            if match.group(1) == str(number + 1):
                number += 1
            else:
                group, number = group + 1, 0
            blocks.append((match.group(1), [match.group(2) or ""]))
        elif blocks:
            blocks[-1][1].append(line)
    for label, block in blocks:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(block)) if p.strip()]
        if label in ROMAN:
            rows.append([label, " ".join(paragraphs), "", "", ""])
            continue
        text = "\n\n".join(paragraphs)
        timeframe = TIMEFRAME_AT_END.search(text)
        text = text[:timeframe.start()].strip() if timeframe else text
        paragraphs = text.split("\n\n")
        lead_at = next((i for i, p in enumerate(paragraphs) if i > 0 and names.starts_with_agency(p)), None)
        if lead_at is None:
            rows.append([label, " ".join(paragraphs), "", "", timeframe.group(1) if timeframe else ""])
            continue
        rest = written_form(" ".join(paragraphs[lead_at:]))
        lead_end = names.find(rest)[0][1]
        rows.append([label, " ".join(paragraphs[:lead_at]), rest[:lead_end], rest[lead_end:].strip(), timeframe.group(1) if timeframe else ""])
    return rows


def appendix_table(lines: list[str], names: AgencyNames) -> tuple[str, str]:
    """The appendix's task table as Markdown, and the form it was found in."""
    if any(re.match(r"^\s*\|.*\|\s*$", line) for line in lines):
        return "\n".join(lines), "Markdown"
    if any("\t" in line for line in lines):
        return markdown_table(tab_rows(lines)), "tab"
    if sum(line.strip() == "|" for line in lines) > 4:
        return markdown_table(pipe_line_rows(lines)), "|"
    return markdown_table(loose_rows(lines, names)), "PDF"


def read_table(markdown: str) -> list[list[str]]:
    """The first table's rows (header first) as plain text cells, read by markdown-it-py."""
    rows: list[list[str]] = []
    in_table = False
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            break
        elif in_table and token.type == "tr_open":
            rows.append([])
        elif in_table and token.type == "inline":
            rows[-1].append(" ".join("".join(child.content for child in token.children or []).split()))
    if not rows:
        raise ValueError("không thấy bảng nhiệm vụ trong phụ lục")
    second = rows[1] if len(rows) > 1 else []
    if second and not second[0] and not any(re.fullmatch(r"\d+|[IVX]+", cell) for cell in second):
        rows[0] = [below or above for above, below in zip(rows[0], second)]  # two-row header
        del rows[1]
    return rows


def column_fields(header: list[str]) -> list[str | None]:
    fields = []
    for cell in header:
        words = f" {fold(cell)} "
        fields.append(next((name for key, name in COLUMNS if f" {key} " in words), None))
    return fields


# -- the whole document -----------------------------------------------------------------------


def header_facts(text: str, plan: ImportedPlan, number_lead: str, date_lead: str) -> None:
    """Number and date (or a draft's year) where the leads introduce them: 'Số:' and 'Hà Nội,' in
    the header, 'Kế hoạch số' in the appendix caption ('Kèm theo Kế hoạch số: 75/KH-UBND ngày 22
    tháng 5 năm 2012'). Facts already found are kept."""
    number = re.search(number_lead + r"\s*(\d+)\s*/\s*(KH-UBND)", text, re.MULTILINE)
    plan.number = plan.number or (f"{number.group(1)}/{number.group(2)}" if number else None)
    date = re.search(date_lead + r"[^\n]*?ngày\s+(\d{1,2})\s*(?:tháng\s+|/)(\d{1,2})\s*(?:năm\s+|/)(\d{4})", text)
    if date and plan.date is None:
        plan.date = dt.date(int(date.group(3)), int(date.group(2)), int(date.group(1)))
    year = re.search(date_lead + r"[^\n]*?ngày[ \t/]*(?:tháng[ \t/]*)?(?:năm[ \t]*)?(\d{4})", text)
    if year and plan.date is None and plan.year_written is None:
        plan.year_written = int(year.group(1))


def import_document(path: Path, agencies: list[Agency]) -> ImportedPlan:
    text = nfc(path.read_text(encoding="utf-8")).replace("\r\n", "\n")
    lines = text.split("\n")
    names = AgencyNames(agencies)
    plan = ImportedPlan()
    start = appendix_start(lines)
    body, appendix = lines[:start], lines[start:]
    header_facts("\n".join(body[:30]), plan, r"^\W*Số:?", r"Hà Nội,")
    header_facts(appendix_caption(appendix), plan, r"Kế hoạch số:?", r"Kế hoạch số")

    heading = next((i for i, line in enumerate(body) if plain(line).rstrip(":") == "KẾ HOẠCH"), None)
    if heading is not None:
        title = []
        for line in body[heading + 1:]:
            words = plain(line)
            if not words:
                continue
            if ";" in words or words.endswith(":") or len(words) > 100 or re.match(r"^[IVX]+\.", words):
                break
            title.append(words)
        plan.title = " ".join(title) or None
        for line in body[:heading]:
            issuer = names.find(plain(line).replace("|", " "))
            if issuer:
                plan.issuer = issuer[0][2]
                break
        if plan.issuer is None:
            issuers = [names.find(" ".join(body[:heading])), names.find(appendix_caption(appendix).split(" của ")[-1])]
            plan.issuer = next((found[0][2] for found in issuers if found), None)
    plan.sections = [f"{m.group(1)}. {m.group(2)}" for line in body if (m := re.match(r"^([IVX]+)\.\s*(.+?)\s*$", plain(line)))]
    signer_lines = [plain(line) for line in body if plain(line)]
    if "PHÓ CHỦ TỊCH" in signer_lines:
        plan.signer_title = "Phó Chủ tịch"
    if "TM. ỦY BAN NHÂN DÂN" in signer_lines and "KT. CHỦ TỊCH" in signer_lines:
        plan.signer_authority = "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    for index, line in enumerate(signer_lines[:-1]):
        candidate = signer_lines[index + 1]
        if line == "PHÓ CHỦ TỊCH" and re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+ ){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+", candidate):
            plan.signer_name = candidate
    plan.appendix_title = " ".join(plain(line) for line in appendix[:3] if plain(line)) or None

    table, plan.table_form = appendix_table(appendix, names)
    rows = read_table(table)
    fields = column_fields(rows[0])
    group = None
    for row in rows[1:]:
        cells = {name: value for name, value in zip(fields, row) if name}
        number = cells.get("number", "").strip(" .")
        if not number:
            continue
        if number in ROMAN and not cells.get("lead_text"):
            plan.groups.append((number, cells.get("title", "")))
            group = number
            continue
        task = ImportedTask(
            number=number, group=group, title=cells.get("title", ""), lead_text=cells.get("lead_text", ""),
            coordinating_text=cells.get("coordinating_text") or None, unit=cells.get("unit") or None,
            quantity=cells.get("quantity") or None, timeframe=cells.get("timeframe", ""),
        )
        where = f"nhiệm vụ {group + '.' if group else ''}{number}"
        leads, unmatched = names.resolve(task.lead_text)
        task.lead = leads[0] if leads else None
        if not leads:
            plan.unresolved.append(f"{where}, chủ trì: {task.lead_text}")
        if task.coordinating_text:
            task.coordinating, unmatched = names.resolve(task.coordinating_text)
            plan.unresolved += [f"{where}, phối hợp: {name}" for name in unmatched]
        plan.tasks.append(task)
    return plan


def appendix_caption(appendix: list[str]) -> str:
    return next((plain(line) for line in appendix if "kèm theo" in line.casefold()), "")


def plan_id(plan: ImportedPlan) -> str:
    year = plan.date.year if plan.date else plan.year_written
    if plan.number and year:
        return f"kh-{plan.number.split('/')[0]}-{year}"
    return "ke-hoach-moi"


def plan_yaml(plan: ImportedPlan, record_id: str, source_file: str, header: str) -> str:
    """The skeleton plan.yml: what the document says, placeholders for the rest."""
    draft = plan.number is None
    data = {
        "id": record_id,
        "title": plan.title or unfilled("tên kế hoạch"),
        "issuer": plan.issuer or unfilled("mã cơ quan ban hành"),
        "year": str(plan.date.year) if plan.date else unfilled("năm kế hoạch"),  # a draft's year written may be the year before
        "period_start": unfilled("năm bắt đầu"),
        "period_end": unfilled("năm kết thúc"),
        "summary": unfilled("tóm tắt một hai câu"),
        "versions": [{
            "id": "du-thao" if draft else "ban-hanh",
            "label": "Dự thảo (chưa đánh số)" if draft else "Ban hành",
            "status": "draft" if draft else "issued",
            "number": plan.number,
            "date": plan.date.isoformat() if plan.date else None,
            "year_written": str(plan.year_written) if plan.year_written and not plan.date else None,
            "source_file": source_file,
        }],
        "signer": {
            "name": plan.signer_name,
            "title": plan.signer_title or unfilled("chức vụ người ký"),
            "authority": plan.signer_authority or unfilled("thẩm quyền ký"),
        },
        "appendix_title": plan.appendix_title,
        "groups": [{"number": number, "title": title} for number, title in plan.groups],
        "tasks": [
            {key: value for key, value in {
                "number": task.number, "group": task.group, "title": task.title,
                "lead": task.lead or unfilled("mã cơ quan chủ trì"), "lead_text": task.lead_text,
                "coordinating": task.coordinating, "coordinating_text": task.coordinating_text,
                "unit": task.unit, "quantity": task.quantity, "timeframe": task.timeframe,
            }.items() if value not in (None, [])}
            for task in plan.tasks
        ],
    }
    if not data["groups"]:
        del data["groups"]
    comments = [header, "# Các mục của văn bản (nội dung đưa vào noi-dung.md):"] + [f"#   {s}" for s in plan.sections]
    if plan.unresolved:
        comments += ["# Tên cơ quan chưa nhận ra (thêm vào aliases của cơ quan, hoặc tạo cơ quan mới):"]
        comments += [f"#   {name}" for name in plan.unresolved]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "\n".join(comments) + "\n" + body
