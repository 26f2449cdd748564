"""The Loans sheet: each loan's schedule (the engine's `Projection.loans`) as formulas over its
inputs on the Assumptions sheet: drawdown, the rate of the plan year, interest-only grace months,
PMT payment over the months left, interest on the opening balance, the principal that clears the
balance on the last payment."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from planner.export.xlsx.inputs import InputRows
from planner.export.xlsx.layout import FIRST, Column, Table, Writer, by_entity, first_rows, keys
from planner.report.yearly import plan_year

YEAR_RATES_FROM = 6
"""Assumptions' loan table: the rate in each plan year from column G (index 6) on."""


def loans(w: Writer, inputs: InputRows) -> Table:
    """The Loans sheet; returns where its table sits."""
    df = by_entity(w.p.loans)
    years = int(plan_year(w.p.monthly["month_no"]).max())
    cols = [
        *w.month_columns(df),
        Column("loan", "Loan", df["loan"].tolist(), "text", 22),
        Column("rate", "Yearly rate", df["yearly_rate"].to_numpy(), "pct", 9),
        Column("opening", "Balance at start", df["opening_balance"].to_numpy(), "money", 13),
        Column("drawdown", "Drawdown", df["drawdown"].to_numpy(), "money", 13),
        Column("payment", "Payment", df["payment"].to_numpy(), "money", 12),
        Column("interest", "Interest", df["interest"].to_numpy(), "money", 12),
        Column("principal", "Principal repaid", df["principal"].to_numpy(), "money", 12),
        Column(
            "closing", "Balance at end", df["closing_balance"].to_numpy(), "money", 13, total=True
        ),
    ]
    L = keys(cols)
    f: dict[str, list[str]] = {c.key: [] for c in cols[3:]}
    rows = range(FIRST, FIRST + len(df))
    last_rate = xl_col_to_name(YEAR_RATES_FROM + years - 1)
    for e, r, s in zip(df["entity"], rows, first_rows(df, FIRST), strict=True):
        i = inputs.loans[int(e)]
        amount, rate_input, term, start, grace = (f"Assumptions!${c}${i}" for c in "BCDEF")
        by_year = f"Assumptions!$G${i}:${last_rate}${i}"
        year = f"INT(({L['month_no']}{r}-1)/12)+1"
        k = f"({L['month_no']}{r}-{start})"
        paying = f"AND({k}>=1,{k}<={term})"
        opening, payment, interest, rate = (
            f"{L[key]}{r}" for key in ("opening", "payment", "interest", "rate")
        )
        f["rate"].append(
            f"=IF(COUNT({by_year})=0,{rate_input},INDEX({by_year},1,MIN({year},COUNT({by_year}))))"
        )
        f["opening"].append("=0" if r == s else f"={L['closing']}{r - 1}")
        f["drawdown"].append(f"=IF({L['month_no']}{r}={start},{amount},0)")
        f["payment"].append(
            f"=IF({paying},IF({k}<={grace},{opening}*{rate}/12,"
            f"PMT({rate}/12,{term}-{k}+1,-{opening})),0)"
        )
        f["interest"].append(f"=IF({paying},{opening}*{rate}/12,0)")
        f["principal"].append(
            f"=IF(AND({k}>{grace},{k}<={term}),IF({k}={term},{opening},{payment}-{interest}),0)"
        )
        f["closing"].append(f"={opening}+{L['drawdown']}{r}-{L['principal']}{r}")
    for c in cols[3:]:
        c.formulas = f[c.key]
    return w.table_sheet(
        "Loans",
        "Loans: drawdowns, interest and repayments",
        "Money arrives in the start month; from the month after, the grace months pay interest "
        "only, then equal monthly payments (PMT) over the months of the term left, recomputed on "
        "the balance when the rate changes; yearly rate = the loan's rate in that plan year "
        "(Assumptions: a rate per year, else its one rate); interest = balance x yearly rate / "
        "12; the last payment clears the balance.",
        cols,
        landscape=False,
    )
