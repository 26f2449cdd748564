"""Behaviour pinned: each starter's summary JSON and every workbook cell against snapshots."""
