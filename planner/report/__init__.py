"""Presenting figures to people: money, percent and numbers (`format`, the layer below the rest),
plan years (`yearly`) and two plans side by side (`compare`). No charts, no files."""
