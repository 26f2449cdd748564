"""planner/steps: specialty scoring, the paperwork checklist, progress and plan warnings."""
