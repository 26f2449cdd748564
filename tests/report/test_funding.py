"""Sources and uses (`planner.report.funding`): the contingency line and the totals."""

from __future__ import annotations

import pytest

from planner.engine.pipeline import project
from planner.model.plan import CreditLine
from planner.model.starters import list_templates, load_plan_or_starter
from planner.report.funding import below_covenant, sources_and_uses
from tests.support.small_plans import make_plan

CLERK = [{"name": "Clerk", "monthly_wage": 1000, "fixed_count": 1}]


def test_contingency_is_a_share_of_the_spending_and_is_requested() -> None:
    # opening cash 20,000, a clerk at 1,000 a month for 12 months and nothing coming in: cash is
    # lowest at the end (8,000), so the window is the whole year; running costs not covered =
    # 12,000, no equipment or deposits: contingency 10% x 12,000 = 1,200, requested with it.
    # Sources 20,000 + 1,200 = 21,200 = uses 12,000 + 1,200 + cash left 8,000.
    plan = make_plan(
        staffing={"roles": CLERK}, financing={"opening_cash": 20_000, "contingency": 0.1}
    )
    fund = sources_and_uses(project(plan))
    assert fund.until == "2027-12"
    assert fund.operating == pytest.approx(12_000)
    assert fund.contingency == pytest.approx(1_200)
    assert fund.requested == pytest.approx(1_200)
    uses = dict(fund.uses)
    assert uses["Contingency (10% of the spending above)"] == pytest.approx(1_200)
    assert uses["Cash in the bank at the end"] == pytest.approx(8_000)
    assert dict(fund.sources)["Extra funding requested"] == pytest.approx(1_200)
    assert fund.total == pytest.approx(21_200)
    assert sum(x for _, x in fund.all_uses) == pytest.approx(21_200)


@pytest.mark.parametrize("template_id", [t.id for t in list_templates()])
def test_sources_equal_uses_for_every_starter(template_id: str) -> None:
    fund = sources_and_uses(project(load_plan_or_starter(template_id)))
    assert fund.total == pytest.approx(sum(x for _, x in fund.all_uses), abs=0.01)


def test_sources_include_the_credit_line_and_equal_uses() -> None:
    plan = load_plan_or_starter("onshore_bookkeeping_payroll")
    line = CreditLine(limit=80_000, yearly_rate=0.09)
    fin = plan.financing.model_copy(update={"opening_cash": 120_000, "credit_line": line})
    fund = sources_and_uses(project(plan.model_copy(update={"financing": fin})))
    assert dict(fund.all_sources)["Credit line drawn (net of repayments)"] > 0
    assert fund.total == pytest.approx(sum(x for _, x in fund.all_uses), abs=0.01)


def test_only_years_under_the_covenant_are_flagged() -> None:
    years = project(load_plan_or_starter("onshore_bookkeeping_payroll")).kpis.dscr_by_year
    assert [y.year for y in below_covenant(years, 1.25)] == [1]  # year 1 is -6.88
    assert below_covenant(years, -100.0) == ()
