"""Legal documents: one record for every document the plans cite, derived from the citations.

Citations are read from each plan's legal basis, its body text (noi-dung.md), its targets, tasks
and the "Tổ chức thực hiện" part. Citations of one document are merged by type, number (which
holds the issuer's code) and year: "Quyết định số 192/QĐ-TTg ngày 13/02/2017". A citation
without a date ("Quyết định số 192/QĐ-TTg") joins the one dated document with that type and
number, if there is exactly one; otherwise it is a record of its own. A law is cited by name
("Luật Bảo vệ môi trường năm 2020"); a law cited without a year stays a record of its own.

Nothing is invented: number, type, date and the issuer's code come from the citation; title,
issuer's name and link from a legal basis entry that gives them, or from an editor's file
legal-documents/<id>.yml (which may also say whether the document is still in force). A cited
document that is itself a plan in the content (a "Kế hoạch" with the same number, and date when
both give one) is that plan: citations link to the plan's page, which shows who cites it. A plan
citing its own number (an appendix's "Kèm theo Kế hoạch số …") is not a citation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .legal_references import ISSUERS, Citation, find_citations, parse_citation
from .model import LegalDocument, Plan
from .site_data import LEGAL_DOCUMENTS_PATH, PlanView, target_anchor, task_anchor

_HEADING = re.compile(r"^(#{1,6}) +(.*?)\s*#*\s*$")
_EXISTING_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)|`[^`]*`")


def legal_document_path(document_id: str) -> str:
    return f"{LEGAL_DOCUMENTS_PATH}{document_id}/"


@dataclass(frozen=True)
class Occurrence:
    """A citation at one place of one plan: place as readers name it, anchor on the plan page."""

    plan_id: str
    place: str
    anchor: str
    written: str
    citation: Citation
    reference: object = None  # the legal_basis entry (model.LegalReference), when cited there


def law_names(plan: Plan) -> list[str]:
    """The laws a plan's legal basis cites by name: found by that exact wording in the plan's own text."""
    return [citation.text for citation in (parse_citation(r.text) for r in plan.legal_basis) if citation.name]


def body_sections(body: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) of each part of a body, by character offset; headings and fenced code
    are outside every part, so nothing is linked in them."""
    sections, offset, heading, fenced = [], 0, "", False
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            match = _HEADING.match(stripped)
            if match:
                heading = match.group(2)
            else:
                sections.append((heading, offset, offset + len(line)))
        offset += len(line)
    return sections


def _plain_spans(text: str, names: list[str]) -> list[tuple[int, int, str, Citation]]:
    """Citations in text, except inside existing links and inline code."""
    taken = [(m.start(), m.end()) for m in _EXISTING_LINK.finditer(text)]
    return [
        (start, end, text[start:end], citation)
        for start, end, citation in find_citations(text, names)
        if not any(a < end and start < b for a, b in taken)
    ]


def plan_occurrences(plan: Plan, body: str) -> list[Occurrence]:
    names = law_names(plan)
    found = [
        Occurrence(plan.id, "Căn cứ", "can-cu", reference.text, parse_citation(reference.text), reference)
        for reference in plan.legal_basis
    ]
    for heading, start, end in body_sections(body):
        place = f"Nội dung kế hoạch — {heading}" if heading else "Nội dung kế hoạch"
        found += [Occurrence(plan.id, place, "noi-dung", w, c) for _, _, w, c in _plain_spans(body[start:end], names)]
    for target in plan.targets:
        found += [Occurrence(plan.id, f"Chỉ tiêu {target.number}", target_anchor(target.number), w, c)
                  for _, _, w, c in _plain_spans(target.text, names)]
    for task in plan.tasks:
        label = f"{task.group}.{task.number}" if task.group else task.number
        found += [Occurrence(plan.id, f"Nhiệm vụ {label}", task_anchor(task), w, c)
                  for _, _, w, c in _plain_spans(task.title, names)]
    duty_texts = [("Tổ chức thực hiện", plan.duties_intro), ("Tổ chức thực hiện", plan.duties_closing)]
    duty_texts += [(f"Tổ chức thực hiện — {duty.heading}", duty.text) for duty in plan.duties]
    for place, text in duty_texts:
        if text:
            found += [Occurrence(plan.id, place, "to-chuc-thuc-hien", w, c) for _, _, w, c in _plain_spans(text, names)]
    return found


def _merge_key(citation: Citation, dated: dict[tuple[str, str], set[str]]) -> str:
    """An undated numbered citation joins the one dated document with its type and number."""
    if citation.year is None and citation.number:
        candidates = dated.get((citation.kind_code, citation.number), set())
        if len(candidates) == 1:
            return next(iter(candidates))
    return citation.key


def _cites_itself(plan: Plan, citation: Citation) -> bool:
    return citation.kind == "Kế hoạch" and any(v.number == citation.number for v in plan.versions if v.number)


# Each plan's occurrences (plan_occurrences without self-citations) from one build to the next: keyed by
# the plan record itself (records are frozen, so the same object has the same values; the preview's
# content.PARSED gives the same object while a plan's file is unchanged) and its body, all they depend
# on. Only the entries of the last call are kept (the check and build_legal_index call it, in each build).
_KEPT: dict[int, tuple[Plan, str, list[Occurrence]]] = {}
_USED: dict[int, tuple[Plan, str, list[Occurrence]]] = {}


def _own_occurrences(plan: Plan, body: str) -> list[Occurrence]:
    kept = _KEPT.get(id(plan))
    if kept is None or kept[0] is not plan or kept[1] != body:
        kept = (plan, body, [o for o in plan_occurrences(plan, body) if not _cites_itself(plan, o.citation)])
    _USED[id(plan)] = kept
    return kept[2]


def resolved_occurrences(plans: list[tuple[Plan, str]]) -> list[tuple[str, Occurrence]]:
    """Every citation of every plan with the id of the document it cites, self-citations left out."""
    global _KEPT, _USED
    _KEPT, _USED = _USED, {}
    occurrences = [o for plan, body in plans for o in _own_occurrences(plan, body)]
    dated: dict[tuple[str, str], set[str]] = {}
    for occurrence in occurrences:
        citation = occurrence.citation
        if citation.year is not None and citation.number:
            dated.setdefault((citation.kind_code, citation.number), set()).add(citation.key)
    return [(_merge_key(o.citation, dated), o) for o in occurrences]


@dataclass
class Mention:
    plan: PlanView
    place: str
    path: str
    written: str


@dataclass
class LegalDocumentView:
    id: str
    citation: Citation  # the fullest citation seen (with a date when any gives one)
    editor: LegalDocument | None = None
    plan: PlanView | None = None  # when the document is a plan in the content
    mentions: list[Mention] = field(default_factory=list)
    references: list = field(default_factory=list)  # legal_basis entries citing it

    @property
    def path(self) -> str:
        return self.plan.path if self.plan else legal_document_path(self.id)

    @property
    def kind(self) -> str:
        return self.citation.kind

    @property
    def number(self) -> str | None:
        return self.citation.number

    @property
    def date(self) -> dt.date | None:
        return self.citation.date

    @property
    def year(self) -> int | None:
        return self.citation.year

    def _given(self, attribute: str) -> str | None:
        """A fact from the editor's file, else from the first legal basis entry giving it."""
        value = getattr(self.editor, attribute, None) if self.editor else None
        return value or next((getattr(r, attribute) for r in self.references if getattr(r, attribute)), None)

    @property
    def title(self) -> str | None:
        return self._given("title")

    @property
    def url(self) -> str | None:
        return self._given("url")

    @property
    def issuer(self) -> str | None:
        """The issuer's name: the editor's, a legal basis entry's, or the one the number's code stands for."""
        if self.editor and self.editor.issuer:
            return self.editor.issuer
        given = next((r.issuer_text for r in self.references if r.issuer_text), None)
        return given or ISSUERS.get(self.citation.issuer_code or "")

    @property
    def status(self):
        return self.editor.status if self.editor else None

    @property
    def label(self) -> str:
        """How lists name it: 'Quyết định số 192/QĐ-TTg ngày 13/02/2017'."""
        return self.citation.text

    @property
    def citing_plans(self) -> list[PlanView]:
        return list({mention.plan.id: mention.plan for mention in self.mentions}.values())


@dataclass
class LegalIndex:
    documents: list[LegalDocumentView]
    by_plan_citation: dict[tuple[str, str], LegalDocumentView]  # (plan id, citation key) -> document

    def find(self, plan_id: str, citation: Citation) -> LegalDocumentView | None:
        return self.by_plan_citation.get((plan_id, citation.key))

    def cited_by(self, plan: PlanView) -> list[PlanView]:
        """Plans citing this plan ("được căn cứ")."""
        return next((d.citing_plans for d in self.documents if d.plan is plan), [])


def _fuller(a: Citation, b: Citation) -> Citation:
    return b if (b.date is not None, b.year is not None) > (a.date is not None, a.year is not None) else a


def _plan_for(citation: Citation, numbered: dict[str, list[tuple[PlanView, object]]]) -> PlanView | None:
    """The first plan (in the plans' order) with a version of the citation's number and date;
    numbered: (plan, version) by version number, in that order."""
    if citation.kind != "Kế hoạch" or not citation.number:
        return None
    for plan, version in numbered.get(citation.number, []):
        if citation.date is None or version.date in (None, citation.date):
            return plan
    return None


def build_legal_index(plans: list[PlanView], editor_files: dict[str, LegalDocument]) -> LegalIndex:
    views = {plan.id: plan for plan in plans}
    documents: dict[str, LegalDocumentView] = {}
    by_plan_citation: dict[tuple[str, str], LegalDocumentView] = {}
    for key, occurrence in resolved_occurrences([(plan.plan, plan.body) for plan in plans]):
        plan = views[occurrence.plan_id]
        document = documents.get(key)
        if document is None:
            document = documents[key] = LegalDocumentView(key, occurrence.citation, editor_files.get(key))
        document.citation = _fuller(document.citation, occurrence.citation)
        if occurrence.reference is not None:
            document.references.append(occurrence.reference)
        document.mentions.append(Mention(plan, occurrence.place, f"{plan.path}#{occurrence.anchor}", occurrence.written))
        by_plan_citation[(plan.id, occurrence.citation.key)] = document
    numbered: dict[str, list[tuple[PlanView, object]]] = {}
    for plan in plans:
        for version in plan.plan.versions:
            if version.number:
                numbered.setdefault(version.number, []).append((plan, version))
    for document in documents.values():
        document.plan = _plan_for(document.citation, numbered)
    ordered = sorted(documents.values(), key=lambda d: (d.kind, -(d.year or 0), d.id))
    return LegalIndex(ordered, by_plan_citation)


def link_citations(text: str, plan: Plan, index: LegalIndex, to_link, escape=lambda s: s, sections=None) -> str:
    """Text with each citation made a Markdown link to its document's page (or cited plan's page).
    `escape` is applied to the text outside and inside the links (inline fields); Markdown bodies
    pass `sections` (body_sections) so headings and code stay as they are."""
    parts, position = [], 0
    spans = _plain_spans(text, law_names(plan))
    if sections is not None:
        spans = [s for s in spans if any(a <= s[0] and s[1] <= b for _, a, b in sections)]
    for start, end, written, citation in spans:
        document = index.find(plan.id, citation)
        if document is None or document.plan is not None and document.plan.id == plan.id:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"[{escape(written)}]({to_link(document.path)})")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)
