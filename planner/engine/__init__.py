"""The engine: a plan in, a `Projection` out (`planner.engine.pipeline.project`), one module per
stage (`revenue`, `workload`, `headcount`, `costs`, `finance`, `kpis`) over `months`, and the
`Projection` contract (`projection`). Pure: no I/O beyond the arrival profiles, no Streamlit.
Every figure the pages and exports show is computed here (one left outside: the staffing page's
agent curve, in `planner.charts.figures`)."""
