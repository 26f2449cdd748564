"""planner/report: comparing two plans or versions."""
