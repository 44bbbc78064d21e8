"""Claims a summary paper makes about the action plans: counts and percentages of actions.

"152 actions have been identified; 80 are opportunities, 58 are mitigations and 14 are a mix
of both", "Overall, 72 (47%) of actions … are mitigating actions", "Of the opportunity
actions, 18 actions (23%) are considered essential opportunities", "42 essential, short term
were identified". Each claim states which actions it counts as filters on the `actions`
columns (kind, priority, timescale) and, for a percentage, the actions it is a share of.
The check against the plans runs over the database after loading (`kentparse.reconcile`),
because the plans are another document. Claims are read only from papers about action plans.

Wrapped sentences are joined first: a line continues onto the next non-blank line when that
line opens in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kentparse.extractors.base import Context, ExtractResult, text_coverage
from kentparse.extractors.registry import register_text
from kentparse.meetings import clean
from kentparse.model import Document, Line
from kentparse.records import Record

Measure = Literal["count", "percent"]


class Claim(Record):
    table = "claims"
    claim_no: int
    subject: str
    measure: Measure
    value: Decimal
    #: the actions counted, as allowed values of `actions` columns joined by "|" (None: any)
    kind: str | None
    priority: str | None
    timescale: str | None
    #: for a percentage, the actions it is a share of (None and None: all actions)
    base_kind: str | None
    base_priority: str | None
    #: False when the subject is nothing the action tables record (e.g. equality considerations)
    checkable: bool
    text: str
    page: int
    line: int | None


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    #: (offset into text, line) where each joined line starts
    starts: tuple[tuple[int, Line], ...]

    def line_at(self, offset: int) -> Line:
        found = self.starts[0][1]
        for start, line in self.starts:
            if start > offset:
                break
            found = line
        return found


@dataclass(frozen=True, slots=True)
class _Found:
    subject: str
    measure: Measure
    value: int
    offset: int
    kind: str | None = None
    priority: str | None = None
    timescale: str | None = None
    base_kind: str | None = None
    base_priority: str | None = None
    checkable: bool = True


_ABOUT_PLANS = re.compile(r"\baction plans?\b", re.I)
_IDENTIFIED = re.compile(r"\b(\d+) actions (?:have been|were|are) identified", re.I)
_SPLIT = re.compile(r"\b(\d+) are (opportunities|mitigations|a mix of both)\b", re.I)
_OVERALL = re.compile(
    r"\bOverall, (\d+) (?:actions )?\((\d+)%\) (?:of actions )?identified in the action plans are (\w+) actions", re.I
)
_OF_THE = re.compile(
    r"\bOf the (\w+) actions, (\d+) actions \((\d+)%\) are considered (essential|important|desirable)\b", re.I
)
_PRIORITY_TIMESCALE = re.compile(r"\b(\d+) (essential|important|desirable),? (short|medium|longer?)[ -]term\b", re.I)
_RELATE = re.compile(r"\b(\d+) actions relate to ([^.;]+)", re.I)
_BOTH_INCLUDED = re.compile(r"\bincluding \w+ and (?:mitigation/opportunit|opportunit\w*/mitigation)", re.I)
#: the paper's own definition that "mitigating actions" include the mixed ones
_MITIGATING_DEFINED = re.compile(r"mitigating actions \(including \w+ and mitigation/opportunit", re.I)
_SPLIT_KINDS = {"opportunities": "opportunity", "mitigations": "mitigate", "a mix of both": "both"}
_TIMESCALES = {"short": "short", "medium": "medium", "long": "longer", "longer": "longer"}


def paragraphs(lines: list[Line]) -> Iterator[_Paragraph]:
    text, starts = "", list[tuple[int, Line]]()
    for line in lines:
        cleaned = clean(line.text).lstrip("•-– ").strip()
        if not cleaned:
            continue
        if text and not cleaned[0].islower():
            yield _Paragraph(text, tuple(starts))
            text, starts = "", []
        starts.append((len(text) + (1 if text else 0), line))
        text = f"{text} {cleaned}" if text else cleaned
    if text:
        yield _Paragraph(text, tuple(starts))


def kind_values(word: str, paragraph: str, mitigating_mixed: bool) -> str | None:
    """The `actions.kind` values a word means: "mitigating" counts mixed actions too when the
    paper says so ("mitigating actions (including mitigations and mitigation/opportunities)")."""
    word = word.lower()
    mixed = bool(_BOTH_INCLUDED.search(paragraph))
    if word.startswith("mitigat"):
        return "mitigate|both" if mixed or (word == "mitigating" and mitigating_mixed) else "mitigate"
    if word.startswith("opportunit"):
        return "opportunity"
    return None


def found_in(paragraph: str, mitigating_mixed: bool = False) -> list[_Found]:
    found: list[_Found] = []
    for match in _IDENTIFIED.finditer(paragraph):
        found.append(_Found("actions identified", "count", int(match.group(1)), match.start()))
    for match in _SPLIT.finditer(paragraph):
        split = _SPLIT_KINDS[match.group(2).lower()]
        found.append(_Found(f"actions of kind {split}", "count", int(match.group(1)), match.start(), kind=split))
    for match in _OVERALL.finditer(paragraph):
        kind: str | None = kind_values(match.group(3), paragraph, mitigating_mixed)
        subject = f"{match.group(3).lower()} actions"
        found.append(_Found(subject, "count", int(match.group(1)), match.start(), kind=kind))
        found.append(
            _Found(f"{subject} as a share of all actions", "percent", int(match.group(2)), match.start(), kind)
        )
    for match in _OF_THE.finditer(paragraph):
        kind, priority = kind_values(match.group(1), paragraph, mitigating_mixed), match.group(4).lower()
        subject = f"{priority} {match.group(1).lower()} actions"
        found.append(_Found(subject, "count", int(match.group(2)), match.start(), kind, priority))
        share = f"{subject} as a share of {match.group(1).lower()} actions"
        found.append(_Found(share, "percent", int(match.group(3)), match.start(), kind, priority, base_kind=kind))
    for match in _PRIORITY_TIMESCALE.finditer(paragraph):
        priority, timescale = match.group(2).lower(), _TIMESCALES[match.group(3).lower()]
        subject = f"{priority} {timescale}-term actions"
        found.append(_Found(subject, "count", int(match.group(1)), match.start(), None, priority, timescale))
    for match in _RELATE.finditer(paragraph):
        subject = f"actions relating to {clean(match.group(2))}"
        found.append(_Found(subject, "count", int(match.group(1)), match.start(), checkable=False))
    return sorted(found, key=lambda item: item.offset)


def claims_of(document: Document) -> list[Claim]:
    whole = clean(" ".join(line.text for line in document.lines))
    if not _ABOUT_PLANS.search(whole):
        return []
    mitigating_mixed = bool(_MITIGATING_DEFINED.search(whole))
    claims: list[Claim] = []
    for paragraph in paragraphs(document.lines):
        for item in found_in(paragraph.text, mitigating_mixed):
            line = paragraph.line_at(item.offset)
            claims.append(_claim(document.doc_id, len(claims) + 1, item, paragraph, line))
    return claims


def _claim(doc_id: str, number: int, item: _Found, paragraph: _Paragraph, line: Line) -> Claim:
    return Claim(
        doc_id=doc_id,
        claim_no=number,
        subject=item.subject,
        measure=item.measure,
        value=Decimal(item.value),
        kind=item.kind,
        priority=item.priority,
        timescale=item.timescale,
        base_kind=item.base_kind,
        base_priority=item.base_priority,
        checkable=item.checkable,
        text=_sentence(paragraph.text, item.offset),
        page=line.page,
        line=line.line,
    )


def _sentence(text: str, offset: int) -> str:
    """The sentence of a paragraph that holds the claim."""
    breaks = [found + 2 for found in (text.rfind(". ", 0, offset), text.rfind("; ", 0, offset)) if found >= 0]
    start = max(breaks, default=0)
    end = text.find(". ", offset)
    return text[start : end + 1 if end >= 0 else len(text)].strip()


class ClaimExtractor:
    kind = "claims"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        claims = claims_of(document)
        if not claims:
            return result
        result.records.extend(claims)
        result.coverage.append(text_coverage(context.doc_id, self.kind, document.title, claims))
        return result


register_text(ClaimExtractor())


class ClaimCheck(Record):
    """A claim checked against the records of another document (written by `kentparse.reconcile`)."""

    table = "claim_checks"
    claim_no: int
    against_table: str
    against_doc_id: str
    #: the SQL condition on `against_table` the claim was counted with
    condition: str
    claimed: Decimal
    actual: Decimal | None
    agreed: bool
    page: int
    line: int | None
