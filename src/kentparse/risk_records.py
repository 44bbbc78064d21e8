"""Record models of risk registers: risks, their controls and actions, scales and overviews.

A corporate risk register prints each risk twice: a row of the summary risk profile (ratings
such as "High (25)", direction of travel, timescale) and a detailed block (cause, event,
consequence, owner, likelihood and impact). Both become `risks` rows, told apart by `source`
("summary" or "detail"), so the checks can compare them; a budget risk register row has
source "row". On a detail row the scores are likelihood × impact (a block prints no score)
and the level is that score's band.
"""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from kentparse.records import Record

# the issue names the column `register`; on a pydantic model that shadows the ABC classmethod
# `BaseModel.register` (nothing in kentparse calls it). `Field(...)` keeps the field required:
# without it pydantic would take the inherited method as its default
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

Register = Literal["corporate", "budget"]
Level = Literal["low", "medium", "high"]
RiskSource = Literal["summary", "detail", "row"]
ActionStatus = Literal["complete", "partially complete", "regular review", "action closed", "outstanding"]
ScaleKind = Literal["likelihood", "impact", "level"]


class Risk(Record):
    table = "risks"
    register: Register = Field(...)
    source: RiskSource
    risk_id: str
    title: str | None
    directorate: str | None = None
    owner: str | None = None
    cabinet_members: str | None = None
    cause: str | None = None
    event: str | None = None
    consequence: str | None = None
    current_likelihood: int | None = None
    #: the label printed with the likelihood ("Possible"), kept for the label check
    current_likelihood_label: str | None = None
    current_impact: int | None = None
    current_impact_label: str | None = None
    current_score: int | None = None
    current_level: Level | None = None
    target_likelihood: int | None = None
    target_likelihood_label: str | None = None
    target_impact: int | None = None
    target_impact_label: str | None = None
    target_score: int | None = None
    target_level: Level | None = None
    direction: str | None = None
    timescale_to_target: str | None = None
    #: £m
    annual_exposure: Decimal | None = None
    #: £m
    lifetime_exposure: Decimal | None = None
    risk_group: str | None = None
    page: int
    line: int | None


class RiskControl(Record):
    table = "risk_controls"
    register: Register = Field(...)
    risk_id: str
    control: str
    owner: str | None
    page: int
    line: int | None


class RiskAction(Record):
    """A mitigating action: from a register's action table (owner, due) or a progress update."""

    table = "risk_actions"
    register: Register = Field(...)
    risk_id: str
    action: str | None
    owner: str | None = None
    due: str | None = None
    status: ActionStatus | None = None
    update_text: str | None = None
    page: int
    line: int | None


class RiskScale(Record):
    """One step of a printed scale: "Possible (3)" on likelihood, "Medium = 8-15" on level."""

    table = "risk_scales"
    scale: ScaleKind
    label: str
    low: int
    high: int
    page: int
    line: int | None


class RiskOverview(Record):
    """Corporate risks per level at a date, as stated in a performance report."""

    table = "risk_overview"
    as_at: str
    as_at_date: date | None
    low: int
    medium: int
    high: int
    page: int
    line: int | None


class RiskActionSummary(Record):
    """Stated counts of mitigating-action updates: the total in the text and the status split."""

    table = "risk_action_summary"
    period: str | None
    stated_total: int | None
    complete: int | None
    partially_complete: int | None
    regular_review: int | None
    outstanding: int | None
    page: int
    line: int | None


class RiskChange(Record):
    """A risk a performance report lists as changed during the quarter: new, withdrawn, re-entered,
    reduced, increased or revised."""

    table = "risk_changes"
    risk_id: str
    change: Literal["new", "withdrawn", "re-entry", "reduced", "increased", "revised"]
    title: str | None
    note: str | None
    page: int
    line: int | None


class RiskExposureTotal(Record):
    """A stated exposure total of a budget risk register: the TOTAL line, or a group row's amount
    ("Other Risks (under £10m - individual risks not quantified)" with one amount for the group)."""

    table = "risk_exposure_totals"
    register: Register = Field(...)
    kind: Literal["total", "group"]
    label: str
    #: £m
    annual_exposure: Decimal | None
    #: £m
    lifetime_exposure: Decimal | None
    page: int
    line: int | None
