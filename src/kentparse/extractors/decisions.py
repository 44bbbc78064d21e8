"""Records of decision ("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION").

The form gives the decision maker ("DECISION TO BE TAKEN BY: Cabinet") and number
("DECISION NO: 24/00096") in either order or on one line, "Key decision: YES|NO", the title
("Subject Matter / Title of Decision" or "Title of Decision:", wrapping to "Decision:"), and
the decision itself: a lead-in ("Cabinet agree to:") and lettered parts ("a) …", "A. …")
up to "Reason(s) for decision". Letters must run a, b, c …; other lines continue the part above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.meetings import DECISION_NO, clean, decision_number, is_page_number
from kentparse.model import Document, Line
from kentparse.records import Coverage, Record


class Decision(Record):
    table = "decisions"
    decision_no: str
    title: str | None
    decision_maker: str | None
    key_decision: bool | None
    #: the words before the lettered parts ("Cabinet agree to:")
    lead_in: str | None
    #: "proposed" on a proposed record of decision, else "taken"
    status: str
    page: int
    line: int | None


class DecisionPart(Record):
    table = "decision_parts"
    decision_no: str
    part: str
    text: str
    page: int
    line: int | None


#: the form's heading, in capitals ("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION")
_FORM = re.compile(r"^(?:[A-Z ]+[-–]\s*)?(PROPOSED )?RECORD OF DECISION$")
_TAKEN_BY = re.compile(r"^DECISION TO BE TAKEN BY\s*:?", re.I)
_NUMBER_LABEL = re.compile(r"\bDECISION (?:NO|NUMBER)\.?\s*:?", re.I)
_PUBLICATION = re.compile(r"^For publication\b", re.I)
_KEY = re.compile(r"^Key decision\s*:?\s*(YES|NO)\b", re.I)
_TITLE = re.compile(r"^(?:Subject Matter\s*/\s*)?Title of Decision\s*:?\s*(.*)$", re.I)
_DECISION = re.compile(r"^Decision\s*:\s*(.*)$", re.I)
_REASONS = re.compile(r"^Reasons?(?:\(s\))? for decision\b", re.I)
_PART = re.compile(r"^(?:[-•]\s*)?\(?([A-Za-z])[).]\s+(\S.*)$")
#: how many lines below the form's heading the maker and number are looked for
_HEAD_SPAN = 6


@dataclass(slots=True)
class _Part:
    letter: str
    first: Line
    texts: list[str] = field(default_factory=list)


def _index(lines: list[Line], pattern: re.Pattern[str], start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if pattern.search(clean(lines[i].text))), None)


def maker_and_number(lines: list[Line], start: int) -> tuple[str | None, str | None]:
    """The decision maker and number from the lines between the form's heading and "For publication"."""
    end = _index(lines, _PUBLICATION, start) or min(len(lines), start + _HEAD_SPAN)
    texts = [clean(line.text) for line in lines[start + 1 : end]]
    number = decision_number(" ".join(texts))
    rest = [_NUMBER_LABEL.sub("", _TAKEN_BY.sub("", DECISION_NO.sub("", text))).strip(" :") for text in texts]
    maker = " ".join(part for part in rest if part) or None
    return maker, number


def read_title(lines: list[Line], form: int, decision_at: int) -> str | None:
    start = _index(lines, _TITLE, form)
    if start is None:
        return None
    first = _TITLE.match(clean(lines[start].text))
    parts = [first.group(1)] if first and first.group(1) else []
    for line in lines[start + 1 : decision_at]:
        parts.append(clean(line.text))
    return " ".join(part for part in parts if part) or None


def read_parts(lines: list[Line], start: int, end: int) -> tuple[str | None, list[_Part]]:
    """The lead-in and the lettered parts of the decision text."""
    lead: list[str] = []
    head = _DECISION.match(clean(lines[start].text))
    if head and head.group(1):
        lead.append(head.group(1))
    parts: list[_Part] = []
    for line in lines[start + 1 : end]:
        text = clean(line.text)
        if not text or is_page_number(text):
            continue
        match = _PART.match(text)
        if match and match.group(1).lower() == chr(ord("a") + len(parts)):
            parts.append(_Part(match.group(1).lower(), line, [match.group(2)]))
        elif parts:
            parts[-1].texts.append(text)
        else:
            lead.append(text)
    return " ".join(lead) or None, parts


class DecisionExtractor:
    kind = "decision"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        lines = document.lines
        form = _index(lines, _FORM)
        if form is None:
            return result
        maker, number = maker_and_number(lines, form)
        decision_at = _index(lines, _DECISION, form + 1)
        if number is None or decision_at is None:
            return result
        reasons_at = _index(lines, _REASONS, decision_at) or len(lines)
        lead, parts = read_parts(lines, decision_at, reasons_at)
        key = next(
            (m.group(1).upper() == "YES" for line in lines[form:decision_at] if (m := _KEY.match(clean(line.text)))),
            None,
        )
        heading = lines[form]
        decision = Decision(
            doc_id=context.doc_id,
            decision_no=number,
            title=read_title(lines[:decision_at], form, decision_at),
            decision_maker=maker,
            key_decision=key,
            lead_in=lead,
            status="proposed" if (found := _FORM.search(heading.text)) and found.group(1) else "taken",
            page=heading.page,
            line=heading.line,
        )
        result.records.append(decision)
        result.records.extend(
            DecisionPart(
                doc_id=context.doc_id,
                decision_no=number,
                part=part.letter,
                text=" ".join(part.texts),
                page=part.first.page,
                line=part.first.line,
            )
            for part in parts
        )
        result.coverage.append(
            Coverage(
                doc_id=context.doc_id,
                table_no=-1,
                kind=self.kind,
                title=decision.title,
                page=heading.page,
                rows_seen=len(parts) + 1,
                header_rows=0,
                structural_rows=0,
                records=len(parts) + 1,
                rejects=0,
            )
        )
        return result


register_text(DecisionExtractor())
