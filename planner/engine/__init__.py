"""The engine: a plan in, a `Projection` out (`planner.engine.pipeline.project`), one module per
stage. Pure: no I/O, no Streamlit. Everything the pages and exports show is computed here."""
