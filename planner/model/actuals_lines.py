"""The lines an actual figure can be given for, and their words: the one owner of the line keys
of `Plan.actuals` (the long CSV's `line` column, an account mapping's targets, the variance table).

A line key is one of:

- a monthly row of `summary --json` (`SUMMARY_LINES`: revenue, total_costs, ebitda, net_income,
  net_cash_flow, closing_cash, headcount, seats, total_assets, total_liabilities_and_equity);
- a cost line (`planner.model.labels.COST_LINES`: direct_labour, indirect_labour, ...,
  which add up to total_costs);
- `receivables` (invoices sent, not yet paid, at the month's end);
- `volume:<service line id>`: the month's volume of that service line (contacts, items or
  hours, as the line counts it);
- `headcount:<role name>`: people in that role at the month's end.

Money lines are in the plan's currency; `headcount`, `seats`, `volume:*` and `headcount:*` are
counts (`is_count`). Flows (a month's revenue, costs, volume) add up over months; stocks (cash,
receivables, people, seats, the balance sheet's totals) do not (`is_stock`).
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import TYPE_CHECKING

from planner.model.labels import COST_LINES, MONTHLY_STATEMENT_LABELS

if TYPE_CHECKING:
    from planner.model.plan import Plan

SUMMARY_LINES: tuple[str, ...] = (
    "revenue",
    "total_costs",
    "ebitda",
    "net_income",
    "net_cash_flow",
    "closing_cash",
    "headcount",
    "seats",
    "total_assets",
    "total_liabilities_and_equity",
)
"""The monthly rows of `summary --json` (`planner.cli.summary.MONTHLY_FIELDS`, checked equal by a
test: the command line sits above the model and cannot be imported here)."""

VOLUME_PREFIX = "volume:"
ROLE_PREFIX = "headcount:"
FIXED_LINES: tuple[str, ...] = (
    *SUMMARY_LINES,
    *(line for line in COST_LINES if line not in SUMMARY_LINES),
    "receivables",
)
"""The line keys every plan has, in the order a table lists them."""
STOCK_LINES = frozenset(
    {"closing_cash", "headcount", "seats", "total_assets", "total_liabilities_and_equity"}
    | {"receivables"}
)
"""Balances at the month's end (a year to date is the latest month's, not a sum)."""


def line_keys(plan: Plan) -> dict[str, str]:
    """Every line key of this plan -> its words, in table order: the fixed lines, then
    `volume:<id>` per service line, then `headcount:<role>` per role.

    >>> from planner.model.plan import Plan
    >>> keys = line_keys(Plan())
    >>> keys["direct_labour"], keys["closing_cash"], keys["receivables"]
    ('Direct staff (client work)', 'Cash at month end', 'Receivables')
    """
    words = {key: MONTHLY_STATEMENT_LABELS[key] for key in FIXED_LINES}
    for line in plan.specialty.service_lines:
        words[f"{VOLUME_PREFIX}{line.id}"] = f"Volume: {line.name}"
    for role in plan.staffing.roles:
        words[f"{ROLE_PREFIX}{role.name}"] = f"Headcount: {role.name}"
    return words


def is_stock(key: str) -> bool:
    """Whether the line is a balance at the month's end (cash, receivables, people), not a flow.

    >>> is_stock("closing_cash"), is_stock("headcount:Team leader"), is_stock("volume:chat")
    (True, True, False)
    """
    return key in STOCK_LINES or key.startswith(ROLE_PREFIX)


def is_count(key: str) -> bool:
    """Whether the line counts people, seats or work rather than money.

    >>> is_count("seats"), is_count("volume:chat"), is_count("revenue")
    (True, True, False)
    """
    return key in {"headcount", "seats"} or key.startswith((VOLUME_PREFIX, ROLE_PREFIX))


def allowed_words(plan: Plan) -> str:
    """The plan's line keys for a message, all of them, in table order.

    >>> from planner.model.plan import Plan
    >>> allowed_words(Plan())[:40]
    'revenue, total_costs, ebitda, net_income'
    """
    return ", ".join(line_keys(plan))


def unknown_line_message(plan: Plan, line: str) -> str:
    """What is wrong with a line key the plan does not have, with the nearest key when one is
    close (a typing slip).

    >>> from planner.model.plan import Plan
    >>> unknown_line_message(Plan(), "revenu")
    "'revenu' is not a line of this plan (did you mean 'revenue'?)"
    >>> unknown_line_message(Plan(), "profit")
    "'profit' is not a line of this plan"
    """
    close = get_close_matches(line, list(line_keys(plan)), n=1, cutoff=0.8)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"'{line}' is not a line of this plan{hint}"
