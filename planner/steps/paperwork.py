"""Step 3, the paperwork: which compliance items the plan implies, and when to start each item.

- `implied_compliance`: from the catalog's compliance tags of the plan's service lines (found by
  their `catalog_id`) or the words in their names, from the clients' industries and countries (a
  US health-care client brings HIPAA and business associate agreements, a Canadian one PIPEDA)
  and from the delivery site (a site in the EU or EEA brings GDPR), each item with the reasons and
  whether the plan's paperwork list covers it or marks it not needed.
- `paperwork_timeline`: each paperwork item's latest start date, so that it is done by launch.

Pure functions: a plan in, records or a DataFrame out; the catalog is read through its cached
loaders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from planner.data.catalog import ComplianceItem, Service, load_compliance, load_services
from planner.model.plan import Client, Plan, ServiceLine

TIMELINE_COLUMNS = (
    "item",
    "category",
    "status",
    "lead_time_days",
    "start_by",
    "launch_date",
    "one_time_fee",
    "yearly_fee",
    "start_month",
    "needed_by",
)
"""One row per paperwork item, earliest start first. launch_date: the 1st day of the plan's first
month (settings.first_month); needed_by: the 1st day of the item's start month (`start_month`,
1 = launch_date; 13 = a year after launch); start_by = needed_by - lead_time_days (calendar
days); fees in the plan's currency. Dates are datetime64 (a timeline chart draws start_by to
needed_by)."""


@dataclass(frozen=True)
class ComplianceFlag:
    """A compliance item the plan implies.

    reason: why: the service lines that bring it, the clients that do (by industry or country)
    and the site if it does, joined by "; ";
    covered: a paperwork item whose name mentions it (see the catalog's `match` words) is in the
    plan and not marked "not_needed"; covered_by: the names of those items; declined_by: the
    names of matching items the founder marked "not_needed" (on the checklist, not pursued).
    """

    compliance_id: str
    item: str
    reason: str
    covered: bool
    covered_by: tuple[str, ...] = ()
    declined_by: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.covered:
            state = "covered"
        elif self.declined_by:
            state = "on the checklist, marked not needed"
        else:
            state = "not yet in the paperwork list"
        return f"{self.item}: {self.reason} ({state})"


def _site_in(entry: ComplianceItem, location: str) -> str | None:
    """The country of `entry.countries` named in the plan's location, if any (whole words)."""
    for country in entry.countries:
        if re.search(rf"\b{re.escape(country)}\b", location, flags=re.IGNORECASE):
            return country
    return None


def _names_reason(names: list[str], reason: str, noun: str = "service line") -> str:
    """ "service line 'A' takes card payments" or "service lines 'A' and 'B' take card payments".

    `reason` starts with a verb in the third person singular; for several names its final "s" is
    dropped (takes -> take, handles -> handle; "is" becomes "are").
    """
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return f"{noun} {quoted[0]} {reason}"
    verb, _, rest = reason.partition(" ")
    verb = "are" if verb == "is" else verb.removesuffix("s")
    listed = ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
    return f"{noun}s {listed} {verb} {rest}".rstrip()


def _line_brings(entry: ComplianceItem, line: ServiceLine, services: dict[str, Service]) -> bool:
    """The line's catalog service is tagged with the entry, or its name or description holds one
    of the entry's `line_words` (whole words, any case, plurals too: "clinics")."""
    if line.catalog_id in services and entry.id in services[line.catalog_id].compliance:
        return True
    text = f"{line.name} {line.description}"
    return any(
        re.search(rf"\b{re.escape(word)}s?\b", text, flags=re.IGNORECASE)
        for word in entry.line_words
    )


def _client_brings(entry: ComplianceItem, client: Client) -> bool:
    """A client brings the entry when its industry is one the entry lists (or it lists none) and
    its country is one the entry lists (or it lists none, or the client has no country while the
    entry names industries: a health-care client of unknown country may well be in the US)."""
    if not entry.industries and not entry.client_countries:
        return False
    if entry.industries and client.industry not in entry.industries:
        return False
    if not entry.client_countries:
        return True
    if client.country is None:
        return bool(entry.industries)
    return client.country in entry.client_countries


def _reasons(entry: ComplianceItem, plan: Plan, services: dict[str, Service]) -> list[str]:
    """Why the plan brings the entry: its service lines, its clients and its site."""
    reasons: list[str] = []
    lines = [x.name for x in plan.specialty.service_lines if _line_brings(entry, x, services)]
    if lines:
        reasons.append(_names_reason(lines, entry.reason))
    clients = [c.name for c in plan.business_plan.clients if _client_brings(entry, c)]
    if clients:
        reasons.append(_names_reason(clients, entry.client_reason or entry.reason, "client"))
    location = plan.settings.location
    country = _site_in(entry, location)
    if country is not None:
        reasons.append(f"the delivery site ({location}) is in {country}, where it applies")
    return reasons


def implied_compliance(plan: Plan) -> list[ComplianceFlag]:
    """Compliance items implied by the plan's service lines, clients and site, in catalog order.

    A service line counts when its `catalog_id` names a catalog service tagged with the item, or
    its name or description holds one of the item's words ("Appointment setting for clinics":
    HIPAA); a client counts by its industry and country (a Canadian client: PIPEDA).

    Example: a line "Order processing" made from the catalog's `order_processing` gives
    "PCI DSS: service line 'Order processing' takes card payments".
    """
    services = {s.id: s for s in load_services()}
    paperwork = plan.paperwork.items
    flags: list[ComplianceFlag] = []
    for entry in load_compliance():
        reasons = _reasons(entry, plan, services)
        if not reasons:
            continue
        words = [w.casefold() for w in entry.match]
        matching = [p for p in paperwork if any(w in p.name.casefold() for w in words)]
        covered_by = tuple(p.name for p in matching if p.status != "not_needed")
        flags.append(
            ComplianceFlag(
                compliance_id=entry.id,
                item=entry.name,
                reason="; ".join(reasons),
                covered=bool(covered_by),
                covered_by=covered_by,
                declined_by=tuple(p.name for p in matching if p.status == "not_needed"),
            )
        )
    return flags


def launch_date(plan: Plan) -> pd.Timestamp:
    """The 1st day of the plan's first month."""
    return pd.Timestamp(f"{plan.settings.first_month}-01")


def paperwork_timeline(plan: Plan) -> pd.DataFrame:
    """When each paperwork item must start to be ready by its start month (at launch unless
    it starts later; see TIMELINE_COLUMNS).

    Example: launch 2027-01-01 and a 75-day lead time: back 31 days (December) to 2026-12-01,
    30 (November) to 2026-11-01 and 14 more to 2026-10-18: start by 2026-10-18.
    """
    items = plan.paperwork.items
    launch = launch_date(plan)
    lead = pd.to_timedelta([item.lead_time_days for item in items], unit="D")
    needed = pd.DatetimeIndex(
        [launch + pd.DateOffset(months=item.start_month - 1) for item in items]
    ).as_unit("ns")
    frame = pd.DataFrame(
        {
            "item": pd.array([i.name for i in items], dtype="str"),
            "category": pd.array([i.category for i in items], dtype="str"),
            "status": pd.array([i.status for i in items], dtype="str"),
            "lead_time_days": pd.array([i.lead_time_days for i in items], dtype="int64"),
            "start_by": pd.DatetimeIndex(needed - lead).as_unit("ns"),
            "launch_date": pd.DatetimeIndex([launch] * len(items)).as_unit("ns"),
            "one_time_fee": pd.array([i.one_time_fee for i in items], dtype="float64"),
            "yearly_fee": pd.array([i.yearly_fee for i in items], dtype="float64"),
            "start_month": pd.array([i.start_month for i in items], dtype="int64"),
            "needed_by": needed,
        },
        columns=list(TIMELINE_COLUMNS),
    )
    return frame.sort_values("start_by", kind="stable").reset_index(drop=True)
