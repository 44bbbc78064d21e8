"""Headline money figures stated in the text of a budget monitoring report ("an overspend of
£35.6m", "savings totalling £65.3m"), kept so checks can compare them with the tables."""

from __future__ import annotations

import re
from decimal import Decimal

from kentparse.budget.common import report_period
from kentparse.budget.directorates import canonical_directorate
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.model import Document, Line
from kentparse.numbers import parse_number, to_millions
from kentparse.records import Coverage, Record

_MONEY = r"[+\-]?£\s?(?P<amount>\d[\d,]*(?:\.\d+)?)\s?(?P<unit>m|bn|k)\b"
#: (measure, pattern): the measure a sentence's figure states
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("general_fund_variance", re.compile(rf"(?<!real )\boverspend of {_MONEY}(?! overspend)", re.I)),
    ("general_fund_variance", re.compile(rf"\bprojected {_MONEY} overspend", re.I)),
    ("management_action", re.compile(rf"\bmanagement action (?:of|totalling) {_MONEY}", re.I)),
    ("management_action", re.compile(rf"{_MONEY} of planned management action", re.I)),
    ("savings_target", re.compile(rf"\bsavings (?:and increased income )?totalling {_MONEY}", re.I)),
    ("savings_target", re.compile(rf"\bdelivery of {_MONEY} savings", re.I)),
    ("savings_forecast", re.compile(rf"{_MONEY} savings to be delivered", re.I)),
    ("capital_real_variance", re.compile(rf"\breal (?:overspend|underspend|variance) of {_MONEY}", re.I)),
    ("capital_rephasing_variance", re.compile(rf"\brephasing variance of {_MONEY}", re.I)),
)
_SCHOOLS = re.compile(r"school|DSG|dedicated schools", re.I)
#: a capital figure counts only where its line speaks of the capital programme or position (a
#: project's "real variance of £0.2m" in a capital project table does not)
_CAPITAL = re.compile(r"\bcapital (?:programme|position)\b", re.I)
#: a figure stated for one directorate, not the council as a whole
_DIRECTORATE = re.compile(r"\bdirectorate\b", re.I)
_CONTEXT_CHARS = 80


class HeadlineFigure(Record):
    table = "headline_figures"
    period: str | None
    measure: str
    #: for a directorate's variance ("+£31.3m (5.9%) in ASCH"), the canonical directorate
    directorate: str | None = None
    #: signed when the sign is printed ("+£31.3m", "-£6.0m"), else the magnitude
    amount: Decimal
    signed: bool = False
    #: the sentence fragment the figure was read from
    text: str
    page: int
    line: int | None


class BudgetHeadlineExtractor:
    kind = "budget_headline"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        if not _is_budget_report(document):
            return result
        for index, line in enumerate(document.lines):
            result.records.extend(_figures(line, index, document, context))
        if not result.records:
            return result
        result.coverage.append(
            Coverage(
                doc_id=context.doc_id,
                table_no=-1,
                kind=self.kind,
                title=None,
                page=1,
                rows_seen=len(result.records),
                header_rows=0,
                structural_rows=0,
                records=len(result.records),
                rejects=0,
            )
        )
        return result


_SIGNED_MONEY = re.compile(r"(?P<sign>[+\-−–])£\s?(?P<amount>\d[\d,]*(?:\.\d+)?)\s?m\b")
_AFTER_IN = re.compile(r"^\s*(?:\([^)]*%\)\s*)?in\s+(?P<words>[^.,;()]+)")
_NAME_WORDS = 7
#: "<name> is forecasting an underspend of", "<name> is projected to underspend by"
_STATED_VARIANCE = re.compile(
    r"\s+is (?:forecasting an? \w+ of|(?:projected|forecast(?:ing)?) to (?:under|over)spend by)$", re.I
)
#: "The Adult Social Care & Health directorate has ...": the directorate a sentence is about
_DIRECTORATE_NAMED = re.compile(r"(?:^|\bthe\s+)(?P<name>[^.;:()]+?)\s+directorate\b", re.I)
_JOINING = frozenset({"including", "incl", "incl.", "plus"})


def directorate_figures(line: Line, line_before: str = "") -> list[tuple[str, Decimal, str]]:
    """Signed variances stated for a directorate: "Adult Social Care & Health (+£35.4m)",
    "+£31.3m (5.9%) in ASCH", "DCED is forecasting an underspend of -£6.0m".

    `line_before` is the text of the line above, for a name that wraps onto this line
    ("... Chief Executive's" / "Department (-£1.2m)"); only figures on this line are returned.
    """
    text = f"{line_before} {line.text}" if line_before else line.text
    offset = len(text) - len(line.text)
    found: list[tuple[str, Decimal, str]] = []
    for match in _SIGNED_MONEY.finditer(text, offset):
        name = _name_before(text[: match.start()]) or _name_after(text[match.end() :])
        value = parse_number(match.group("amount")).value
        if name and value is not None:
            sign = -1 if match.group("sign") != "+" else 1
            found.append((name, sign * value, text[max(offset, match.start() - 60) : match.end() + 15].strip()))
    return found


def _name_before(text: str) -> str | None:
    """The directorate named just before "(+£35.4m)" or before "is forecasting ... of"."""
    stripped = re.sub(r"\s*\($", "", text.rstrip())
    stripped = _STATED_VARIANCE.sub("", stripped)
    if stripped == text.rstrip():
        return None
    words = stripped.split()
    for size in range(min(_NAME_WORDS, len(words)), 0, -1):
        if found := canonical_directorate(" ".join(words[-size:])):
            # "NAC including Corporately Held Budgets": a figure for more than one directorate
            joined = size < len(words) and words[-size - 1].lower() in _JOINING
            return None if joined else found
    return None


def _name_after(text: str) -> str | None:
    match = _AFTER_IN.match(text)
    if not match:
        return None
    words = match.group("words").split()
    for size in range(min(_NAME_WORDS, len(words)), 0, -1):
        if found := canonical_directorate(" ".join(words[:size])):
            return found
    return None


def _named_directorate(before: str) -> str | None:
    """The directorate a sentence names as its subject ("The ASCH directorate has an overspend of")."""
    match = _DIRECTORATE_NAMED.search(before)
    if match is None:
        return None
    words = match.group("name").split()
    for size in range(min(_NAME_WORDS, len(words)), 0, -1):
        if found := canonical_directorate(" ".join(words[-size:])):
            return found
    return None


def _measure(measure: str, before: str) -> str:
    if measure != "general_fund_variance":
        return measure
    if _SCHOOLS.search(before):
        return "schools_variance"
    return "directorate_variance" if _DIRECTORATE.search(before) else measure


def _is_budget_report(document: Document) -> bool:
    return any(re.search(r"budget monitoring|finance monitoring", line.text, re.I) for line in document.lines)


def _figures(line: Line, index: int, document: Document, context: Context) -> list[HeadlineFigure]:
    found: list[HeadlineFigure] = []
    for measure, pattern in PATTERNS:
        if measure.startswith("capital_") and not _CAPITAL.search(line.text):
            continue
        for match in pattern.finditer(line.text):
            before = line.text[max(0, match.start() - _CONTEXT_CHARS) : match.start()]
            name = _measure(measure, before)
            number = parse_number(match.group("amount")).value
            if number is None:
                continue
            found.append(
                HeadlineFigure(
                    doc_id=context.doc_id,
                    period=report_period(document, index + 1),
                    measure=name,
                    directorate=_named_directorate(before) if name == "directorate_variance" else None,
                    amount=to_millions(number, "£" + match.group("unit").lower()),
                    text=line.text[max(0, match.start() - 40) : match.end() + 20].strip(),
                    page=line.page,
                    line=line.line,
                )
            )
    line_before = document.lines[index - 1].text if index and document.lines[index - 1].page == line.page else ""
    for directorate, value, text in directorate_figures(line, line_before):
        found.append(
            HeadlineFigure(
                doc_id=context.doc_id,
                period=report_period(document, index + 1),
                measure="directorate_variance",
                directorate=directorate,
                amount=value,
                signed=True,
                text=text,
                page=line.page,
                line=line.line,
            )
        )
    return found


register_text(BudgetHeadlineExtractor())
