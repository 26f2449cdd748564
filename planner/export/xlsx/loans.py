"""The Loans sheet: each loan's schedule (the engine's `Projection.loans`) as formulas over its
inputs on the Assumptions sheet: drawdown, PMT payment, interest on the opening balance, the
principal that clears the balance on the last payment."""

from __future__ import annotations

from planner.export.xlsx.inputs import InputRows
from planner.export.xlsx.layout import FIRST, Column, Table, Writer, by_entity, first_rows, keys


def loans(w: Writer, inputs: InputRows) -> Table:
    """The Loans sheet; returns where its table sits."""
    df = by_entity(w.p.loans)
    cols = [
        *w.month_columns(df),
        Column("loan", "Loan", df["loan"].tolist(), "text", 22),
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
    for e, r, s in zip(df["entity"], rows, first_rows(df, FIRST), strict=True):
        amount, rate, term, start = (f"Assumptions!${c}${inputs.loans[int(e)]}" for c in "BCDE")
        months_in = f"({L['month_no']}{r}-{start})"
        opening, payment, interest = (f"{L[k]}{r}" for k in ("opening", "payment", "interest"))
        f["opening"].append("=0" if r == s else f"={L['closing']}{r - 1}")
        f["drawdown"].append(f"=IF({L['month_no']}{r}={start},{amount},0)")
        f["payment"].append(
            f"=IF(AND({months_in}>=1,{months_in}<={term}),PMT({rate}/12,{term},-{amount}),0)"
        )
        f["interest"].append(f"=IF({payment}>0,{opening}*{rate}/12,0)")
        f["principal"].append(
            f"=IF({payment}>0,IF({months_in}={term},{opening},{payment}-{interest}),0)"
        )
        f["closing"].append(f"={opening}+{L['drawdown']}{r}-{L['principal']}{r}")
    for c in cols[3:]:
        c.formulas = f[c.key]
    return w.table_sheet(
        "Loans",
        "Loans: drawdowns, interest and repayments",
        "Money arrives in the start month; from the month after, equal monthly payments (PMT); "
        "interest = balance x yearly rate / 12; the last payment clears the balance.",
        cols,
        landscape=False,
    )
