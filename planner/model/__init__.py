"""The plan: its typed sections (`plan`), what each field allows (`limits`), validation issues as
values (`issues`), reading and writing plan files (`files`), the starter plans (`starters`) and
the words for its ids (`labels`). Below the engine: of the planner it may import only
`planner.rounding` and the `planner.data` locator (`starters` finds the starter files with it)."""
