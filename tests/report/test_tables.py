"""planner.report.tables: the tables and totals beside the charts add up to the engine's tables,
name plan years through `planner.report.yearly`, and the "one more agent" what-if starts from the
engine's busiest interval without rebuilding it."""

from __future__ import annotations

import ast
import inspect

import pytest

from planner.engine.pipeline import project
from planner.model.files import load_plan
from planner.model.plan import Plan
from planner.report import tables
from tests.support.tools import ROOT

TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))
QUEUE_LINE = {
    "id": "calls",
    "name": "Calls",
    "family": "front_office",
    "workload": {"type": "queue", "aht_seconds": 180, "profile": "business_hours"},
}


@pytest.fixture(scope="module", params=[p.stem for p in TEMPLATES])
def projection(request: pytest.FixtureRequest):
    return project(load_plan(ROOT / "templates" / "plans" / f"{request.param}.yaml"))


def test_cost_drivers_are_largest_first_and_shares_at_most_one(projection) -> None:
    t = tables.cost_drivers_table(projection)
    assert list(t.columns) == ["driver", "kind", "total", "share"]
    assert list(t["total"]) == sorted(t["total"], reverse=True)
    assert (t["total"] > 0).all()
    assert t["share"].sum() <= 1.0 + 1e-9


def test_yearly_statement_sums_the_months(projection) -> None:
    table = tables.yearly_statement(projection)
    assert table.loc["Revenue"].sum() == pytest.approx(projection.monthly["revenue"].sum())
    assert table.loc["Cash at year end"].iloc[-1] == pytest.approx(
        projection.monthly["closing_cash"].iloc[-1]
    )


def test_the_yearly_tables_head_their_years_with_the_one_spelling(projection) -> None:
    # The starters run from January 2027: plan years are calendar years.
    years = projection.plan.settings.horizon_months // 12
    statement = tables.yearly_statement(projection)
    headcount = tables.headcount_table(projection)
    assert list(statement.columns) == [f"Year {y} ({2026 + y})" for y in range(1, years + 1)]
    assert list(headcount.columns) == [f"End of year {y} ({2026 + y})" for y in range(1, years + 1)]


def test_totals_match_the_engine_tables(projection) -> None:
    t = tables.totals(projection)
    assert t.payroll == pytest.approx(projection.payroll["total_cost"].sum())
    assert t.marketing_spend == pytest.approx(projection.marketing["spend"].sum())
    assert t.paperwork_items == len(projection.plan.paperwork.items)
    assert 0 <= t.paperwork_done <= t.paperwork_items
    assert t.clients_won == int(projection.marketing["clients_won"].sum())


def test_part_time_roles_keep_their_share_in_the_staffing_tables(projection) -> None:
    s = projection.staffing
    last = s[s["month_no"] == s["month_no"].max()].set_index("role")["headcount"]
    table = tables.headcount_table(projection)
    assert table.iloc[:, -1].to_dict() == pytest.approx(last.to_dict())
    first_year = s[s["month_no"] <= 12]
    assert tables.hiring_plan(projection).to_numpy().sum() == pytest.approx(
        first_year["hires"].sum()
    )


def test_a_plan_starting_in_april_heads_its_years_across_two_calendar_years() -> None:
    # 15 months from April 2027: year 1 is April 2027 to March 2028, year 2 April to June 2028.
    plan = Plan.model_validate({"settings": {"first_month": "2027-04", "horizon_months": 15}})
    p = project(plan)
    assert list(tables.yearly_statement(p).columns) == [
        "Year 1 (2027-28)",
        "Year 2 (2028, 3 months)",
    ]


def test_agents_curve_brackets_the_agents_needed() -> None:
    p = project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    line = next(x.id for x in p.plan.specialty.service_lines if x.workload.type == "queue")
    curve, needed = tables.agents_curve(p, line)
    target = p.plan.service_line(line).workload.service_level
    sl = dict(zip(curve["agents"], curve["service_level"], strict=True))
    assert sl[needed] >= target or p.plan.service_line(line).workload.max_occupancy
    assert needed - 1 not in sl or sl[needed - 1] < sl[needed]


def test_the_busiest_interval_is_the_engines() -> None:
    client = {"name": "Acme", "service_line": "calls", "monthly_volume": 60_000}
    plan = Plan.model_validate(
        {
            "settings": {"horizon_months": 12},
            "specialty": {"service_lines": [QUEUE_LINE]},
            "business_plan": {"clients": [client]},
        }
    )
    p = project(plan)
    calls, seconds, agents = tables.busiest_interval(p, "calls")
    rows = p.workload[p.workload["service_line"] == "calls"]
    assert calls == pytest.approx(rows["peak_contacts"].max())
    assert agents == rows["peak_agents"].max()
    assert seconds == 1800  # the line's 30-minute interval
    curve, needed = tables.agents_curve(p, "calls")
    assert needed == agents and needed in set(curve["agents"])


def test_only_queue_work_has_an_agents_curve() -> None:
    line = {**QUEUE_LINE, "workload": {"type": "items", "minutes_per_item": 6}}
    p = project(
        Plan.model_validate(
            {"settings": {"horizon_months": 12}, "specialty": {"service_lines": [line]}}
        )
    )
    with pytest.raises(ValueError, match="calls is not a voice queue"):
        tables.agents_curve(p, "calls")


def test_a_chat_line_has_no_erlang_curve_of_its_agents() -> None:
    # its agents answer several chats at once: a curve of agents as callers would mislead
    chat = {**QUEUE_LINE["workload"], "channel": "chat", "concurrency": 2}
    line = {**QUEUE_LINE, "workload": chat}
    p = project(
        Plan.model_validate(
            {"settings": {"horizon_months": 12}, "specialty": {"service_lines": [line]}}
        )
    )
    with pytest.raises(ValueError, match="calls is not a voice queue"):
        tables.agents_curve(p, "calls")


def test_the_tables_call_no_staffing_rule_and_read_no_profile() -> None:
    tree = ast.parse(inspect.getsource(tables))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not {"staff_traffic", "load_profile", "traffic_erlangs"} & (names | imported)


def test_an_item_marked_not_needed_leaves_one_time_fees_and_the_longest_lead_time() -> None:
    # Before: SOC 2 (30,000 once, 270 days) marked "Not needed" still counted in both cards.
    # Items: registration 500 once / 21 days; SOC 2 30,000 once / 270 days, not needed.
    # One-time fees = 500; longest lead time = 21 days; done = 1 (not needed) of 2.
    plan = Plan.model_validate(
        {"paperwork": {"items": [
            {"name": "Company registration", "one_time_fee": 500, "lead_time_days": 21},
            {"name": "SOC 2 Type II report", "category": "compliance", "one_time_fee": 30000,
             "yearly_fee": 20000, "lead_time_days": 270, "status": "not_needed"},
        ]}}
    )  # fmt: skip
    tot = tables.totals(project(plan))
    assert tot.one_time_paperwork_fees == 500
    assert tot.longest_lead_time_days == 21
    assert tot.paperwork_fees == 500  # the engine charges nothing for a not-needed item
    assert (tot.paperwork_done, tot.paperwork_items) == (1, 2)
