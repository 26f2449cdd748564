"""planner/cli: each command's output, exit codes and one-line errors, run in process."""
