"""The live Excel workbook: a projection's figures written with the formulas that give them.
`workbook` writes the sheets in order over `layout` (formats, tables, the cell writer); one module
per group of sheets (`inputs`, `staffing`, `resources`, `revenue`, `loans`, `statements`,
`summary`, `charts`, `sources`)."""
