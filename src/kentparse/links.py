"""Meetings across documents, checked over the database after loading.

- A record of decision belongs to the meeting whose agenda lists an item with its decision
  number: a `document_meetings` row with role "decision".
- The agenda item, the minute and the record of decision that share a decision number (or a
  meeting and item number) should name the same period: where their titles name different
  months ("November 2024-25" on the agenda, "September 2024-2025" on the record of decision)
  that is a finding on the later document.
"""

from __future__ import annotations

import re

import duckdb

from kentparse.extractors.agenda import DocumentMeeting
from kentparse.meetings import MONTHS
from kentparse.records import Finding, Record
from kentparse.store.loader import insert_records

CHECK = "title_period_across_documents"
_MONTH_WORD = re.compile(r"[A-Za-z]+")

_DECISION_MEETINGS = """
SELECT DISTINCT d.doc_id, a.meeting_id, d.page, d.line
FROM decisions d JOIN agenda_items a ON a.decision_no = d.decision_no
"""
#: pairs of titles that should name the same period: (doc_id, page, line, what, title, other, other title)
_TITLE_PAIRS = """
SELECT d.doc_id, d.page, d.line, 'record of decision ' || d.decision_no, d.title,
       'agenda item ' || a.item_no || ' of ' || a.meeting_id, a.title
FROM decisions d JOIN agenda_items a ON a.decision_no = d.decision_no
UNION ALL
SELECT m.doc_id, m.page, m.line, 'minute ' || m.minute_no || ' of ' || m.meeting_id, m.title,
       'agenda item ' || a.item_no || ' of ' || a.meeting_id, a.title
FROM minutes_items m JOIN agenda_items a ON a.meeting_id = m.meeting_id AND a.item_no = m.agenda_item
ORDER BY ALL
"""


def months(title: str | None) -> list[str]:
    """The month names a title gives, in order, capitalised."""
    words = _MONTH_WORD.findall(title or "")
    return [word.capitalize() for word in words if word.lower() in MONTHS]


def check_meetings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    con.execute("DELETE FROM document_meetings WHERE role = 'decision'").fetchall()
    con.execute('DELETE FROM findings WHERE "check" = ?', [CHECK]).fetchall()
    links = [
        DocumentMeeting(doc_id=doc_id, meeting_id=meeting, role="decision", page=page, line=line)
        for doc_id, meeting, page, line in con.execute(_DECISION_MEETINGS).fetchall()
    ]
    findings = [
        finding for row in con.execute(_TITLE_PAIRS).fetchall() if (finding := _period_finding(*row)) is not None
    ]
    records: list[Record] = [*links, *findings]
    insert_records(con, records)
    return findings


def _period_finding(
    doc_id: str, page: int, line: int | None, what: str, title: str | None, other: str, other_title: str | None
) -> Finding | None:
    said, expected = months(title), months(other_title)
    if not said or not expected or said == expected:
        return None
    return Finding(
        doc_id=doc_id,
        check=CHECK,
        severity="warning",
        message=f"{what} is titled {title!r} but {other} is {other_title!r}: they name different months",
        expected=", ".join(expected),
        actual=", ".join(said),
        page=page,
        line=line,
    )
