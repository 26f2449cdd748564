"""What the Actuals page does with files, samples and the budget version, apart from drawing it.

- `samples_for(plan)`: the sample files to offer: the starter's own when the plan's service lines
  and roles are a starter's (`SampleFile.adapted` False), else every starter's long CSV, adapted
  to this plan (its fixed lines only, moved to the plan's first months).
- (`ui.session.actuals.try_import` reads a file: the importer sits below the session layer.)
- `sample_bytes(sample, plan)`: a sample's file as the page imports it.
- `BUDGET_NOTE` and `budget_version(versions)`: the named version that keeps the plan as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from planner.data import template_path
from planner.model.actuals_lines import FIXED_LINES
from planner.model.plan import Plan, plan_month_labels
from planner.model.starters import list_templates, load_template

SAMPLES = template_path("actuals")
LAYOUT_WORDS = {
    "long": "Monthly figures (CSV: month, line, value)",
    "quickbooks": "QuickBooks Online profit and loss by month (.xlsx)",
    "xero": "Xero profit and loss by month (.csv)",
}
BUDGET_NOTE = "Budget: the plan as it was before the actual figures"
"""The note of the version that keeps the plan as it was (the budget)."""


@dataclass(frozen=True)
class SampleFile:
    """A sample file: its path, the starter it was made from (its name in words), its layout
    (a key of `LAYOUT_WORDS`), and whether it is adapted to a plan it was not made for."""

    path: Path
    starter: str
    layout: str
    adapted: bool = False

    @property
    def label(self) -> str:
        words = LAYOUT_WORDS[self.layout]
        return f"{self.starter}: {words}" + (" (adapted to this plan)" if self.adapted else "")


def _shape(plan: Plan) -> tuple[frozenset[str], frozenset[str]]:
    return (
        frozenset(line.id for line in plan.specialty.service_lines),
        frozenset(role.name for role in plan.staffing.roles),
    )


def samples_for(plan: Plan) -> list[SampleFile]:
    """The samples to offer for `plan` (module docstring), in a stable order."""
    starters = {info.id: info.title for info in list_templates()}
    own = [sid for sid in starters if _shape(load_template(sid)) == _shape(plan)]
    if own:
        sid = own[0]
        return [
            SampleFile(path, starters[sid], layout)
            for layout, ext in (("long", "csv"), ("quickbooks", "xlsx"), ("xero", "csv"))
            if (path := SAMPLES / f"{sid}_{layout}.{ext}").exists()
        ]
    return [
        SampleFile(SAMPLES / f"{sid}_long.csv", name, "long", adapted=True)
        for sid, name in starters.items()
        if (SAMPLES / f"{sid}_long.csv").exists()
    ]


def sample_bytes(sample: SampleFile, plan: Plan) -> bytes:
    """The sample's file; an adapted one keeps the lines every plan has (`FIXED_LINES`) and moves
    its months, in order, onto the plan's first months (a month beyond the plan is left out)."""
    data = sample.path.read_bytes()
    if not sample.adapted:
        return data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    months = sorted({row[0] for row in rows[1:] if row})
    targets = plan_month_labels(plan.settings.first_month, plan.settings.horizon_months)
    moved = dict(zip(months, targets, strict=False))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        if row and row[1] in FIXED_LINES and row[0] in moved:
            writer.writerow([moved[row[0]], *row[1:]])
    return out.getvalue().encode("utf-8")


def without_figures(plan: Plan, keys: Sequence[tuple[str, str]]) -> Plan:
    """The plan without the actual figures of these (month, line) pairs (a P&L imported again
    with another mapping replaces what its first import gave)."""
    if plan.actuals is None:
        return plan
    drop = set(keys)
    kept = [e for e in plan.actuals.entries if (e.month, e.line) not in drop]
    return plan.model_copy(update={"actuals": plan.actuals.model_copy(update={"entries": kept})})


class Noted(Protocol):
    """A saved version as far as the budget is concerned (`planner.storage.store.VersionRecord`)."""

    @property
    def note(self) -> str: ...


V = TypeVar("V", bound=Noted)


def budget_version(versions: Sequence[V]) -> V | None:
    """The latest version kept as the budget (its note is `BUDGET_NOTE`), or None."""
    kept = [v for v in versions if v.note.startswith(BUDGET_NOTE)]
    return kept[-1] if kept else None
