"""Records of budget-monitoring reports. Amounts are £m as exact decimals; the printed cell
text is kept beside each amount in a `*_text` field (savings: in `savings_values`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from kentparse.records import Record

BudgetLevel = Literal["service", "division", "directorate", "total"]
SavingsLevel = Literal["item", "directorate", "total"]
SavingsSection = Literal["summary", "detail", "alternative"]
ActionLevel = Literal["action", "directorate", "total"]
ActionStatus = Literal["delivered", "tbc", "tbd", "not_approved", "other"]


class BudgetLine(Record):
    table = "budget_lines"
    period: str | None
    #: general_fund | general_fund_after_action | key_service_summary | directorate_summary |
    #: key_service_detail | capital_by_directorate
    table_name: str
    #: the row label as printed
    name: str
    directorate: str | None
    division: str | None
    service: str | None
    level: BudgetLevel
    budget: Decimal | None = None
    budget_text: str | None = None
    forecast: Decimal | None = None
    forecast_text: str | None = None
    variance: Decimal | None = None
    variance_text: str | None = None
    last_reported: Decimal | None = None
    last_reported_text: str | None = None
    movement: Decimal | None = None
    movement_text: str | None = None
    management_action: Decimal | None = None
    management_action_text: str | None = None
    updated_variance: Decimal | None = None
    updated_variance_text: str | None = None
    prior_budget: Decimal | None = None
    prior_budget_text: str | None = None
    prior_outturn: Decimal | None = None
    prior_outturn_text: str | None = None
    prior_variance: Decimal | None = None
    prior_variance_text: str | None = None
    #: capital: the part of the variance that is a real over/underspend, and the part rephased
    real_variance: Decimal | None = None
    real_variance_text: str | None = None
    rephasing_variance: Decimal | None = None
    rephasing_variance_text: str | None = None
    page: int
    line: int | None


class SavingsLine(Record):
    table = "savings_lines"
    savings_line_id: str
    period: str | None
    section: SavingsSection
    #: canonical directorate the line belongs to
    directorate: str | None
    description: str
    category: str | None
    level: SavingsLevel
    is_subtotal: bool
    page: int
    line: int | None


class SavingsValue(Record):
    table = "savings_values"
    savings_line_id: str
    #: normalised column name (target, not_achieved, forecast, ...)
    measure: str
    #: the column header as printed
    header: str
    amount: Decimal | None
    amount_text: str


class ManagementAction(Record):
    table = "management_actions"
    period: str | None
    #: canonical directorate; `directorate_text` as printed
    directorate: str | None
    directorate_text: str | None
    level: ActionLevel
    details: str | None
    one_off: Decimal | None = None
    one_off_text: str | None = None
    recurring: Decimal | None = None
    recurring_text: str | None = None
    next_year: Decimal | None = None
    next_year_text: str | None = None
    total: Decimal | None = None
    total_text: str | None = None
    #: a word printed in an amount cell ("Delivered", "TBC", "TBD", "Not Approved")
    status: ActionStatus | None = None
    status_text: str | None = None
    page: int
    line: int | None
