"""Shared page pieces: table editors, number inputs, KPI cards and the page header."""
