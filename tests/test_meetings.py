"""Agendas, pack sections, minutes, decisions, plans: rules on small papers and on the real pack."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from golden import SAMPLES
from kentparse.extractors.agenda import AgendaItem
from kentparse.extractors.base import Context
from kentparse.extractors.decisions import DecisionExtractor
from kentparse.extractors.minutes import MinutesExtractor, split_names
from kentparse.extractors.plan import plan_priorities
from kentparse.extractors.sections import ReportSection
from kentparse.meetings import CoverSheet, cover_sheets, meeting_id, parse_date, parse_time, split_decision
from kentparse.model import Document, Line, Page
from kentparse.pipeline import parse_bytes, parse_document
from kentparse.records import Record
from kentparse.validate.meetings import check_agenda_pages, check_minute_numbering

PACK = SAMPLES / "cabinet_agenda_pack_2024-01-04.txt"


def paper(*texts: str) -> Document:
    lines = [Line(text, 1, number) for number, text in enumerate(texts, start=1)]
    return Document("paper.txt", "0" * 64, "text/plain", [Page(1)], lines)


def records(document: Document, table: str) -> list[Record]:
    result = MinutesExtractor().extract_text(document, Context(document.doc_id, document))
    result.extend(DecisionExtractor().extract_text(document, Context(document.doc_id, document)))
    return [record for record in result.records if record.table == table]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday, 4th January, 2024, at 10.00 am", dt.date(2024, 1, 4)),
        ("on Thursday, 30 November 2023.", dt.date(2023, 11, 30)),
        ("Minutes of the Meeting held on 9th January 2025", dt.date(2025, 1, 9)),
        ("Cabinet – 4th January 2024", dt.date(2024, 1, 4)),
        ("Pages 11 - 42", None),
    ],
)
def test_dates_written_in_words(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_times_and_meeting_ids() -> None:
    assert parse_time("Thursday, 4th January, 2024, at 10.00 am") == "10:00"
    assert parse_time("at 2 pm") == "14:00"
    assert meeting_id("County Council", dt.date(2025, 2, 13)) == "county-council-2025-02-13"


def test_decision_numbers_lead_a_title_or_sit_in_it() -> None:
    assert split_decision("23/00109 - Revenue and Capital Monitoring Report") == (
        "23/00109",
        "Revenue and Capital Monitoring Report",
    )
    assert split_decision("Record 23-00091 approved") == ("23/00091", "Record 23-00091 approved")
    assert split_decision("Corporate Risk Register") == (None, "Corporate Risk Register")


def test_names_split_on_commas_and_and_keeping_honours_and_notes() -> None:
    assert split_names("Mr R W Gough (Chairman), Mr R C Love, OBE, Mr D Murphy and Mr P J Oakford") == [
        ("Mr R W Gough", "Chairman"),
        ("Mr R C Love, OBE", None),
        ("Mr D Murphy", None),
        ("Mr P J Oakford", None),
    ]
    assert split_names("Mrs S Hammond (Corporate Director Children, Young People and Education)") == [
        ("Mrs S Hammond", "Corporate Director Children, Young People and Education")
    ]


MINUTES = paper(
    "MINUTES of a meeting of the Planning Committee held at Sessions House on Tuesday, 3 June 2025.",
    "PRESENT: Mr A Able (Chairman) and Mrs B Baker",
    "IN ATTENDANCE VIRTUALLY: Ms C Cole (Head of Planning)",
    "5. Apologies",
    "(Item 1)",
    "Apologies were received from Mr C Carter and Mrs D Dean.",
    "6. 25/00001 - A scheme with a long",
    "title that wraps",
    "(Item 2)",
    "1. Mr X introduced the report.",
    "2. RESOLVED that the Committee:",
    "a) note the report",
    "12",
    "b) agree the scheme",
    "3. Members thanked the officers.",
    "",
    "7. Any other business",
    "(Item 3)",
)


def test_a_numbered_line_is_a_minute_only_when_an_item_line_follows() -> None:
    minutes = [(m.minute_no, m.title, m.agenda_item, m.decision_no) for m in records(MINUTES, "minutes_items")]  # type: ignore[attr-defined]
    assert minutes == [
        (5, "Apologies", 1, None),
        (6, "A scheme with a long title that wraps", 2, "25/00001"),
        (7, "Any other business", 3, None),
    ]


def test_a_resolution_runs_to_the_blank_line_and_skips_page_numbers() -> None:
    found = records(MINUTES, "resolutions")
    assert [r.text for r in found] == [  # type: ignore[attr-defined]
        "RESOLVED that the Committee: a) note the report b) agree the scheme 3. Members thanked the officers."
    ]


def test_attendance_lists_and_apologies() -> None:
    people = [(a.role, a.name, a.note, a.minute_no) for a in records(MINUTES, "attendance")]  # type: ignore[attr-defined]
    assert people == [
        ("present", "Mr A Able", "Chairman", None),
        ("present", "Mrs B Baker", None, None),
        ("in_attendance_virtually", "Ms C Cole", "Head of Planning", None),
        ("apologies", "Mr C Carter", None, 5),
        ("apologies", "Mrs D Dean", None, 5),
    ]
    meeting = records(MINUTES, "meetings")[0]
    assert (meeting.meeting_id, meeting.venue) == ("planning-committee-2025-06-03", "Sessions House")  # type: ignore[attr-defined]


def test_a_record_of_decision_mentioned_in_prose_is_not_a_form() -> None:
    document = paper(
        "As set out in the Proposed Record of Decision (Appendix A), Cabinet is asked to",
        "- A: Proposed Record of Decision",
        "Decision: 23/00091",
    )
    assert records(document, "decisions") == []


def test_decision_parts_run_a_b_c_and_other_lines_continue_them() -> None:
    document = paper(
        "PROPOSED RECORD OF DECISION",
        "DECISION TO BE TAKEN BY: Cabinet Member for Education DECISION NO: 25/00002",
        "For publication",
        "Key decision: NO",
        "Title of Decision: Expand a school",
        "Decision: The Cabinet Member agrees to:",
        "(a) expand the school",
        "by one form of entry; and",
        "c) this is not part b",
        "(b) delegate authority",
        "Reason(s) for decision:",
        "a) not a part",
    )
    decision = records(document, "decisions")[0]
    assert decision.model_dump(exclude={"doc_id"}) == {
        "decision_no": "25/00002",
        "title": "Expand a school",
        "decision_maker": "Cabinet Member for Education",
        "key_decision": False,
        "lead_in": "The Cabinet Member agrees to:",
        "status": "proposed",
        "page": 1,
        "line": 1,
    }
    parts = [(p.part, p.text) for p in records(document, "decision_parts")]  # type: ignore[attr-defined]
    assert parts == [
        ("a", "expand the school by one form of entry; and c) this is not part b"),
        ("b", "delegate authority"),
    ]


def test_plan_blocks_end_where_no_bullets_follow() -> None:
    document = paper(
        "Priority actions to help address the housing challenge",
        "Build more homes",
        "- Deliver the first scheme",
        "  across two sites.",
        "Lost its bullet but is still an action",
        "Keep homes warm",
        "- Insulate",
        "Why it matters",
        "Prose follows here.",
        "- a bullet of another list",
    )
    rows = [(p.challenge, p.priority_no, p.priority, p.action_no, p.action) for p in plan_priorities(document)]
    assert rows == [
        ("Housing", 1, "Build more homes", 1, "Deliver the first scheme across two sites."),
        ("Housing", 1, "Build more homes", 2, "Lost its bullet but is still an action"),
        ("Housing", 2, "Keep homes warm", 1, "Insulate"),
    ]


def pack_sections() -> list[ReportSection]:
    result = parse_bytes(str(PACK), PACK.read_bytes())
    return [r for r in result.extracted.records if isinstance(r, ReportSection)]


def test_the_pack_sections_cover_every_line_once() -> None:
    sections = pack_sections()
    n_lines = len(PACK.read_text(encoding="utf-8").splitlines())
    assert sections[0].first_line == 1
    assert sections[-1].last_line == n_lines
    for before, after in itertools.pairwise(sections):
        assert after.first_line == (before.last_line or 0) + 1


def test_the_pack_splits_into_agenda_minutes_and_the_reports_of_items_5_6_8_9() -> None:
    assert [(s.kind, s.agenda_item, s.title) for s in pack_sections()] == [
        ("agenda", None, "Agenda"),
        ("minutes", 3, "Minutes of the meeting held on 2023-11-30"),
        ("report", 5, "Revenue and Capital Budget Monitoring Report – October 2023-24"),
        ("report", 6, "Quarterly Performance Report, Quarter 2, 2023/24"),
        ("report", 8, "Corporate Risk Register"),
        ("report", 9, "Kent and Medway Integrated Care Strategy"),
    ]


def test_the_action_plans_give_no_meeting_records() -> None:
    path = SAMPLES / "recovery_action_plans_appendix_b.txt"
    result = parse_bytes(str(path), path.read_bytes())
    assert result.kinds == ["action_plan"]
    mine = {"meetings", "agenda_items", "report_sections", "minutes_items", "decisions", "plan_priorities", "claims"}
    assert not [r for r in result.extracted.records if r.table in mine]


def test_strategic_plan_has_five_challenges() -> None:
    path = SAMPLES / "interim_strategic_plan_setting_the_course.txt"
    rows = plan_priorities(parse_bytes(str(path), path.read_bytes()).document)
    challenges = list(dict.fromkeys(row.challenge for row in rows))
    assert challenges == ["Financial", "Economic", "Demand", "Partnership", "Environmental"]


def _item(number: int, first: int | None, last: int | None) -> AgendaItem:
    return AgendaItem(
        doc_id="d",
        meeting_id="m",
        item_no=number,
        title="t",
        decision_no=None,
        first_page=first,
        last_page=last,
        exempt=False,
        page=1,
        line=number,
    )


def test_agenda_page_ranges_must_follow_on() -> None:
    items = [_item(1, None, None), _item(2, 1, 10), _item(3, 11, 40), _item(4, 45, 50)]
    assert [(f.message, f.expected, f.actual) for f in check_agenda_pages(items)] == [
        ("agenda item 4 starts on page 45, but item 3 ends on page 40", "41", "45")
    ]


def test_minutes_numbered_consecutively_in_agenda_order() -> None:
    found = records(MINUTES, "minutes_items")
    skipped = [found[0], found[2]]
    assert [f.message for f in check_minute_numbering(skipped)] == ["minute numbers jump from 5 to 7"]
    assert check_minute_numbering(found) == []


def test_roles_after_commas_are_notes_of_the_name_before() -> None:
    text = (
        "Matthew Wagner, Chief Analyst (Strategy, Policy), David Whittle, Director of Strategy, Policy, "
        "Relationships & Corporate Assurance and Ben Watts, General Counsel"
    )
    assert split_names(text) == [
        ("Matthew Wagner", "Chief Analyst (Strategy, Policy)"),
        ("David Whittle", "Director of Strategy, Policy, Relationships & Corporate Assurance"),
        ("Ben Watts", "General Counsel"),
    ]


def test_a_note_closes_its_name_even_without_a_comma() -> None:
    assert split_names("Carolann James (Director of Services) Hema Birdi (Assistant Director) and Wendy Jeffreys") == [
        ("Carolann James", "Director of Services"),
        ("Hema Birdi", "Assistant Director"),
        ("Wendy Jeffreys", None),
    ]


def test_who_was_present_in_the_apologies_minute_and_in_attendance_for_an_item() -> None:
    document = paper(
        "MINUTES of a meeting of the Cabinet held in the Council Chamber on Thursday, 30 November 2023.",
        "13. Apologies",
        "(Item 1)",
        "Apologies were received from Mr Watkins. Mr Kennedy was present and Mr Hills was in attendance virtually.",
        "14. Budget",
        "(Item 2)",
        "John Betts (Interim Corporate Director Finance) and Joe McKay(Acting Chief",
        "Analyst) were in attendance for this item",
        "1. Mr Oakford introduced the report.",
    )
    people = [(a.minute_no, a.role, a.name, a.note) for a in records(document, "attendance")]  # type: ignore[attr-defined]
    assert people == [
        (13, "apologies", "Mr Watkins", None),
        (13, "present", "Mr Kennedy", None),
        (13, "in_attendance_virtually", "Mr Hills", None),
        (14, "in_attendance", "John Betts", "Interim Corporate Director Finance"),
        (14, "in_attendance", "Joe McKay", "Acting Chief Analyst"),
    ]


def test_a_printed_pdf_pack_splits_by_the_page_ranges_of_its_items() -> None:
    pages = [
        ["AGENDA", "CABINET", "Thursday, 4th January, 2024, at 10.00 am", "Council Chamber"],
        ["1. Apologies", "2. Minutes of the Meeting held on 1 December 2023 (Pages 1 - 2)"],
        ["3. Budget Report (Pages 3 - 4)", "Benjamin Watts"],
        ["KENT COUNTY COUNCIL", "minutes text", "Page 1"],
        ["4. Contact details", "Page 2"],
        ["budget text", "Page 3"],
        ["more budget text", "Page 4"],
    ]
    lines = [Line(text, number, None) for number, texts in enumerate(pages, start=1) for text in texts]
    document = Document("pack.pdf", "1" * 64, "application/pdf", [Page(n) for n in range(1, 8)], lines)
    result = parse_document(document)
    items = [(r.item_no, r.first_page, r.last_page) for r in result.extracted.records if isinstance(r, AgendaItem)]
    assert items == [(1, None, None), (2, 1, 2), (3, 3, 4)]
    sections = [r for r in result.extracted.records if isinstance(r, ReportSection)]
    assert [(s.kind, s.agenda_item, s.first_page, s.last_page) for s in sections] == [
        ("agenda", None, 1, 3),
        ("minutes", 2, 4, 5),
        ("report", 3, 6, 7),
    ]


def test_cover_sheet_fields_wrap_to_the_next_label() -> None:
    document = paper(
        "From: Sue Chandler, Cabinet Member for Integrated",
        "Children's Services",
        "To: Cabinet - 30 January 2025",
        "Subject: Transfer the 18-25 section of the Strengthening",
        "Independence Service",
        "Decision no: 24/00109",
        "Classification: Unrestricted",
        "Past Pathway : Adult Social Care Cabinet Committee",
    )
    assert cover_sheets(document.lines) == [
        CoverSheet(
            0,
            "Sue Chandler, Cabinet Member for Integrated Children's Services",
            "Cabinet - 30 January 2025",
            "Transfer the 18-25 section of the Strengthening Independence Service",
            "Unrestricted",
            "24/00109",
        )
    ]
