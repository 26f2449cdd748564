"""planner/export: workbook formulas and values, the document, the injection guard, recalculation."""
