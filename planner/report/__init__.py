"""Presenting the projection: yearly tables, comparisons of plans. No charts, no files."""
