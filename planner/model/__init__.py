"""The plan: its typed sections (`plan`), what each field allows (`limits`), validation issues as
values (`issues`), reading and writing plan files (`files`), the starter plans (`starters`) and
the words for its ids (`labels`). Below the engine: it imports from the planner only
`planner.rounding` and the `planner.data` locator (for the starter files)."""
