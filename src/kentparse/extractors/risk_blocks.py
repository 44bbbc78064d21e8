"""Detailed risk blocks of a corporate risk register ("Risk ID | CRR0001 | Risk Title | …").

A block is a multi-column layout flattened into lines: a head (cause, event, consequence,
owner, likelihood, impact, timescale) whose columns interleave line by line, then a control
table (Control Title | Control Owner) and an action table (Action Title | Action Owner |
Planned Completion Date). Each head column is read top to bottom; its role comes from the
label it opens with ("Risk Event", "Current Likelihood", "Timescale to Target"), whether the
label stands in a header row or inside the cell. Within the likelihood (impact) column the
first labelled value ("Possible (3)") is the current one and the one after "Target Residual"
the target.

Page breaks show as blank lines (or page furniture). Head text after one is joined to the
column it continues (`risk_continuation`); rows of the control and action tables cut by a
break are joined as `risk_block_tables` describes. What fits no column becomes a reject.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kentparse.cleaning import one_line, or_none
from kentparse.extractors.base import Context, ExtractResult
from kentparse.extractors.registry import register_text
from kentparse.extractors.risk_block_tables import (
    KIND,
    RISK_ID_CELL,
    Page,
    Pending,
    Table,
    Tally,
    read_table,
    reject,
    table_owners,
)
from kentparse.extractors.risk_continuation import NAME_ROLES, TEXT_ROLES, Column, place_cells, place_prose
from kentparse.extractors.risk_lines import cells_by_line, page_furniture
from kentparse.extractors.risk_scale_reader import printed_bands, read_scales
from kentparse.extractors.risk_summary import id_finding
from kentparse.model import Document, Line
from kentparse.records import Coverage
from kentparse.risk_records import Level, Risk, RiskAction, RiskControl
from kentparse.risk_scales import ScaleValue, band_of, parse_risk_id, scale_values

_RISK_TITLE_CELL = re.compile(r"^\s*risk\s+title\b\s*:?\s*", re.I)
_CONTROL_HEADER = re.compile(r"^\s*control\s+(title|description)\b", re.I)
_ACTION_HEADER = re.compile(r"^\s*action\s+title\b", re.I)
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cause", re.compile(r"^\s*source\s*/?\s*cause(\s+of\s+risk)?\s*:?\s*|^\s*cause\s*:?\s*", re.I)),
    ("event", re.compile(r"^\s*risk\s+event\s*:?\s*", re.I)),
    ("consequence", re.compile(r"^\s*consequences?\s*:?\s*", re.I)),
    ("owner", re.compile(r"^\s*risk\s+owner\s*(\(\s*s\s*\)|s\b)?\s*:?\s*", re.I)),
    ("likelihood", re.compile(r"^\s*(current|target\s+residual)\s+likelihood\b", re.I)),
    ("impact", re.compile(r"^\s*(current|target\s+residual)\s+impact\b", re.I)),
    ("timescale", re.compile(r"^\s*timescale\s+to\s+target\b", re.I)),
)
_TARGET_MARKER = re.compile(r"target\s+residual\s+(likelihood|impact)", re.I)
_TIMESCALE = re.compile(r"timescale\s+to\s+target\s*:?\s*(?P<value>.*)$", re.I)
_CABINET = re.compile(r"responsible\s+cabinet\s+members?\s*(\(\s*s\s*\))?\s*:?", re.I)
_ON_BEHALF = re.compile(r"on\s+behalf\s+of\s+(cmt|cabinet)\s*:?", re.I)


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    risk_id: str
    title: str | None
    last: bool


def find_blocks(document: Document, cells: list[list[str] | None]) -> list[_Block]:
    starts = [(i, found) for i, row in enumerate(cells) if row and (found := _block_id(row))]
    blocks = []
    for n, (start, (risk_id, title)) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(cells)
        blocks.append(_Block(start, end, risk_id, title, last=n + 1 == len(starts)))
    return blocks


def _block_id(row: list[str]) -> tuple[str, str | None] | None:
    if not row or not RISK_ID_CELL.match(row[0]):
        return None
    rest = [RISK_ID_CELL.sub("", row[0]), *row[1:]]
    for index, cell in enumerate(rest):
        found = parse_risk_id(cell.strip())
        if found:
            return found.printed, _title(rest[index + 1 :])
    return None


def _title(cells: list[str]) -> str | None:
    for index, cell in enumerate(cells):
        if _RISK_TITLE_CELL.match(cell):
            inline = one_line(_RISK_TITLE_CELL.sub("", cell))
            following = next((one_line(c) for c in cells[index + 1 :] if c.strip()), "")
            return inline or following or None
    return None


class RiskBlockExtractor:
    kind = KIND

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        cells = cells_by_line(document)
        bands = printed_bands(read_scales(document))
        result = ExtractResult()
        blocks = find_blocks(document, cells)
        page = Page(page_furniture(document), _owners(cells, blocks))
        for block in blocks:
            self._block(document, cells, block, bands, page, result)
        return result

    def _block(
        self,
        document: Document,
        cells: list[list[str] | None],
        block: _Block,
        bands: dict[Level, tuple[int, int]] | None,
        page: Page,
        result: ExtractResult,
    ) -> None:
        lines = document.lines
        canonical = parse_risk_id(block.risk_id)
        assert canonical is not None
        risk_id = canonical.canonical
        tally = Tally(rows_seen=1)  # the "Risk ID" row: the risk record itself
        body = _split_sections(cells, block)
        head = _read_head(document, cells, body.head, tally, risk_id, page.furniture)
        controls = Table(tally.controls, block.last and not body.actions, dated=False)
        read_table(document, cells, body.controls, tally, controls, risk_id, page)
        read_table(document, cells, body.actions, tally, Table(tally.actions, block.last, dated=True), risk_id, page)
        tally.header_rows += body.table_headers
        tally.rows_seen += body.table_headers
        first = lines[block.start]
        result.records.append(_risk(document.doc_id, risk_id, block.title, head, bands, first))
        if canonical.normalised:
            result.findings.append(id_finding(document.doc_id, canonical.printed, risk_id, first.page, first.line))
        result.records.extend(_control(document.doc_id, risk_id, p) for p in tally.controls)
        result.records.extend(_action(document.doc_id, risk_id, p) for p in tally.actions)
        result.rejects.extend(tally.rejects)
        records = 1 + len(tally.controls) + len(tally.actions)
        result.coverage.append(
            Coverage(
                doc_id=document.doc_id,
                table_no=-1,
                kind=self.kind,
                title=f"{risk_id} {block.title or ''}".strip(),
                page=first.page,
                rows_seen=tally.rows_seen,
                header_rows=tally.header_rows,
                structural_rows=tally.structural_rows,
                records=records,
                rejects=len(tally.rejects),
            )
        )


@dataclass(slots=True)
class _Sections:
    head: range
    controls: range
    actions: range
    table_headers: int


def _split_sections(cells: list[list[str] | None], block: _Block) -> _Sections:
    control_at = action_at = None
    for index in range(block.start + 1, block.end):
        row = cells[index]
        if not row:
            continue
        if control_at is None and action_at is None and _CONTROL_HEADER.match(row[0]):
            control_at = index
        elif action_at is None and _ACTION_HEADER.match(row[0]):
            action_at = index
    head_end = control_at if control_at is not None else action_at if action_at is not None else block.end
    control_end = action_at if action_at is not None else block.end
    controls = range(control_at + 1, control_end) if control_at is not None else range(0)
    actions = range(action_at + 1, block.end) if action_at is not None else range(0)
    headers = (control_at is not None) + (action_at is not None)
    return _Sections(range(block.start + 1, head_end), controls, actions, headers)


def _owners(cells: list[list[str] | None], blocks: list[_Block]) -> Counter[str]:
    spans = []
    for block in blocks:
        body = _split_sections(cells, block)
        spans += [body.controls, body.actions]
    return table_owners(cells, spans)


@dataclass(slots=True)
class _Head:
    texts: dict[str, list[str]] = field(default_factory=dict)
    #: columns with text in the last head row before the first page break
    running: list[int] = field(default_factory=list)
    #: the column that text after a page break was last joined to
    last_continued: int | None = None


def _read_head(
    document: Document,
    cells: list[list[str] | None],
    span: range,
    tally: Tally,
    risk_id: str,
    furniture: set[int],
) -> _Head:
    roles: dict[int, str] = {}
    header_width = 0
    after_break = False
    head = _Head()
    for index in span:
        row = cells[index]
        line = document.lines[index]
        if (row is None and not line.text.strip()) or index in furniture:
            after_break = True
            continue
        if row is not None and not any(c.strip() for c in row):
            tally.rows_seen += 1
            tally.structural_rows += 1
            continue
        tally.rows_seen += 1
        if row is None or (after_break and len(row) < header_width):
            _continuation(document.doc_id, line, row, roles, head, tally, risk_id)
            continue
        _assign_roles(row, roles)
        header_width = max(header_width, len(row))
        if all(_is_label(c) for c in row if c.strip()):
            tally.header_rows += 1
            continue
        tally.structural_rows += 1  # a line of the head: part of the risk record
        if not after_break:
            head.running = [column for column, cell in enumerate(row) if cell.strip() and column in roles]
        for column, cell in enumerate(row):
            if cell.strip() and column in roles:
                head.texts.setdefault(roles[column], []).append(cell)
    return head


def _continuation(
    doc_id: str,
    line: Line,
    row: list[str] | None,
    roles: dict[int, str],
    head: _Head,
    tally: Tally,
    risk_id: str,
) -> None:
    """Text resuming after a page break: joined to the column(s) it continues, else a reject."""
    columns = [Column(column, role, _column(head, role)) for column, role in sorted(roles.items())]
    if row is None:
        running = [c for c in head.running if roles.get(c) in TEXT_ROLES + NAME_ROLES]
        placed = place_prose(one_line(line.text), columns, head.last_continued, running)
    else:
        placed = sorted(place_cells({k: c for k, c in enumerate(row) if c.strip()}, columns).items())
    if not placed:
        tally.rejects.append(reject(doc_id, line, risk_id, _CONTINUATION))
        return
    tally.structural_rows += 1  # a line of the head: part of the risk record
    for column, text in placed:
        head.texts.setdefault(roles[column], []).append(text)
        head.last_continued = column


_CONTINUATION = "page-break continuation of a risk block's head that continues no column"


def _assign_roles(row: list[str], roles: dict[int, str]) -> None:
    for column, cell in enumerate(row):
        if column in roles or not cell.strip():
            continue
        role = _role_of(cell)
        if role:
            roles[column] = role


def _role_of(cell: str) -> str | None:
    return next((role for role, pattern in _ROLES if pattern.match(cell)), None)


def _is_label(cell: str) -> bool:
    role = _role_of(cell)
    if role is None:
        return False
    pattern = dict(_ROLES)[role]
    return not pattern.sub("", one_line(cell), count=1).strip()


@dataclass(frozen=True, slots=True)
class _Pair:
    current: ScaleValue | None
    target: ScaleValue | None


def rating_pair(text: str) -> _Pair:
    """Current and target value of one axis from its column text."""
    text = re.split(r"timescale\s+to\s+target", text, flags=re.I)[0]
    parts = _TARGET_MARKER.split(text, maxsplit=1)
    before = scale_values(parts[0])
    after = scale_values(parts[-1]) if len(parts) > 1 else []
    current = before[0] if before else None
    target = after[0] if after else before[1] if len(before) > 1 else None
    return _Pair(current, target)


def _column(head: _Head, role: str) -> str:
    return one_line(" ".join(head.texts.get(role, [])))


def _text(head: _Head, role: str) -> str | None:
    pattern = dict(_ROLES)[role]
    return or_none(" ".join(pattern.sub("", one_line(cell), count=1) for cell in head.texts.get(role, [])))


def _timescale(head: _Head) -> str | None:
    for role in ("timescale", "impact", "likelihood"):
        match = _TIMESCALE.search(_column(head, role))
        if match and match.group("value").strip():
            return match.group("value").strip()
    return None


def _owner(head: _Head) -> tuple[str | None, str | None]:
    text = _text(head, "owner") or ""
    parts = _CABINET.split(text, maxsplit=1)
    owner = or_none(_ON_BEHALF.sub(" ", parts[0]))
    members = or_none(_ON_BEHALF.sub(" ", parts[-1])) if len(parts) > 1 else None
    return owner, members


def _risk(
    doc_id: str, risk_id: str, title: str | None, head: _Head, bands: dict[Level, tuple[int, int]] | None, first: Line
) -> Risk:
    likelihood = rating_pair(_column(head, "likelihood"))
    impact = rating_pair(_column(head, "impact"))
    owner, members = _owner(head)
    current = _score(likelihood.current, impact.current)
    target = _score(likelihood.target, impact.target)
    return Risk(
        doc_id=doc_id,
        register="corporate",
        source="detail",
        risk_id=risk_id,
        title=title,
        owner=owner,
        cabinet_members=members,
        cause=_text(head, "cause"),
        event=_text(head, "event"),
        consequence=_text(head, "consequence"),
        current_likelihood=_number(likelihood.current),
        current_likelihood_label=_label(likelihood.current),
        current_impact=_number(impact.current),
        current_impact_label=_label(impact.current),
        current_score=current,
        current_level=band_of(current, bands) if current else None,
        target_likelihood=_number(likelihood.target),
        target_likelihood_label=_label(likelihood.target),
        target_impact=_number(impact.target),
        target_impact_label=_label(impact.target),
        target_score=target,
        target_level=band_of(target, bands) if target else None,
        timescale_to_target=_timescale(head),
        page=first.page,
        line=first.line,
    )


def _score(likelihood: ScaleValue | None, impact: ScaleValue | None) -> int | None:
    return likelihood.number * impact.number if likelihood and impact else None


def _number(value: ScaleValue | None) -> int | None:
    return value.number if value else None


def _label(value: ScaleValue | None) -> str | None:
    return one_line(value.label) if value else None


def _control(doc_id: str, risk_id: str, pending: Pending) -> RiskControl:
    return RiskControl(
        doc_id=doc_id,
        register="corporate",
        risk_id=risk_id,
        control=pending.texts[0],
        owner=or_none(" ".join(text for text in pending.texts[1:] if text)),
        page=pending.page,
        line=pending.line,
    )


def _action(doc_id: str, risk_id: str, pending: Pending) -> RiskAction:
    texts = [*pending.texts, "", ""]
    return RiskAction(
        doc_id=doc_id,
        register="corporate",
        risk_id=risk_id,
        action=or_none(texts[0]),
        owner=or_none(texts[1]),
        due=or_none(" ".join(texts[2:])),
        page=pending.page,
        line=pending.line,
    )


register_text(RiskBlockExtractor())
