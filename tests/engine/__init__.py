"""planner/engine: stage formulas by hand, the Projection's identities, property tests."""
