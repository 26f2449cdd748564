"""The plan: one typed, validated model with a section per start-up step.

Every number in a plan is an editable assumption. Units are in the field names where they could be
mistaken (`aht_seconds`, `monthly_wage`); rates are fractions (0.3 means 30%), never percentages.
Months inside a plan are counted from 1 (the plan's first month, `settings.first_month`) to
`settings.horizon_months`, so a template stays valid whatever month the founder starts in.

Unknown fields are refused, and every problem is an `Issue` naming its field path and what is
allowed (`planner.model.issues`); the limits each field declares here are read by the pages through
`planner.model.limits`. Reading and writing plan files is in `planner.model.files`.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.data.profiles import available_profiles
from planner.model.issues import FieldProblems, Issue
from planner.model.limits import CURRENCY_PATTERN, MONTH_PATTERN, SLUG_PATTERN
from planner.report.format import percent

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
IntervalMinutes = Literal[15, 30, 60]
"""Length of a queue's planning interval in minutes (an hour splits evenly into them)."""
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

Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Rate = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]
"""A fraction from 0 up to (not including) 1: 0.3 means 30%."""
PositiveRate = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
"""A fraction above 0 up to and including 1."""
MonthNumber = Annotated[int, Field(ge=1, le=120)]
"""A month of the plan, counted from 1 (the plan's first month)."""
Name = Annotated[str, Field(min_length=1, max_length=120)]
Text = Annotated[str, Field(max_length=20_000)]
Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=SLUG_PATTERN)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- settings -------------------------------------------------------------------------------


class Settings(_Section):
    name: Name = "My BPO launch plan"
    currency: Annotated[str, Field(pattern=CURRENCY_PATTERN)] = "USD"
    first_month: Annotated[str, Field(pattern=MONTH_PATTERN)] = "2027-01"
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
    interval_minutes: IntervalMinutes = 30

    @model_validator(mode="after")
    def _known_profile(self) -> QueueWorkload:
        names = available_profiles()
        if self.profile not in names:
            allowed = ", ".join(names)
            raise FieldProblems(
                [
                    Issue(
                        ("profile",),
                        f"'{self.profile}' is not an arrival profile",
                        f"one of {allowed}",
                    )
                ]
            )
        return self


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


SERVICE_FIELDS: tuple[str, ...] = (
    "service_line",
    "monthly_volume",
    "ramp_months",
    "pricing_model",
    "price",
    "yearly_escalation",
)
"""The fields of a `Service`: in plan files before several services per client, they sat on the
client (or the won contract) itself; `Contract` moves them into a one-service list on reading."""


class Service(_Section):
    """One service line a client buys: volume at a price."""

    service_line: Slug
    """The `id` of a service line in `specialty.service_lines`."""
    monthly_volume: Annotated[float, Field(ge=0, le=1e9)]
    """At full run rate, in the service line's unit (contacts, items or hours per month)."""
    ramp_months: Annotated[int, Field(ge=0, le=36)] = 0
    """Months to reach full volume, linearly: month k of the ramp runs at k / (ramp_months + 1)."""
    pricing_model: PricingModel = "per_fte_month"
    price: Money = 0.0
    """Price in the plan's currency per the pricing model's unit."""
    yearly_escalation: Rate = 0.0
    """Price rise each contract year: month 13 of a contract pays price x (1 + escalation)."""


class Contract(_Section):
    """What a client signs: one or more services, a term and payment days shared by all of them.

    Old plan files (one service per client, its fields on the client itself) are read as a
    contract with that one service (`_one_service_of_old_files`)."""

    services: list[Service] = Field(default_factory=list, max_length=20)
    """What the client buys; a client with none yet bills nothing and is not counted."""
    term_months: Annotated[int, Field(ge=1, le=240)] | None = None
    """Contract length; None runs to the end of the plan."""
    payment_days: Annotated[int, Field(ge=0, le=180)] = 30
    """Days until the client pays an invoice (receivables)."""

    @model_validator(mode="before")
    @classmethod
    def _one_service_of_old_files(cls, data: object) -> object:
        """An old-form contract (`service_line` etc. on the contract) -> `services: [that one]`."""
        if isinstance(data, dict) and "service_line" in data and "services" not in data:
            data = dict(data)
            data["services"] = [{k: data.pop(k) for k in SERVICE_FIELDS if k in data}]
        return data

    @model_validator(mode="after")
    def _one_row_per_line(self) -> Contract:
        _require_unique([s.service_line for s in self.services], "services", "service_line")
        return self

    def service_lines(self) -> list[str]:
        """The ids of the service lines this contract buys, in order."""
        return [s.service_line for s in self.services]


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


class WonClient(Contract):
    """A kind of client marketing wins: the contract it signs and its share of the wins."""

    name: Name = "Won client"
    share: PositiveRate = 1.0
    """Share of marketing wins that are this kind (the kinds' shares add up to 100%)."""


class Marketing(_Section):
    channels: list[Channel] = Field(default_factory=list, max_length=50)
    sales_cycle_months: Annotated[int, Field(ge=0, le=24)] = 3
    """Months from a lead to a signed client."""
    won_clients: list[WonClient] = Field(default_factory=list, max_length=20)
    """The kinds of client marketing wins, each with the contract it signs and its share of the
    wins; none: marketing wins are counted, not billed. Old files' single `won_client` is read as
    one kind with all the wins."""

    @model_validator(mode="before")
    @classmethod
    def _won_client_of_old_files(cls, data: object) -> object:
        """`won_client: {...}` (one contract for every win) -> `won_clients: [it, share 100%]`."""
        if isinstance(data, dict) and "won_client" in data and "won_clients" not in data:
            data = dict(data)
            won = data.pop("won_client")
            if isinstance(won, BaseModel):
                won = won.model_dump()
            data["won_clients"] = [] if won is None else [won]
        return data

    @model_validator(mode="after")
    def _shares_add_up(self) -> Marketing:
        total = sum(k.share for k in self.won_clients)
        if self.won_clients and abs(total - 1.0) > 1e-6:
            raise FieldProblems(
                [
                    Issue(
                        ("won_clients",),
                        f"the shares of the kinds of won client add up to {percent(total, 1)}",
                        "shares that add up to 100%",
                    )
                ]
            )
        _require_unique([k.name for k in self.won_clients], "won_clients", "name")
        return self


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
        problems = [*self._client_problems(), *self._role_problems(), *self._won_problems()]
        if problems:
            raise FieldProblems(problems)
        return self

    def _line_ids(self) -> tuple[set[str], str]:
        lines = {s.id for s in self.specialty.service_lines}
        return lines, ", ".join(sorted(lines)) or "none defined yet"

    def _unknown_line(self, path: tuple[str | int, ...], line: str) -> Issue:
        _, allowed = self._line_ids()
        return Issue(
            path,
            f"'{line}' is not a service line of this plan (allowed: {allowed})",
            f"a service line of this plan: {allowed}",
        )

    def _client_problems(self) -> list[Issue]:
        """Each client buys service lines of this plan and starts within the horizon."""
        lines, _ = self._line_ids()
        horizon = self.settings.horizon_months
        problems: list[Issue] = []
        for i, client in enumerate(self.business_plan.clients):
            here = ("business_plan", "clients", i)
            problems += [
                self._unknown_line((*here, "services", j, "service_line"), line)
                for j, line in enumerate(client.service_lines())
                if line not in lines
            ]
            if client.start_month > horizon:
                problems.append(
                    Issue(
                        (*here, "start_month"),
                        f"must be at most the horizon ({horizon}), got {client.start_month}",
                        f"a month from 1 to the horizon ({horizon})",
                    )
                )
        return problems

    def _role_problems(self) -> list[Issue]:
        """A workload role's service lines are lines of this plan."""
        lines, _ = self._line_ids()
        return [
            self._unknown_line(("staffing", "roles", i, "service_lines"), line)
            for i, role in enumerate(self.staffing.roles)
            for line in role.service_lines
            if line not in lines
        ]

    def _won_problems(self) -> list[Issue]:
        """The contracts won clients sign are on service lines of this plan."""
        lines, _ = self._line_ids()
        return [
            self._unknown_line(("marketing", "won_clients", i, "services", j, "service_line"), line)
            for i, kind in enumerate(self.marketing.won_clients)
            for j, line in enumerate(kind.service_lines())
            if line not in lines
        ]

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
    """Raise an issue at the row (of `field`, in the section) where a value is seen the second
    time."""
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise FieldProblems(
                [Issue((field, i, attr), f"each {attr} must be unique, '{value}' appears twice")]
            )
        seen.add(value)
