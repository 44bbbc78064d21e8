"""Checks on risk registers: scores, levels and labels, summary against detail, stated counts.

Scales are the ones the document prints (`risk_scales`), else the defaults of
`kentparse.risk_scales`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal

from rapidfuzz import fuzz

from kentparse.records import Finding, Record, Severity
from kentparse.risk_records import (
    Level,
    Risk,
    RiskAction,
    RiskActionSummary,
    RiskChange,
    RiskExposureTotal,
    RiskOverview,
    RiskScale,
)
from kentparse.risk_scales import DEFAULT_IMPACT, DEFAULT_LEVELS, DEFAULT_LIKELIHOOD, band_of, canonical_label

_TITLE_SIMILARITY = 85.0
_BASELINE = re.compile(r"\(.*?\)")


def _by_doc(records: Sequence[Record]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        grouped[record.doc_id].append(record)
    return grouped


def _of(records: Sequence[Record], model: type[Record]) -> list[Record]:
    return [record for record in records if isinstance(record, model)]


def _risks(records: Sequence[Record]) -> list[Risk]:
    return [record for record in records if isinstance(record, Risk)]


def _finding(
    record: Record,
    check: str,
    message: str,
    expected: object = None,
    actual: object = None,
    severity: Severity = "warning",
) -> Finding:
    return Finding(
        doc_id=record.doc_id,
        check=check,
        severity=severity,
        message=message,
        expected=None if expected is None else str(expected),
        actual=None if actual is None else str(actual),
        page=getattr(record, "page", None),
        line=getattr(record, "line", None),
    )


def _bands(records: Sequence[Record]) -> dict[Level, tuple[int, int]]:
    printed = {s.label.lower(): (s.low, s.high) for s in records if isinstance(s, RiskScale) and s.scale == "level"}
    if {"low", "medium", "high"} <= set(printed):
        return {"low": printed["low"], "medium": printed["medium"], "high": printed["high"]}
    return DEFAULT_LEVELS


def _labels(records: Sequence[Record], scale: str) -> dict[str, int]:
    printed = {canonical_label(s.label): s.low for s in records if isinstance(s, RiskScale) and s.scale == scale}
    return printed or (DEFAULT_LIKELIHOOD if scale == "likelihood" else DEFAULT_IMPACT)


def check_scores(records: Sequence[Record]) -> list[Finding]:
    """score = likelihood × impact, wherever all three are known."""
    findings = []
    for risk in _risks(records):
        for when in ("current", "target"):
            likelihood = getattr(risk, f"{when}_likelihood")
            impact = getattr(risk, f"{when}_impact")
            score = getattr(risk, f"{when}_score")
            if None not in (likelihood, impact, score) and likelihood * impact != score:
                findings.append(
                    _finding(
                        risk,
                        "risk_score",
                        f"{risk.risk_id}: {when} score {score} is not likelihood {likelihood} × impact {impact}",
                        likelihood * impact,
                        score,
                    )
                )
    return findings


def check_levels(records: Sequence[Record]) -> list[Finding]:
    """The printed or derived level agrees with the band its score falls in."""
    findings = []
    for doc_records in _by_doc(records).values():
        bands = _bands(doc_records)
        for risk in _risks(doc_records):
            for when in ("current", "target"):
                score, level = getattr(risk, f"{when}_score"), getattr(risk, f"{when}_level")
                if score is None or level is None:
                    continue
                band = band_of(score, bands)
                if band != level:
                    where = f"band {band}" if band else "no band"
                    message = (
                        f"{risk.risk_id} ({risk.source}): {when} rating {level} ({score}) but {score} is in {where}"
                    )
                    findings.append(_finding(risk, "risk_level_band", message, band, level))
    return findings


def check_labels(records: Sequence[Record]) -> list[Finding]:
    """A printed label names the number printed with it: "Possible (4)" does not (Possible is 3)."""
    findings = []
    for doc_records in _by_doc(records).values():
        scales = {axis: _labels(doc_records, axis) for axis in ("likelihood", "impact")}
        for risk in _risks(doc_records):
            for when in ("current", "target"):
                for axis in ("likelihood", "impact"):
                    label = getattr(risk, f"{when}_{axis}_label")
                    number = getattr(risk, f"{when}_{axis}")
                    expected = scales[axis].get(canonical_label(label)) if label else None
                    if expected is not None and expected != number:
                        message = f"{risk.risk_id}: {when} {axis} '{label} ({number})' but {label} is {expected}"
                        findings.append(
                            _finding(risk, "risk_scale_label", message, f"{label} ({expected})", f"{label} ({number})")
                        )
    return findings


def check_summary_against_detail(records: Sequence[Record]) -> list[Finding]:
    """Each risk's summary row and detailed block agree on ratings, timescale and title."""
    findings: list[Finding] = []
    for doc_records in _by_doc(records).values():
        summary = {r.risk_id: r for r in _risks(doc_records) if r.source == "summary"}
        detail = {r.risk_id: r for r in _risks(doc_records) if r.source == "detail"}
        if not summary or not detail:
            continue
        for risk_id in sorted(summary.keys() - detail.keys()):
            findings.append(
                _finding(
                    summary[risk_id], "risk_without_detail", f"{risk_id} is in the summary but has no detailed block"
                )
            )
        for risk_id in sorted(detail.keys() - summary.keys()):
            findings.append(
                _finding(detail[risk_id], "risk_without_summary", f"{risk_id} has a detailed block but no summary row")
            )
        for risk_id in sorted(summary.keys() & detail.keys()):
            findings.extend(_compare(summary[risk_id], detail[risk_id]))
    return findings


def _compare(summary: Risk, detail: Risk) -> list[Finding]:
    findings = [finding for when in ("current", "target") if (finding := _compare_score(summary, detail, when))]
    if (
        summary.timescale_to_target
        and detail.timescale_to_target
        and _timescale(summary.timescale_to_target) != _timescale(detail.timescale_to_target)
    ):
        message = (
            f"{summary.risk_id}: timescale to target '{summary.timescale_to_target}' in the summary, "
            f"'{detail.timescale_to_target}' in the block"
        )
        findings.append(
            _finding(detail, "risk_summary_detail", message, summary.timescale_to_target, detail.timescale_to_target)
        )
    if (
        summary.title
        and detail.title
        and fuzz.token_set_ratio(summary.title.lower(), detail.title.lower()) < _TITLE_SIMILARITY
    ):
        message = f"{summary.risk_id}: title '{summary.title}' in the summary, '{detail.title}' in the block"
        findings.append(_finding(detail, "risk_title", message, summary.title, detail.title, severity="info"))
    return findings


def _compare_score(summary: Risk, detail: Risk, when: str) -> Finding | None:
    printed = getattr(summary, f"{when}_score")
    derived = getattr(detail, f"{when}_score")
    if printed is None or derived is None or printed == derived:
        return None
    likelihood, impact = getattr(detail, f"{when}_likelihood"), getattr(detail, f"{when}_impact")
    level = getattr(summary, f"{when}_level")
    message = (
        f"{summary.risk_id}: summary {when} rating {level} ({printed}) but the block gives "
        f"likelihood {likelihood} × impact {impact} = {derived}"
    )
    return _finding(detail, "risk_summary_detail", message, printed, derived)


def _timescale(text: str) -> str:
    return " ".join(_BASELINE.sub("", text).lower().split())


def check_overview_counts(records: Sequence[Record]) -> list[Finding]:
    """The latest stated count of risks per level agrees with the register's summary rows."""
    findings = []
    for doc_records in _by_doc(records).values():
        overview = [r for r in doc_records if isinstance(r, RiskOverview)]
        summary = [r for r in _risks(doc_records) if r.source == "summary"]
        if not overview or not summary:
            continue
        latest = overview[-1]
        counted = Counter(r.current_level for r in summary)
        for level in ("low", "medium", "high"):
            stated = getattr(latest, level)
            if stated != counted[level]:
                message = (
                    f"{stated} {level} risks stated for {latest.as_at}, {counted[level]} in the register's summary"
                )
                findings.append(_finding(latest, "risk_overview_count", message, stated, counted[level]))
    return findings


def check_withdrawn(records: Sequence[Record]) -> list[Finding]:
    """A risk reported withdrawn is not still listed in the same document's register."""
    findings = []
    for doc_records in _by_doc(records).values():
        listed = {r.risk_id for r in _risks(doc_records) if r.register == "corporate"}
        for change in (r for r in doc_records if isinstance(r, RiskChange)):
            if change.change == "withdrawn" and change.risk_id in listed:
                message = f"{change.risk_id} is reported withdrawn but is still listed in the corporate risk register"
                findings.append(_finding(change, "risk_withdrawn_listed", message, "not listed", "listed"))
    return findings


_SPLIT = {
    "complete": ("complete", "action closed"),
    "partially_complete": ("partially complete",),
    "regular_review": ("regular review",),
    "outstanding": ("outstanding",),
}


def check_update_counts(records: Sequence[Record]) -> list[Finding]:
    """Stated number of mitigating-action updates and their status split against the updates read."""
    findings = []
    for doc_records in _by_doc(records).values():
        updates = [r for r in doc_records if isinstance(r, RiskAction) and r.status is not None]
        statuses: Counter[str | None] = Counter(update.status for update in updates)
        for summary in (r for r in doc_records if isinstance(r, RiskActionSummary)):
            findings.extend(_update_findings(summary, len(updates), statuses))
    return findings


def _update_findings(summary: RiskActionSummary, n_updates: int, statuses: Counter[str | None]) -> list[Finding]:
    findings = []
    split = [getattr(summary, name) for name in _SPLIT]
    if summary.stated_total is not None and None not in split and sum(split) != summary.stated_total:
        message = f"status split {split} sums to {sum(split)}, not the {summary.stated_total} updates stated"
        findings.append(_finding(summary, "risk_update_split_total", message, summary.stated_total, sum(split)))
    if summary.stated_total is not None and summary.stated_total != n_updates:
        message = f"{summary.stated_total} mitigating-action updates stated, {n_updates} updates printed"
        findings.append(_finding(summary, "risk_update_count", message, summary.stated_total, n_updates))
    for name, statuses_of in _SPLIT.items():
        stated = getattr(summary, name)
        printed = sum(statuses[status] for status in statuses_of)
        if stated is not None and stated != printed:
            label = " / ".join(statuses_of)
            message = f"{stated} updates stated as {label}, {printed} printed"
            findings.append(_finding(summary, "risk_update_status_count", message, stated, printed))
    return findings


def check_exposure_total(records: Sequence[Record]) -> list[Finding]:
    """A budget register's risk rows and group amounts add up to its stated TOTAL, per exposure."""
    findings = []
    for doc_records in _by_doc(records).values():
        totals = [r for r in doc_records if isinstance(r, RiskExposureTotal)]
        stated = next((t for t in totals if t.kind == "total"), None)
        if stated is None:
            continue
        rows = [r for r in _risks(doc_records) if r.register == stated.register and r.source == "row"]
        groups = [t for t in totals if t.kind == "group" and t.register == stated.register]
        for name in ("annual_exposure", "lifetime_exposure"):
            total = getattr(stated, name)
            amounts = [getattr(r, name) for r in [*rows, *groups] if getattr(r, name) is not None]
            if total is not None and sum(amounts, Decimal(0)) != total:
                what = name.replace("_", " ")
                message = f"{what}: rows and group amounts sum to {sum(amounts, Decimal(0))}, TOTAL states {total}"
                findings.append(_finding(stated, "risk_exposure_total", message, total, sum(amounts, Decimal(0))))
    return findings


CHECKS = (
    check_exposure_total,
    check_scores,
    check_levels,
    check_labels,
    check_summary_against_detail,
    check_overview_counts,
    check_withdrawn,
    check_update_counts,
)
