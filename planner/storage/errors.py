"""What goes wrong with the plans database, as exceptions whose message a founder can act on."""

from __future__ import annotations

from datetime import datetime


class StorageError(Exception):
    """The database cannot be used as asked: the message says what and where, and what to do."""


class NotFoundError(StorageError):
    """No plan (or version) with that id, name or number."""


class ConflictError(StorageError):
    """Another session saved the plan since this one loaded it; nothing was written."""

    def __init__(self, plan_id: int, name: str, expected: int, current: int, updated_at: datetime):
        self.plan_id = plan_id
        self.name = name
        self.expected_revision = expected
        self.current_revision = current
        self.updated_at = updated_at
        super().__init__(
            f"The plan '{name}' was changed in another tab or window at "
            f"{updated_at:%Y-%m-%d %H:%M:%S} UTC (revision {current}; this window had revision "
            f"{expected}). Your change was not saved over theirs: reload their version, or save "
            "yours as a copy."
        )


class PermissionDeniedError(StorageError):
    """The user may see the plan but not do this to it (a viewer saving, an editor deleting...):
    the message names the plan, the user's role and who can do it. Nothing was written."""
