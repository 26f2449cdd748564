"""Shared page pieces (`widgets`): table editors, number inputs and editor columns within the
model's limits, KPI cards, the page header and the plan's warnings."""
