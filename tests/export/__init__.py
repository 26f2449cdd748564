"""planner/export: workbook formulas and values, the document, injection guard, recalculation."""
