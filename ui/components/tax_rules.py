"""The tax rules' inputs on the business plan page (step 2): income tax rates by plan year, losses
carried forward, a minimum tax, when tax is paid, and the taxes on revenue and on payments.

The rules themselves are `planner.engine.tax`; this module only shows the plan's fields and writes
the founder's edits back.
"""

from __future__ import annotations

import streamlit as st

from planner.model.labels import TAX_BASE_LABELS, TAX_PAYMENT_LABELS
from planner.model.limits import bounds
from planner.model.plan import Plan, Tax, TaxPeriod
from ui.components.widgets import (
    edit_table,
    field_limits,
    number_input,
    percent_column,
    percent_input,
    save_fields,
    save_table,
    wkey,
)

PERIOD_LABELS = {"from_year": "From year", "rate": "Rate", "base": "Taxed on"}


def tax_rules(plan: Plan) -> None:
    """The tax rules of `plan.financing.tax`, each with help saying what it does."""
    tax, cur = plan.financing.tax, plan.settings.currency
    st.markdown(
        "**Income tax rates by year**: e.g. an income-tax holiday at 0% for the first years, "
        "then 5% of gross income (the Philippine rule for registered IT-BPM exporters). "
        "Tax years are plan years (year 1 = the first 12 months)."
    )
    cols = {
        "from_year": st.column_config.NumberColumn(
            PERIOD_LABELS["from_year"], **field_limits(TaxPeriod, "from_year"), step=1, default=1,
            help="The first plan year of this rate; it applies until the next row's year. The "
            "first row starts in year 1.",
        ),
        "rate": percent_column(PERIOD_LABELS["rate"], "Income tax rate.", TaxPeriod, "rate",
                               default=0.25),
        "base": st.column_config.SelectboxColumn(
            PERIOD_LABELS["base"], options=list(TAX_BASE_LABELS), required=True,
            default="profit", format_func=lambda k: TAX_BASE_LABELS.get(k, k), width="medium",
            help="Profit: profit before tax less losses carried forward. Gross income: revenue "
            "less direct staff (the P&L's gross profit). Revenue: all revenue.",
        ),
    }  # fmt: skip
    rows, errors = edit_table("tax_schedule", tax.schedule, TaxPeriod, cols, title="from_year")
    save_table("financing.tax.schedule", rows, errors, **PERIOD_LABELS)
    st.caption(
        "These rates replace the corporate tax rate above."
        if tax.schedule
        else "No rows: the corporate tax rate above, on profit, from year 1."
    )
    _losses_and_minimum(tax, cur)
    _payment_and_other_taxes(tax)


def _losses_and_minimum(tax: Tax, cur: str) -> None:
    st.markdown("**Losses carried forward and minimum tax**")
    c1, c2, c3 = st.columns(3)
    years = number_input(
        "Losses lapse after (years)", tax.loss_years, "tax.loss_years",
        "A loss may reduce the taxable profit of this many later years, then it lapses "
        "(Philippines: 3; Mexico: 10). 0: losses never lapse. A year under a 0% rate or "
        "taxed on gross income or revenue adds no loss.",
        limits=bounds(Tax, "loss_years"), where=c1,
    )  # fmt: skip
    with c2:
        share = percent_input(
            "Share of profit losses may offset", tax.loss_offset_share, "tax.loss_share",
            "The most of a year's profit that old losses may cancel (US federal: 80%); 100%: "
            "no limit; 0: losses are not carried forward.",
            limits=bounds(Tax, "loss_offset_share"),
        )  # fmt: skip
    threshold = number_input(
        f"Profit losses may offset in full ({cur})", tax.loss_offset_threshold,
        "tax.loss_threshold",
        "Losses may cancel a year's profit up to this amount in full, and the share beside it "
        "of the profit above it (Germany: 1 million, then 60%). 0: the share applies to all.",
        limits=bounds(Tax, "loss_offset_threshold"), money=True, where=c3,
    )  # fmt: skip
    d1, d2, d3 = st.columns(3)
    with d1:
        min_rate = percent_input(
            "Minimum tax (share of gross income)", tax.minimum_rate, "tax.min_rate",
            "Tax is at least this share of the year's gross income (revenue less direct "
            "staff), e.g. the Philippine minimum corporate income tax of 2%. 0: none.",
            limits=bounds(Tax, "minimum_rate"),
        )  # fmt: skip
    min_amount = number_input(
        f"Minimum tax per year ({cur})", tax.minimum_amount, "tax.min_amount",
        "A flat minimum a year, accrued a twelfth a month; the minimum is the larger of the "
        "two. 0: none.",
        limits=bounds(Tax, "minimum_amount"), money=True, where=d2,
    )  # fmt: skip
    min_from = number_input(
        "Minimum tax from year", tax.minimum_from_year, "tax.min_from",
        "The first plan year the minimum applies (Philippines: the 4th year of operation).",
        limits=bounds(Tax, "minimum_from_year"), where=d3,
    )  # fmt: skip
    save_fields("financing.tax", loss_years=years, loss_offset_share=share,
                loss_offset_threshold=threshold, minimum_rate=min_rate,
                minimum_amount=min_amount, minimum_from_year=min_from)  # fmt: skip


def _payment_and_other_taxes(tax: Tax) -> None:
    st.markdown("**When income tax is paid, and taxes on revenue and on payments**")
    c1, c2, c3 = st.columns(3)
    payment = c1.radio(
        "Income tax paid", list(TAX_PAYMENT_LABELS), index=list(TAX_PAYMENT_LABELS).index(
            tax.payment), format_func=TAX_PAYMENT_LABELS.__getitem__, key=wkey("tax.payment"),
        help="Tax is counted in the P&L every month and owed until paid (a liability on the "
        "balance sheet); it is paid the month after each month or each calendar quarter.",
    )  # fmt: skip
    with c2:
        revenue = percent_input(
            "Tax on revenue", tax.revenue_tax_rate, "tax.revenue",
            "A tax on revenue, counted as an operating expense: Bogota's industry and commerce "
            "tax (ICA) on services is 9.66 per 1,000, typed 0.966.",
            limits=bounds(Tax, "revenue_tax_rate"),
        )  # fmt: skip
    with c3:
        payments = percent_input(
            "Tax on payments", tax.payments_tax_rate, "tax.payments",
            "A tax on money paid out of the bank (wages, suppliers, equipment, loan "
            "repayments), an operating expense: Colombia's 4 per 1,000 (GMF), typed 0.4.",
            limits=bounds(Tax, "payments_tax_rate"),
        )  # fmt: skip
    save_fields("financing.tax", payment=payment, revenue_tax_rate=revenue,
                payments_tax_rate=payments)  # fmt: skip
