"""The Marketing and Revenue sheets: spend, leads and clients won; revenue by client and month.

Volume and billed units come from the engine as inputs; unit prices, revenue and the marketing
funnel are formulas over the Assumptions.
"""

from __future__ import annotations

import numpy as np

from planner.export.xlsx.inputs import InputRows
from planner.export.xlsx.layout import FIRST, Column, Table, Writer, by_entity, first_rows, keys


def marketing(w: Writer, inputs: InputRows) -> Table:
    """The Marketing sheet: spend and leads while a channel runs, whole clients won."""
    df = by_entity(w.p.marketing)
    rows = list(range(FIRST, FIRST + len(df)))
    cols = [
        *w.month_columns(df),
        Column("channel", "Channel", df["channel"].tolist(), "text", 30),
        Column("spend", "Spend", df["spend"].to_numpy(), "money", 12, total=True),
        Column("leads", "Leads", df["leads"].to_numpy(), "dec", 10),
        Column("clients_won", "Clients won", df["clients_won"].to_numpy(), "int", 10),
    ]
    leads = keys(cols)["leads"]
    spend_f, leads_f, won_f = [], [], []
    for e, r, s in zip(df["entity"], rows, first_rows(df, FIRST), strict=True):
        a = inputs.channels[e]
        on = f"AND(A{r}>=Assumptions!$E${a},A{r}<=Assumptions!$F${a})"
        spend_f.append(f"=IF({on},Assumptions!$B${a},0)")
        leads_f.append(f"=IF({on},Assumptions!$C${a},0)")
        won_f.append(f"={_wins_to_date(leads, r, s, a, '')}-{_wins_to_date(leads, r, s, a, '-1')}")
    cols[3].formulas, cols[4].formulas, cols[5].formulas = spend_f, leads_f, won_f
    return w.table_sheet(
        "Marketing",
        "Marketing: spend, leads and clients won",
        "Spend and leads run from the channel's start to its end month; clients won = whole "
        "expected wins from leads one sales cycle earlier. Revenue from wins: Revenue sheet.",
        cols,
        landscape=False,
    )


def _wins_to_date(leads: str, r: int, s: int, a: int, back: str) -> str:
    """Whole clients won to month A{r}{back}: floor(expected wins from the leads up to that month
    - SalesCycleMonths); the 1E-9 ignores floating-point noise just under a whole number, as the
    app does."""
    n = f"A{r}{back}-SalesCycleMonths"
    return (
        f"INT(IF({n}>=1,SUM({leads}${s}:INDEX({leads}${s}:{leads}{r},{n})),0)"
        f"*Assumptions!$D${a}+1E-9)"
    )


def revenue(w: Writer, inputs: InputRows) -> Table:
    """The Revenue sheet: one row per client service and month of its contract."""
    df = by_entity(w.p.revenue)
    # Months before a contract starts or after it ends bill nothing: leave those rows out (a plan
    # with many marketing wins would otherwise carry thousands of empty rows).
    running = (df["contract_month"] > 0).to_numpy()
    billing = (df[["volume", "billed_units", "revenue"]].abs().sum(axis=1) > 0).to_numpy()
    df = df[running | billing].reset_index(drop=True)
    contract_month = np.where(df["contract_month"] > 0, df["contract_month"], np.nan)
    rows = list(range(FIRST, FIRST + len(df)))
    cols = [
        *w.month_columns(df),
        Column("client", "Client", df["client"].tolist(), "text", 30),
        Column("service_line", "Service line", df["service_line"].tolist(), "text", 18),
        Column("volume", "Volume", df["volume"].to_numpy(), "dec", 10),
        Column("billed_units", "Billed units", df["billed_units"].to_numpy(), "dec", 10),
        Column("contract_month", "Contract month", contract_month, "int", 9),
        Column("unit_price", "Unit price", df["unit_price"].to_numpy(), "price", 11),
        Column("revenue", "Revenue", df["revenue"].to_numpy(), "money", 12, total=True),
        Column("payment_days", "Payment days", df["payment_days"].to_numpy(), "int", 9),
    ]
    L = keys(cols)
    by_key = {c.key: c for c in cols}
    sources = w.p.contract_sources
    price_f, days_f = [], []
    for e, r in zip(df["entity"], rows, strict=True):
        # each row's client service: a plan client's, or the contract of its kind of won client
        kind, party, service = sources[e]
        a = (inputs.clients if kind == "client" else inputs.won_clients)[party][service]
        k = f"{L['contract_month']}{r}"
        price_f.append(f"=IF(N({k})>0,Assumptions!$J${a}*(1+Assumptions!$K${a})^INT(({k}-1)/12),0)")
        days_f.append(f"=Assumptions!$L${a}")
    by_key["unit_price"].formulas = price_f
    by_key["revenue"].formulas = [f"={L['billed_units']}{r}*{L['unit_price']}{r}" for r in rows]
    by_key["payment_days"].formulas = days_f
    return w.table_sheet(
        "Revenue",
        "Revenue by client service and month",
        "Volume and billed units (FTE, hours, items or 1 for a retainer) come from the app: "
        "inputs. Unit price = price x (1 + yearly escalation)^(contract year - 1); revenue = "
        "billed units x unit price. Clients pay after their payment days, counted in 30-day "
        "months (45 days: half a month later, half two months later). Months outside a contract "
        "are left out.",
        cols,
    )
