"""Shared reading of committee papers: dates, meeting ids, and the landmarks that split a pack.

An agenda pack binds the agenda, the minutes of the previous meeting and the reports for
the items. Its landmarks are: the minutes heading ("MINUTES of a meeting of the Cabinet held
…"), the report cover sheets ("From: … To: … Subject: … Classification: …") and, in a
printed pack, the "Agenda Item N" stamp at the top of an item's first page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kentparse.model import Line

_MONTH_NAMES = "january february march april may june july august september october november december"
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(" "), start=1)}
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})\b")
_TIME = re.compile(r"\bat\s+(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)\b", re.I)
_MARKUP = re.compile(r"\*\*|__")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}$", re.I)
_MINUTES_HEADING = re.compile(r"^MINUTES of (?:a|the) meeting\b", re.I)
_ITEM_STAMP = re.compile(r"^Agenda Item\s+(\d{1,2})\b", re.I)
_COVER_FIELD = re.compile(r"^(From|To|Subject|Classification|Decision (?:no|number)\.?)\s*:\s*(.*)$", re.I)
#: any "Label:" line of a cover sheet ("Past Pathway :", "Summary:"): it ends the field above
_ANY_LABEL = re.compile(r"^[A-Z][A-Za-z ()/.]{1,40}:")
#: a decision number, "23/00109" (also printed "23-00091")
DECISION_NO = re.compile(r"\b(\d{2}[/-]\d{5})\b")
#: how many lines a cover sheet's From/To/Subject/Classification fields may spread over
_COVER_SPAN = 20


@lru_cache(maxsize=1 << 16)  # extractors clean the same lines again and again (12 times a line)
def clean(text: str) -> str:
    """A line without markdown emphasis and with runs of spaces made one."""
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def decision_number(text: str) -> str | None:
    """The first decision number in a text, written the usual way ("23/00091")."""
    found = DECISION_NO.search(text)
    return found.group(1).replace("-", "/") if found else None


_LEADING_DECISION = re.compile(r"^(\d{2}[/-]\d{5})\s*[-–:]\s*")


def split_decision(title: str) -> tuple[str | None, str]:
    """'23/00109 - Revenue and Capital …' → ('23/00109', 'Revenue and Capital …'); a number
    elsewhere in the title is found but left in place."""
    leading = _LEADING_DECISION.match(title)
    if leading:
        return leading.group(1).replace("-", "/"), title[leading.end() :].strip()
    return decision_number(title), title.strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def parse_date(text: str) -> dt.date | None:
    """The first day-month-year date written out in words ("Thursday, 4th January, 2024")."""
    for day, month, year in _DATE.findall(text):
        number = MONTHS.get(month.lower())
        if number:
            try:
                return dt.date(int(year), number, int(day))
            except ValueError:
                continue
    return None


def parse_time(text: str) -> str | None:
    """A meeting time "at 10.00 am" as 24-hour "10:00"."""
    found = _TIME.search(text)
    if not found:
        return None
    hour, minute, half = int(found.group(1)), int(found.group(2) or 0), found.group(3).lower()
    hour = hour % 12 + (12 if half == "pm" else 0)
    return f"{hour:02d}:{minute:02d}"


def meeting_id(body: str, date: dt.date) -> str:
    """A stable key for a meeting: its body in lower case, hyphenated, and its date."""
    slug = re.sub(r"[^a-z0-9]+", "-", body.lower()).strip("-")
    return f"{slug}-{date.isoformat()}"


def body_name(text: str) -> str:
    """'CABINET' → 'Cabinet'; a name already in mixed case is kept."""
    cleaned = clean(text)
    return cleaned.title() if cleaned.isupper() else cleaned


@dataclass(frozen=True, slots=True)
class CoverSheet:
    """A report's cover sheet: the index of its From line and the fields it gives."""

    index: int
    sender: str | None
    to: str | None
    subject: str
    classification: str | None
    decision_no: str | None = None


def cover_sheets(lines: list[Line]) -> list[CoverSheet]:
    """Every cover sheet: a From line with To and Subject lines within a few lines below it."""
    found: list[CoverSheet] = []
    for index, line in enumerate(lines):
        match = _COVER_FIELD.match(clean(line.text))
        if not match or match.group(1).lower() != "from":
            continue
        fields = _cover_fields(lines, index)
        if fields.get("subject") and "to" in fields:
            number = decision_number(fields.get("decision no", ""))
            sheet = CoverSheet(
                index, fields.get("from"), fields.get("to"), fields["subject"], fields.get("classification"), number
            )
            found.append(sheet)
    return found


def _cover_fields(lines: list[Line], start: int) -> dict[str, str]:
    """The fields of a cover sheet; a field wraps onto the lines below it up to a blank line or
    the next "Label:" line."""
    fields: dict[str, str] = {}
    current: str | None = None
    for line in lines[start : start + _COVER_SPAN]:
        text = clean(line.text)
        match = _COVER_FIELD.match(text)
        if match:
            current = match.group(1).lower().rstrip(".").replace("number", "no")
            if current in fields:
                break
            fields[current] = match.group(2).strip()
        elif not text or _ANY_LABEL.match(text):
            current = None
        elif current and fields[current]:
            fields[current] = f"{fields[current]} {text}"
        elif current:
            fields[current] = text
    return {name: value for name, value in fields.items() if value}


def minutes_headings(lines: list[Line]) -> list[int]:
    """Indexes of the lines that open a set of minutes."""
    return [index for index, line in enumerate(lines) if _MINUTES_HEADING.match(clean(line.text))]


def item_stamps(lines: list[Line]) -> list[tuple[int, int]]:
    """(index, item number) of every "Agenda Item N" stamp of a printed pack."""
    stamps = []
    for index, line in enumerate(lines):
        match = _ITEM_STAMP.match(clean(line.text))
        if match:
            stamps.append((index, int(match.group(1))))
    return stamps
