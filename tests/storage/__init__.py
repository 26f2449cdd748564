"""planner/storage: the plan store's cases on SQLite and PostgreSQL, and concurrent saves."""
