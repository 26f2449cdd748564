"""How long the dashboard takes to rerun after an input changes, against the floor Streamlit and
plotly set.

- app: the real app (navigation, sidebar, the dashboard page) in AppTest; before each run the plan's
  opening cash changes, so the engine recomputes (no cache hit) and every chart is rebuilt.
- floor: a bare page that draws the same 15 KPI cards and 5 charts from a projection computed
  beforehand (no engine, no navigation, no plan state): what Streamlit and plotly cost alone.

Both run in this one process, alternately, after a warm-up; the figures are medians.
Target: app <= 1.5 x floor.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "PLANNER_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='planner-bench-')}/plans.db"
)

from streamlit.testing.v1 import AppTest  # noqa: E402

from planner.engine.pipeline import project  # noqa: E402
from planner.model.files import load_plan  # noqa: E402
from planner.model.plan import Plan  # noqa: E402

# Drawing the floor page outside a script run makes Streamlit warn once per chart: not a figure.
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True

RUNS = 15
TEMPLATE = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"


def floor_page() -> None:
    """The dashboard's drawing only: the same cards and charts from a precomputed projection."""
    import streamlit as st

    from planner.charts import figures as charts

    p = st.session_state["projection"]
    st.title("Dashboard")
    st.caption("The whole plan at a glance.")
    k = p.kpis
    values = [
        k.break_even_month, k.funding_needed, k.runway_months, k.lowest_cash, k.total_revenue,
        k.total_costs, k.total_net_income, k.ending_cash, k.gross_margin_pct,
        k.cost_per_productive_hour, k.price_per_productive_hour, k.capex_total,
        k.peak_headcount, k.peak_seats, k.cost_per_seat_month,
    ]  # fmt: skip
    for start in range(0, 15, 5):
        for col, value in zip(st.columns(5), values[start : start + 5], strict=True):
            with col, st.container(border=True, height=190):
                st.metric(f"KPI {start}", f"{value}", help="one line")
                st.caption("A one-line explanation of the figure.")
    g1, g2 = st.columns(2)
    g1.plotly_chart(charts.cash_balance(p), width="stretch")
    g2.plotly_chart(charts.revenue_and_costs(p), width="stretch")
    g3, g4 = st.columns(2)
    g3.plotly_chart(charts.costs_by_category(p), width="stretch")
    g4.plotly_chart(charts.headcount_by_role(p), width="stretch")
    st.plotly_chart(charts.cost_drivers(p), width="stretch")


def _with_cash(plan: Plan, extra: float) -> Plan:
    fin = plan.financing.model_copy(update={"opening_cash": plan.financing.opening_cash + extra})
    return plan.model_copy(update={"financing": fin})


def main() -> None:
    plan = load_plan(TEMPLATE)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["plan"] = plan
    app.run()
    app.switch_page("ui/views/dashboard.py").run()
    assert not app.exception, app.exception
    assert len(app.metric) == 15

    floor = AppTest.from_function(floor_page, default_timeout=60)
    floor.session_state["projection"] = project(plan)
    floor.run()
    assert not floor.exception, floor.exception

    app_times: list[float] = []
    floor_times: list[float] = []
    engine_times: list[float] = []
    for i in range(RUNS + 3):  # the first 3 are warm-up
        changed = _with_cash(plan, 1000.0 * (i + 1))
        app.session_state["plan"] = changed
        t0 = time.perf_counter()
        app.run()
        t1 = time.perf_counter()
        assert not app.exception, app.exception

        t2 = time.perf_counter()
        floor.run()
        t3 = time.perf_counter()

        t4 = time.perf_counter()
        project(_with_cash(plan, -1000.0 * (i + 1)))
        t5 = time.perf_counter()
        if i >= 3:
            app_times.append(t1 - t0)
            floor_times.append(t3 - t2)
            engine_times.append(t5 - t4)

    app_ms = statistics.median(app_times) * 1000
    floor_ms = statistics.median(floor_times) * 1000
    engine_ms = statistics.median(engine_times) * 1000
    ratio = app_ms / floor_ms
    print(f"plan: {TEMPLATE.stem}, {RUNS} runs each, medians")
    print(f"dashboard after an input change: {app_ms:7.1f} ms")
    print(f"floor (same cards and charts):   {floor_ms:7.1f} ms")
    print(f"the engine alone, for scale:     {engine_ms:7.1f} ms")
    print(f"ratio: {ratio:.2f} x the floor (target <= 1.5): {'OK' if ratio <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
