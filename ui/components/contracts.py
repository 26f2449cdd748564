"""The contract-term columns shared by the clients table (step 2) and the kinds of client won by
marketing (step 6): term, payment days, invoicing, late days, bad debts and renewal; and the
pricing columns of the services they buy (pricing model, price, base fee). One owner for their
help text, so both tables say the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from planner.model.labels import INVOICING_LABELS, PRICING_LABELS
from planner.model.plan import Client, Service, WonClient
from ui.components.widgets import field_limits, money_column, percent_column
from ui.session import state


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


PRICING_HELP = (
    "How you charge: "
    + "; ".join(PRICING_LABELS.values())
    + ". The price is per the model's unit (per contact with a base fee). Re-enter the price "
    "when you change the pricing model."
)


def pricing_columns(
    labels: dict[str, str], services: Sequence[Service], currency: str
) -> dict[str, Any]:
    """Column configs for how a service is priced: the pricing model (the eight, in words), the
    price per its unit, and the monthly base fee, shown only while a service is billed "monthly
    base fee + per contact" (`labels` must then head "base_fee"). A base fee on another model is
    refused by the plan with a message naming both."""
    cols: dict[str, Any] = {
        "pricing_model": st.column_config.SelectboxColumn(
            labels["pricing_model"], options=list(PRICING_LABELS), required=True,
            default="per_fte_month", format_func=lambda k: PRICING_LABELS.get(k, k),
            width="medium", help=PRICING_HELP,
        ),
        "price": money_column(labels["price"], "Price per unit of the pricing model (per "
                              "contact with a monthly base fee).", Service, "price",
                              currency=currency, required=True),
    }  # fmt: skip
    if needs_base_fee(services):
        cols["base_fee"] = money_column(
            labels["base_fee"], "Monthly base fee, only for 'monthly base fee + per contact' "
            "(billed each month the contract runs, not ramped, rising with the price); leave 0 "
            "on the other pricing models.", Service, "base_fee", currency=currency, default=0.0,
        )  # fmt: skip
    return cols


def needs_base_fee(services: Sequence[Service]) -> bool:
    """Whether the services table shows the base fee column: a service is billed "monthly base
    fee + per contact"."""
    return any(s.pricing_model == "base_plus_per_item" for s in services)


def show_base_fee_afresh(
    columns: dict[str, Any], services: Sequence[Service], refused: Sequence[object] = ()
) -> None:
    """Show the page afresh when the saved services need the base fee column and the table shown
    has none (or the other way round), so it comes or goes with the edit that changed the model:
    every editor restarts from the stored plan (an editor keeps the rows it started from while it
    lives, `ui.session.state.editor_base`). Not while a cell is `refused`: its message stays on
    the page (the column then follows with the next edit)."""
    if not refused and ("base_fee" in columns) != needs_base_fee(services):
        state.refresh_widgets()
        st.rerun()
