"""Plans in a database: the only package with SQL. It stores what `planner.model` defines and knows
nothing of the app or the command line; both use the same `PlanStore`.

- `urls`: which database (`resolve_url`: an explicit URL, else `PLANNER_DATABASE_URL`, else the
  app's secrets, else the default SQLite file), one rule for the app and the command line.
- `errors`: `StorageError`, `NotFoundError`, `ConflictError`.
- `schema`: the tables, their append-only migrations and the schema-version checks.
- `sqlite_file`: the read-only look at an SQLite file before anything is written to it.
- `store`: `PlanStore`, every operation one transaction with optimistic revisions; "go back to a
  version" is `PlanStore.restore_version`.
"""
