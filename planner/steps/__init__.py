"""Pure helpers of the six steps that are not the projection: specialty scoring, the paperwork
checklist, the founder's progress and plan warnings."""
