"""The catalog: default services, roles, resources, paperwork, compliance items and example
locations that the pages offer to add to a plan (`planner/data/catalogs/*.yaml`).

Each loader reads its file once (cached), validates every entry and returns an immutable tuple.
Roles, resources and paperwork entries are the plan's own types (`Role`, `ResourceItem`,
`PaperworkItem`), so an entry can be added to a plan as it is. A bad catalog file raises
`PlanError` naming the file, with one `Issue` per problem at the entry's field path
(`roles.1.monthly_wage`), like a bad plan.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from planner.data import data_path
from planner.model.currency import from_usd
from planner.model.issues import Issue, PlanError, issues_from
from planner.model.limits import money_cap
from planner.model.plan import (
    DeliveryModel,
    Family,
    Industry,
    Money,
    Name,
    PaperworkItem,
    PricingModel,
    ResourceItem,
    Role,
    ServiceLine,
    Slug,
    Text,
    Workload,
)
from planner.report.format import assumption

CATALOG_DIR = data_path("catalogs")

T = TypeVar("T")
B = TypeVar("B", bound=BaseModel)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Service(_Entry):
    """A kind of outsourcing work and the defaults for a service line made from it."""

    id: Slug
    name: Name
    family: Family
    description: Text
    workload: Workload
    pricing_model: PricingModel
    remote_capable: bool
    compliance: tuple[Slug, ...] = ()
    """Ids of `compliance.yaml` entries the work usually brings."""


class ComplianceItem(_Entry):
    """A rule or certification; costs and lead time are a founder's editable assumptions."""

    id: Slug
    name: Name
    what: Text
    applies_when: Text
    reason: Text
    """Completes "service line 'X' ..." in a compliance flag."""
    match: tuple[Annotated[str, Field(min_length=1)], ...]
    """Words that, in a paperwork item's name (any case), mean a plan covers this item."""
    typical_one_time_cost: Money
    typical_yearly_cost: Money
    lead_time_days: Annotated[int, Field(ge=0, le=730)]
    source: Text
    countries: tuple[Name, ...] = ()
    """Countries where a delivery site brings the rule into force (GDPR: the EU and EEA)."""
    line_words: tuple[Annotated[str, Field(min_length=1)], ...] = ()
    """Words that, in a service line's name or description, bring the rule ("clinic": HIPAA)."""
    industries: tuple[Industry, ...] = ()
    """Clients' industries that bring the rule (health care: HIPAA)."""
    client_countries: tuple[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], ...] = ()
    """Clients' countries (ISO 3166 codes) that bring the rule (CA: PIPEDA)."""
    client_reason: Text = ""
    """Completes "client 'X' ..." in a compliance flag."""


class Location(_Entry):
    """An example delivery location with an agent's base wage range in US dollars per hour."""

    id: Slug
    name: Name
    country: Name
    client_market: Name
    delivery_model: DeliveryModel
    agent_wage_per_hour_low: Annotated[float, Field(gt=0, le=1000)]
    agent_wage_per_hour_high: Annotated[float, Field(gt=0, le=1000)]
    assumption: bool
    """True: a founder's placeholder; False: a published figure (see `source`)."""
    source: Text
    notes: Text = ""
    time_zone: Annotated[str, Field(max_length=60)] = ""
    """The site's IANA time zone (Asia/Manila); "" when not known."""

    @property
    def agent_wage_per_hour(self) -> float:
        """Midpoint of the range, in US dollars per hour."""
        return (self.agent_wage_per_hour_low + self.agent_wage_per_hour_high) / 2


def _read(name: str, key: str) -> tuple[Path, list[Any]]:
    path = CATALOG_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"catalog file {path} cannot be read: {exc}") from None
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PlanError(f"catalog file {path}: '{key}' must be a list of entries")
    return path, entries


def _validate(name: str, key: str, kind: type[T]) -> tuple[T, ...]:
    path, entries = _read(name, key)
    adapter = TypeAdapter(kind)
    out = []
    for i, entry in enumerate(entries):
        try:
            out.append(adapter.validate_python(entry))
        except ValidationError as exc:
            root = kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None
            issues = [issue.within(key, i) for issue in issues_from(exc, root)]
            raise PlanError(issues, heading=f"catalog file {path} has a bad entry:") from None
    return tuple(out)


def _unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PlanError(
                Issue((what,), f"each id must be unique, '{value}' appears twice"),
                heading=f"catalog file {CATALOG_DIR / what}.yaml has a bad entry:",
            )
        seen.add(value)


@cache
def load_compliance() -> tuple[ComplianceItem, ...]:
    """Every entry of `compliance.yaml` (read once), ids unique."""
    items = _validate("compliance.yaml", "compliance", ComplianceItem)
    _unique([c.id for c in items], "compliance")
    return items


@cache
def load_services() -> tuple[Service, ...]:
    """Every catalog service; each compliance tag must name a `compliance.yaml` entry."""
    services = _validate("services.yaml", "services", Service)
    _unique([s.id for s in services], "services")
    known = {c.id for c in load_compliance()}
    for i, service in enumerate(services):
        for tag in service.compliance:
            if tag not in known:
                allowed = ", ".join(sorted(known))
                raise PlanError(
                    Issue(
                        ("services", i, "compliance"),
                        f"'{tag}' is not a compliance item (allowed: {allowed})",
                        f"one of {allowed}",
                    ),
                    heading=f"catalog file {CATALOG_DIR / 'services.yaml'} has a bad entry:",
                )
    return services


@cache
def load_roles() -> tuple[Role, ...]:
    """Every starter role of `roles.yaml` (read once)."""
    return _validate("roles.yaml", "roles", Role)


@cache
def load_resources() -> tuple[ResourceItem, ...]:
    """Every resource item of `resources.yaml` (read once)."""
    return _validate("resources.yaml", "resources", ResourceItem)


@cache
def load_paperwork() -> tuple[PaperworkItem, ...]:
    """Every paperwork item of `paperwork.yaml` (read once)."""
    return _validate("paperwork.yaml", "paperwork", PaperworkItem)


def place_key(text: str) -> str:
    """A place name for matching: accents dropped, case folded, spaces and commas evened out, so
    "Bogota, colombia" matches "Bogotá, Colombia".

    >>> place_key("  Bogotá,Colombia ") == place_key("bogota, COLOMBIA")
    True
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    parts = [" ".join(p.split()) for p in bare.casefold().split(",")]
    return ", ".join(p for p in parts if p)


def find_location(text: str, locations: Iterable[Location]) -> Location | None:
    """The catalog location a founder's text names, whatever the accents and case: the whole name
    ("Bogota, Colombia") or its city alone ("bogota"); None when none matches."""
    key = place_key(text)
    if not key:
        return None
    for loc in locations:
        full = place_key(loc.name)
        if key in (full, full.split(", ")[0]):
            return loc
    return None


@cache
def load_locations() -> tuple[Location, ...]:
    """Every location of `locations.yaml` (read once), ids unique, wage range low <= high."""
    locations = _validate("locations.yaml", "locations", Location)
    _unique([loc.id for loc in locations], "locations")
    for i, loc in enumerate(locations):
        if loc.agent_wage_per_hour_low > loc.agent_wage_per_hour_high:
            high = loc.agent_wage_per_hour_high
            raise PlanError(
                Issue(
                    ("locations", i, "agent_wage_per_hour_low"),
                    f"must be at most agent_wage_per_hour_high ({assumption(high)}), "
                    f"got {assumption(loc.agent_wage_per_hour_low)}",
                    f"a number up to agent_wage_per_hour_high ({assumption(high)})",
                ),
                heading=f"catalog file {CATALOG_DIR / 'locations.yaml'} has a bad entry:",
            )
    return locations


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_HasId)


def _by_id(entries: tuple[E, ...], wanted: str, what: str) -> E:
    for entry in entries:
        if entry.id == wanted:
            return entry
    allowed = ", ".join(e.id for e in entries)
    raise PlanError(
        Issue(message=f"catalog: unknown {what} {wanted!r} (allowed: {allowed})", allowed=allowed)
    )


def service(service_id: str) -> Service:
    """The catalog service with this id; PlanError names the allowed ids if there is none."""
    return _by_id(load_services(), service_id, "service")


def service_line_from_catalog(
    service_id: str, *, line_id: str | None = None, name: str | None = None
) -> ServiceLine:
    """A plan service line with the catalog service's family, description and default workload.

    The line's id is `line_id` or the service id; its name is `name` or the service's name; its
    `catalog_id` is the service id, so compliance checks can find the service again.
    """
    entry = service(service_id)
    return ServiceLine(
        id=line_id or entry.id,
        name=name or entry.name,
        family=entry.family,
        catalog_id=entry.id,
        description=entry.description,
        workload=entry.workload,
    )


def compliance_item(compliance_id: str) -> ComplianceItem:
    """The compliance entry with this id; PlanError names the allowed ids if there is none."""
    return _by_id(load_compliance(), compliance_id, "compliance item")


def in_plan_currency(entry: B, rate: float) -> B:
    """A catalogue entry (a role, a resource, a paperwork item) with its money fields converted
    from US dollars to a plan's currency: each `x rate`, rounded to three significant figures
    (`planner.model.currency.from_usd`). A USD 450 agent wage in a COP plan at 4,300: 1,935,000
    -> 1,940,000."""
    changes = {
        name: from_usd(getattr(entry, name), rate)
        for name in type(entry).model_fields
        if money_cap(type(entry), name) is not None
    }
    return entry.model_copy(update=changes)


def compliance_paperwork(compliance_id: str, rate: float) -> PaperworkItem:
    """The checklist item for a compliance entry, its typical costs in the plan's currency.

    GDPR (USD 5,000 once, 2,000 a year) in a COP plan at 4,300 COP per USD: 21,500,000 once and
    8,600,000 a year; in a USD plan the catalogue's figures as they are.
    """
    entry = compliance_item(compliance_id)
    return PaperworkItem(
        name=entry.name,
        category="compliance",
        status="to_do",
        one_time_fee=from_usd(entry.typical_one_time_cost, rate),
        yearly_fee=from_usd(entry.typical_yearly_cost, rate),
        lead_time_days=entry.lead_time_days,
        notes=f"{entry.what} Source: {entry.source}",
    )
