"""The live Excel workbook: a projection's figures written with the formulas that give them."""
