"""Hypothesis strategies for random *valid* plans (small: a few lines, clients, roles, items).

`plan_dicts()` draws plain data (as a plan file would hold); `plans()` validates it into a Plan.
Figures stay in plausible ranges so a projection runs in milliseconds; every optional part of the
model (pipeline clients, ramps, terms, each pricing model, each role basis, bought and leased items,
items per person in chosen roles, deposits and advance rent, marketing wins, loans, equity, costs
in other currencies) is drawn sometimes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from planner.model.files import plan_from_dict
from planner.model.plan import Plan

PROFILES = ("business_hours", "extended_hours", "24x7")
PRICING = ("per_fte_month", "per_productive_hour", "per_item", "monthly_retainer")
RESOURCE_BASES = ("per_seat", "per_employee", "per_site", "fixed", "per_role")
RATIO_OF = ("workload_staff", "headcount", "seats", "hires_per_year")

money = st.floats(min_value=0, max_value=5_000, allow_nan=False).map(lambda x: round(x, 2))
rate = st.floats(min_value=0, max_value=0.5, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def workloads(draw: st.DrawFn, *, queue: bool = True) -> dict[str, Any]:
    kinds = ["items", "project", "queue"] if queue else ["items", "project"]
    kind = draw(st.sampled_from(kinds))
    if kind == "queue":
        return {
            "type": "queue",
            "aht_seconds": draw(st.integers(60, 900)),
            "answer_seconds": draw(st.sampled_from([10, 20, 30, 60])),
            "service_level": draw(st.sampled_from([0.7, 0.8, 0.9])),
            "max_occupancy": draw(st.sampled_from([None, 0.85, 0.9])),
            "profile": draw(st.sampled_from(PROFILES)),
            "interval_minutes": draw(st.sampled_from([30, 60])),
            "patience_seconds": draw(st.sampled_from([None, None, None, 90.0])),  # Erlang A
        }
    if kind == "items":
        return {
            "type": "items",
            "minutes_per_item": draw(st.floats(0.5, 30).map(lambda x: round(x, 2))),
            "utilisation": draw(st.sampled_from([0.75, 0.85, 1.0])),
        }
    return {"type": "project", "utilisation": draw(st.sampled_from([0.6, 0.75, 1.0]))}


def _volume_for(kind: str) -> st.SearchStrategy[float]:
    high = {"queue": 20_000, "items": 30_000, "project": 3_000}[kind]
    return st.floats(0, high, allow_nan=False).map(lambda x: round(x, 1))


@st.composite
def contracts(draw: st.DrawFn, lines: list[dict[str, Any]], horizon: int) -> dict[str, Any]:
    line = draw(st.sampled_from(lines))
    pricing = draw(st.sampled_from(PRICING))
    price_high = {"per_item": 5.0, "per_productive_hour": 30.0}.get(pricing, 4_000.0)
    return {
        "service_line": line["id"],
        "monthly_volume": draw(_volume_for(line["workload"]["type"])),
        "ramp_months": draw(st.integers(0, 4)),
        "term_months": draw(st.one_of(st.none(), st.integers(1, horizon + 6))),
        "pricing_model": pricing,
        "price": draw(st.floats(0, price_high).map(lambda x: round(x, 2))),
        "yearly_escalation": draw(st.sampled_from([0.0, 0.03, 0.1])),
        "payment_days": draw(st.sampled_from([0, 15, 30, 45, 60, 90])),
        "list_escalation": draw(st.sampled_from([0.0, 0.05])),
        "invoicing": draw(st.sampled_from(["arrears", "advance"])),
        "late_days": draw(st.sampled_from([0, 10, 40])),
        "bad_debt_rate": draw(st.sampled_from([0.0, 0.01, 0.2])),
        "renewal_probability": draw(st.sampled_from([0.0, 0.5, 1.0])),
    }


@st.composite
def roles(draw: st.DrawFn, line_ids: list[str], count: int) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        basis = draw(st.sampled_from(["workload", "workload", "ratio", "fixed"]))
        role: dict[str, Any] = {
            "name": f"Role {i}",
            "monthly_wage": draw(st.floats(300, 6_000).map(lambda x: round(x, 2))),
            "basis": basis,
            "start_month": draw(st.sampled_from([1, 1, 1, 3])),
            "direct": draw(st.sampled_from([None, None, True, False])),
            # None: the default by basis (shifts for workload roles, office for the others)
            "work_pattern": draw(st.sampled_from([None, None, "shifts", "office", "remote"])),
            "employment": draw(st.sampled_from(["employee", "employee", "contractor"])),
        }
        if basis == "workload":
            role["service_lines"] = draw(
                st.lists(st.sampled_from(line_ids), unique=True, max_size=len(line_ids))
            )
        elif basis == "ratio":
            role["ratio_per"] = draw(st.sampled_from([0.5, 5, 10, 15]))
            role["ratio_of"] = draw(st.sampled_from(RATIO_OF))
        else:
            role["fixed_count"] = draw(st.sampled_from([0, 0.5, 1, 2]))
        out.append(role)
    return out


@st.composite
def resource_items(draw: st.DrawFn, i: int, role_names: list[str]) -> dict[str, Any]:
    """A resource item, sometimes per person in some of `role_names`, sometimes with a deposit
    (an amount, months of its cost or both) and advance rent."""
    bases = [b for b in RESOURCE_BASES if b != "per_role" or role_names]
    item: dict[str, Any] = {
        "name": f"Item {i}",
        "basis": draw(st.sampled_from(bases)),
        "quantity": draw(st.sampled_from([0.5, 1, 2])),
        "one_time_cost": draw(money),
        "useful_life_months": draw(st.integers(1, 48)),
        "monthly_cost": draw(st.floats(0, 300).map(lambda x: round(x, 2))),
        "ownership": draw(st.sampled_from(["buy", "lease"])),
        "deposit": draw(st.sampled_from([0.0, 0.0, 1_000.0, 2_345.67])),
        "deposit_months": draw(st.sampled_from([0.0, 0.0, 1.0, 2.5])),
        "advance_rent_months": draw(st.sampled_from([0, 0, 1, 3])),
    }
    if item["basis"] == "per_role":
        item["roles"] = draw(st.lists(st.sampled_from(role_names), min_size=1, unique=True))
    return item


@st.composite
def cost_locations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """The main location (the default, Manila) paying in PHP with a drift or rates by year, and
    "Abroad" paying in EUR."""
    manila: dict[str, Any] = {
        "name": "Manila, Philippines",
        "currency": "PHP",
        "rate": draw(st.sampled_from([50.0, 58.5])),
        "yearly_drift": draw(st.sampled_from([-0.05, 0.0, 0.03])),
    }
    if draw(st.booleans()):
        manila["rates_by_year"] = draw(st.lists(st.sampled_from([55.0, 60.0, 64.5]), max_size=3))
    return [manila, {"name": "Abroad", "currency": "EUR", "rate": 0.9}]


@st.composite
def plan_dicts(
    draw: st.DrawFn,
    *,
    max_lines: int = 3,
    max_clients: int = 4,
    max_roles: int = 4,
    max_items: int = 3,
    queue: bool = True,
) -> dict[str, Any]:
    """Plain data for a valid plan."""
    horizon = draw(st.integers(12, 36))
    n_lines = draw(st.integers(1, max_lines))
    lines = [
        {
            "id": f"line{i}",
            "name": f"Line {i}",
            "family": "back_office",
            "workload": draw(workloads(queue=queue)),
        }
        for i in range(n_lines)
    ]
    line_ids = [line["id"] for line in lines]
    clients = []
    for i in range(draw(st.integers(0, max_clients))):
        client = draw(contracts(lines, horizon))
        pipeline = draw(st.booleans())
        client.update(
            name=f"Client {i}",
            status="pipeline" if pipeline else "signed",
            probability=draw(st.sampled_from([0.25, 0.5, 0.9])) if pipeline else 1.0,
            start_month=draw(st.integers(1, horizon)),
        )
        clients.append(client)
    staff = draw(roles(line_ids, draw(st.integers(0, max_roles))))
    names = [r["name"] for r in staff]
    items = [draw(resource_items(i, names)) for i in range(draw(st.integers(0, max_items)))]
    paperwork = [
        {
            "name": f"Paper {i}",
            "one_time_fee": draw(money),
            "yearly_fee": draw(money),
            "status": draw(st.sampled_from(["to_do", "done", "not_needed"])),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    channels = [
        {
            "name": f"Channel {i}",
            "monthly_budget": draw(money),
            "leads_per_month": draw(st.floats(0, 20).map(lambda x: round(x, 1))),
            "conversion_rate": draw(st.sampled_from([0.0, 0.05, 0.1, 0.3])),
            "start_month": draw(st.integers(1, 6)),
            "end_month": draw(st.one_of(st.none(), st.integers(6, horizon))),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    won = draw(st.one_of(st.none(), contracts(lines, horizon)))
    if won is not None:
        won["yearly_churn"] = draw(st.sampled_from([0.0, 0.2, 1.0]))
    loans = [
        {
            "amount": draw(st.floats(0, 500_000).map(lambda x: round(x, 2))),
            "yearly_rate": draw(st.sampled_from([0.0, 0.06, 0.12])),
            "term_months": (term := draw(st.integers(1, 60))),
            "start_month": draw(st.integers(1, horizon)),
            "grace_months": min(draw(st.integers(0, 6)), term - 1),
            "rates_by_year": draw(
                st.lists(st.sampled_from([0.0, 0.05, 0.1, 0.18]), min_size=0, max_size=3)
            ),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    bonuses = [
        {
            "name": f"Bonus {i + 1}",
            "months": draw(st.sampled_from([[12], [6, 12], [1], [3, 6, 9, 12]])),
            "share": draw(st.sampled_from([0.0, 0.5, 1.0, 1.25])),
            "burden": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    equity = [
        {"month": draw(st.integers(1, horizon)), "amount": draw(money.map(lambda x: x * 20))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    settings: dict[str, Any] = {
        "horizon_months": horizon,
        "first_month": draw(st.sampled_from(["2027-01", "2026-11"])),
    }
    if draw(st.booleans()):  # two currencies: costs in PHP (main) and EUR ("Abroad"), some in USD
        settings["cost_locations"] = draw(cost_locations())
        for row in [*staff, *items, *paperwork]:
            row["location"] = draw(st.sampled_from(["", "", "Abroad"]))
    return {
        "settings": settings,
        "specialty": {"service_lines": lines},
        "business_plan": {"clients": clients},
        "paperwork": {"items": paperwork},
        "resources": {"sites": draw(st.integers(1, 2)), "items": items},
        "staffing": {
            "roles": staff,
            "paid_hours_per_month": draw(st.sampled_from([160.0, 173.33])),
            "shrinkage": draw(st.sampled_from([0.0, 0.2, 0.3])),
            "burden": draw(st.sampled_from([0.0, 0.25])),
            "yearly_raise": draw(st.sampled_from([0.0, 0.05])),
            "yearly_attrition": draw(st.sampled_from([0.0, 0.3, 1.2])),
            "hiring_lead_months": draw(st.integers(0, 3)),
            "training_weeks": draw(st.sampled_from([0.0, 2.0, 6.0, 10.0])),
            "ramp_up": draw(st.sampled_from([[], [0.5], [0.5, 0.75], [0.25, 0.5, 0.75, 0.9]])),
            "recruiting_cost_per_hire": draw(money.map(lambda x: x / 5)),
            "shift_pattern": draw(st.sampled_from(["office_hours", "two_shifts", "three_shifts"])),
            "bonuses": bonuses,
            "night_premium": draw(st.sampled_from([0.0, 0.1, 0.35])),
            "night_share": draw(st.sampled_from([None, 0.0, 0.5, 1.0])),
        },
        "marketing": {
            "channels": channels,
            "sales_cycle_months": draw(st.integers(0, 4)),
            "won_client": won,
        },
        "financing": {
            "opening_cash": draw(money.map(lambda x: x * 100)),
            "minimum_cash": draw(money.map(lambda x: x * 10)),
            "equity": equity,
            "loans": loans,
            "tax_rate": draw(st.sampled_from([0.0, 0.25, 0.3])),
            "tax": draw(tax_rules()),
        },
    }


@st.composite
def tax_rules(draw: st.DrawFn) -> dict[str, Any]:
    """Tax rules: none beyond the rate, or a schedule, loss limits, a minimum, other taxes."""
    if draw(st.booleans()):
        return {}
    schedule = [{"from_year": 1, "rate": 0.0, "base": "profit"}]
    if draw(st.booleans()):
        schedule.append({"from_year": 2, "rate": 0.05, "base": "gross_income"})
    schedule.append(
        {"from_year": 3, "rate": 0.25, "base": draw(st.sampled_from(["profit", "revenue"]))}
    )
    return {
        "schedule": schedule,
        "loss_years": draw(st.integers(0, 3)),
        "loss_offset_share": draw(st.sampled_from([0.0, 0.5, 0.8, 1.0])),
        "loss_offset_threshold": draw(st.sampled_from([0.0, 1000.0])),
        "minimum_rate": draw(st.sampled_from([0.0, 0.02])),
        "minimum_amount": draw(st.sampled_from([0.0, 500.0])),
        "minimum_from_year": draw(st.integers(1, 3)),
        "payment": draw(st.sampled_from(["monthly", "quarterly"])),
        "revenue_tax_rate": draw(st.sampled_from([0.0, 0.00966])),
        "payments_tax_rate": draw(st.sampled_from([0.0, 0.004])),
    }


@st.composite
def plans(draw: st.DrawFn, **kwargs: Any) -> Plan:
    """A random valid Plan (keyword arguments as `plan_dicts`)."""
    return plan_from_dict(draw(plan_dicts(**kwargs)))
