"""planner/charts: every figure draws every starter and an empty plan, with the engine's figures."""
