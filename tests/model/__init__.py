"""planner/model: validation of plan files and sections, and the starter plans."""
