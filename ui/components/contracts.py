"""The contract-term columns shared by the clients table (step 2) and the kinds of client won by
marketing (step 6): term, payment days, invoicing, late days, bad debts and renewal. One owner for
their help text, so both tables say the same thing."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.model.labels import INVOICING_LABELS
from planner.model.plan import Client, WonClient
from ui.components.widgets import field_limits, percent_column


def contract_columns(
    labels: dict[str, str], model: type[Client] | type[WonClient]
) -> dict[str, Any]:
    """Column configs for the contract terms of `model` (a client or a kind of won client), headed
    by `labels` (field -> header)."""
    return {
        "term_months": st.column_config.NumberColumn(
            labels["term_months"], **field_limits(model, "term_months"), step=1,
            help="Contract length in months; leave blank to run to the end of the plan.",
        ),
        "payment_days": st.column_config.NumberColumn(
            labels["payment_days"], **field_limits(model, "payment_days"), step=1, default=30,
            help="Days from the invoice date until the client is due to pay (net 30: 30). In "
            "arrears, net 30 is paid the next month, net 45 two months later (days counted in "
            "months of 30.4 days).",
        ),
        "invoicing": st.column_config.SelectboxColumn(
            labels["invoicing"], options=list(INVOICING_LABELS), required=True,
            default="arrears", format_func=lambda k: INVOICING_LABELS.get(k, k), width="medium",
            help="In arrears (usual): a month's work is invoiced on its last day. In advance: on "
            "the first day of the month served, so it is paid a month sooner.",
        ),
        "late_days": st.column_config.NumberColumn(
            labels["late_days"], **field_limits(model, "late_days"), step=1, default=0,
            help="Days the client actually pays after the due date, on average (0: on time).",
        ),
        "bad_debt_rate": percent_column(
            labels["bad_debt_rate"], "Share of invoices never paid: written off as bad debts "
            "(a cost) and never collected.", model, "bad_debt_rate", default=0.0,
        ),
        "renewal_probability": percent_column(
            labels["renewal_probability"], "Chance the contract renews for another term when "
            "its term ends (0: it ends). Counted as an expected value, at prices still rising each "
            "contract year.", model, "renewal_probability", default=0.0,
        ),
    }  # fmt: skip
