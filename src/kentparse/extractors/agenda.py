"""Agendas: the meeting (body, date, time, venue) and its numbered items with page ranges.

An agenda opens with a line "AGENDA", the body ("CABINET"), the date and time ("Thursday,
4th January, 2024, at 10.00 am") and the venue. Items are numbered from 1; an item's title
may wrap onto following lines, may open with a decision number ("23/00091 - …") and may end
with its pages in the pack ("(Pages 11 - 42)"). Items after "EXEMPT ITEMS" are exempt.
The agenda region ends where the pack's first paper begins (minutes, a cover sheet, an
"Agenda Item" stamp, the first page with a "Page N" footer). Splitting the pack into its
papers is in `kentparse.extractors.sections`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.meetings import (
    body_name,
    clean,
    cover_sheets,
    item_stamps,
    meeting_id,
    minutes_headings,
    parse_date,
    parse_time,
    split_decision,
)
from kentparse.model import Document, Line
from kentparse.records import Coverage, Record

MeetingSource = Literal["agenda", "minutes"]
DocumentRole = Literal["agenda", "minutes", "report", "decision"]


class Meeting(Record):
    """A meeting as a paper announces (agenda) or records (minutes) it."""

    table = "meetings"
    meeting_id: str
    body: str
    date: dt.date
    time: str | None
    venue: str | None
    source: MeetingSource
    page: int
    line: int | None


class AgendaItem(Record):
    table = "agenda_items"
    meeting_id: str
    item_no: int
    title: str
    decision_no: str | None
    #: pages of the item in the published pack, as the agenda states them
    first_page: int | None
    last_page: int | None
    exempt: bool
    page: int
    line: int | None


class DocumentMeeting(Record):
    """Which meeting a document (or a part of it) belongs to, and as what."""

    table = "document_meetings"
    meeting_id: str
    role: DocumentRole
    page: int
    line: int | None


_AGENDA = re.compile(r"^AGENDA$", re.I)
_ITEM = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_PAGES = re.compile(r"\(\s*Pages?\s+(\d+)(?:\s*[-–]\s*(\d+))?\s*\)", re.I)
_PAGE_FOOTER = re.compile(r"^Page\s+\d{1,4}$")
_EXEMPT = re.compile(r"^EXEMPT ITEMS\b", re.I)
_SECTION_HEADING = re.compile(r"^(?:UN)?RESTRICTED ITEMS\b|^EXEMPT ITEMS\b|^\((?!\s*Pages?\b)", re.I)
_CONTACT = re.compile(r"\s*\b(?:Ask for|Telephone|Tel|Email|E-mail)\s*:.*$", re.I)
#: how many lines below "AGENDA" the body and the date line are looked for
_HEAD_SPAN = 8


@dataclass(slots=True)
class _ItemLines:
    number: int
    first: Line
    exempt: bool
    texts: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(_PAGES.search(" ".join(self.texts)))


def agenda_start(lines: list[Line]) -> int | None:
    for index, line in enumerate(lines):
        if _AGENDA.match(clean(line.text)):
            return index
    return None


def agenda_end(lines: list[Line], start: int) -> int:
    """Where the agenda region ends: the first paper of the pack after it, else the end."""
    landmarks = [
        *minutes_headings(lines),
        *_first_numbered_page(lines),
        *(sheet.index for sheet in cover_sheets(lines)),
        *(index for index, _ in item_stamps(lines)),
    ]
    return min((index for index in landmarks if index > start), default=len(lines))


def _first_numbered_page(lines: list[Line]) -> list[int]:
    """The first line of the first page with a "Page N" footer: a printed pack's papers begin there."""
    footer = next((line for line in lines if _PAGE_FOOTER.match(clean(line.text))), None)
    if footer is None:
        return []
    return [next(index for index, line in enumerate(lines) if line.page == footer.page)]


def read_meeting(document: Document, start: int, end: int) -> tuple[Meeting, int] | None:
    """The meeting an agenda announces, and the index of its date line."""
    lines = document.lines
    head = [(index, clean(lines[index].text)) for index in range(start + 1, min(end, start + _HEAD_SPAN))]
    dated = next(((index, text) for index, text in head if parse_date(text)), None)
    body = next((text for index, text in head if text and index != (dated or (0, ""))[0]), None)
    if dated is None or body is None:
        return None
    index, text = dated
    date = parse_date(text)
    assert date is not None
    name = body_name(body)
    meeting = Meeting(
        doc_id=document.doc_id,
        meeting_id=meeting_id(name, date),
        body=name,
        date=date,
        time=parse_time(text),
        venue=_venue(lines[index + 1 : end]),
        source="agenda",
        page=lines[start].page,
        line=lines[start].line,
    )
    return meeting, index


def _venue(lines: list[Line]) -> str | None:
    """The venue: the lines below the date line up to a blank or contact-only line."""
    parts: list[str] = []
    for line in lines:
        text = _CONTACT.sub("", clean(line.text)).strip(" ,")
        if not text or "@" in text or _ITEM.match(text) or _SECTION_HEADING.match(text):
            break
        parts.append(text)
    return ", ".join(parts) or None


def read_items(lines: list[Line], start: int, end: int) -> list[_ItemLines]:
    """Agenda items numbered 1, 2, 3 … with their wrapped title lines."""
    items: list[_ItemLines] = []
    exempt = False
    for line in lines[start:end]:
        text = clean(line.text)
        match = _ITEM.match(text)
        if _EXEMPT.match(text):
            exempt = True
        if match and int(match.group(1)) == len(items) + 1:
            items.append(_ItemLines(int(match.group(1)), line, exempt, [match.group(2)]))
        elif items and _continues(items[-1], text):
            items[-1].texts.append(text)
    return items


def _continues(item: _ItemLines, text: str) -> bool:
    return bool(text) and not item.complete and not _SECTION_HEADING.match(text) and not _ITEM.match(text)


def agenda_item(item: _ItemLines, meeting: Meeting, doc_id: str) -> AgendaItem:
    title = " ".join(item.texts)
    pages = _PAGES.search(title)
    first_page = int(pages.group(1)) if pages else None
    last_page = int(pages.group(2) or pages.group(1)) if pages else None
    title = _PAGES.sub("", title).strip()
    decision, title = split_decision(title)
    return AgendaItem(
        doc_id=doc_id,
        meeting_id=meeting.meeting_id,
        item_no=item.number,
        title=title.strip(),
        decision_no=decision,
        first_page=first_page,
        last_page=last_page,
        exempt=item.exempt,
        page=item.first.page,
        line=item.first.line,
    )


@dataclass(frozen=True, slots=True)
class Agenda:
    meeting: Meeting
    items: list[AgendaItem]
    #: index range [start, end) of `Document.lines` the agenda covers
    start: int
    end: int


def read_agenda(document: Document) -> Agenda | None:
    start = agenda_start(document.lines)
    if start is None:
        return None
    end = agenda_end(document.lines, start)
    found = read_meeting(document, start, end)
    if found is None:
        return None
    meeting, date_index = found
    items = [agenda_item(item, meeting, document.doc_id) for item in read_items(document.lines, date_index + 1, end)]
    return Agenda(meeting, items, start, end)


class AgendaExtractor:
    kind = "agenda"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        agenda = read_agenda(document)
        if agenda is None:
            return result
        meeting = agenda.meeting
        link = DocumentMeeting(
            doc_id=context.doc_id, meeting_id=meeting.meeting_id, role="agenda", page=meeting.page, line=meeting.line
        )
        result.records.extend([meeting, *agenda.items, link])
        result.coverage.append(
            Coverage(
                doc_id=context.doc_id,
                table_no=-1,
                kind=self.kind,
                title=f"{meeting.body} {meeting.date.isoformat()}",
                page=meeting.page,
                rows_seen=len(agenda.items),
                header_rows=0,
                structural_rows=0,
                records=len(agenda.items),
                rejects=0,
            )
        )
        return result


register_text(AgendaExtractor())
