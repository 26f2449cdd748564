"""Charts: engine results (a `Projection` or a core DataFrame) -> plotly Figure. No Streamlit.
They only draw: the tables and totals shown beside them are `planner.report.tables`.

The app draws these and the written plan exports them as images, so each figure carries its own
title, axis labels and the plan's currency. Month axes are real dates (the first of each month).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from planner.charts import sensitivity
from planner.charts.colours import (
    CASH,
    CASH_FILL,
    COST,
    DELIVERY_MODEL_COLOURS,
    LABEL_BACKGROUND,
    NEUTRAL,
    PALETTE,
    REVENUE,
)
from planner.engine.projection import Projection
from planner.model.labels import COST_LINES, STATEMENT_LABELS
from planner.report import format as fmt
from planner.report.tables import cost_drivers_table, profit_by_account

COST_CATEGORIES: tuple[tuple[str, str], ...] = tuple((c, STATEMENT_LABELS[c]) for c in COST_LINES)
"""The monthly cost columns (which add up to `total_costs`) with a founder's names for them."""
OPTIONAL_COSTS = frozenset({"revenue_tax", "payments_tax"})
"""Cost lines drawn only when the plan has them (most countries have neither tax)."""


# The white template, as the default rather than set on each figure: setting it per figure copies
# the whole template (about 17 ms a figure); as the default it is added when the figure is drawn.
pio.templates.default = "plotly_white"


def _dates(months: Iterable[str]) -> pd.Series:
    return pd.to_datetime(pd.Series(list(months), dtype="str"), format="%Y-%m")


def _layout(fig: go.Figure, title: str, y_title: str, *, x_title: str = "Month") -> go.Figure:
    """Title top left; the legend under the plot, where it never covers the title whatever the
    screen width (one row for a few short names; more rows, and more height, for many or long)."""
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    long_names = bool(shown) and max(len(str(t.name)) for t in shown) > 32
    if len(shown) <= 3 and not long_names:
        rows = 1 if shown else 0
    else:
        rows = len(shown) if long_names else (len(shown) + 1) // 2
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=380 + 22 * rows,
        margin={"l": 10, "r": 10, "t": 50, "b": 10 + 22 * rows},
        legend={"orientation": "h", "yanchor": "top", "y": -0.24, "xanchor": "left", "x": 0},
        hovermode="x unified",
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return fig


def _money_axis(fig: go.Figure, currency: str) -> None:
    fig.update_yaxes(tickformat=",.0f", separatethousands=True)
    fig.update_traces(hovertemplate=f"%{{y:,.0f}} {currency}")


def _currency(p: Projection) -> str:
    return p.plan.settings.currency


def _mark_month(fig: go.Figure, month: str, text: str, color: str) -> None:
    # add_vline's own annotation fails on date axes: draw the line and the label separately.
    x = pd.Timestamp(f"{month}-01")
    fig.add_shape(
        type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"color": color, "dash": "dot"}
    )
    fig.add_annotation(
        x=x, y=1, yref="paper", text=text, showarrow=False, xanchor="left", yanchor="top",
        font={"color": color}, bgcolor=LABEL_BACKGROUND,
    )  # fmt: skip


# --- the four charts the written plan uses --------------------------------------------------------


def revenue_and_costs(p: Projection) -> go.Figure:
    """Monthly revenue (bars) against total costs and net income (lines)."""
    m = p.monthly
    cur = _currency(p)
    x = _dates(m["month"])
    fig = go.Figure()
    fig.add_bar(x=x, y=m["revenue"], name="Revenue", marker_color=REVENUE, opacity=0.75)
    fig.add_scatter(x=x, y=m["total_costs"], name="Total costs", line={"color": COST, "width": 3})
    fig.add_scatter(
        x=x, y=m["net_income"], name="Net income", line={"color": NEUTRAL, "dash": "dash"}
    )
    _layout(fig, f"Revenue and costs per month ({cur})", cur)
    _money_axis(fig, cur)
    if p.kpis.break_even_month:
        _mark_month(fig, p.kpis.break_even_month, "break-even", REVENUE)
    return fig


def cash_balance(p: Projection) -> go.Figure:
    """Closing cash each month, with the minimum-cash line and the break-even month marked."""
    m = p.monthly
    cur = _currency(p)
    x = _dates(m["month"])
    minimum = p.plan.financing.minimum_cash
    fig = go.Figure()
    fig.add_scatter(
        x=x, y=m["closing_cash"], name="Cash in the bank", fill="tozeroy",
        line={"color": CASH, "width": 3}, fillcolor=CASH_FILL,
    )  # fmt: skip
    fig.add_scatter(
        x=x, y=[minimum] * len(x), name=f"Minimum cash ({fmt.money(minimum, cur)})",
        line={"color": COST, "dash": "dash"}, mode="lines",
    )  # fmt: skip
    _layout(fig, f"Cash balance at the end of each month ({cur})", cur)
    _money_axis(fig, cur)
    if p.kpis.break_even_month:
        _mark_month(fig, p.kpis.break_even_month, "break-even", REVENUE)
    low = p.kpis.lowest_cash_month
    if low:
        fig.add_annotation(
            x=pd.Timestamp(f"{low}-01"), y=p.kpis.lowest_cash,
            text=f"lowest: {fmt.money(p.kpis.lowest_cash, cur)}", showarrow=True, arrowhead=2,
            ax=40, ay=-40, bgcolor=LABEL_BACKGROUND,
        )  # fmt: skip
    return fig


def _stacked_bars(
    table: pd.DataFrame, by: str, value: str, name: Callable[[Any], str] = str
) -> go.Figure:
    """Monthly bars of `value`, stacked, one trace per `by` group in the order the groups first
    appear, each in the palette's next colour; `name` words a group for the legend."""
    fig = go.Figure()
    for i, (key, rows) in enumerate(table.groupby(by, sort=False)):
        fig.add_bar(
            x=_dates(rows["month"]), y=rows[value], name=name(key),
            marker_color=PALETTE[i % len(PALETTE)],
        )  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.1)
    return fig


def headcount_by_role(p: Projection) -> go.Figure:
    """People on the payroll at the end of each month, stacked by role."""
    s = p.staffing
    fig = _stacked_bars(s, "role", "headcount")
    _layout(fig, "Headcount by role (people at the end of each month)", "People")
    fig.update_traces(hovertemplate="%{y:,.0f}")
    return fig


def costs_by_category(p: Projection) -> go.Figure:
    """Monthly costs stacked by category (they add up to total costs)."""
    m = p.monthly
    cur = _currency(p)
    x = _dates(m["month"])
    fig = go.Figure()
    for i, (column, label) in enumerate(COST_CATEGORIES):
        if column in OPTIONAL_COSTS and not m[column].any():
            continue  # a tax the plan's country does not have: no empty legend entry
        fig.add_bar(x=x, y=m[column], name=label, marker_color=PALETTE[i % len(PALETTE)])
    fig.update_layout(barmode="stack", bargap=0.1)
    _layout(fig, f"Costs by category per month ({cur})", cur)
    _money_axis(fig, cur)
    return fig


# --- more charts for the pages --------------------------------------------------------------


def cost_drivers(p: Projection, top: int = 8) -> go.Figure:
    """The biggest costs over the whole plan (`planner.report.tables.cost_drivers_table`), largest
    at the top."""
    t = cost_drivers_table(p, top).iloc[::-1]
    cur = _currency(p)
    fig = go.Figure(
        go.Bar(
            x=t["total"], orientation="h",
            y=[f"{_short(d, 45)} ({k})" for d, k in zip(t["driver"], t["kind"], strict=True)],
            marker_color=COST, text=[fmt.percent(s) for s in t["share"]], textposition="auto",
            hovertemplate=f"%{{x:,.0f}} {cur}<extra></extra>",
        )
    )  # fmt: skip
    _layout(fig, f"Biggest cost drivers over the plan ({cur})", "", x_title=cur)
    fig.update_xaxes(tickformat=",.0f")
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig


def payroll_by_role(p: Projection) -> go.Figure:
    """Monthly payroll (wages plus employer burden) stacked by role."""
    cur = _currency(p)
    fig = _stacked_bars(p.payroll, "role", "total_cost")
    _layout(fig, f"Payroll by role per month, with employer costs ({cur})", cur)
    _money_axis(fig, cur)
    return fig


def workload_fte(p: Projection) -> go.Figure:
    """Productive full-time staff each service line's workload needs, per month."""
    names = {x.id: x.name for x in p.plan.specialty.service_lines}
    fig = go.Figure()
    for i, (line, rows) in enumerate(p.workload.groupby("service_line", sort=False)):
        fig.add_scatter(
            x=_dates(rows["month"]), y=rows["fte"], name=names.get(str(line), str(line)),
            mode="lines",
            stackgroup="fte", line={"color": PALETTE[i % len(PALETTE)]},
        )  # fmt: skip
    _layout(fig, "Workload: productive staff needed per service line (FTE)", "FTE")
    fig.update_traces(hovertemplate="%{y:,.1f}")
    return fig


def revenue_by_client(p: Projection) -> go.Figure:
    """Monthly revenue stacked by client (pipeline clients weighted by their probability); the
    clients marketing wins are one series."""
    cur = _currency(p)
    won = p.revenue["client"].astype(str).str.startswith("Won client")
    named = p.revenue.assign(client=p.revenue["client"].where(~won, "Clients won by marketing"))
    rev = named.groupby(["client", "month"], sort=False)["revenue"].sum().reset_index()
    fig = _stacked_bars(rev, "client", "revenue", name=lambda client: _short(str(client), 40))
    _layout(fig, f"Revenue by client per month ({cur})", cur)
    _money_axis(fig, cur)
    return fig


def capex_and_opex(p: Projection) -> go.Figure:
    """Resources: purchases (capex) and running costs (opex) per month."""
    cur = _currency(p)
    r = p.resources.groupby("month", sort=True)[["capex", "opex", "depreciation"]].sum()
    x = _dates(r.index)
    fig = go.Figure()
    fig.add_bar(x=x, y=r["capex"], name="Purchases (capex)", marker_color=PALETTE[1])
    fig.add_bar(x=x, y=r["opex"], name="Running costs (opex)", marker_color=PALETTE[0])
    fig.add_scatter(
        x=x, y=r["depreciation"], name="Depreciation", line={"color": NEUTRAL, "dash": "dot"}
    )
    fig.update_layout(barmode="group", bargap=0.15)
    _layout(fig, f"Resources: capex and opex per month ({cur})", cur)
    _money_axis(fig, cur)
    return fig


def seats_and_headcount(p: Projection) -> go.Figure:
    """Desks needed against people on the payroll: shifts share desks."""
    m = p.monthly
    x = _dates(m["month"])
    fig = go.Figure()
    fig.add_scatter(x=x, y=m["headcount"], name="People", line={"color": NEUTRAL, "dash": "dash"})
    fig.add_scatter(
        x=x, y=m["seats"], name="Seats (desks)", line={"color": CASH, "width": 3, "shape": "hv"}
    )
    _layout(fig, "Seats over time (desks needed, against people employed)", "Count")
    fig.update_traces(hovertemplate="%{y:,.0f}")
    return fig


EXPECTED_STAGE = "Expected clients (leads x share who sign)"
"""The funnel's middle stage: a fraction, unlike the whole clients won below it."""


def marketing_funnel(p: Projection) -> go.Figure:
    """Over the whole plan: leads, the clients they are expected to bring within the plan (after
    the sales cycle), and clients won."""
    mk = p.marketing
    # the engine's expected wins: leads one sales cycle earlier x conversion, within the plan
    expected = float(mk["expected_wins"].sum())
    stages = ["Leads", EXPECTED_STAGE, "Clients won (whole, signed)"]
    values = [float(mk["leads"].sum()), expected, float(mk["clients_won"].sum())]
    # Leads and clients won are whole numbers; expected clients are a fraction.
    shares = [v / values[0] if values[0] else 0.0 for v in values]
    text = [fmt.number(values[0])] + [
        f"{fmt.number(v, 1 if stage == EXPECTED_STAGE else 0)} ({fmt.percent(s)} of leads)"
        for stage, v, s in zip(stages[1:], values[1:], shares[1:], strict=True)
    ]
    fig = go.Figure(
        go.Funnel(
            y=stages, x=values, text=text, textinfo="text", textposition="outside",
            marker={"color": [PALETTE[0], PALETTE[5], REVENUE]},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )  # fmt: skip
    _layout(fig, "Marketing funnel over the plan: from leads to clients", "", x_title="")
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig


def clients_won(p: Projection) -> go.Figure:
    """Clients won each month by channel (bars) and in total so far (line)."""
    mk = p.marketing
    fig = _stacked_bars(mk, "channel", "clients_won")
    total = mk.groupby("month", sort=True)["clients_won"].sum().cumsum()
    fig.add_scatter(
        x=_dates(total.index), y=total, name="Total won so far", line={"color": NEUTRAL, "width": 3}
    )
    _layout(fig, "Clients won over time", "Clients")
    fig.update_traces(hovertemplate="%{y:,.0f}")
    return fig


def marketing_spend(p: Projection) -> go.Figure:
    cur = _currency(p)
    fig = _stacked_bars(p.marketing, "channel", "spend")
    _layout(fig, f"Marketing spend per month by channel ({cur})", cur)
    _money_axis(fig, cur)
    return fig


def service_level_curve(
    curve: pd.DataFrame, target: float, chosen_agents: int | None = None, *, title: str = ""
) -> go.Figure:
    """What each agent count buys in one busy interval: service level (and occupancy) against
    agents. `curve` has columns agents, service_level, occupancy (planner.queueing.erlang)."""
    fig = go.Figure()
    fig.add_bar(
        x=curve["agents"], y=curve["service_level"], name="Service level",
        marker_color=[REVENUE if v >= target else PALETTE[1] for v in curve["service_level"]],
        hovertemplate="%{x} agents: %{y:.1%} answered in time<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=curve["agents"], y=curve["occupancy"], name="Occupancy (share of time busy)",
        line={"color": NEUTRAL, "dash": "dot"}, hovertemplate="%{y:.0%} busy<extra></extra>",
    )  # fmt: skip
    fig.add_hline(
        y=target, line={"color": COST, "dash": "dash"},
        annotation_text=f"target {fmt.percent(target)}",
        annotation_position="top left",
    )  # fmt: skip
    if chosen_agents is not None:
        fig.add_vline(x=chosen_agents, line={"color": CASH, "dash": "dot"})
    _layout(fig, title or "Service level against agents on the phones", "Share", x_title="Agents")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    fig.update_layout(hovermode="closest")
    return fig


def scoring_chart(
    scores: pd.DataFrame, name_col: str = "candidate", score_col: str = "weighted_score"
) -> go.Figure:
    """Candidate specialties ranked by weighted score, 0 (all ones) to 100 (all fives), best at
    the top (`planner.steps.specialty.score_candidates`)."""
    t = scores.sort_values(score_col, ascending=True, na_position="first")
    best = t[score_col].max()
    fig = go.Figure(
        go.Bar(
            x=t[score_col], y=[_short(n, 50) for n in t[name_col]], orientation="h",
            marker_color=[REVENUE if v == best else PALETTE[0] for v in t[score_col]],
            text=[fmt.number(v) for v in t[score_col]], textposition="auto",
            hovertemplate="%{y}: %{x:.1f} of 100<extra></extra>",
        )
    )  # fmt: skip
    _layout(fig, "Candidate specialties ranked by weighted score", "", x_title="Score (0 to 100)")
    fig.update_xaxes(range=[0, 100])
    fig.update_layout(hovermode="closest", showlegend=False, height=max(260, 90 + 45 * len(t)))
    return fig


MODEL_COLORS = DELIVERY_MODEL_COLOURS


def delivery_models_chart(table: pd.DataFrame, currency: str) -> go.Figure:
    """Onshore, nearshore and offshore locations side by side: the loaded cost of one agent FTE a
    month (left) and the cost per productive hour (right), coloured by delivery model, the plan's
    own location marked (`planner.steps.specialty.compare_delivery_models`)."""
    from plotly.subplots import make_subplots

    t = table.iloc[::-1]
    labels = [
        ("▶ " if here else "") + _short(str(loc), 30)
        for loc, here in zip(t["location"], t["is_plan_location"], strict=True)
    ]
    fig = make_subplots(
        rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
        subplot_titles=(f"Cost of one agent FTE a month ({currency})",
                        f"Cost per productive hour ({currency})"),
    )  # fmt: skip
    for model, color in MODEL_COLORS.items():
        sel = (t["delivery_model"] == model).to_numpy()
        if not sel.any():
            continue
        ys = [lab for lab, keep in zip(labels, sel, strict=True) if keep]
        for col, column, cents, tick in (
            (1, "loaded_cost_per_fte_month", False, ",.0f"),
            (2, "cost_per_productive_hour", True, ",.2f"),
        ):
            fig.add_bar(
                x=t.loc[sel, column], y=ys, orientation="h", name=model.capitalize(),
                marker_color=color, legendgroup=model, showlegend=col == 1,
                text=[fmt.amount(v, currency, cents=cents) for v in t.loc[sel, column]],
                textposition="auto",
                hovertemplate=f"%{{y}}: %{{x:{tick}}} {currency}<extra></extra>", row=1, col=col,
            )  # fmt: skip
    _layout(fig, "Onshore, nearshore, offshore: what one agent costs", "", x_title="")
    fig.update_xaxes(title_text=currency, tickformat=",.0f", row=1, col=1)
    fig.update_xaxes(title_text=currency, tickformat=",.2f", row=1, col=2)
    fig.update_layout(
        hovermode="closest", height=max(360, 120 + 26 * len(t)), barmode="overlay",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 80, "b": 60},
    )  # fmt: skip
    return fig


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def timeline_chart(
    table: pd.DataFrame,
    *,
    task: str,
    start: str,
    finish: str,
    color: str | None = None,
    launch: str | None = None,
) -> go.Figure:
    """A Gantt-like timeline: one bar per task from `start` to `finish` (dates)."""
    t = table.sort_values(start, ascending=False)
    starts = pd.to_datetime(t[start])
    finishes = pd.to_datetime(t[finish])
    fig = go.Figure()
    groups = (
        t[color].astype(str).str.capitalize()
        if color
        else pd.Series(["Paperwork"] * len(t), index=t.index)
    )
    for i, group in enumerate(dict.fromkeys(groups)):
        sel = (groups == group).to_numpy()
        base = starts[sel]
        fig.add_bar(
            y=t[task][sel], x=(finishes[sel] - base).dt.total_seconds() * 1000, base=base,
            orientation="h", name=group, marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{y}: %{base|%d %b %Y} to %{x}<extra></extra>",
        )  # fmt: skip
    fig.update_xaxes(type="date")
    if len(t):
        # At least a month wide: items with no lead time (start = finish) drew an axis in
        # milliseconds ("23:59:59.999").
        ends = [starts.min(), finishes.max()] + ([pd.Timestamp(launch)] if launch else [])
        lo, hi = min(ends), max(ends)
        pad = max(pd.Timedelta(days=3), (pd.Timedelta(days=30) - (hi - lo)) / 2)
        fig.update_xaxes(range=[lo - pad, hi + pad])
    # Earliest start at the top, whatever group a task is in.
    fig.update_yaxes(categoryorder="array", categoryarray=list(t[task]))
    fig.update_traces(hovertemplate="%{y}<extra></extra>")
    _layout(fig, "Paperwork timeline: from applying to when each is needed", "", x_title="Date")
    if launch:
        x = pd.Timestamp(launch)
        fig.add_shape(
            type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"color": COST, "dash": "dash"}
        )
        fig.add_annotation(
            x=x, y=1, yref="paper", text="launch", showarrow=False, xanchor="left",
            font={"color": COST},
        )  # fmt: skip
    fig.update_layout(hovermode="closest", height=max(300, 80 + 28 * len(t)))
    return fig


def profit_by_client(p: Projection) -> go.Figure:
    """Over the whole plan, per client: revenue and contribution (revenue - direct staff cost,
    `planner.report.tables.profit_by_account`), bars lying down, largest revenue on top."""
    rows = profit_by_account(p, "client").rows.sort_values("revenue")
    fig = go.Figure()
    for key, name, colour in (
        ("revenue", "Revenue", REVENUE),
        ("contribution", "Contribution", PALETTE[0]),
    ):
        fig.add_bar(
            y=rows["account"].tolist(), x=rows[key].tolist(), name=name, orientation="h",
            marker_color=colour,
        )  # fmt: skip
    _layout(fig, "Which clients earn the money (whole plan)", "", x_title="")
    fig.update_layout(barmode="group", hovermode="closest")
    return fig


def sensitivity_tornado(p: Projection) -> go.Figure:
    """Funding needed with each driver alone at its low and its high (`planner.charts.sensitivity`;
    named here so the written plan finds it with the other charts)."""
    return sensitivity.funding_tornado(p)
