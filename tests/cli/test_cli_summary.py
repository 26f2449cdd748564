"""`python -m planner summary` and `python -m planner templates`, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.support.tools import planner

PLAN = {
    "settings": {"name": "Tiny back office", "currency": "EUR", "horizon_months": 12},
    "specialty": {
        "service_lines": [
            {
                "id": "forms",
                "name": "Forms",
                "family": "back_office",
                "workload": {"type": "items", "minutes_per_item": 6},
            }
        ]
    },
    "business_plan": {
        "clients": [
            {
                "name": "Acme",
                "service_line": "forms",
                "monthly_volume": 5000,
                "pricing_model": "per_item",
                "price": 1.5,
            }
        ]
    },
    "staffing": {"roles": [{"name": "Clerk", "monthly_wage": 900, "basis": "workload"}]},
    "financing": {"opening_cash": 10000, "minimum_cash": 2000},
}
MONTHLY_KEYS = [
    "month",
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
]
KPI_KEYS = [
    "break_even_month",
    "payback_month",
    "funding_needed",
    "ending_cash",
    "peak_headcount",
    "peak_seats",
    "total_revenue",
    "total_costs",
    "capex_total",
    "gross_margin_pct",
    "total_tax",
    "tax_owed_at_end",
    "min_dscr",
    "dscr_by_year",
    "dscr_covenant",
    "founders_irr",
    "founders_payback_month",
    "credit_line_peak",
    "interest_income",
]


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(PLAN), encoding="utf-8")
    return path


def test_summary_json_shape(plan_file: Path) -> None:
    done = planner("summary", str(plan_file), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert list(out) == ["name", "currency", "horizon_months", "kpis", "fx_sensitivity", "monthly"]
    assert (out["name"], out["currency"], out["horizon_months"]) == ("Tiny back office", "EUR", 12)
    assert out["fx_sensitivity"] == []  # every cost in the plan's one currency
    assert list(out["kpis"]) == KPI_KEYS
    assert len(out["monthly"]) == 12
    first = out["monthly"][0]
    assert list(first) == MONTHLY_KEYS
    assert first["month"] == "2027-01"
    # 5,000 items at 1.50 = 7,500 a month
    assert first["revenue"] == 7500.0
    assert isinstance(first["seats"], int)
    for row in out["monthly"]:
        assert row["total_assets"] == pytest.approx(row["total_liabilities_and_equity"], abs=0.01)
        for key in MONTHLY_KEYS[1:]:
            assert round(row[key], 2) == row[key]  # money in cents
    be = out["kpis"]["break_even_month"]
    assert be is None or (len(be) == 7 and be[4] == "-")
    payback = out["kpis"]["payback_month"]
    assert payback is None or (len(payback) == 7 and payback[4] == "-")
    assert out["kpis"]["total_revenue"] == pytest.approx(90_000.0)


def test_summary_text(plan_file: Path) -> None:
    done = planner("summary", str(plan_file))
    assert done.returncode == 0, done.stderr
    assert "Tiny back office" in done.stdout
    assert "break-even month" in done.stdout
    # the yearly table: one row a plan year, named as everywhere else (planner.report.yearly)
    assert "Year 1 (2027)" in done.stdout
    assert "2027-01 to 2027-12" not in done.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "settings:\n  horizon_months: 5\n",
            [
                "bad.yaml is not a valid plan:",
                "  Horizon months (settings.horizon_months): must be greater than or equal to 12, "
                "got 5; allowed: a whole number from 12 to 120",
            ],
        ),
        (
            "settings:\n  currency: usd\n  horizon_months: 5\n",
            [
                "bad.yaml is not a valid plan:",
                "  Currency (settings.currency): must be a three-letter currency code in capitals, "
                "e.g. USD, got 'usd'",
                "  Horizon months (settings.horizon_months): must be greater than or equal to 12, "
                "got 5; allowed: a whole number from 12 to 120",
            ],
        ),
    ],
)
def test_summary_bad_plan_prints_one_line_per_issue(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    """The same lines as `export` prints: the heading, then each issue with the field in words,
    its path in the file, what is wrong and what is allowed (never pydantic's regex)."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    done = planner("summary", str(path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.replace(str(path), "bad.yaml").rstrip("\n").splitlines()
    assert lines == [f"error: {expected[0]}", *expected[1:]]
    assert "^[A-Z]" not in done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("settings: [unclosed\n", "not valid YAML"),
        ("specialty:\n  service_lines: []\nsurprise: 1\n", "Surprise (surprise): unknown field"),
    ],
)
def test_summary_bad_plan_is_a_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    done = planner("summary", str(path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")
    assert expected in done.stderr


def test_summary_missing_file() -> None:
    done = planner("summary", "no/such/plan.yaml")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "no/such/plan.yaml" in done.stderr


def test_templates_lists_starter_plans() -> None:
    from planner.model.starters import list_templates

    done = planner("templates")
    assert done.returncode == 0, done.stderr
    for info in list_templates():
        assert info.id in done.stdout


def test_json_money_is_rounded_half_up_to_cents() -> None:
    """The summary JSON rounds as every other figure does (`planner.rounding.round_half_up`):
    Python's round() would give 0.12, 2.67 and -69267.12 (the offshore starter's first EBITDA,
    exactly -69,267.125)."""
    from planner.cli.summary import cents

    assert (cents(0.125), cents(2.675), cents(-69267.125)) == (0.13, 2.68, -69267.13)
    assert str(cents(-0.001)) == "0.0"


def test_summary_json_has_the_lenders_figures() -> None:
    from planner.cli.summary import summary_dict
    from planner.engine.pipeline import project
    from tests.support.small_plans import make_plan

    # 10,000 at 12% a year on cash, nothing else: 10,000 x (1.01^12 - 1) = 1,268.25 earned, the
    # founders' IRR 1.01^12 - 1 = 12.68%, paid back from month 1 (10,100 >= 10,000); a loan of
    # 12,000 at 12% over 12 months drawn in month 1 and never touched: payments from month 2,
    # 12,000 x 0.01 / (1 - 1.01^-12) = 1,066.1855 x 11 = 11,728.04 of debt service in year 1,
    # covered by EBITDA 0 - tax 0 = 0 (DSCR 0)
    plan = make_plan(financing={"opening_cash": 10_000, "cash_interest_rate": 0.12})
    kpis = summary_dict(project(plan))["kpis"]
    assert kpis["interest_income"] == 1268.25
    assert kpis["founders_irr"] == 0.1268
    assert kpis["founders_payback_month"] == "2027-01"
    assert (kpis["min_dscr"], kpis["dscr_by_year"], kpis["dscr_covenant"]) == (None, [], 1.25)
    assert kpis["credit_line_peak"] == 0.0
    loan = {"amount": 12_000, "yearly_rate": 0.12, "term_months": 12}
    kpis = summary_dict(project(make_plan(financing={"loans": [loan]})))["kpis"]
    year = {"year": 1, "cash_available": 0.0, "debt_service": 11_728.04, "dscr": 0.0}
    assert kpis["dscr_by_year"] == [year]
    assert kpis["min_dscr"] == 0.0


def test_summary_json_gives_the_fx_sensitivity_of_the_offshore_starter() -> None:
    # The offshore starter pays wages and rent in PHP: a dollar 10% weaker makes those costs
    # 1 / 0.9 = 11.1% dearer in dollars, so cash dips deeper; 10% stronger, less deep.
    done = planner("summary", "offshore_voice_support", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    weaker, stronger = out["fx_sensitivity"]
    assert (weaker["currency"], weaker["reporting_currency"], weaker["rate_change"]) == (
        "PHP",
        "weaker",
        -0.1,
    )
    assert stronger["reporting_currency"] == "stronger" and stronger["rate_change"] == 0.1
    lowest = min(row["closing_cash"] for row in out["monthly"])
    assert weaker["lowest_cash"] == pytest.approx(lowest + weaker["lowest_cash_change"], abs=0.02)
    assert weaker["lowest_cash_change"] < 0 < stronger["lowest_cash_change"]
    assert weaker["funding_needed_change"] >= 0 >= stronger["funding_needed_change"]
