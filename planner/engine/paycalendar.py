"""The pay calendar: bonuses earned as people work and paid in given calendar months, and premiums
for hours worked at night. Pure: no I/O. Money per month, arrays of shape (roles, months) unless
said otherwise.

- Bonuses (`bonus_schedule`): a bonus of `share` monthly wages a year (1.0 = one month's wage, the
  Philippine 13th-month pay; 1.0 paid half in June and half in December, Colombia's prima;
  0.5 in December, Mexico's aguinaldo of 15 days) is expensed as it is earned: each month,
  accrual = share x that month's base wages / 12 (headcount x wage per person, premiums not
  included), in the pay of the role (direct or overhead labour). It is paid in cash in its
  calendar months: each payment pays everything accrued since the last payment (this month's
  accrual included). Between the two, what is owed is `accrued_pay`, a liability on the balance
  sheet. People who leave before a payment month are paid with the others in that month (the
  cash is the same, only its month can differ by a few weeks). Employer burden is charged on a
  bonus only when its `burden` flag is set (the Philippine 13th-month pay is outside SSS,
  PhilHealth and Pag-IBIG contributions; Mexico's aguinaldo is part of the salary IMSS
  contributions are charged on).
- Night premium (`night_premium_cost`): premium cost = base wages x night share x night_premium,
  for the roles that work in shifts (workload roles; managers, trainers and other fixed or ratio
  roles work days). Night share: `Staffing.night_share` when set, else from the shift pattern
  (`NIGHT_SHARE_BY_PATTERN`): a centre open around the clock in three 8-hour shifts puts 8 of
  its 24 hours, 22:00-06:00, in the night (1/3); office hours and two shifts (06:00-22:00) none.
  Burden is charged on the premium (it is wages).
- Employees only: a role whose `employment` is "contractor" (when roles carry one) earns neither
  (`_employees`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner.engine.months import month_labels
from planner.model.plan import Bonus, Role, Staffing
from planner.rounding import FloatArray


def night_share(staffing: Staffing) -> float:
    """Share of the shift workers' hours worked at night: `night_share` when set, else
    `NIGHT_SHARE_BY_PATTERN` of the shift pattern (`Staffing.hours_at_night`).

    >>> night_share(Staffing(shift_pattern="three_shifts")), night_share(Staffing(night_share=0.6))
    (0.3333333333333333, 0.6)
    """
    return staffing.hours_at_night


def _employees(roles: Sequence[Role]) -> FloatArray:
    """1.0 for each role of employees, 0.0 for contractors (shape (roles, 1)). Roles without an
    `employment` field are employees."""
    flags = [getattr(r, "employment", "employee") != "contractor" for r in roles]
    return np.array(flags, dtype=float).reshape(-1, 1)


def works_nights(roles: Sequence[Role]) -> FloatArray:
    """1.0 for the roles that work in shifts and so at night (workload roles, employees), else 0.0
    (shape (roles, 1))."""
    shifts = np.array([r.basis == "workload" for r in roles], dtype=float).reshape(-1, 1)
    flags: FloatArray = shifts * _employees(roles)
    return flags


def night_premium_cost(staffing: Staffing, wages: FloatArray) -> FloatArray:
    """Night premium per role and month (money): base wages x night share x night_premium, for
    the roles that work in shifts (`works_nights`).

    Worked example: 10 agents at 20,000 (wages 200,000), three shifts (night share 1/3), a 10%
    premium: 200,000 x 1/3 x 0.10 = 6,666.67 a month; a manager on 50,000: 0.

    >>> from planner.model.plan import Role
    >>> roles = [Role(name="Agent", monthly_wage=20000, basis="workload"),
    ...     Role(name="Manager", monthly_wage=50000, fixed_count=1)]
    >>> staffing = Staffing(roles=roles, shift_pattern="three_shifts", night_premium=0.1)
    >>> night_premium_cost(staffing, np.array([[200000.0], [50000.0]])).round(2).tolist()
    [[6666.67], [0.0]]
    """
    share = night_share(staffing) * staffing.night_premium
    cost: FloatArray = wages * share * works_nights(staffing.roles)
    return cost


def calendar_months(first_month: str, months: int) -> FloatArray:
    """The calendar month (1..12) of each plan month, from the plan's first month ("YYYY-MM").

    >>> calendar_months("2027-11", 4).tolist()
    [11.0, 12.0, 1.0, 2.0]
    """
    return np.array([float(label[5:7]) for label in month_labels(first_month, months)])


@dataclass(frozen=True)
class BonusSchedule:
    """Bonuses accrued and paid (shapes in brackets, money)."""

    accrued: FloatArray
    """(bonuses, months): share x base wages of employees / 12, summed over roles."""
    paid: FloatArray
    """(bonuses, months): in the bonus's calendar months, the balance before + this accrual."""
    owed: FloatArray
    """(bonuses, months): accrued, not yet paid, at the end of the month (accrued_pay)."""
    by_role: FloatArray
    """(roles, months): the accrual of all bonuses charged to each role's pay."""
    with_burden: FloatArray
    """(roles, months): the part of `by_role` employer burden is charged on."""


def bonus_schedule(
    bonuses: Sequence[Bonus], roles: Sequence[Role], wages: FloatArray, calendar: FloatArray
) -> BonusSchedule:
    """Accrual, payment and balance owed of each bonus (module docstring). `wages` may have a
    leading run axis, (runs, roles, months); every result then has it too.

    accrual_{b,t} = share_b x sum over employee roles of wages_t / 12;
    paid_{b,t} = owed_{b,t-1} + accrual_{b,t} when calendar_t is one of the bonus's months, else 0;
    owed_{b,t} = owed_{b,t-1} + accrual_{b,t} - paid_{b,t}.

    Worked example: one person at 20,000 a month all year from January, a 13th-month pay of 1.0
    paid in December: 20,000 x 1.0 / 12 = 1,666.67 accrued a month, owed 1,666.67 at the end of
    January, 18,333.33 at the end of November; December pays 18,333.33 + 1,666.67 = 20,000.00.

    >>> from planner.model.plan import Role
    >>> s = bonus_schedule([Bonus(months=[12], share=1.0)], [Role(name="A", monthly_wage=20000)],
    ...     np.full((1, 12), 20000.0), calendar_months("2027-01", 12))
    >>> round(float(s.accrued[0, 0]), 2), round(float(s.owed[0, 10]), 2), float(s.paid[0, 11])
    (1666.67, 18333.33, 20000.0)
    """
    months = wages.shape[-1]
    employed = wages * _employees(roles)
    base = employed.sum(axis=-2)
    runs = base.shape[:-1]  # a leading run axis (`planner.engine.batch`), or none
    accrued = np.zeros((*runs, len(bonuses), months))
    paid = np.zeros((*runs, len(bonuses), months))
    owed = np.zeros((*runs, len(bonuses), months))
    for b, bonus in enumerate(bonuses):
        accrued[..., b, :] = bonus.share * base / 12.0
        pay_month = np.isin(calendar, bonus.months)
        balance = np.zeros(runs)
        for t in range(months):
            balance = balance + accrued[..., b, t]
            if pay_month[t]:
                paid[..., b, t] = balance
                balance = np.zeros(runs)
            owed[..., b, t] = balance
    total_share = sum(bonus.share for bonus in bonuses)
    burden_share = sum(bonus.share for bonus in bonuses if bonus.burden)
    return BonusSchedule(
        accrued=accrued,
        paid=paid,
        owed=owed,
        by_role=employed * total_share / 12.0,
        with_burden=employed * burden_share / 12.0,
    )
