"""Income tax by the plan's yearly rules, its payment, and the taxes on revenue and on payments.

The tax year is the plan year (year 1 = months 1-12, year 2 = months 13-24, ...; a plan starting
in January has calendar tax years). Tax rules are yearly; the P&L is monthly. A yearly rule is made
monthly by applying it to the year-to-date figures each month and accruing the rise: tax_to_date_t
= the year's tax computed as if the year ended in month t, and tax_t = tax_to_date_t -
tax_to_date_{t-1} within the year (tax_to_date of the month before the year = 0). A loss month
after profitable months therefore accrues a negative tax (a true-up), and each complete year's tax
is exactly the yearly rule applied to the year's figures.

In a year y whose schedule entry has rate r and base b (`Financing.tax_schedule`):
- profit_ytd, gross_income_ytd, revenue_ytd: the year's profit before tax, gross income and revenue
  to date. Gross income = revenue - direct labour (the P&L's gross profit): the Philippine 5% tax
  on gross income earned is on revenue less discounts, returns and the direct costs of the service
  (RA 7916 s. 24 as amended; RA 11534 (CREATE) s. 293-294, "gross income earned"; RR 11-2005 lists
  direct salaries and wages first among those costs); the other direct costs it allows (e.g. the
  depreciation and rent of the floor the service is produced on) are not separated here, so the
  base is on the high side of what a tax adviser may agree.
- Losses carried forward (base "profit" only): a complete year taxed on profit at r > 0 with a
  negative profit adds that loss to the pool (a year with no income tax, such as an income-tax
  holiday, adds none: Philippine NIRC s. 34(D)(3)). A loss may be used in the `loss_years` years
  after the year it was made (0: for ever), the oldest first; losses not used by then lapse.
  Available_y = losses of earlier years - losses used or lapsed before year y.
  offset_ytd = min(available_y, limit(P)), P = max(profit_ytd, 0), limit(P) = min(P, H +
  s x max(P - H, 0)) with s = `loss_offset_share`, H = `loss_offset_threshold` (US federal: s =
  80%, H = 0; Germany: s = 60%, H = 1M; no limit: s = 100%).
- taxable_to_date = P - offset_ytd (base profit), max(gross_income_ytd, 0) or max(revenue_ytd, 0).
- regular_to_date = r x taxable_to_date; minimum_to_date = max(minimum_rate x max(gross_income_ytd,
  0), minimum_amount x m / 12) from `minimum_from_year` on (0 before), m = months of the year to
  date; tax_to_date = max(regular_to_date, minimum_to_date).

Every function here works on one plan (arrays of shape (months,)) or on many runs of the same
plan at once (shape (..., months), a leading run axis): the rules, rates and payment months are
the plan's, the same for every run; each run's figures are those of its own lines alone.

Payment (`tax_payments`): income tax accrued is a liability (tax_payable) until paid; in each
payment month (every month, or the month after each calendar quarter: January, April, July,
October) the amount owed at the end of the month before is paid, if positive (a negative balance,
tax paid ahead, is kept to offset later tax, not refunded).

Other taxes (`other_taxes`), operating expenses paid the month they arise: revenue_tax =
revenue_tax_rate x revenue; payments_tax = payments_tax_rate x the money paid out that month other
than income tax and the payments tax itself (direct labour + other operating expenses + interest +
capex + deposits paid when positive + loan principal).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.engine.months import shift
from planner.model.plan import Financing, Tax, TaxPayment, TaxPeriod
from planner.rounding import FloatArray

TAX_YEAR_TO_DATE = ("profit_before_tax", "gross_profit", "revenue")
"""The P&L lines the rules read, in the order `income_tax` takes them (gross income = the P&L's
gross profit)."""


@dataclass(frozen=True)
class IncomeTax:
    """Income tax per month (arrays of shape (..., months): one plan, or runs with a leading
    axis; money)."""

    taxable_to_date: FloatArray
    """The year's tax base to date after losses carried forward (see the module docstring)."""
    loss_offset_to_date: FloatArray
    """Losses of earlier years used against the year's profit to date."""
    tax_to_date: FloatArray
    """The year's income tax to date: max(regular, minimum)."""
    tax: FloatArray
    """This month's accrual: tax_to_date - the month before's within the year."""
    rate: FloatArray
    """The rate of the month's plan year (a fraction)."""
    loss_made: FloatArray
    """In the last month of a complete year: the loss it adds to the pool (else 0)."""
    losses_used: FloatArray
    """Losses used or lapsed before the month's year (the oldest first); available = losses
    made in earlier years - this."""


def year_to_date(values: FloatArray) -> FloatArray:
    """Running sums restarting every 12 months (plan years), along the last axis (shape
    (..., months) in and out).

    >>> year_to_date(np.array([1.0] * 14)).tolist()[10:]
    [11.0, 12.0, 1.0, 2.0]
    >>> year_to_date(np.array([[1.0] * 13, [2.0] * 13]))[:, 11:].tolist()
    [[12.0, 1.0], [24.0, 2.0]]
    """
    out = np.array(values, dtype=float)
    for start in range(0, out.shape[-1], 12):
        out[..., start : start + 12] = np.cumsum(out[..., start : start + 12], axis=-1)
    return out


def period_of(schedule: tuple[TaxPeriod, ...], year: int) -> TaxPeriod:
    """The schedule entry of a plan year: the last one starting in or before it."""
    return [p for p in schedule if p.from_year <= year][-1]


def offset_limit(rules: Tax, profit: FloatArray) -> FloatArray:
    """The most of a year's profit to date (P >= 0) that losses may offset:
    min(P, H + s x max(P - H, 0)).

    Example: s = 80%, H = 0, P = 1,000: 800. s = 60%, H = 100, P = 600: 100 + 0.6 x 500 = 400.

    >>> offset_limit(Tax(loss_offset_share=0.8), np.array([1000.0])).tolist()
    [800.0]
    >>> offset_limit(Tax(loss_offset_share=0.6, loss_offset_threshold=100),
    ...     np.array([50.0, 600.0])).tolist()
    [50.0, 400.0]
    """
    h, s = rules.loss_offset_threshold, rules.loss_offset_share
    limit: FloatArray = np.minimum(profit, h + s * np.maximum(profit - h, 0.0))
    return limit


def income_tax(
    financing: Financing,
    profit_before_tax: FloatArray,
    gross_income: FloatArray,
    revenue: FloatArray,
) -> IncomeTax:
    """Income tax per month by the plan's rules (formulas in the module docstring; money).
    The three lines have shape (..., months); a leading run axis gives each run its own losses
    carried forward.

    Example, 25% on profit, losses for ever without limit: profits -100 a month in year 1, +30 a
    month in year 2. Year 1: loss 1,200, no tax. Year 2, month 13: profit to date 30, offset
    min(1,200, 30) = 30, taxable 0; ... month 24: profit 360 offset in full: no tax in year 2;
    840 of the loss is left.

    >>> f = Financing(tax_rate=0.25)
    >>> pbt = np.array([-100.0] * 12 + [30.0] * 12)
    >>> t = income_tax(f, pbt, pbt, pbt)
    >>> float(t.tax.sum()), float(t.loss_offset_to_date[-1])
    (0.0, 360.0)
    """
    rules = financing.tax
    schedule = financing.tax_schedule()
    shape = np.broadcast_shapes(profit_before_tax.shape, gross_income.shape, revenue.shape)
    months = shape[-1]
    profit_ytd = year_to_date(np.broadcast_to(profit_before_tax, shape))
    gross_ytd = year_to_date(np.broadcast_to(gross_income, shape))
    revenue_ytd = year_to_date(np.broadcast_to(revenue, shape))
    taxable, offset, to_date = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    rate, loss_made, losses_used = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    # per run (shape (...)): the loss each earlier year added to the pool (0 if none), and the
    # losses used or lapsed, counted from the oldest
    losses: list[FloatArray] = []
    used: FloatArray = np.zeros(shape[:-1])
    for start in range(0, months, 12):
        year = start // 12 + 1
        sl = slice(start, min(start + 12, months))
        period = period_of(schedule, year)
        if rules.loss_years:
            used = np.maximum(used, sum(losses[: max(0, year - rules.loss_years - 1)], 0.0))
        available = (sum(losses, 0.0) - used)[..., None]
        rate[..., sl], losses_used[..., sl] = period.rate, used[..., None]
        profit = np.maximum(profit_ytd[..., sl], 0.0)
        if period.base == "profit":
            offset[..., sl] = np.minimum(available, offset_limit(rules, profit))
            taxable[..., sl] = profit - offset[..., sl]
        else:
            ytd = gross_ytd if period.base == "gross_income" else revenue_ytd
            taxable[..., sl] = np.maximum(ytd[..., sl], 0.0)
        to_date[..., sl] = np.maximum(
            period.rate * taxable[..., sl], _minimum(rules, year, gross_ytd[..., sl])
        )
        used = used + offset[..., sl.stop - 1]
        carries = period.base == "profit" and period.rate > 0
        year_loss = np.maximum(0.0, -profit_ytd[..., sl.stop - 1])
        losses.append(year_loss if carries else np.zeros(shape[:-1]))
        if sl.stop - start == 12:
            loss_made[..., sl.stop - 1] = losses[-1]
    before = shift(to_date, 1)
    before[..., ::12] = 0.0  # each year starts from nothing
    return IncomeTax(taxable, offset, to_date, to_date - before, rate, loss_made, losses_used)


def _minimum(rules: Tax, year: int, gross_ytd: FloatArray) -> FloatArray:
    """The minimum tax of a year to date: max(rate x max(gross income, 0), amount x m / 12);
    `gross_ytd` of shape (..., months of the year)."""
    m = np.arange(1, gross_ytd.shape[-1] + 1)
    if year < rules.minimum_from_year:
        return np.zeros(gross_ytd.shape)
    share = rules.minimum_rate * np.maximum(gross_ytd, 0.0)
    minimum: FloatArray = np.maximum(share, rules.minimum_amount * m / 12.0)
    return minimum


def payment_months(first_month: str, months: int, payment: TaxPayment) -> FloatArray:
    """1.0 in the months income tax is paid, else 0.0: every month, or the months after each
    calendar quarter (January, April, July, October).

    >>> payment_months("2027-02", 6, "quarterly").tolist()
    [0.0, 0.0, 1.0, 0.0, 0.0, 1.0]
    """
    calendar = (int(first_month[5:7]) - 1 + np.arange(months)) % 12  # 0 = January
    every = 3 if payment == "quarterly" else 1
    pays: FloatArray = (calendar % every == 0).astype(float)
    return pays


def tax_payments(
    tax: FloatArray, first_month: str, payment: TaxPayment
) -> tuple[FloatArray, FloatArray]:
    """(tax_paid, tax_payable) per month (money, shape (..., months) like `tax`): in a payment
    month, paid = max(0, payable at the end of the month before); payable_t = payable_{t-1} +
    tax_t - paid_t (payable_0 = 0).

    Example, quarterly from January: accruals 10, 20, 30, -5, 5: nothing paid until April, which
    pays 60 (10 + 20 + 30); payable 10, 30, 60, -5, 0.

    >>> paid, owed = tax_payments(np.array([10.0, 20, 30, -5, 5]), "2027-01", "quarterly")
    >>> paid.tolist(), owed.tolist()
    ([0.0, 0.0, 0.0, 60.0, 0.0], [10.0, 30.0, 60.0, -5.0, 0.0])
    """
    months = tax.shape[-1]
    pays = payment_months(first_month, months, payment)
    paid, payable = np.zeros_like(tax), np.zeros_like(tax)
    owed: FloatArray = np.zeros(tax.shape[:-1])  # one balance per run
    for t in range(months):
        if pays[t]:
            paid[..., t] = np.maximum(0.0, owed)
        owed = owed + (tax[..., t] - paid[..., t])
        payable[..., t] = owed
    return paid, payable


def other_taxes(rules: Tax, revenue: FloatArray, paid_out: FloatArray) -> dict[str, FloatArray]:
    """{"revenue_tax": rate x revenue, "payments_tax": rate x (paid_out + revenue_tax)} per month
    (money, shape (..., months)); paid_out = the money paid out other than income tax, the
    revenue tax and the payments tax itself.

    Example: Bogota's ICA at 9.66 per 1,000 on revenue 100,000 = 966; Colombia's GMF at 4 per
    1,000 on 79,034 paid out + the 966 = 80,000: 320.

    >>> t = other_taxes(Tax(revenue_tax_rate=0.00966, payments_tax_rate=0.004),
    ...     np.array([100_000.0]), np.array([79_034.0]))
    >>> [round(float(t[k][0]), 2) for k in ("revenue_tax", "payments_tax")]
    [966.0, 320.0]
    """
    revenue_tax = rules.revenue_tax_rate * revenue
    return {
        "revenue_tax": revenue_tax,
        "payments_tax": rules.payments_tax_rate * (paid_out + revenue_tax),
    }
