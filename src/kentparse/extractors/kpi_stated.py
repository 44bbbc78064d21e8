"""Counts a QPR states in words: "15 of the 38 indicators are rated as Green".

Read from the report's opening text only: from each line that opens a QPR ("Subject:
Quarterly Performance Report ...", "Quarterly Performance Report") to the first table after
it that is a KPI count or RAG table, so the per-area paragraphs ("all four of the Highways
KPIs are RAG rated Amber") are not taken for report totals. Each sentence is read on its own
(across the lines it wraps over), with parentheses that compare with last quarter ("(one
fewer than last Quarter)") removed; a count is the number nearest before a category word
(Green, Amber, Red, improving/positive, stable/no clear trend, worsening/negative); "of the
38 indicators" and "includes 38 KPIs" state the total.
"""

from __future__ import annotations

import re

from kentparse.cleaning import without_footnote_marks
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.kpi_common import KpiStatedCount, Measure, report_heading_indexes, report_period
from kentparse.extractors.kpi_rag import SIGNATURE as RAG_SIGNATURE
from kentparse.extractors.kpi_summary import SIGNATURE as SUMMARY_SIGNATURE
from kentparse.extractors.registry import register_text
from kentparse.model import Document
from kentparse.records import Coverage

_WORDS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    *("nineteen", "twenty"),
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORD = rf"(?:twenty|thirty|forty|fifty|sixty)(?:[- ](?:{_UNITS}))?|" + "|".join(_WORDS)
_COUNT = rf"(?<![\d.])(?:\d{{1,3}}(?![\d.%]|\.\d)|\b(?:{_NUMBER_WORD})\b)"
_COMPARISON = re.compile(r"\([^()]*\b(?:more|fewer|less|same|than|previous|last)\b[^()]*\)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_LIST_NUMBER = re.compile(r"^\s*[-•]?\s*\d+(?:\.\d+)+\.?\s*")
_TOTAL = re.compile(
    rf"(?:\bof\s+the\s+|\bincludes\s+|\bcontains\s+)(?P<count>{_COUNT})\s+(?:key\s+performance\s+indicators|kpis|indicators)",
    re.I,
)
_CATEGORIES: tuple[tuple[Measure, str], ...] = (
    ("green", r"\bgreen\b"),
    ("amber", r"\bamber\b"),
    ("red", r"\bred\b"),
    ("improving", r"\bimproving\b|\bpositive\s+trend\b"),
    ("stable", r"\bstable\b|\bno\s+clear\s+trend\b"),
    ("worsening", r"\bworsening\b|\bnegative\s+trend\b|\bdeclining\b"),
)
_CATEGORY = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _CATEGORIES), re.I)
_COUNT_TOKEN = re.compile(_COUNT, re.I)


def number_value(token: str) -> int:
    lowered = token.lower().replace("-", " ")
    if lowered.isdigit():
        return int(lowered)
    parts = lowered.split()
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_WORDS.index(parts[1]) if len(parts) > 1 else 0)
    return _WORDS.index(parts[0])


def stated_counts(sentence: str) -> list[tuple[Measure, int]]:
    """(measure, count) pairs stated in one sentence."""
    text = _COMPARISON.sub(" ", _LIST_NUMBER.sub("", without_footnote_marks(sentence)))
    found: list[tuple[Measure, int]] = [("total", number_value(m.group("count"))) for m in _TOTAL.finditer(text)]
    totals = {m.start("count") for m in _TOTAL.finditer(text)}
    counts = [m for m in _COUNT_TOKEN.finditer(text) if m.start() not in totals]
    for index, count in enumerate(counts):
        end = counts[index + 1].start() if index + 1 < len(counts) else len(text)
        category = _CATEGORY.search(text, count.end(), end)
        if category and category.lastgroup:
            found.append((category.lastgroup, number_value(count.group())))  # type: ignore[arg-type]
    return found


def _opening_indexes(document: Document) -> list[int]:
    """Indexes of the lines from each QPR opening to the first KPI count or RAG table after it."""
    starts = sorted(
        table.start_index
        for table in document.tables
        if SUMMARY_SIGNATURE.match(table) is not None or RAG_SIGNATURE.match(table) is not None
    )
    indexes: set[int] = set()
    for heading in report_heading_indexes(document):
        end = next((start for start in starts if start > heading), len(document.lines))
        indexes.update(range(heading, end))
    return sorted(indexes)


def _runs(document: Document, indexes: list[int]) -> list[list[int]]:
    """Runs of consecutive non-blank lines of one page: paragraphs (a PDF gives visual lines)."""
    runs: list[list[int]] = []
    for index in indexes:
        if not document.lines[index].text.strip():
            continue
        previous = runs[-1][-1] if runs else None
        if previous == index - 1 and document.lines[previous].page == document.lines[index].page:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _sentences(document: Document, indexes: list[int]) -> list[tuple[str, int]]:
    """Each sentence of the opening text, read across wrapped lines, with the line it starts on."""
    found: list[tuple[str, int]] = []
    for run in _runs(document, indexes):
        starts, parts, position = [], [], 0
        for index in run:
            part = document.lines[index].text.strip()
            starts.append((position, index))
            parts.append(part)
            position += len(part) + 1
        text, offset = " ".join(parts), 0
        for sentence in _SENTENCE_END.split(text):
            begin = text.index(sentence, offset)
            offset = begin + len(sentence)
            found.append((sentence.strip(), max(index for at, index in starts if at <= begin)))
    return found


class KpiStatedExtractor:
    kind = "kpi_stated_counts"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        sentences = _sentences(document, _opening_indexes(document))
        for sentence, index in sentences:
            line = document.lines[index]
            for measure, count in stated_counts(sentence):
                result.records.append(
                    KpiStatedCount(
                        doc_id=context.doc_id,
                        period=report_period(document, index),
                        measure=measure,
                        count=count,
                        text=sentence,
                        page=line.page,
                        line=line.line,
                    )
                )
        if result.records:
            first_line = document.lines[sentences[0][1]] if sentences else None
            result.coverage.append(
                Coverage(
                    doc_id=context.doc_id,
                    table_no=-1,
                    kind=self.kind,
                    title="stated KPI counts",
                    page=first_line.page if first_line else 1,
                    rows_seen=len(result.records),
                    header_rows=0,
                    structural_rows=0,
                    records=len(result.records),
                    rejects=0,
                )
            )
        return result


register_text(KpiStatedExtractor())
