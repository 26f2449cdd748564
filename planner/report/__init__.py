"""Presenting figures to people: money, percent and numbers (`format`, the layer below the rest),
plan years and their names (`yearly`), the tables and totals beside the charts (`tables`) and two
plans side by side (`compare`). No charts, no files."""
