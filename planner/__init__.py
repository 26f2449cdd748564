"""The BPO Launch Planner's domain core: the plan (`model`), the engine that turns it into a
`Projection` (`engine`, over the Erlang kernels in `queueing` and the reference data in `data`),
the steps' helpers (`steps`), presentation (`report`, `charts`), files for people (`export`),
the plans database (`storage`) and the command line (`cli`). No Streamlit and no `ui` here."""
