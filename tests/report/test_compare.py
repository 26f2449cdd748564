"""planner.report.compare: which assumptions differ, KPI deltas and the overlaid monthly series.

Plans are written out so each expected row can be checked by eye."""

from __future__ import annotations

import doctest
import math

import pytest

from planner.charts.overlay import overlay_figure
from planner.engine.pipeline import project
from planner.model.files import plan_from_dict
from planner.model.plan import Plan
from planner.model.starters import list_templates, load_template
from planner.report import compare
from planner.report.compare import (
    diff_plans,
    kpi_deltas,
    overlay_series,
    show_value,
)


def plan(**sections: object) -> Plan:
    base: dict[str, object] = {
        "specialty": {
            "service_lines": [
                {
                    "id": "voice",
                    "name": "Inbound voice",
                    "family": "front_office",
                    "workload": {"type": "queue"},
                }
            ]
        },
        "staffing": {
            "roles": [
                {"name": "Agent", "monthly_wage": 500, "basis": "workload"},
                {"name": "Team lead", "monthly_wage": 900, "basis": "ratio", "ratio_per": 10},
            ]
        },
    }
    base.update(sections)
    return plan_from_dict(base)


def rows(a: Plan, b: Plan) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in diff_plans(a, b).itertuples(index=False)]  # type: ignore[misc]


def test_equal_plans_have_no_differences() -> None:
    frame = diff_plans(plan(), plan())
    assert list(frame.columns) == ["field", "a", "b"]
    assert frame.empty


def test_a_changed_number_is_one_row_named_in_words() -> None:
    # Issue 12: Compare listed "financing.equity[1].amount"; now the section and field in words.
    b = plan(financing={"opening_cash": 250_000, "tax_rate": 0.3})
    assert rows(plan(), b) == [
        ("Financing > Opening cash", "0", "250,000"),
        ("Financing > Tax rate", "0.25", "0.3"),
    ]


def test_list_items_are_named_by_name_so_order_does_not_matter() -> None:
    a = plan()
    roles = [
        {"name": "Team lead", "monthly_wage": 900, "basis": "ratio", "ratio_per": 10},
        {"name": "Agent", "monthly_wage": 550, "basis": "workload"},
    ]
    b = plan(staffing={"roles": roles})
    assert rows(a, b) == [("Staffing > Roles > Agent > Monthly wage", "500", "550")]


def test_a_record_only_one_plan_has_is_one_row() -> None:
    roles = [
        {"name": "Agent", "monthly_wage": 500, "basis": "workload"},
        {"name": "Team lead", "monthly_wage": 900, "basis": "ratio", "ratio_per": 10},
        {"name": "QA analyst", "monthly_wage": 700, "fixed_count": 1},
    ]
    b = plan(staffing={"roles": roles})
    only = "Staffing > Roles > QA analyst"
    assert rows(plan(), b) == [(only, "(not in this plan)", "(included)")]
    assert rows(b, plan()) == [(only, "(included)", "(not in this plan)")]


def test_service_lines_are_matched_by_id_shown_by_name_and_nested_fields_follow() -> None:
    line = {
        "id": "voice",
        "name": "Inbound voice",
        "family": "front_office",
        "workload": {"type": "queue", "aht_seconds": 420},
    }
    b = plan(specialty={"service_lines": [line]})
    assert rows(plan(), b) == [
        (
            "Specialty > Service lines > Inbound voice > Workload > Handling time (seconds)",
            "360",
            "420",
        )
    ]


def test_records_without_names_are_numbered_from_1() -> None:
    a = plan(financing={"equity": [{"month": 1, "amount": 100}, {"month": 6, "amount": 50}]})
    b = plan(financing={"equity": [{"month": 1, "amount": 100}, {"month": 7, "amount": 50}]})
    assert rows(a, b) == [("Financing > Equity > row 2 > Month", "6", "7")]


def test_values_read_as_a_founder_writes_them() -> None:
    assert show_value(None) == "none"
    assert show_value(True) == "yes"
    assert show_value(12000.0) == "12,000"
    assert show_value(0.1 + 0.2) == "0.3"
    assert show_value(["voice", "chat"]) == "voice, chat"
    assert show_value("x" * 500).endswith("…")
    assert len(show_value("x" * 500)) == compare.MAX_SHOWN


def test_two_starter_templates_differ_in_their_settings() -> None:
    first, second = (load_template(t.id) for t in list_templates()[:2])
    frame = diff_plans(first, second)
    assert "Plan name" in set(frame["field"])
    assert not any("." in f or "[" in f or "_" in f for f in frame["field"])
    assert pd_is_text(frame)


def pd_is_text(frame: object) -> bool:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    return all(pd.api.types.is_string_dtype(frame[c]) for c in frame.columns)


# --- KPIs -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> Plan:
    return load_template(list_templates()[0].id)


def test_a_plan_compared_with_itself_moves_nothing(template: Plan) -> None:
    p = project(template)
    frame = kpi_deltas(p, p)
    assert list(frame.columns) == ["kpi", "unit", "a", "b", "delta"]
    assert len(frame) == len(compare.KPI_ROWS)
    for row in frame.itertuples():
        assert row.delta == 0 or (math.isnan(row.a) and math.isnan(row.delta))


def test_more_opening_cash_adds_exactly_that_to_ending_cash(template: Plan) -> None:
    # With no interest on cash (the starter's 2% set to 0) and tax on profit, 100,000 more at
    # the start is 100,000 more at the end, and revenue and headcount do not move.
    idle = template.financing.model_copy(update={"cash_interest_rate": 0.0})
    template = template.model_copy(update={"financing": idle})
    financing = idle.model_copy(update={"opening_cash": idle.opening_cash + 100_000})
    richer = template.model_copy(update={"financing": financing})
    frame = kpi_deltas(project(template), project(richer)).set_index("kpi")
    assert frame.loc["Cash at the end", "delta"] == pytest.approx(100_000)
    assert frame.loc["Lowest cash", "delta"] == pytest.approx(100_000)
    assert frame.loc["Total revenue", "delta"] == 0
    assert frame.loc["Peak headcount", "delta"] == 0
    assert frame.loc["Cash at the end", "unit"] == "money"


def test_months_become_months_of_the_plan() -> None:
    assert compare.month_of_plan("2027-01", "2027-01") == 1
    assert compare.month_of_plan("2029-12", "2027-01") == 36
    assert math.isnan(compare.month_of_plan(None, "2027-01"))


def test_doctests() -> None:
    assert doctest.testmod(compare).failed == 0


# --- overlaid series --------------------------------------------------------------------------


def test_overlay_series_holds_both_plans_month_by_month(template: Plan) -> None:
    pa = project(template)
    frame = overlay_series(pa, pa, "v1", "v2")
    months = template.settings.horizon_months
    assert list(frame.columns) == ["month_no", "plan", "series", "value"]
    assert len(frame) == 2 * months * len(compare.SERIES)
    cash = frame[(frame["plan"] == "v2") & (frame["series"] == "closing_cash")]
    assert cash["value"].tolist() == pytest.approx(pa.monthly["closing_cash"].tolist())

    fig = overlay_figure(frame, "closing_cash", "USD")
    assert [t.name for t in fig.data] == ["v1", "v2"]
    assert fig.layout.title.text == "Cash at month end"
    assert overlay_figure(frame, "headcount").layout.yaxis.title.text == "People"


def test_the_kpi_table_for_a_page_never_shows_none_or_nan(template: Plan) -> None:
    # Issue 12: Compare showed runway "None". A runway that never ends is said in words; the
    # rest are formatted text.
    from planner.report.compare import kpi_table

    p = project(template)
    assert p.kpis.runway_months is None  # the starter never runs out of cash
    table = kpi_table(p, p, "A", "B").set_index("Figure")
    runway = table.loc["Cash runway (months)"]
    assert (runway["A"], runway["B"], runway["Change (B - A)"]) == (
        "never runs out",
        "never runs out",
        "—",
    )
    text = " ".join(table.to_numpy().ravel())
    assert "None" not in text and "nan" not in text
    # Hand-checked: money has its symbol, a month is "month n", a change of 0 is "$0".
    assert table.loc["Funding needed", "Change (B - A)"] == "$0"
    assert table.loc["Lowest cash month (month of the plan)", "A"].startswith("month ")


def test_more_opening_cash_earns_interest_at_the_plans_rate(template: Plan) -> None:
    # At 2% a year on cash, 100,000 more at the start ends higher than 100,000 more (the interest
    # on it, less tax once the plan is taxed): between 100,000 and 100,000 x 1.02^(years) at most.
    financing = template.financing.model_copy(
        update={"opening_cash": template.financing.opening_cash + 100_000}
    )
    richer = template.model_copy(update={"financing": financing})
    frame = kpi_deltas(project(template), project(richer)).set_index("kpi")
    years = template.settings.horizon_months / 12
    assert 100_000 < frame.loc["Cash at the end", "delta"] <= 100_000 * 1.0202**years
