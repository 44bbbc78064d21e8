"""Minutes: the meeting, who was present, apologies, each numbered minute and what was RESOLVED.

Minutes open with "MINUTES of a meeting of the Cabinet held in the Council Chamber on
Thursday, 30 November 2023." and lists headed "PRESENT:", "IN ATTENDANCE:" and the like. A
minute is a numbered heading ("18. 23/00109 - Revenue and Capital Monitoring Report …") with
the agenda item it takes on the next line ("(Item 6)"); a number that is not followed by an
"(Item N)" line is a paragraph of a minute, not a minute. A resolution runs from "RESOLVED"
to the next minute, the next resolution, a blank line or the end of the minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kentparse.extractors.agenda import DocumentMeeting, Meeting
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.meetings import (
    body_name,
    clean,
    cover_sheets,
    is_page_number,
    item_stamps,
    meeting_id,
    minutes_headings,
    parse_date,
    split_decision,
)
from kentparse.model import Document, Line
from kentparse.people import ROLE_WORDS
from kentparse.records import Coverage, Record

AttendanceRole = Literal["present", "in_attendance", "in_attendance_virtually", "apologies"]


class Attendance(Record):
    table = "attendance"
    meeting_id: str
    role: AttendanceRole
    name: str
    #: what the paper says in brackets after the name ("Chairman", "Director of Public Health")
    note: str | None
    minute_no: int | None
    page: int
    line: int | None


class MinutesItem(Record):
    table = "minutes_items"
    meeting_id: str
    minute_no: int
    title: str
    agenda_item: int | None
    decision_no: str | None
    page: int
    line: int | None


class Resolution(Record):
    table = "resolutions"
    meeting_id: str
    minute_no: int
    agenda_item: int | None
    decision_no: str | None
    text: str
    page: int
    line: int | None


_LABEL = re.compile(
    r"^(PRESENT|ALSO PRESENT|IN ATTENDANCE VIRTUALLY|IN ATTENDANCE|APOLOGIES(?: FOR ABSENCE)?)\s*:\s*(.*)$"
)
_ROLES: dict[str, AttendanceRole] = {
    "PRESENT": "present",
    "ALSO PRESENT": "in_attendance",
    "IN ATTENDANCE": "in_attendance",
    "IN ATTENDANCE VIRTUALLY": "in_attendance_virtually",
    "APOLOGIES": "apologies",
    "APOLOGIES FOR ABSENCE": "apologies",
}
_ITEMS_HEADING = re.compile(r"^(?:UN)?RESTRICTED ITEMS\b|^EXEMPT ITEMS\b", re.I)
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_ITEM_REF = re.compile(r"^\(Item\s+(\d{1,2})\)$", re.I)
_RESOLVED = re.compile(r"^(?:\d{1,2}\.\s+|[-•]\s*|\(?[a-z]\)\s+)?(RESOLVED\b.*)$")
_HELD = re.compile(r"\bmeeting of (?:the )?(.+?) held\b(?: (?:in|at) (?:the )?(.+?),? on \w+day\b)?", re.I)
_APOLOGIES_TITLE = re.compile(r"^apologies\b", re.I)
_APOLOGIES_FROM = re.compile(r"\bapologies (?:for absence )?(?:were|was) received from (.+?)(?:\.(?:\s|$)|$)", re.I)
_PRESENT_TOO = re.compile(r"(?:^|\.\s+)([A-Z][^.]*?) (?:was|were) present\b")
_VIRTUALLY = re.compile(
    r"(?:^|\.\s+|\band\s+)([A-Z](?:(?! (?:was|were) )[^.])*?) (?:was|were) in attendance virtually\b"
)
_APOLOGY_SENTENCES: tuple[tuple[re.Pattern[str], AttendanceRole], ...] = (
    (_APOLOGIES_FROM, "apologies"),
    (_PRESENT_TOO, "present"),
    (_VIRTUALLY, "in_attendance_virtually"),
)
_FOR_THIS_ITEM = re.compile(r"^(.+?) (?:was|were) in attendance for this item\b")
#: how many lines the "… in attendance for this item" sentence may wrap over
_SENTENCE_SPAN = 6
_BRACKETED = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
#: words of a job title: the people module's, and officers' titles it does not need
_ROLE_WORDS = frozenset(ROLE_WORDS) | {"counsel", "analyst", "accountant", "solicitor", "clerk", "treasurer"}
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "Cllr", "Sir", "Dame", "Lord", "Lady"})
_HONOURS = frozenset({"OBE", "MBE", "CBE", "KBE", "DBE", "JP", "MP", "KC", "QC", "DL"})
#: how many non-blank lines a minute's title may wrap onto before its "(Item N)" line
_TITLE_SPAN = 3


@dataclass(frozen=True, slots=True)
class _Heading:
    index: int
    number: int
    title: str
    agenda_item: int
    #: index of the "(Item N)" line; the minute's body follows it
    item_index: int


def minutes_regions(lines: list[Line]) -> list[tuple[int, int]]:
    """[start, end) of each set of minutes: to the next paper of the pack or the end."""
    starts = minutes_headings(lines)
    landmarks = sorted({*starts, *(s.index for s in cover_sheets(lines)), *(i for i, _ in item_stamps(lines))})
    return [(start, min((i for i in landmarks if i > start), default=len(lines))) for start in starts]


def read_minutes_meeting(lines: list[Line], start: int) -> Meeting | None:
    text = ""
    for line in lines[start : start + 3]:
        text = f"{text} {clean(line.text)}".strip()
        if text.endswith("."):
            break
    held, date = _HELD.search(text), parse_date(text)
    if not held or not date:
        return None
    body = body_name(held.group(1))
    return Meeting(
        doc_id="",
        meeting_id=meeting_id(body, date),
        body=body,
        date=date,
        time=None,
        venue=held.group(2),
        source="minutes",
        page=lines[start].page,
        line=lines[start].line,
    )


def minute_headings(lines: list[Line], start: int, end: int) -> list[_Heading]:
    headings = []
    for index in range(start, end):
        match = _NUMBERED.match(clean(lines[index].text))
        if not match:
            continue
        found = _item_line(lines, index + 1, end)
        if found:
            item_index, item_no, wrapped = found
            title = " ".join([match.group(2), *wrapped])
            headings.append(_Heading(index, int(match.group(1)), title, item_no, item_index))
    return headings


def _item_line(lines: list[Line], start: int, end: int) -> tuple[int, int, list[str]] | None:
    """The "(Item N)" line a minute heading is followed by, and the title lines before it."""
    wrapped: list[str] = []
    for index in range(start, end):
        text = clean(lines[index].text)
        if not text:
            continue
        match = _ITEM_REF.match(text)
        if match:
            return index, int(match.group(1)), wrapped
        if len(wrapped) == _TITLE_SPAN or _NUMBERED.match(text):
            return None
        wrapped.append(text)
    return None


def split_names(text: str) -> list[tuple[str, str | None]]:
    """'Mr R W Gough (Chairman), Mr R C Love, OBE and Mr D Murphy' → (name, bracketed note) pairs."""
    pieces: list[str] = []
    depth, current = 0, ""
    for token in re.split(r"(\(|\)|,|\band\b)", text):
        depth += token.count("(") - token.count(")")
        if depth == 0 and token in (",", "and"):
            pieces.append(current)
            current = ""
        elif depth == 0 and token == ")":
            pieces.append(current + token)  # a note closes its name, comma or not
            current = ""
        else:
            current += token
    pieces.append(current)
    names: list[str] = []
    for piece in (clean(p).strip(" .;") for p in pieces):
        if piece in _HONOURS and names:
            names[-1] += f", {piece}"
        elif piece:
            names.append(piece)
    return _roles_after_commas([_name_and_note(name) for name in names])


def _roles_after_commas(pairs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """'Ben Watts, General Counsel' style: a piece naming a role (and the pieces that continue
    it) is the note of the name before it, not a name of its own."""
    joined: list[tuple[str, str | None]] = []
    continuing = False
    for name, note in pairs:
        if joined and _is_role(name) and joined[-1][1] is None:
            role = f"{name} ({note})" if note else name
            joined[-1], continuing = (joined[-1][0], role), True
        elif joined and note is None and continuing and not _is_person(name):
            joined[-1] = (joined[-1][0], f"{joined[-1][1]}, {name}")
        else:
            joined.append((name, note))
            continuing = False
    return joined


def _is_role(text: str) -> bool:
    return any(word in _ROLE_WORDS for word in re.findall(r"[\w-]+", text.lower()))


def _is_person(text: str) -> bool:
    """A title and a name, or two to four capitalised words that are not a role."""
    words = text.split()
    if words and words[0] in _TITLES:
        return True
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and "&" not in text and not _is_role(text)


def _name_and_note(text: str) -> tuple[str, str | None]:
    match = _BRACKETED.match(text)
    return (match.group(1), clean(match.group(2))) if match and match.group(1) else (text, None)


class MinutesExtractor:
    kind = "minutes"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        for start, end in minutes_regions(document.lines):
            meeting = read_minutes_meeting(document.lines, start)
            if meeting is not None:
                meeting = meeting.model_copy(update={"doc_id": context.doc_id})
                self._read(document, context, meeting, (start, end), result)
        return result

    def _read(
        self, document: Document, context: Context, meeting: Meeting, region: tuple[int, int], result: ExtractResult
    ) -> None:
        lines, (start, end) = document.lines, region
        headings = minute_headings(lines, start, end)
        first_minute = headings[0].index if headings else end
        link = DocumentMeeting(
            doc_id=context.doc_id, meeting_id=meeting.meeting_id, role="minutes", page=meeting.page, line=meeting.line
        )
        result.records.extend([meeting, link, *_attendance(lines, start, first_minute, meeting)])
        for number, heading in enumerate(headings):
            stop = headings[number + 1].index if number + 1 < len(headings) else end
            result.records.extend(_minute(lines, heading, stop, meeting))
        result.coverage.append(
            Coverage(
                doc_id=context.doc_id,
                table_no=-1,
                kind=self.kind,
                title=f"{meeting.body} {meeting.date.isoformat()}",
                page=meeting.page,
                rows_seen=len(headings),
                header_rows=0,
                structural_rows=0,
                records=len(headings),
                rejects=0,
            )
        )


def _attendance(lines: list[Line], start: int, end: int, meeting: Meeting) -> list[Attendance]:
    """The PRESENT / IN ATTENDANCE lists between the minutes heading and the first minute."""
    found: list[Attendance] = []
    label: tuple[str, Line] | None = None
    text = ""
    for line in [*lines[start:end], None]:
        cleaned = clean(line.text) if line else ""
        match = _LABEL.match(cleaned)
        if line is None or match or _ITEMS_HEADING.match(cleaned):
            if label:
                found.extend(_people(text, _ROLES[label[0]], label[1], meeting, None))
            label, text = ((match.group(1), line), match.group(2)) if match and line else (None, "")
        elif label and cleaned:
            text = f"{text} {cleaned}"
    return found


def _people(text: str, role: AttendanceRole, line: Line, meeting: Meeting, minute_no: int | None) -> list[Attendance]:
    return [
        Attendance(
            doc_id=meeting.doc_id,
            meeting_id=meeting.meeting_id,
            role=role,
            name=name,
            note=note,
            minute_no=minute_no,
            page=line.page,
            line=line.line,
        )
        for name, note in split_names(text)
    ]


def _minute(lines: list[Line], heading: _Heading, stop: int, meeting: Meeting) -> list[Record]:
    title = clean(heading.title)
    decision, title = split_decision(title)
    first = lines[heading.index]
    minute = MinutesItem(
        doc_id=meeting.doc_id,
        meeting_id=meeting.meeting_id,
        minute_no=heading.number,
        title=title,
        agenda_item=heading.agenda_item,
        decision_no=decision,
        page=first.page,
        line=first.line,
    )
    records: list[Record] = [minute]
    if _APOLOGIES_TITLE.match(title):
        records.extend(_apologies(lines, heading, stop, meeting))
    records.extend(_item_attendance(lines, heading, stop, meeting))
    records.extend(_resolutions(lines, heading.item_index + 1, stop, minute))
    return records


def _apologies(lines: list[Line], heading: _Heading, stop: int, meeting: Meeting) -> list[Attendance]:
    """Apologies, and who the apologies minute says was present or in attendance virtually."""
    found: list[Attendance] = []
    for line in lines[heading.item_index + 1 : stop]:
        text = clean(line.text)
        for pattern, role in _APOLOGY_SENTENCES:
            for match in pattern.finditer(text):
                found.extend(_people(match.group(1), role, line, meeting, heading.number))
    return found


def _item_attendance(lines: list[Line], heading: _Heading, stop: int, meeting: Meeting) -> list[Attendance]:
    """Officers "in attendance for this item": the first sentence below the "(Item N)" line."""
    start = heading.item_index + 1
    texts: list[str] = []
    for line in lines[start : min(stop, start + _SENTENCE_SPAN)]:
        texts.append(clean(line.text))
        match = _FOR_THIS_ITEM.search(" ".join(texts))
        if match:
            return _people(match.group(1), "in_attendance", lines[start], meeting, heading.number)
    return []


def _resolutions(lines: list[Line], start: int, stop: int, minute: MinutesItem) -> list[Resolution]:
    found: list[Resolution] = []
    current: tuple[Line, list[str]] | None = None
    for line in [*lines[start:stop], None]:
        text = clean(line.text) if line else ""
        match = _RESOLVED.match(text)
        if current and (line is None or match or not text):
            found.append(_resolution(minute, *current))
            current = None
        if match and line:
            current = (line, [match.group(1)])
        elif current and text and not is_page_number(text):
            current[1].append(text)
    return found


def _resolution(minute: MinutesItem, first: Line, texts: list[str]) -> Resolution:
    return Resolution(
        doc_id=minute.doc_id,
        meeting_id=minute.meeting_id,
        minute_no=minute.minute_no,
        agenda_item=minute.agenda_item,
        decision_no=minute.decision_no,
        text=" ".join(texts),
        page=first.page,
        line=first.line,
    )


register_text(MinutesExtractor())
