"""The plan: one typed, validated model with a section per start-up step.

Every number in a plan is an editable assumption. Units are in the field names where they could be
mistaken (`aht_seconds`, `monthly_wage`); rates are fractions (0.3 means 30%), never percentages.
Months inside a plan are counted from 1 (the plan's first month, `settings.first_month`) to
`settings.horizon_months`, so a template stays valid whatever month the founder starts in.

Loading is safe: YAML is read with `yaml.safe_load` (no tags, no objects), aliases are refused (no
"billion laughs"), files over `MAX_PLAN_BYTES` are refused before parsing, unknown fields are
refused, and every error names the field path and what is allowed (`PlanError`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

# The words for the plan's ids live in planner.model.labels; re-exported here for the workbook
# writer (planner/export/xlsx), which imports them from this module until it moves to labels.
from planner.model.labels import (  # noqa: F401
    FAMILY_LABELS,
    PRICING_LABELS,
    RESOURCE_CATEGORY_LABELS,
    VOLUME_UNITS,
)

MAX_PLAN_BYTES = 2_000_000
"""Plan files larger than this (2 MB) are refused before parsing: a real plan is a few kB."""

Family = Literal["back_office", "front_office", "kpo", "ito"]
DeliveryModel = Literal["onshore", "nearshore", "offshore"]
PricingModel = Literal["per_fte_month", "per_productive_hour", "per_item", "monthly_retainer"]
PaperworkCategory = Literal[
    "registration", "tax", "licence", "compliance", "insurance", "banking", "employment", "other"
]
PaperworkStatus = Literal["to_do", "in_progress", "done", "not_needed"]
ResourceCategory = Literal[
    "it_hardware", "office_space", "furniture", "internet", "phone_lines", "software", "other"
]
ResourceBasis = Literal["per_seat", "per_employee", "per_site", "fixed"]
Ownership = Literal["buy", "lease"]
SkillLevel = Literal["entry", "intermediate", "senior", "expert"]
RoleBasis = Literal["workload", "ratio", "fixed"]
RatioOf = Literal["workload_staff", "headcount", "seats", "hires_per_year"]
ShiftPattern = Literal["office_hours", "two_shifts", "three_shifts"]
SEATS_PER_PERSON: dict[str, float] = {
    # DOMAIN.md: office hours about one desk per person; three 8-hour shifts about one per three.
    "office_hours": 1.0,
    "two_shifts": 1.0 / 2.0,
    "three_shifts": 1.0 / 3.0,
}
ClientStatus = Literal["signed", "pipeline"]
ScoreCriterion = Literal[
    "demand", "market_gap", "expertise", "margin", "startup_cost", "remote_capable"
]
SCORE_CRITERIA: tuple[str, ...] = (
    "demand",
    "market_gap",
    "expertise",
    "margin",
    "startup_cost",
    "remote_capable",
)

_SLUG = r"^[a-z0-9][a-z0-9_\-]*$"
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"

Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Rate = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]
"""A fraction from 0 up to (not including) 1: 0.3 means 30%."""
PositiveRate = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
"""A fraction above 0 up to and including 1."""
MonthNumber = Annotated[int, Field(ge=1, le=120)]
"""A month of the plan, counted from 1 (the plan's first month)."""
Name = Annotated[str, Field(min_length=1, max_length=120)]
Text = Annotated[str, Field(max_length=20_000)]
Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=_SLUG)]


class PlanError(ValueError):
    """A plan that cannot be used: the message names each bad field and what is allowed."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- settings -------------------------------------------------------------------------------


class Settings(_Section):
    name: Name = "My BPO launch plan"
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    first_month: Annotated[str, Field(pattern=_MONTH)] = "2027-01"
    horizon_months: Annotated[int, Field(ge=12, le=120)] = 36
    location: Name = "Manila, Philippines"
    delivery_model: DeliveryModel = "offshore"


# --- step 1: specialty ----------------------------------------------------------------------


class QueueWorkload(_Section):
    """Contacts that wait in a queue (calls, chats, e-mails), staffed with Erlang C (or A)."""

    type: Literal["queue"] = "queue"
    channel: Literal["voice", "chat", "email"] = "voice"
    aht_seconds: Annotated[float, Field(gt=0, le=36_000)] = 360.0
    answer_seconds: Annotated[float, Field(ge=0, le=86_400)] = 20.0
    service_level: Annotated[float, Field(gt=0, lt=1)] = 0.8
    """Share of contacts answered within `answer_seconds`."""
    max_occupancy: Annotated[float, Field(gt=0, le=1)] | None = 0.85
    patience_seconds: Annotated[float, Field(gt=0, le=86_400)] | None = None
    """Mean caller patience; set it to staff with Erlang A (callers abandon)."""
    profile: Slug = "business_hours"
    """Arrival profile over the week (`planner/data/arrival_profiles/<profile>.yaml`)."""
    interval_minutes: Literal[15, 30, 60] = 30


class ItemsWorkload(_Section):
    """Back-office throughput work: items (invoices, forms, payslips...) processed."""

    type: Literal["items"] = "items"
    minutes_per_item: Annotated[float, Field(gt=0, le=10_000)] = 5.0
    utilisation: PositiveRate = 0.85


class ProjectWorkload(_Section):
    """Knowledge or IT project work, measured in hours."""

    type: Literal["project"] = "project"
    utilisation: PositiveRate = 0.75
    """Share of productive hours that is billable project work."""


Workload = Annotated[QueueWorkload | ItemsWorkload | ProjectWorkload, Field(discriminator="type")]


class ServiceLine(_Section):
    id: Slug
    name: Name
    family: Family
    catalog_id: Slug | None = None
    """The catalog service this line was made from (`planner/data/catalogs/services.yaml`)."""
    description: Text = ""
    workload: Workload


class Candidate(_Section):
    """A candidate specialty scored 1 (poor) to 5 (excellent) on each criterion.

    For `startup_cost` a high score means a *low* start-up cost (5 = cheapest to start).
    """

    name: Name
    scores: dict[ScoreCriterion, Annotated[int, Field(ge=1, le=5)]]

    @field_validator("scores")
    @classmethod
    def _all_criteria(cls, scores: dict[str, int]) -> dict[str, int]:
        missing = [c for c in SCORE_CRITERIA if c not in scores]
        if missing:
            raise ValueError(f"a score (1 to 5) is needed for {', '.join(missing)}")
        return scores


def _default_weights() -> dict[ScoreCriterion, float]:
    return dict.fromkeys(get_args(ScoreCriterion), 1.0)


class Specialty(_Section):
    service_lines: list[ServiceLine] = Field(default_factory=list, max_length=50)
    target_clients: Text = ""
    why: Text = ""
    """Why this specialty: what is lacking in the sector that the founder will do better."""
    criteria_weights: dict[ScoreCriterion, Annotated[float, Field(ge=0, le=10)]] = Field(
        default_factory=_default_weights
    )
    candidates: list[Candidate] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def _unique_ids(self) -> Specialty:
        _require_unique([s.id for s in self.service_lines], "service_lines", "id")
        return self


# --- step 2: business plan ------------------------------------------------------------------


class Contract(_Section):
    """What a client buys: volume on one service line at a price."""

    service_line: Slug
    """The `id` of a service line in `specialty.service_lines`."""
    monthly_volume: Annotated[float, Field(ge=0, le=1e9)]
    """At full run rate, in the service line's unit (contacts, items or hours per month)."""
    ramp_months: Annotated[int, Field(ge=0, le=36)] = 0
    """Months to reach full volume, linearly: month k of the ramp runs at k / (ramp_months + 1)."""
    term_months: Annotated[int, Field(ge=1, le=240)] | None = None
    """Contract length; None runs to the end of the plan."""
    pricing_model: PricingModel = "per_fte_month"
    price: Money = 0.0
    """Price in the plan's currency per the pricing model's unit."""
    yearly_escalation: Rate = 0.0
    """Price rise each contract year: month 13 of a contract pays price x (1 + escalation)."""
    payment_days: Annotated[int, Field(ge=0, le=180)] = 30
    """Days until the client pays an invoice (receivables)."""


class Client(Contract):
    name: Name
    status: ClientStatus = "signed"
    probability: PositiveRate = 1.0
    """Chance a pipeline client signs; revenue and volume are weighted by it."""
    start_month: MonthNumber = 1


class Narrative(_Section):
    executive_summary: Text = ""
    mission: Text = ""
    market: Text = ""
    competition: Text = ""
    funding_request: Text = ""


class BusinessPlan(_Section):
    clients: list[Client] = Field(default_factory=list, max_length=200)
    narrative: Narrative = Field(default_factory=Narrative)


# --- step 3: paperwork ----------------------------------------------------------------------


class PaperworkItem(_Section):
    name: Name
    category: PaperworkCategory = "registration"
    one_time_fee: Money = 0.0
    yearly_fee: Money = 0.0
    """Paid in month 1 and every 12 months after."""
    lead_time_days: Annotated[int, Field(ge=0, le=730)] = 0
    status: PaperworkStatus = "to_do"
    notes: Text = ""


class Paperwork(_Section):
    items: list[PaperworkItem] = Field(default_factory=list, max_length=200)


# --- step 4: resources ----------------------------------------------------------------------


class ResourceItem(_Section):
    name: Name
    category: ResourceCategory = "other"
    basis: ResourceBasis = "per_seat"
    quantity: Annotated[float, Field(ge=0, le=1e6)] = 1.0
    """Units per seat, per employee, per site, or in all (fixed)."""
    one_time_cost: Money = 0.0
    """Per unit. Bought: capital expenditure, depreciated over `useful_life_months`.
    Leased: a set-up fee, expensed when paid."""
    useful_life_months: Annotated[int, Field(ge=1, le=600)] = 36
    monthly_cost: Money = 0.0
    """Per unit per month: rent, lease, licence, line rental, maintenance."""
    ownership: Ownership = "buy"
    notes: Text = ""


class Resources(_Section):
    sites: Annotated[int, Field(ge=1, le=50)] = 1
    items: list[ResourceItem] = Field(default_factory=list, max_length=300)


# --- step 5: staffing -----------------------------------------------------------------------


class Role(_Section):
    name: Name
    skill_level: SkillLevel = "entry"
    monthly_wage: Annotated[float, Field(gt=0, le=1e7)]
    """Gross base wage per person per month, before employer burden."""
    basis: RoleBasis = "fixed"
    service_lines: list[Slug] = Field(default_factory=list)
    """basis "workload": the service lines whose workload this role does (empty: all of them)."""
    ratio_per: Annotated[float, Field(gt=0, le=10_000)] | None = None
    """basis "ratio": one person of this role per `ratio_per` units of `ratio_of`."""
    ratio_of: RatioOf = "workload_staff"
    fixed_count: Annotated[float, Field(ge=0, le=10_000)] = 0.0
    """basis "fixed": people in the role from `start_month` on."""
    start_month: MonthNumber = 1
    direct: bool | None = None
    """Cost of sales (direct labour) or overhead; None: workload roles direct, others overhead."""

    @model_validator(mode="after")
    def _basis_fields(self) -> Role:
        if self.basis == "ratio" and self.ratio_per is None:
            raise ValueError("ratio_per is needed when basis is 'ratio' (people per one of these)")
        return self

    @property
    def is_direct(self) -> bool:
        """Cost of sales (direct labour): `direct` when set, else True for workload roles."""
        return self.basis == "workload" if self.direct is None else self.direct


class Staffing(_Section):
    roles: list[Role] = Field(default_factory=list, max_length=100)
    paid_hours_per_month: Annotated[float, Field(gt=0, le=744)] = 173.33
    """Paid hours per full-time person per month (40 h x 52 / 12 = 173.33)."""
    shrinkage: Annotated[float, Field(ge=0, lt=0.9)] = 0.3
    """Share of paid time not available for work: leave, breaks, training, meetings, sickness."""
    burden: Annotated[float, Field(ge=0, le=2)] = 0.25
    """Employer costs on top of wages: social security, benefits, insurance (0.25 = +25%)."""
    yearly_raise: Annotated[float, Field(ge=0, lt=1)] = 0.05
    """Wage rise applied every 12 months from the plan's start."""
    yearly_attrition: Annotated[float, Field(ge=0, le=3)] = 0.3
    """Share of staff who leave in a year (may exceed 1 in high-churn centres)."""
    hiring_lead_months: Annotated[int, Field(ge=0, le=12)] = 1
    """Months before it is needed that recruiting starts (and the recruiting cost is paid)."""
    training_weeks: Annotated[float, Field(ge=0, le=52)] = 2.0
    """Paid weeks of training before a new hire is productive."""
    recruiting_cost_per_hire: Money = 300.0
    shift_pattern: ShiftPattern = "office_hours"

    @model_validator(mode="after")
    def _unique_names(self) -> Staffing:
        _require_unique([r.name for r in self.roles], "roles", "name")
        return self


# --- step 6: marketing ----------------------------------------------------------------------


class Channel(_Section):
    name: Name
    monthly_budget: Money = 0.0
    leads_per_month: Annotated[float, Field(ge=0, le=1e6)] = 0.0
    conversion_rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Share of leads that become clients."""
    start_month: MonthNumber = 1
    end_month: MonthNumber | None = None


class Marketing(_Section):
    channels: list[Channel] = Field(default_factory=list, max_length=50)
    sales_cycle_months: Annotated[int, Field(ge=0, le=24)] = 3
    """Months from a lead to a signed client."""
    won_client: Contract | None = None
    """The typical contract a won client signs; None: marketing wins are counted, not billed."""


# --- financing ------------------------------------------------------------------------------


class EquityInjection(_Section):
    month: MonthNumber = 1
    amount: Money


class Loan(_Section):
    name: Name = "Bank loan"
    amount: Money
    yearly_rate: Annotated[float, Field(ge=0, lt=1)] = 0.1
    term_months: Annotated[int, Field(ge=1, le=360)] = 60
    start_month: MonthNumber = 1
    """Month the money arrives; the first repayment is due the month after (annuity)."""


class Financing(_Section):
    opening_cash: Money = 0.0
    minimum_cash: Money = 0.0
    """The buffer the founder wants to keep in the bank every month."""
    equity: list[EquityInjection] = Field(default_factory=list, max_length=50)
    loans: list[Loan] = Field(default_factory=list, max_length=20)
    tax_rate: Rate = 0.25
    """Corporate tax on positive profit (losses carried forward)."""


# --- the plan -------------------------------------------------------------------------------


class Plan(_Section):
    settings: Settings = Field(default_factory=Settings)
    specialty: Specialty = Field(default_factory=Specialty)
    business_plan: BusinessPlan = Field(default_factory=BusinessPlan)
    paperwork: Paperwork = Field(default_factory=Paperwork)
    resources: Resources = Field(default_factory=Resources)
    staffing: Staffing = Field(default_factory=Staffing)
    marketing: Marketing = Field(default_factory=Marketing)
    financing: Financing = Field(default_factory=Financing)
    sources: dict[Annotated[str, Field(max_length=200)], Annotated[str, Field(max_length=500)]] = (
        Field(default_factory=dict)
    )
    """Where defaults came from: field path (e.g. "staffing.shrinkage") -> public source."""

    @model_validator(mode="after")
    def _references(self) -> Plan:
        lines = {s.id for s in self.specialty.service_lines}
        horizon = self.settings.horizon_months
        problems: list[str] = []
        allowed = ", ".join(sorted(lines)) or "none defined yet"
        for i, client in enumerate(self.business_plan.clients):
            if client.service_line not in lines:
                problems.append(
                    f"business_plan.clients.{i}.service_line: '{client.service_line}' is not a "
                    f"service line of this plan (allowed: {allowed})"
                )
            if client.start_month > horizon:
                problems.append(
                    f"business_plan.clients.{i}.start_month: must be at most the horizon "
                    f"({horizon}), got {client.start_month}"
                )
        for i, role in enumerate(self.staffing.roles):
            for line in role.service_lines:
                if line not in lines:
                    problems.append(
                        f"staffing.roles.{i}.service_lines: '{line}' is not a service line of "
                        f"this plan (allowed: {allowed})"
                    )
        won = self.marketing.won_client
        if won is not None and won.service_line not in lines:
            problems.append(
                f"marketing.won_client.service_line: '{won.service_line}' is not a service line "
                f"of this plan (allowed: {allowed})"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def months(self) -> int:
        """The horizon in months (`settings.horizon_months`)."""
        return self.settings.horizon_months

    def service_line(self, line_id: str) -> ServiceLine:
        """The service line with that id; KeyError when the plan has none."""
        for line in self.specialty.service_lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def content_key(self) -> str:
        """A stable text of the plan's content: equal plans give equal keys (for caching)."""
        return self.model_dump_json()


def _require_unique(values: list[str], field: str, attr: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{field}: each {attr} must be unique, '{value}' appears twice")
        seen.add(value)


# --- loading and saving ---------------------------------------------------------------------


def format_validation_error(exc: ValidationError) -> str:
    """One line per problem: `field.path: what is wrong (what is allowed)`."""
    lines = []
    for err in exc.errors(include_url=False):
        # Drop the workload's union tag (workload.queue.aht_seconds -> workload.aht_seconds), but
        # keep real fields of the same name (resources.items, paperwork.items).
        parts = err["loc"]
        loc = ".".join(
            str(p)
            for i, p in enumerate(parts)
            if not (p in {"queue", "items", "project"} and i > 0 and parts[i - 1] == "workload")
        )
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field (not part of a plan; check the spelling)"
        elif err["type"] == "missing":
            msg = "this field is required"
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        elif msg.startswith("Input should be"):
            msg = "must be" + msg.removeprefix("Input should be")
        elif err["type"] == "literal_error" and "expected" in err.get("ctx", {}):
            msg = f"must be one of {err['ctx']['expected']}"
        if "input" in err and err["type"] not in {"missing", "model_type", "dict_type"}:
            shown = repr(err["input"])
            if len(shown) <= 60:
                msg = f"{msg}, got {shown}"
        lines.append(f"{loc}: {msg}" if loc else msg)
    return "\n".join(lines)


def plan_from_dict(data: Any, *, source: str = "plan") -> Plan:
    """Validate plain data (from YAML, JSON or a form) into a Plan, or raise PlanError."""
    if not isinstance(data, dict):
        raise PlanError(
            f"{source}: a plan must be a mapping of sections, got {type(data).__name__}"
        )
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(f"{source} is not a valid plan:\n{format_validation_error(exc)}") from None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML that refuses anchors and aliases (which would allow exponential expansion)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise PlanError(
                "YAML aliases (*name) are not allowed in a plan file "
                f"(line {event.start_mark.line + 1})"
            )
        return super().compose_node(parent, index)


def parse_plan_text(text: str | bytes, *, source: str = "plan file") -> Plan:
    """Parse YAML (or JSON, which is YAML) plan text into a validated Plan, or raise PlanError."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_PLAN_BYTES:
        raise PlanError(
            f"{source} is {size:,} bytes; a plan file may be at most {MAX_PLAN_BYTES:,} bytes"
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanError(f"{source} is not UTF-8 text (is it a plan file?)") from None
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_NoAliasLoader)
    except PlanError:
        raise
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise PlanError(f"{source} is not valid YAML or JSON: {exc}") from None
    except RecursionError:
        raise PlanError(f"{source} is nested too deeply to be a plan") from None
    if data is None:
        raise PlanError(f"{source} is empty")
    return plan_from_dict(data, source=source)


def load_plan(path: str | Path) -> Plan:
    """Read a plan file (.yaml, .yml or .json), refusing large files before reading them."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PlanError(f"cannot read plan file {path}: {exc.strerror}") from None
    if size > MAX_PLAN_BYTES:
        raise PlanError(
            f"{path} is {size:,} bytes; a plan file may be at most {MAX_PLAN_BYTES:,} bytes"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"cannot read plan file {path}: {exc.strerror}") from None
    return parse_plan_text(data, source=str(path))


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (round-trips through `plan_from_dict`)."""
    return plan.model_dump(mode="json")


def plan_to_yaml(plan: Plan) -> str:
    """The plan as YAML text, sections in step order (round-trips through `parse_plan_text`)."""
    text: str = yaml.safe_dump(plan_to_dict(plan), sort_keys=False, allow_unicode=True, width=100)
    return text


def plan_to_json(plan: Plan) -> str:
    """The plan as indented JSON text (round-trips through `parse_plan_text`)."""
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False)


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write the plan file: JSON for a .json path, else YAML (UTF-8)."""
    path = Path(path)
    text = plan_to_json(plan) if path.suffix.lower() == ".json" else plan_to_yaml(plan)
    path.write_text(text, encoding="utf-8")
