"""Test helpers shared across the layers' test folders: strategies, identity checks, small plans,
storage cases and AppTest helpers."""
