"""The Marketing and Revenue sheets: spend, leads and clients won; revenue by client and month.

Volume and billed units come from the engine as inputs; unit prices, revenue and the marketing
funnel are formulas over the Assumptions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    """The Revenue sheet: one row per client service and month of its contract.

    Formulas, with the contract's inputs on the Assumptions sheet (columns in `inputs`): clients
    signing = probability for a pipeline client, 1 for a signed one (a won cohort's size is an
    input); expected contracts = clients signing x renewal^INT((k - 1) / term) x (1 - yearly
    churn)^((k - 1) / 12), k the contract month; unit price = price x (1 + price-list
    rise)^INT((month - k) / 12) x (1 + yearly escalation)^INT((k - 1) / 12); revenue = billed
    units x unit price; paid in month = month + ROUNDUP(days / 30.4375) in arrears, + INT(days /
    30.4375) in advance, days = payment days + late days; bad debts = revenue x bad debt rate."""
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
        Column("signing", "Clients signing", _signing(w, df), "dec", 9),
        Column("contract_month", "Contract month", contract_month, "int", 9),
        Column("contracts", "Expected contracts", df["contracts"].to_numpy(), "dec", 10),
        Column("volume", "Volume", df["volume"].to_numpy(), "dec", 10),
        Column("billed_units", "Billed units", df["billed_units"].to_numpy(), "dec", 10),
        Column("unit_price", "Unit price", df["unit_price"].to_numpy(), "price", 11),
        Column("revenue", "Revenue", df["revenue"].to_numpy(), "money", 12, total=True),
        Column("payment_days", "Payment days", df["payment_days"].to_numpy(), "int", 9),
        Column("paid_in", "Paid in month", (df["month_no"] + df["collection_lag"]).to_numpy(),
               "int", 9),
        Column("bad_debts", "Bad debts", df["bad_debts"].to_numpy(), "money", 11),
    ]  # fmt: skip
    L = keys(cols)
    by_key = {c.key: c for c in cols}
    sources = w.p.contract_sources
    made: dict[str, list[str]] = {k: [] for k in ("signing", "contracts", "unit_price", "days")}
    made.update(paid_in=[], bad_debts=[])
    for e, r in zip(df["entity"], rows, strict=True):
        # each row's client service: a plan client's, or the contract of its kind of won client
        kind, party, service = sources[e]
        a = (inputs.clients if kind == "client" else inputs.won_clients)[party][service]
        k, x = f"{L['contract_month']}{r}", f"Assumptions!${{}}${a}"
        made["signing"].append(
            f'=IF({x.format("B")}="pipeline",{x.format("C")},1)' if kind == "client" else ""
        )
        term, renewals = f"N({x.format('H')})", f"INT(({k}-1)/N({x.format('H')}))"
        renewed = f"IF({term}=0,1,IF({renewals}=0,1,{x.format('P')}^{renewals}))"
        stayed = f"IF({k}=1,1,(1-N({x.format('R')}))^(({k}-1)/12))"
        made["contracts"].append(f"=IF(N({k})>0,{L['signing']}{r}*{renewed}*{stayed},0)")
        made["unit_price"].append(
            f"=IF(N({k})>0,{x.format('J')}*(1+N({x.format('Q')}))^INT((A{r}-{k})/12)"
            f"*(1+{x.format('K')})^INT(({k}-1)/12),0)"
        )
        made["days"].append(f"={x.format('L')}")
        days = f"({x.format('L')}+{x.format('N')})"
        made["paid_in"].append(
            f'=A{r}+IF({x.format("M")}="advance",INT({days}/30.4375),ROUNDUP({days}/30.4375,0))'
        )
        made["bad_debts"].append(f"={L['revenue']}{r}*{x.format('O')}")
    by_key["signing"].formulas = made["signing"]
    by_key["contracts"].formulas = made["contracts"]
    by_key["unit_price"].formulas = made["unit_price"]
    by_key["revenue"].formulas = [f"={L['billed_units']}{r}*{L['unit_price']}{r}" for r in rows]
    by_key["payment_days"].formulas = made["days"]
    by_key["paid_in"].formulas = made["paid_in"]
    by_key["bad_debts"].formulas = made["bad_debts"]
    return w.table_sheet(
        "Revenue",
        "Revenue by client service and month",
        "Volume and billed units (FTE, hours, items or 1 for a retainer) come from the app: "
        "inputs, weighted by the expected contracts. Expected contracts = clients signing x "
        "renewal chance^(renewals) x (1 - yearly churn)^((contract month - 1) / 12). Unit price "
        "= price x (1 + price-list rise)^(plan year signed - 1) x (1 + yearly escalation)^"
        "(contract year - 1); revenue = billed units x unit price. Invoices are paid payment "
        "days + late days after the invoice date, in months of 30.4375 days: in arrears (last "
        "day of the month) rounded up, in advance (first day) rounded down. Bad debts = revenue "
        "x bad debt rate, never paid. Months outside a contract are left out.",
        cols,
    )


def _signing(w: Writer, df: pd.DataFrame) -> list[float]:
    """Clients signing each row's contract: a plan client's probability (1 if signed), a won
    cohort's size = its expected contracts in its first month."""
    first = df[df["contract_month"] == 1].drop_duplicates("entity").set_index("entity")
    out = []
    for e in df["entity"]:
        kind, party, _ = w.p.contract_sources[e]
        if kind == "client":
            c = w.plan.business_plan.clients[party]
            out.append(c.probability if c.status == "pipeline" else 1.0)
        else:
            out.append(float(first["contracts"].get(e, np.nan)))
    return out
