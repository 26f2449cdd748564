"""Who may do what to a plan: owners, shares and their roles, as the store enforces them.

A store opened as a user (`PlanStore(url, user="ana@example.com")` or `store.as_user(...)`) sees
the plans the user owns and those shared with them; every other plan answers "not found", word
for word as a plan that does not exist. What each role may do:

=========  =====================================================================================
viewer     read the plan and its versions, export it, copy it into a plan of their own
editor     also save the working copy and versions, go back to a version, rename it
owner      also delete it, share and unshare it
=========  =====================================================================================

A store opened with no user (single-user mode: the app without sign-in, the command line without
`--user`) acts as the owner of every plan, as before owners existed.
"""

from __future__ import annotations

from planner.storage.errors import PermissionDeniedError, StorageError
from planner.storage.schema import MAX_EMAIL_LENGTH, SHARE_ROLES

OWNER = "owner"
RANK = {"viewer": 1, "editor": 2, OWNER: 3}
"""Each role can do all that the roles below it can."""


def clean_email(email: str, *, field: str = "the e-mail address") -> str:
    """An e-mail address as stored: spaces trimmed, lower-case; refused (StorageError naming
    `field`) unless it looks like name@domain, without spaces, at most MAX_EMAIL_LENGTH long.

    >>> clean_email("  Ana.Reyes@Example.COM ")
    'ana.reyes@example.com'
    """
    cleaned = str(email).strip().lower()
    name, at, domain = cleaned.rpartition("@")
    if not (at and name and domain) or any(c.isspace() for c in cleaned):
        raise StorageError(f"{field} must look like name@example.com, got '{str(email).strip()}'")
    if len(cleaned) > MAX_EMAIL_LENGTH:
        raise StorageError(
            f"{field} may be at most {MAX_EMAIL_LENGTH} characters, got {len(cleaned)}"
        )
    return cleaned


def clean_user(user: str | None) -> str | None:
    """The user a store acts as: None (or blank) for single-user mode, else `clean_email`."""
    if user is None or not str(user).strip():
        return None
    return clean_email(user, field="the user")


def clean_role(role: str) -> str:
    """'viewer' or 'editor' (any case); anything else is refused naming both."""
    cleaned = str(role).strip().lower()
    if cleaned not in SHARE_ROLES:
        allowed = " or ".join(SHARE_ROLES)
        raise StorageError(f"a plan is shared as {allowed}, got '{str(role).strip()}'")
    return cleaned


def denied(name: str, owner: str, role: str, action: str) -> PermissionDeniedError:
    """The refusal of `action` ("save", "delete"...) on the plan `name` to a user with `role`."""
    whose = owner or "nobody yet"
    if role == "viewer":
        return PermissionDeniedError(
            f"you can only view the plan '{name}' (shared with you by {whose}): you cannot "
            f"{action} it; ask its owner to share it with you as an editor"
        )
    return PermissionDeniedError(
        f"only the owner of the plan '{name}' ({whose}) can {action} it; it is shared with you "
        f"as an {role}"
    )
