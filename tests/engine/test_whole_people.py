"""People are hired and lose staff in whole people: no 0.2 or 1.1 hires in the hiring plan."""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.pipeline import project
from planner.model.starters import load_template, template_ids
from tests.support.small_plans import client, run, series


def _whole(values: object) -> bool:
    array = np.asarray(values, dtype=float)
    return bool((np.abs(array - np.round(array)) < 1e-9).all())


@pytest.mark.parametrize("starter", template_ids())
def test_starters_hire_and_lose_whole_people(starter: str) -> None:
    # Before: attrition was an expected value, so every month hired 0.1 to 4.1 people.
    plan = load_template(starter)
    staffing = project(plan).staffing
    part_time = {
        r.name for r in plan.staffing.roles if r.basis == "fixed" and not _whole(r.fixed_count)
    }
    whole_roles = staffing[~staffing.role.isin(part_time)]
    # in_training is person-months (training prorated by weeks), not people: not whole
    for column in ("required", "headcount", "hires", "leavers"):
        assert _whole(whole_roles[column]), column


def test_attrition_quits_add_up_to_whole_leavers_replaced_the_same_month() -> None:
    # 6 clerks from month 1 (600 items / 100 an FTE), 50% attrition a year: 6 x 0.5 / 12 = 0.25
    # quits due a month from month 2 (the opening headcount is 0 in month 1): 0.25, 0.5, 0.75,
    # 1.0 -> one leaves in month 5 and again in month 9; each is replaced that month, so the
    # headcount stays 6 and the year has 6 + 2 = 8 hires (before: 6 + 11 x 0.25 = 8.75).
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    r = run(
        business_plan={"clients": [client(monthly_volume=600)]},
        staffing={"roles": roles, "yearly_attrition": 0.5},
    )
    assert series(r.staffing, "headcount") == [6] * 12
    assert series(r.staffing, "leavers") == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
    assert series(r.staffing, "hires") == [6, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
    # payroll on whole people: 6 x 1,000 every month
    assert list(r.monthly.direct_labour) == [6000.0] * 12


def test_a_fall_in_the_requirement_uses_up_the_quits_due() -> None:
    # 6 clerks for 3 months, then 2 (a 3-month contract of 400 items and a 12-month one of 200);
    # 50% attrition: 0.25 quits due a month in months 2-4 (0.75, no whole one yet); in month 4
    # 4 must go anyway: 4 leave, no one is hired, and they use up the 0.75 due. Afterwards
    # 2 x 0.5 / 12 = 1/12 a month: months 5-12 add 8/12, no whole quitter within the year.
    # (Carrying the 0.75 on would have made one of the 2 leave in month 7.)
    roles = [{"name": "Clerk", "monthly_wage": 1000, "basis": "workload"}]
    clients = [client(monthly_volume=400, term_months=3), client(name="Beta", monthly_volume=200)]
    r = run(
        business_plan={"clients": clients},
        staffing={"roles": roles, "yearly_attrition": 0.5},
    )
    assert series(r.staffing, "headcount") == [6, 6, 6] + [2] * 9
    assert series(r.staffing, "leavers") == [0, 0, 0, 4] + [0] * 8
    assert series(r.staffing, "hires") == [6] + [0] * 11


def test_a_part_time_post_is_hired_as_its_fraction() -> None:
    # A fixed post of 0.5 (part-time) is one part-time person: hired once as 0.5, paid half.
    # Attrition 24% a year: 0.5 x 0.24 / 12 = 0.01 due a month, no whole quitter within a year.
    roles = [{"name": "Bookkeeper", "monthly_wage": 2000, "fixed_count": 0.5}]
    r = run(staffing={"roles": roles, "yearly_attrition": 0.24})
    assert series(r.staffing, "hires") == [0.5] + [0] * 11
    assert list(r.monthly.indirect_labour) == [1000.0] * 12
