"""Where a cost is paid, and in which currency: the Location column of the roles, resources and
paperwork editors, the currency their money columns are in, and the exchange-rate table of step 1.

Thin: the rules are the model's (`planner.model.plan.Settings.cost_location`) and the engine's
(`planner.engine.exchange`); this only shows them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.model.plan import Settings
from planner.report.format import number


def largest_cost_rate(settings: Settings) -> float:
    """The most units per US dollar among the cost currencies: the column's widest cap (each row
    is then checked in its own currency by the plan)."""
    return max(settings.units_per_usd_of(name) for name in settings.cost_location_names())


def location_column(settings: Settings) -> Any:
    """The Location column: blank is the main location; the others from step 1."""
    main = settings.location
    others = [n for n in settings.cost_location_names() if n != main]
    words = {"": f"{main} (main)"}
    for name in others:
        words[name] = f"{name} ({settings.cost_location(name).currency})"
    main_cur = settings.cost_location("").currency
    return st.column_config.SelectboxColumn(
        "Location (currency)",
        options=["", *others],
        format_func=lambda v: words.get(v or "", v),
        help=f"Where this cost is paid: its money is in that place's currency. Blank: {main}, "
        f"in {main_cur}. Add places and their exchange rates in step 1 (Where the work is done).",
    )


def location_of_row(row: dict[str, Any]) -> dict[str, Any]:
    """An editor row with a blank Location (None in a new row) read as the main location."""
    return {**row, "location": row.get("location") or ""}


def currency_caption(settings: Settings) -> None:
    """One line under a cost table saying which currency each location's money is in, when a plan
    pays costs in more than one."""
    if len(settings.cost_currencies()) < 2:
        return
    parts = [
        f"{name}: {settings.cost_location(name).currency}"
        for name in settings.cost_location_names()
    ]
    st.caption(
        "Money in each row is in its location's currency ("
        + "; ".join(parts)
        + f"); statements show it in {settings.currency} at each year's rate (step 1). A blank "
        f"location is your main location, {settings.location}."
    )


RATES_BY_YEAR_HELP = (
    "Optional: the rate of each plan year, separated by ';' (58.5; 60; 61.5), in place of the "
    "rate and drift; the last one holds for the years after."
)


def _rates_text(rates: list[float]) -> str:
    return "; ".join(number(r, 4, trim=True) for r in rates)


def _rates_list(row: dict[str, Any]) -> dict[str, Any]:
    """The typed "58.5; 60" back into a list of numbers; text that is not numbers is passed on for
    the model to refuse with its message."""
    text = row.get("rates_by_year")
    if not isinstance(text, str):
        return {**row, "rates_by_year": [] if text is None else text}
    parts = [p.strip() for p in text.split(";") if p.strip()]
    try:
        return {**row, "rates_by_year": [float(p.replace(",", "")) for p in parts]}
    except ValueError:
        return {**row, "rates_by_year": text}


def cost_locations_editor() -> None:
    """Step 1: the places that pay costs in their own currency, each with its exchange rate."""
    from planner.model.currency import UNITS_PER_USD
    from planner.model.plan import CostLocation
    from ui.components.widgets import (
        edit_table,
        name_column,
        number_column,
        percent_column,
        save_table,
    )
    from ui.session import state

    settings = state.get_plan().settings
    cur = settings.currency
    st.markdown("**Cost currencies**")
    st.caption(
        f"Your statements, prices and figures are in {cur}. If you pay wages, rent or fees in "
        f"another currency, add the place here with its rate: how many units of its currency one "
        f"{cur} buys in year 1 (e.g. 58.5 PHP per USD), and how the rate moves each year. Name "
        f"your main location ({settings.location}) to pay its costs in its own currency; then "
        "enter those costs in that currency in steps 3 to 5."
    )
    labels = {
        "name": "Location", "currency": "Currency", "rate": f"Units per {cur} in year 1",
        "yearly_drift": "Yearly drift", "rates_by_year": "Rates by year", "source": "Source",
    }  # fmt: skip
    columns = {
        "name": name_column(labels["name"], "The place, e.g. 'Manila, Philippines'; "
                            "your main location by its exact name.", width="medium"),
        "currency": st.column_config.SelectboxColumn(
            labels["currency"], options=sorted(UNITS_PER_USD), required=True,
            help="The currency costs there are paid in."),
        "rate": number_column(labels["rate"], f"Units of that currency per {cur} in plan year "
                              "1 (a central bank's reference rate).", CostLocation, "rate"),
        "yearly_drift": percent_column(
            labels["yearly_drift"], f"How much the rate rises each year: 3 means one {cur} buys "
            "3% more of that currency each year (your costs there fall in "
            f"{cur}).", CostLocation, "yearly_drift"),
        "rates_by_year": st.column_config.TextColumn(labels["rates_by_year"],
                                                     help=RATES_BY_YEAR_HELP),
        "source": st.column_config.TextColumn(labels["source"], width="medium",
                                              help="Where the rate comes from, and its date."),
    }  # fmt: skip

    def to_row(place: CostLocation) -> dict[str, Any]:
        row = place.model_dump(mode="json")
        row["rates_by_year"] = _rates_text(place.rates_by_year)
        return row

    places, errors = edit_table(
        "cost_locations", settings.cost_locations, CostLocation, columns,
        to_row=to_row, from_row=_rates_list,
    )  # fmt: skip
    save_table("settings.cost_locations", places, errors, **labels)
