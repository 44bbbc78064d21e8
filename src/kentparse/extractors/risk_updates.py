"""A performance report's mitigating-action updates and its new / withdrawn corporate risks.

Updates follow the status-split table (see risk_progress): a risk heading ("CRR0003: Securing
resources …"), then per action a status (Complete, Partially Complete, Regular Review, Action
Closed, Outstanding), an action title and the update text. Extraction glues some of these:
"CRR0002: Safeguarding …harmPartially Complete**KCC Safeguarding Competency Framework**" holds
heading, status and action title at once. After a status printed without a title, the first
of two or more paragraphs is the action title; a lone paragraph is the update text. In a PDF a
line that stops short of the right margin (the next line's first word would have fitted) ends
its paragraph. The
section ends at a table line, "This page is intentionally left blank" or the next report's
"From:" line.

"NEW RISKS" / "WITHDRAWN RISK" / "RE-ENTERED RISKS" headings list risks as "CRR0063: Title"
with a paragraph of explanation each.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from kentparse.cleaning import one_line, or_none
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.extractors.risk_lines import cells_by_line, page_furniture
from kentparse.extractors.risk_progress import ACTION_SUMMARY
from kentparse.extractors.risk_summary import id_finding
from kentparse.model import Document, Line
from kentparse.records import Coverage, Reject
from kentparse.risk_records import ActionStatus, RiskAction, RiskChange
from kentparse.risk_scales import parse_risk_id

KIND = "risk_updates"
_STATUS = r"(?P<status>partially\s+complete|complete|regular\s+review|action\s+closed|(?:action\s+)?outstanding)"
_STATUS_LINE = re.compile(rf"^\**{_STATUS}\**(?:\*\*(?P<action>.+?)\*\*)?\s*$", re.I)
_HEADING = re.compile(r"^(?P<id>[A-Z]{2,5}\s*\d{1,5})\s*[:\-–]\s*(?P<rest>.*)$")
_GLUED = re.compile(rf"^(?P<title>.*?)(?:\*\*)?{_STATUS}(?:\*\*)?(?:\*\*(?P<action>.+?)\*\*)?\s*$", re.I)
_END = re.compile(r"^(this\s+page\s+is\s+intentionally\s+left\s+blank|from\s*:)", re.I)
_CHANGE_HEADING = re.compile(
    r"^(?:(?P<before>new|withdrawn|re-?entered|re-?entry)\s+risks?|risks?\s+(?P<after>withdrawn|reductions?|increases?|revisions?))\s*$",
    re.I,
)
_CHANGES = {
    "new": "new",
    "withdrawn": "withdrawn",
    "reduction": "reduced",
    "increase": "increased",
    "revision": "revised",
}
_TITLE_END = re.compile(r"\.\s+(?=[A-Z])")
_SECTION_HEADING = re.compile(r"^[A-Z][A-Z \-–&]{3,}$")


@dataclass(slots=True)
class _Update:
    risk_id: str
    status: ActionStatus | None
    action: str | None
    line: Line
    paragraphs: list[str] = field(default_factory=list)


def _status(text: str) -> ActionStatus:
    canonical = " ".join(text.lower().split()).replace("action outstanding", "outstanding")
    assert canonical in ("complete", "partially complete", "regular review", "action closed", "outstanding")
    return canonical  # type: ignore[return-value]


def _clean(text: str) -> str:
    return one_line(text.replace("**", "").replace("*", ""))


class RiskUpdateExtractor:
    kind = KIND

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        cells = cells_by_line(document)
        for start in _update_starts(document):
            self._updates(document, cells, start, result)
        _changes(document, cells, result)
        return result

    def _updates(self, document: Document, cells: list[list[str] | None], start: int, result: ExtractResult) -> None:
        updates: list[_Update] = []
        risk: str | None = None
        seen = rejects = 0
        furniture = page_furniture(document)
        tables_end = document.media_type.startswith("text/")  # a PDF reader may find tables in prose
        new_paragraph = True
        margins = _right_margins(document, start)
        previous: Line | None = None
        for index in range(start, len(document.lines)):
            line = document.lines[index]
            text = line.text.strip()
            if not text or index in furniture:
                new_paragraph = new_paragraph or not text
                continue
            if (tables_end and cells[index] is not None) or _END.match(text):
                break
            new_paragraph = new_paragraph or ends_paragraph(previous, line, margins)
            previous = line
            seen += 1
            heading = _HEADING.match(text)
            status = _STATUS_LINE.match(text)
            if heading and (found := parse_risk_id(heading.group("id"))):
                risk = found.canonical
                if found.normalised:
                    result.findings.append(id_finding(document.doc_id, found.printed, risk, line.page, line.line))
                glued = _GLUED.match(heading.group("rest"))
                if glued:
                    updates.append(_Update(risk, _status(glued.group("status")), _action(glued), line))
            elif status and risk:
                updates.append(_Update(risk, _status(status.group("status")), _action(status), line))
            elif updates and updates[-1].risk_id == risk:
                _add_text(updates[-1], _clean(text), new_paragraph)
            elif risk is None:
                rejects += 1
                result.rejects.append(_reject(document.doc_id, line, "paragraph with no risk or status above it"))
            # else: the risk heading wrapped onto this line
            new_paragraph = False
        result.records.extend(_record(document.doc_id, update) for update in updates)
        if seen:
            result.coverage.append(_coverage(document, start, seen, len(updates), rejects))


def _right_margins(document: Document, start: int) -> dict[int, float]:
    """Right edge of the text on each page from `start` on (PDF lines; none for text)."""
    margins: dict[int, float] = {}
    for line in document.lines[start:]:
        if line.bbox is not None and line.words:
            margins[line.page] = max(margins.get(line.page, 0.0), line.bbox[2])
    return margins


def ends_paragraph(previous: Line | None, line: Line, margins: dict[int, float]) -> bool:
    """Whether a PDF line ended its paragraph: the next line's first word would have fitted
    after it ("Economic Area (post LEP landscape)" / "Following completion of …")."""
    if previous is None or previous.page != line.page or not previous.words or not line.words:
        return False
    assert previous.bbox is not None
    first = line.words[0]
    space = min((b.x0 - a.x1 for a, b in itertools.pairwise(previous.words)), default=0.0)
    return previous.bbox[2] + max(space, 0.0) + (first.x1 - first.x0) < margins.get(line.page, 0.0)


def _add_text(update: _Update, text: str, new_paragraph: bool) -> None:
    """Blank lines part paragraphs, and so do PDF lines that end short of the margin; other
    lines with none between (a PDF's wrapped lines) join."""
    if new_paragraph or not update.paragraphs:
        update.paragraphs.append(text)
    else:
        update.paragraphs[-1] = f"{update.paragraphs[-1]} {text}"


def _action(match: re.Match[str]) -> str | None:
    action = match.group("action")
    return or_none(_clean(action)) if action else None


def _update_starts(document: Document) -> list[int]:
    """Where updates begin: after each status-split table of mitigating actions."""
    return [table.end_index for table in document.tables if ACTION_SUMMARY.match(table)]


def _record(doc_id: str, update: _Update) -> RiskAction:
    paragraphs = update.paragraphs
    action = update.action
    if action is None and len(paragraphs) >= 2:
        action, paragraphs = paragraphs[0], paragraphs[1:]
    return RiskAction(
        doc_id=doc_id,
        register="corporate",
        risk_id=update.risk_id,
        action=action,
        status=update.status,
        update_text=or_none(" ".join(paragraphs)),
        page=update.line.page,
        line=update.line.line,
    )


def _coverage(document: Document, start: int, seen: int, records: int, rejects: int) -> Coverage:
    line = document.lines[min(start, len(document.lines) - 1)]
    return Coverage(
        doc_id=document.doc_id,
        table_no=-1,
        kind=KIND,
        title="mitigating action updates",
        page=line.page,
        rows_seen=seen,
        header_rows=0,
        structural_rows=seen - records - rejects,
        records=records,
        rejects=rejects,
    )


def _reject(doc_id: str, line: Line, reason: str) -> Reject:
    return Reject(doc_id=doc_id, kind=KIND, page=line.page, line=line.line, raw=line.text, reason=reason)


@dataclass(slots=True)
class _Change:
    change: str
    risk_id: str
    title: str
    line: Line
    paragraphs: list[str] = field(default_factory=list)


def _changes(document: Document, cells: list[list[str] | None], result: ExtractResult) -> None:
    change: str | None = None
    found_changes: list[_Change] = []
    furniture = page_furniture(document)
    for index, line in enumerate(document.lines):
        text = line.text.strip()
        heading = _CHANGE_HEADING.match(text)
        if not text or index in furniture:
            continue
        if heading:
            word = (heading.group("before") or heading.group("after")).lower().replace("-", "").rstrip("s")
            change = _CHANGES.get(word, "re-entry")
        elif change is not None and (cells[index] is not None or _SECTION_HEADING.match(text)):
            change = None
        elif change is not None:
            _change_line(document, change, text, line, found_changes, result)
    result.records.extend(_change_record(document.doc_id, found) for found in found_changes)


def _change_line(
    document: Document, change: str, text: str, line: Line, found_changes: list[_Change], result: ExtractResult
) -> None:
    item = _HEADING.match(text)
    found = parse_risk_id(item.group("id")) if item else None
    if item and found:
        parts = _TITLE_END.split(item.group("rest"), maxsplit=1)
        found_changes.append(_Change(change, found.canonical, parts[0], line, parts[1:]))
        if found.normalised:
            result.findings.append(id_finding(document.doc_id, found.printed, found.canonical, line.page, line.line))
    elif found_changes:
        found_changes[-1].paragraphs.append(_clean(text))


def _change_record(doc_id: str, found: _Change) -> RiskChange:
    return RiskChange(
        doc_id=doc_id,
        risk_id=found.risk_id,
        change=found.change,  # type: ignore[arg-type]
        title=or_none(_clean(found.title)),
        note=or_none(" ".join(found.paragraphs)),
        page=found.line.page,
        line=found.line.line,
    )


register_text(RiskUpdateExtractor())
