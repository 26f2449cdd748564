"""The Marketing and Revenue sheets: spend, leads and clients won; revenue by client and month.

Volume and billed units come from the engine as inputs; unit prices, revenue and the marketing
funnel are formulas over the Assumptions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.engine.projection import Projection
from planner.export.xlsx.inputs import BASE_FEE_COLUMN, InputRows, has_base_fee
from planner.export.xlsx.layout import FIRST, Column, Table, Writer, by_entity, first_rows, keys
from planner.export.xlsx.scenarios import ScenarioTable
from planner.model.drivers import capped_probability
from planner.model.plan import Plan


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
        rate = f"Assumptions!$D${a}"
        if w.has_scenarios:  # conversion x the selected scenario's win rate, at most 1
            rate = f"MIN(1,{rate}*DriverWinRate)"
        won_f.append(
            f"={_wins_to_date(leads, r, s, rate, '')}-{_wins_to_date(leads, r, s, rate, '-1')}"
        )
    cols[3].formulas, cols[4].formulas, cols[5].formulas = spend_f, leads_f, won_f
    return w.table_sheet(
        "Marketing",
        "Marketing: spend, leads and clients won",
        "Spend and leads run from the channel's start to its end month; clients won = whole "
        "expected wins from leads one sales cycle earlier. Revenue from wins: Revenue sheet.",
        cols,
        landscape=False,
    )


def _wins_to_date(leads: str, r: int, s: int, rate: str, back: str) -> str:
    """Whole clients won to month A{r}{back}: floor(expected wins from the leads up to that month
    - SalesCycleMonths, x the conversion `rate`); the 1E-9 ignores floating-point noise just
    under a whole number, as the app does."""
    n = f"A{r}{back}-SalesCycleMonths"
    return f"INT(IF({n}>=1,SUM({leads}${s}:INDEX({leads}${s}:{leads}{r},{n})),0)*{rate}+1E-9)"


def revenue(w: Writer, inputs: InputRows, switch: ScenarioTable | None = None) -> Table:
    """The Revenue sheet: one row per client service and month of its contract.

    Formulas, with the contract's inputs on the Assumptions sheet (columns in `inputs`): clients
    signing = probability for a pipeline client, 1 for a signed one (a won cohort's size is an
    input); expected contracts = clients signing x renewal^INT((k - 1) / term) x (1 - yearly
    churn)^((k - 1) / 12), k the contract month; unit price = price x (1 + price-list
    rise)^INT((month - k) / 12) x (1 + yearly escalation)^INT((k - 1) / 12); revenue = billed
    units x unit price; paid in month = month + ROUNDUP(days / 30.4375) in arrears, + INT(days /
    30.4375) in advance, days = payment days + late days; bad debts = revenue x bad debt rate.

    A plan with scenarios has one block of rows per scenario (the plan as it stands first; column
    Scenario), each the engine's contracts in that scenario (start delay, volumes, won clients),
    with clients signing = MIN(1, probability x the scenario's Win rate) and the price x its
    Price (`switch`: the Scenarios sheet); revenue counts only in the selected scenario's block
    (0 in the others), so every total over the sheet follows the switch."""
    df, sources = _blocks(w)
    contract_month = np.where(df["contract_month"] > 0, df["contract_month"], np.nan)
    cols = [
        *w.month_columns(df),
        Column("client", "Client", df["client"].tolist(), "text", 30),
        Column("service_line", "Service line", df["service_line"].tolist(), "text", 18),
        Column("signing", "Clients signing", df["signing"].to_numpy(), "dec", 9),
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
    if has_base_fee(w.plan):
        cols.append(Column("base_fee", "Base fee", df["base_fee"].to_numpy(), "money", 11))
    if w.has_scenarios:
        names = [w.scenario_names[k] for k in df["variant"]]
        cols.append(Column("scenario", "Scenario", names, "text", 18))
    _formulas(cols, df, sources, inputs, switch if w.has_scenarios else None)
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
        "x bad debt rate, never paid. Months outside a contract are left out."
        + (_UNITS_NOTE if _new_units(w.plan) else "")
        + (_BASE_FEE_NOTE if has_base_fee(w.plan) else "")
        + (_SCENARIO_NOTE if w.has_scenarios else ""),
        cols,
    )


_UNITS_NOTE = (
    " Billed units by pricing model: FTE (per FTE-month), paid hours (FTE x paid hours a month), "
    "productive hours, handled minutes (volume x minutes a contact or item; 60 an hour of a "
    "project; a dial: contact rate x (talk + wrap-up seconds) / 60, the conversations), contacts "
    "or items, seats (a queue or outbound line's peak agents, other lines FTE x seats per person "
    "of the shift pattern, shared by volume), 1 a month (retainer)."
)


def _new_units(plan: Plan) -> bool:
    """Whether any contract is billed per paid hour, per handled minute, per seat or base fee +
    per contact (units the four older models' note does not name)."""
    new = {"per_paid_hour", "per_handled_minute", "per_seat", "base_plus_per_item"}
    contracts = [*plan.business_plan.clients, *plan.marketing.won_clients]
    return any(s.pricing_model in new for c in contracts for s in c.services)


_BASE_FEE_NOTE = (
    " Billed a monthly base fee + per contact: base fee = expected contracts x the monthly base "
    "fee x the same price-list and yearly rises as the unit price (never scaled by the ramp); "
    "revenue = billed units (contacts) x unit price + base fee."
)


_SCENARIO_NOTE = (
    " One block of rows per scenario (column Scenario, the app's figures in that scenario): "
    "revenue counts only in the scenario picked on the Scenarios sheet (0 in the others); "
    "clients signing = MIN(1, probability x the scenario's Win rate), unit price x its Price."
)


def _blocks(w: Writer) -> tuple[pd.DataFrame, list[tuple[str, int, int]]]:
    """The rows of each scenario's contracts, the plan as it stands first (`variant`: its
    position), and each row's contract in the plan (kind, index in the plan as it stands,
    service)."""
    frames, sources = [], []
    for k, projection in enumerate(w.variants):
        df = by_entity(projection.revenue)
        # Months before a contract starts or after it ends bill nothing: leave those rows out (a
        # plan with many marketing wins would otherwise carry thousands of empty rows).
        running = (df["contract_month"] > 0).to_numpy()
        billing = (df[["volume", "billed_units", "revenue"]].abs().sum(axis=1) > 0).to_numpy()
        df = df[running | billing].reset_index(drop=True)
        kept = _kept_clients(w, k)
        for e in df["entity"]:
            kind, party, service = projection.contract_sources[e]
            sources.append((kind, kept[party] if kind == "client" else party, service))
        if k:  # another scenario's rows bill in it only: 0 while the plan as it stands is picked
            df = df.assign(revenue=0.0, bad_debts=0.0)
        df["signing"] = _signing_values(projection, df)
        frames.append(df.assign(variant=k))
    return pd.concat(frames, ignore_index=True), sources


def _kept_clients(w: Writer, k: int) -> list[int]:
    """The plan's clients kept in scenario k, by their index in the plan as it stands (a win rate
    of 0 leaves prospects out: `planner.model.drivers.apply_drivers`)."""
    clients = w.plan.business_plan.clients
    if k == 0:
        return list(range(len(clients)))
    win = float(w.plan.scenarios[k - 1].changes.get("win_rate", 1.0))
    return [
        i
        for i, c in enumerate(clients)
        if c.status != "pipeline" or capped_probability(c.probability, win) > 0
    ]


def _formulas(
    cols: list[Column],
    df: pd.DataFrame,
    sources: list[tuple[str, int, int]],
    inputs: InputRows,
    switch: ScenarioTable | None,
) -> None:
    """The formulas of the Revenue sheet's columns (see `revenue`)."""
    L = keys(cols)
    by_key = {c.key: c for c in cols}
    rows = list(range(FIRST, FIRST + len(df)))
    made: dict[str, list[str]] = {k: [] for k in ("signing", "contracts", "unit_price", "days")}
    made.update(paid_in=[], bad_debts=[], revenue=[])
    if "base_fee" in by_key:
        made["base_fee"] = []
    for (kind, party, service), v, r in zip(sources, df["variant"], rows, strict=True):
        # each row's client service: a plan client's, or the contract of its kind of won client
        a = (inputs.clients if kind == "client" else inputs.won_clients)[party][service]
        k, x = f"{L['contract_month']}{r}", f"Assumptions!${{}}${a}"
        chance, price = x.format("C"), x.format("J")
        if switch is not None:  # this block's scenario's win rate (capped at 1) and price
            chance = f"MIN(1,{chance}*{switch.driver('win_rate', int(v))})"
            price = f"{price}*{switch.driver('price', int(v))}"
        made["signing"].append(
            f'=IF({x.format("B")}="pipeline",{chance},1)' if kind == "client" else ""
        )
        term, renewals = f"N({x.format('H')})", f"INT(({k}-1)/N({x.format('H')}))"
        renewed = f"IF({term}=0,1,IF({renewals}=0,1,{x.format('P')}^{renewals}))"
        stayed = f"IF({k}=1,1,(1-N({x.format('R')}))^(({k}-1)/12))"
        made["contracts"].append(f"=IF(N({k})>0,{L['signing']}{r}*{renewed}*{stayed},0)")
        made["unit_price"].append(
            f"=IF(N({k})>0,{price}*(1+N({x.format('Q')}))^INT((A{r}-{k})/12)"
            f"*(1+{x.format('K')})^INT(({k}-1)/12),0)"
        )
        made["days"].append(f"={x.format('L')}")
        days = f"({x.format('L')}+{x.format('N')})"
        made["paid_in"].append(
            f'=A{r}+IF({x.format("M")}="advance",INT({days}/30.4375),ROUNDUP({days}/30.4375,0))'
        )
        made["bad_debts"].append(f"={L['revenue']}{r}*{x.format('O')}")
        billed = f"{L['billed_units']}{r}*{L['unit_price']}{r}"
        if "base_fee" in L:  # contracts x base fee x the unit price's rises (and scenario price)
            fee = f"N({x.format(BASE_FEE_COLUMN)})"
            if switch is not None:
                fee = f"{fee}*{switch.driver('price', int(v))}"
            made["base_fee"].append(
                f"=IF(N({k})>0,{L['contracts']}{r}*{fee}*(1+N({x.format('Q')}))^INT((A{r}-{k})/12)"
                f"*(1+{x.format('K')})^INT(({k}-1)/12),0)"
            )
            billed = f"{billed}+{L['base_fee']}{r}"
        made["revenue"].append(
            f"=IF({L['scenario']}{r}=Scenario,{billed},0)" if switch is not None else f"={billed}"
        )
    for key, column in (("days", "payment_days"), *((c, c) for c in made if c != "days")):
        by_key[column].formulas = made[key]


def _signing_values(projection: Projection, df: pd.DataFrame) -> list[float]:
    """Clients signing each row's contract: a plan client's probability (1 if signed), a won
    cohort's size = its expected contracts in its first month."""
    first = df[df["contract_month"] == 1].drop_duplicates("entity").set_index("entity")
    out = []
    for e in df["entity"]:
        kind, party, _ = projection.contract_sources[e]
        if kind == "client":
            c = projection.plan.business_plan.clients[party]
            out.append(c.probability if c.status == "pipeline" else 1.0)
        else:
            out.append(float(first["contracts"].get(e, np.nan)))
    return out
