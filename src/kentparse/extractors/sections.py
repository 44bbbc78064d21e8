"""Split a pack into its papers: the agenda, the minutes, and a section per report.

A section starts at a landmark: the minutes heading (with the heading lines above it), a
report cover sheet, an "Agenda Item N" stamp of a printed pack, or (in a printed PDF pack
with "Page N" footers) the PDF page printed with the first page the agenda gives the item;
it runs to the line before the next landmark. A section is tied to its agenda item by the stamp's number, for minutes by
the item titled "Minutes …", for a cover sheet by the decision number it gives, else by the
item whose title its Subject matches best.
Every record of every extractor carries page (and, from text, line), so the DuckDB view
`record_sections` (store/views.py) finds each record's section and agenda item by range, and
no extractor needs to know about sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz

from kentparse.extractors.agenda import Agenda, AgendaItem, DocumentMeeting, read_agenda
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.meetings import (
    CoverSheet,
    clean,
    cover_sheets,
    item_stamps,
    meeting_id,
    minutes_headings,
    parse_date,
)
from kentparse.model import Document, Line
from kentparse.records import Record

SectionKind = Literal["agenda", "minutes", "report"]

#: how closely a cover sheet's Subject must match an agenda item title (rapidfuzz 0-100)
MIN_SUBJECT_SCORE = 70.0
_MINUTES_TITLE = re.compile(r"^minutes\b", re.I)
_PRINTED_PAGE = re.compile(r"^Page\s+(\d{1,4})$")
_BODY = re.compile(r"^([A-Za-z][A-Za-z '&-]+?)\s*(?:[,–-]|$)")


class ReportSection(Record):
    """A part of a document: first/last page always, first/last line for text sources."""

    table = "report_sections"
    section_no: int
    kind: SectionKind
    meeting_id: str | None
    agenda_item: int | None
    title: str
    first_page: int
    last_page: int
    first_line: int | None
    last_line: int | None
    sender: str | None = None
    recipient: str | None = None
    classification: str | None = None
    #: the decision number the cover sheet gives ("Decision no: 24/00109")
    decision_no: str | None = None


@dataclass(frozen=True, slots=True)
class _Start:
    index: int
    kind: SectionKind
    title: str
    item_no: int | None
    cover: CoverSheet | None = None


def section_starts(document: Document, agenda: Agenda | None) -> list[_Start]:
    items = agenda.items if agenda else []
    starts = [
        *(_minutes_start(document.lines, index, items) for index in minutes_headings(document.lines)),
        *(_cover_start(sheet, items) for sheet in cover_sheets(document.lines)),
        *(_stamp_start(index, number, items) for index, number in item_stamps(document.lines)),
        *_page_range_starts(document, items),
    ]
    starts.sort(key=lambda start: start.index)
    merged: list[_Start] = []
    for start in starts:
        if merged and start.item_no is not None and start.item_no == merged[-1].item_no:
            if start.cover and merged[-1].cover is None:
                merged[-1] = replace(merged[-1], cover=start.cover)
            continue
        merged.append(start)
    if agenda and (not merged or merged[0].index > agenda.start):
        merged.insert(0, _Start(0, "agenda", "Agenda", None))
    return merged


def printed_pages(document: Document) -> dict[int, int]:
    """Printed pack page number → PDF page, from the "Page N" footers of a printed pack."""
    if document.media_type != "application/pdf":
        return {}  # a text rendering's footers end their pages at an unknown line
    found: dict[int, int] = {}
    for line in document.lines:
        match = _PRINTED_PAGE.match(clean(line.text))
        if match:
            found.setdefault(int(match.group(1)), line.page)
    return found


def _page_range_starts(document: Document, items: list[AgendaItem]) -> list[_Start]:
    """In a printed pack, each item with pages starts on the PDF page printed with its first page."""
    printed = printed_pages(document)
    starts = []
    for item in items:
        if item.first_page is None or item.last_page is None:
            continue
        pages = [page for number, page in printed.items() if item.first_page <= number <= item.last_page]
        first = min(pages, default=None)
        index = next((i for i, line in enumerate(document.lines) if line.page == first), None)
        if index is not None:
            kind: SectionKind = "minutes" if _MINUTES_TITLE.match(item.title) else "report"
            starts.append(_Start(index, kind, item.title, item.item_no))
    return starts


def _minutes_start(lines: list[Line], index: int, items: list[AgendaItem]) -> _Start:
    item = next((item for item in items if _MINUTES_TITLE.match(item.title) and item.first_page), None)
    date = parse_date(" ".join(clean(line.text) for line in lines[index : index + 3]))
    title = f"Minutes of the meeting held on {date.isoformat()}" if date else "Minutes"
    return _Start(_heading_top(lines, index), "minutes", title, item.item_no if item else None)


def _heading_top(lines: list[Line], index: int) -> int:
    """The first of the upper-case heading lines ("KENT COUNTY COUNCIL", "CABINET") above a heading."""
    top = index
    for above in range(index - 1, -1, -1):
        text = clean(lines[above].text)
        if text and not text.isupper():
            break
        if text:
            top = above
    return top


def _cover_start(sheet: CoverSheet, items: list[AgendaItem]) -> _Start:
    subject = clean(sheet.subject)
    numbered = next((item for item in items if sheet.decision_no and item.decision_no == sheet.decision_no), None)
    if numbered:
        return _Start(sheet.index, "report", subject, numbered.item_no, sheet)
    scored = [(fuzz.token_set_ratio(subject.lower(), item.title.lower()), item) for item in items if item.first_page]
    best = max(scored, key=lambda pair: pair[0], default=None)
    item_no = best[1].item_no if best and best[0] >= MIN_SUBJECT_SCORE else None
    return _Start(sheet.index, "report", subject, item_no, sheet)


def _stamp_start(index: int, number: int, items: list[AgendaItem]) -> _Start:
    item = next((item for item in items if item.item_no == number), None)
    return _Start(index, "report", item.title if item else f"Agenda Item {number}", number)


def sections(document: Document, agenda: Agenda | None) -> list[ReportSection]:
    starts = section_starts(document, agenda)
    lines = document.lines
    found = []
    for number, start in enumerate(starts, start=1):
        end = starts[number].index if number < len(starts) else len(lines)
        first, last = lines[start.index], lines[max(end - 1, start.index)]
        cover = start.cover
        found.append(
            ReportSection(
                doc_id=document.doc_id,
                section_no=number,
                kind=start.kind,
                meeting_id=agenda.meeting.meeting_id if agenda else _cover_meeting(cover),
                agenda_item=start.item_no,
                title=start.title,
                first_page=first.page,
                last_page=last.page,
                first_line=first.line,
                last_line=last.line,
                sender=cover.sender if cover else None,
                recipient=cover.to if cover else None,
                classification=cover.classification if cover else None,
                decision_no=cover.decision_no if cover else None,
            )
        )
    return found


def _cover_meeting(cover: CoverSheet | None) -> str | None:
    """The meeting a stand-alone report goes to, from its "To: Cabinet, 4 January 2024"."""
    if cover is None or not cover.to:
        return None
    to = clean(cover.to)
    body, date = _BODY.match(to), parse_date(to)
    return meeting_id(body.group(1), date) if body and date else None


class SectionExtractor:
    kind = "sections"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        agenda = read_agenda(document)
        found = sections(document, agenda)
        if agenda is None and not any(section.kind == "report" for section in found):
            return result
        result.records.extend(found)
        if agenda is None:
            result.records.extend(_report_links(found))
        return result


def _report_links(found: list[ReportSection]) -> list[DocumentMeeting]:
    """A stand-alone report belongs to the meeting its cover sheet addresses."""
    links: dict[str, DocumentMeeting] = {}
    for section in found:
        if section.meeting_id and section.meeting_id not in links:
            links[section.meeting_id] = DocumentMeeting(
                doc_id=section.doc_id,
                meeting_id=section.meeting_id,
                role="report",
                page=section.first_page,
                line=section.first_line,
            )
    return list(links.values())


register_text(SectionExtractor())
