"""Checks on agendas and minutes within one document.

- The page ranges of an agenda's items follow on: each item starts on the page after the
  last page of the item before it (items without pages are passed over).
- Minutes are numbered consecutively, and the agenda items they take run in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from kentparse.extractors.agenda import AgendaItem
from kentparse.extractors.minutes import MinutesItem
from kentparse.records import Finding, Record


def check_agenda_pages(records: Sequence[Record]) -> list[Finding]:
    by_meeting: dict[str, list[AgendaItem]] = defaultdict(list)
    for record in records:
        if isinstance(record, AgendaItem) and record.first_page is not None:
            by_meeting[record.meeting_id].append(record)
    findings = []
    for items in by_meeting.values():
        for before, item in pairwise(items):
            expected = (before.last_page or 0) + 1
            if item.first_page != expected:
                message = (
                    f"agenda item {item.item_no} starts on page {item.first_page}, "
                    f"but item {before.item_no} ends on page {before.last_page}"
                )
                findings.append(_finding(item, "agenda_page_ranges", message, str(expected), str(item.first_page)))
    return findings


def check_minute_numbering(records: Sequence[Record]) -> list[Finding]:
    by_meeting: dict[str, list[MinutesItem]] = defaultdict(list)
    for record in records:
        if isinstance(record, MinutesItem):
            by_meeting[record.meeting_id].append(record)
    findings = []
    for minutes in by_meeting.values():
        for before, minute in pairwise(minutes):
            if minute.minute_no != before.minute_no + 1:
                message = f"minute numbers jump from {before.minute_no} to {minute.minute_no}"
                findings.append(
                    _finding(minute, "minute_numbering", message, str(before.minute_no + 1), str(minute.minute_no))
                )
            if before.agenda_item is not None and (minute.agenda_item or 0) <= before.agenda_item:
                message = f"minute {minute.minute_no} takes item {minute.agenda_item} after item {before.agenda_item}"
                findings.append(_finding(minute, "minute_item_order", message, None, str(minute.agenda_item)))
    return findings


def _finding(
    record: AgendaItem | MinutesItem, check: str, message: str, expected: str | None, actual: str | None
) -> Finding:
    return Finding(
        doc_id=record.doc_id,
        check=check,
        severity="warning",
        message=message,
        expected=expected,
        actual=actual,
        page=record.page,
        line=record.line,
    )


CHECKS = (check_agenda_pages, check_minute_numbering)
