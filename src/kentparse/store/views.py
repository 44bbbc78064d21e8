"""DuckDB views derived from the record models: records to their sections, minutes to agenda and decisions.

`record_sections` ties every record of every table that has a `page` field to the section of
its document it falls in (`report_sections`): by line range where the section has lines (text
sources: a record without a line then has no section), else by page range (PDF). A record outside every section,
or in a document with no sections, appears once with NULL section columns. Records are
identified by their table name and DuckDB `rowid`:

    SELECT k.*, s.agenda_item FROM kpis k
    JOIN record_sections s ON s.record_table = 'kpis' AND s.record_rowid = k.rowid

`section_items` gives each section its agenda item: the one found in its own document (a pack),
else, for a stand-alone report addressed to a meeting ("To: Cabinet, 30 January 2025"), the
item of that meeting with the decision number its cover sheet gives, else the item whose title
its subject matches (`item_source` says which).

`minute_links` ties each minute to the agenda item of its meeting it takes, the decision number
(the minute's own, else the agenda item's), the record of decision with that number, and the
text it RESOLVED, across documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from kentparse.records import Record

SECTIONS_TABLE = "report_sections"


def _record_rows(models: Sequence[type[Record]]) -> list[str]:
    selects = []
    for model in models:
        fields = model.model_fields
        if "page" not in fields or model.table == SECTIONS_TABLE:
            continue
        line = "line" if "line" in fields else "CAST(NULL AS BIGINT)"
        selects.append(
            f"SELECT '{model.table}' AS record_table, rowid AS record_rowid, doc_id, "
            f"CAST(page AS BIGINT) AS page, CAST({line} AS BIGINT) AS line FROM {model.table}"
        )
    return selects


def record_sections_view(models: Sequence[type[Record]]) -> str | None:
    selects = _record_rows(models)
    if not selects or not {SECTIONS_TABLE, "agenda_items"} <= {model.table for model in models}:
        return None
    union = "\n    UNION ALL ".join(selects)
    return f"""CREATE OR REPLACE VIEW record_sections AS
WITH records AS (
    {union}
)
SELECT r.record_table, r.record_rowid, r.doc_id, r.page, r.line,
       s.section_no, s.kind AS section_kind, s.title AS section_title,
       s.meeting_id, s.item_no AS agenda_item, s.agenda_title, s.item_source
FROM records r
LEFT JOIN section_items s ON s.doc_id = r.doc_id AND (
    (r.line IS NOT NULL AND s.first_line IS NOT NULL AND r.line BETWEEN s.first_line AND s.last_line)
    OR (s.first_line IS NULL AND r.page BETWEEN s.first_page AND s.last_page))"""


#: how alike (DuckDB jaro_winkler_similarity, 0-1) a stand-alone report's subject and an agenda
#: item title of the meeting it is addressed to must be for the report to be taken as that item
MIN_TITLE_SIMILARITY = 0.85

SECTION_ITEMS = f"""CREATE OR REPLACE VIEW section_items AS
WITH titles AS (
    SELECT meeting_id, item_no, any_value(title) AS agenda_title FROM agenda_items GROUP BY ALL
), matched AS (
    SELECT s.doc_id, s.section_no,
           arg_max(t.item_no, jaro_winkler_similarity(lower(s.title), lower(t.agenda_title))) AS item_no,
           max(jaro_winkler_similarity(lower(s.title), lower(t.agenda_title))) AS score
    FROM {SECTIONS_TABLE} s JOIN titles t ON t.meeting_id = s.meeting_id
    WHERE s.agenda_item IS NULL AND s.kind = 'report'
    GROUP BY s.doc_id, s.section_no
), numbered AS (
    SELECT meeting_id, decision_no, min(item_no) AS item_no FROM agenda_items
    WHERE decision_no IS NOT NULL GROUP BY ALL
), resolved AS (
    SELECT s.*,
           coalesce(s.agenda_item, n.item_no, CASE WHEN m.score >= {MIN_TITLE_SIMILARITY} THEN m.item_no END)
               AS item_no,
           CASE WHEN s.agenda_item IS NOT NULL THEN 'in document'
                WHEN n.item_no IS NOT NULL THEN 'by decision number'
                WHEN m.score >= {MIN_TITLE_SIMILARITY} THEN 'by title' END AS item_source
    FROM {SECTIONS_TABLE} s
    LEFT JOIN numbered n ON n.meeting_id = s.meeting_id AND n.decision_no = s.decision_no
    LEFT JOIN matched m ON m.doc_id = s.doc_id AND m.section_no = s.section_no
)
SELECT r.*, t.agenda_title
FROM resolved r LEFT JOIN titles t ON t.meeting_id = r.meeting_id AND t.item_no = r.item_no"""


MINUTE_LINKS = """CREATE OR REPLACE VIEW minute_links AS
WITH items AS (
    SELECT meeting_id, item_no, any_value(title) AS agenda_title, any_value(decision_no) AS decision_no,
           string_agg(DISTINCT doc_id, ',') AS agenda_doc_ids
    FROM agenda_items GROUP BY ALL
), taken AS (
    SELECT decision_no, any_value(title) AS decision_title, string_agg(DISTINCT doc_id, ',') AS decision_doc_ids
    FROM decisions GROUP BY ALL
), resolved AS (
    SELECT doc_id, meeting_id, minute_no, string_agg(text, ' | ' ORDER BY page, line) AS resolved
    FROM resolutions GROUP BY ALL
)
SELECT m.doc_id, m.meeting_id, m.minute_no, m.title AS minute_title, m.agenda_item,
       i.agenda_title, i.agenda_doc_ids, coalesce(m.decision_no, i.decision_no) AS decision_no,
       t.decision_title, t.decision_doc_ids, r.resolved
FROM minutes_items m
LEFT JOIN items i ON i.meeting_id = m.meeting_id AND i.item_no = m.agenda_item
LEFT JOIN taken t ON t.decision_no = coalesce(m.decision_no, i.decision_no)
LEFT JOIN resolved r ON r.doc_id = m.doc_id AND r.meeting_id = m.meeting_id AND r.minute_no = m.minute_no"""


def link_views(models: Sequence[type[Record]]) -> list[str]:
    """Every view whose tables the record models define."""
    tables = {model.table for model in models}
    views = []
    if (view := record_sections_view(models)) is not None:
        views.extend([SECTION_ITEMS, view])
    if {"minutes_items", "agenda_items", "decisions", "resolutions"} <= tables:
        views.append(MINUTE_LINKS)
    return views
