"""Step 3, the paperwork: which compliance items the plan implies, and when to start each item.

- `implied_compliance`: from the catalog's compliance tags of the plan's service lines (found by
  their `catalog_id`) and from the delivery site (a site in the EU or EEA brings GDPR), each item
  with the reasons and whether the plan's paperwork list already covers it.
- `paperwork_timeline`: each paperwork item's latest start date, so that it is done by launch.

Pure functions: a plan in, records or a DataFrame out; the catalog is read through its cached
loaders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from planner.data.catalog import ComplianceItem, load_compliance, load_services
from planner.model.plan import Plan

TIMELINE_COLUMNS = (
    "item",
    "category",
    "status",
    "lead_time_days",
    "start_by",
    "launch_date",
    "one_time_fee",
    "yearly_fee",
)
"""One row per paperwork item, earliest start first. launch_date: the 1st day of the plan's first
month (settings.first_month); start_by = launch_date - lead_time_days (calendar days); fees in the
plan's currency. Dates are datetime64 (a timeline chart draws start_by to launch_date)."""


@dataclass(frozen=True)
class ComplianceFlag:
    """A compliance item the plan implies.

    reason: why: the service lines that bring it, and the site if it does, joined by "; ";
    covered: a paperwork item whose name mentions it (see the catalog's `match` words) is in the
    plan and not marked "not_needed"; covered_by: the names of those items.
    """

    compliance_id: str
    item: str
    reason: str
    covered: bool
    covered_by: tuple[str, ...] = ()

    def __str__(self) -> str:
        state = "covered" if self.covered else "not yet in the paperwork list"
        return f"{self.item}: {self.reason} ({state})"


def _site_in(entry: ComplianceItem, location: str) -> str | None:
    """The country of `entry.countries` named in the plan's location, if any (whole words)."""
    for country in entry.countries:
        if re.search(rf"\b{re.escape(country)}\b", location, flags=re.IGNORECASE):
            return country
    return None


def _lines_reason(names: list[str], reason: str) -> str:
    """ "service line 'A' takes card payments" or "service lines 'A' and 'B' take card payments".

    `reason` starts with a verb in the third person singular; for several lines its final "s" is
    dropped (takes -> take, handles -> handle).
    """
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return f"service line {quoted[0]} {reason}"
    verb, _, rest = reason.partition(" ")
    verb = verb.removesuffix("s")
    listed = ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
    return f"service lines {listed} {verb} {rest}".rstrip()


def implied_compliance(plan: Plan) -> list[ComplianceFlag]:
    """Compliance items implied by the plan's service lines and site, in catalog order.

    A service line counts when its `catalog_id` names a catalog service; lines made without the
    catalog imply nothing here (the founder adds their own items).

    Example: a line "Order processing" made from the catalog's `order_processing` gives
    "PCI DSS: service line 'Order processing' takes card payments".
    """
    services = {s.id: s for s in load_services()}
    location = plan.settings.location
    paperwork = plan.paperwork.items
    flags: list[ComplianceFlag] = []
    for entry in load_compliance():
        names = [
            line.name
            for line in plan.specialty.service_lines
            if line.catalog_id in services and entry.id in services[line.catalog_id].compliance
        ]
        reasons = [_lines_reason(names, entry.reason)] if names else []
        country = _site_in(entry, location)
        if country is not None:
            reasons.append(f"the delivery site ({location}) is in {country}, where it applies")
        if not reasons:
            continue
        words = [w.casefold() for w in entry.match]
        covered_by = tuple(
            p.name
            for p in paperwork
            if p.status != "not_needed" and any(w in p.name.casefold() for w in words)
        )
        flags.append(
            ComplianceFlag(
                compliance_id=entry.id,
                item=entry.name,
                reason="; ".join(reasons),
                covered=bool(covered_by),
                covered_by=covered_by,
            )
        )
    return flags


def launch_date(plan: Plan) -> pd.Timestamp:
    """The 1st day of the plan's first month."""
    return pd.Timestamp(f"{plan.settings.first_month}-01")


def paperwork_timeline(plan: Plan) -> pd.DataFrame:
    """When each paperwork item must start to be ready at launch (see TIMELINE_COLUMNS).

    Example: launch 2027-01-01 and a 75-day lead time: back 31 days (December) to 2026-12-01,
    30 (November) to 2026-11-01 and 14 more to 2026-10-18: start by 2026-10-18.
    """
    items = plan.paperwork.items
    launch = launch_date(plan)
    lead = pd.to_timedelta([item.lead_time_days for item in items], unit="D")
    frame = pd.DataFrame(
        {
            "item": pd.array([i.name for i in items], dtype="str"),
            "category": pd.array([i.category for i in items], dtype="str"),
            "status": pd.array([i.status for i in items], dtype="str"),
            "lead_time_days": pd.array([i.lead_time_days for i in items], dtype="int64"),
            "start_by": pd.DatetimeIndex(launch - lead).as_unit("ns"),
            "launch_date": pd.DatetimeIndex([launch] * len(items)).as_unit("ns"),
            "one_time_fee": pd.array([i.one_time_fee for i in items], dtype="float64"),
            "yearly_fee": pd.array([i.yearly_fee for i in items], dtype="float64"),
        },
        columns=list(TIMELINE_COLUMNS),
    )
    return frame.sort_values("start_by", kind="stable").reset_index(drop=True)
