"""How far the founder has got with each of the six steps: what is filled in and what is missing.

Pure checks on the plan (no engine run, no I/O). The app's sidebar and the written plan show them.
A step is complete when nothing is missing; `missing` names each gap in words a founder uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.model.plan import Plan


@dataclass(frozen=True)
class StepProgress:
    number: int
    key: str
    """The plan section the step edits (`specialty`, `business_plan`, ...)."""
    title: str
    done: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def share_done(self) -> float:
        """Share of the step's checks that pass (0 to 1)."""
        total = len(self.done) + len(self.missing)
        return len(self.done) / total if total else 1.0


STEP_TITLES: tuple[tuple[str, str], ...] = (
    ("specialty", "Specialty"),
    ("business_plan", "Business plan"),
    ("paperwork", "Paperwork"),
    ("resources", "Resources"),
    ("staffing", "Staffing"),
    ("marketing", "Marketing"),
)


def _split(checks: list[tuple[bool, str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    done = tuple(ok_text for ok, ok_text, _ in checks if ok)
    missing = tuple(gap for ok, _, gap in checks if not ok)
    return done, missing


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def step_progress(plan: Plan) -> list[StepProgress]:
    """One entry per step, in step order."""
    sp = plan.specialty
    bp = plan.business_plan
    fin = plan.financing
    pw = plan.paperwork.items
    res = plan.resources.items
    roles = plan.staffing.roles
    mk = plan.marketing

    open_items = [i for i in pw if i.status in {"to_do", "in_progress"}]
    checks: dict[str, list[tuple[bool, str, str]]] = {
        "specialty": [
            (
                bool(sp.service_lines),
                _plural(len(sp.service_lines), "service line"),
                "choose at least one service line",
            ),
            (bool(sp.target_clients), "target clients described", "describe your target clients"),
            (bool(sp.why), "why this specialty written", "say why this specialty (the gap)"),
            (
                len(sp.candidates) >= 2,
                _plural(len(sp.candidates), "candidate") + " scored",
                "score at least two candidate specialties",
            ),
        ],
        "business_plan": [
            (bool(bp.clients), _plural(len(bp.clients), "client"), "add a client or prospect"),
            (
                bool(bp.clients) and all(s.price > 0 for c in bp.clients for s in c.services),
                "every client has a price",
                "set a price for every client",
            ),
            (
                fin.opening_cash > 0 or bool(fin.equity) or bool(fin.loans),
                "funding entered",
                "enter opening cash, equity or a loan",
            ),
            (
                bool(bp.narrative.executive_summary),
                "executive summary written",
                "write the executive summary",
            ),
        ],
        "paperwork": [
            (bool(pw), _plural(len(pw), "paperwork item"), "list the registrations and licences"),
            (
                bool(pw) and not open_items,
                "all paperwork done",
                f"{_plural(len(open_items), 'item')} still to do" if open_items else "",
            ),
        ],
        "resources": [
            (bool(res), _plural(len(res), "resource"), "list equipment, space and software"),
            (
                any(r.basis == "per_seat" for r in res),
                "per-seat kit listed",
                "add what each seat needs (PC, headset, desk)",
            ),
        ],
        "staffing": [
            (bool(roles), _plural(len(roles), "role"), "add the roles you will hire"),
            (
                any(r.basis == "workload" for r in roles),
                "a role does the client work",
                "set one role's basis to 'workload' (it does the client work)",
            ),
        ],
        "marketing": [
            (bool(mk.channels), _plural(len(mk.channels), "channel"), "add marketing channels"),
            (
                any(c.leads_per_month > 0 and c.conversion_rate > 0 for c in mk.channels),
                "leads and conversion set",
                "set leads per month and conversion for a channel",
            ),
            (
                bool(mk.won_clients),
                "contracts of won clients set",
                "describe the contract a won client signs",
            ),
        ],
    }
    out = []
    for number, (key, title) in enumerate(STEP_TITLES, start=1):
        done, missing = _split(checks[key])
        out.append(StepProgress(number, key, title, done, tuple(m for m in missing if m)))
    return out
