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

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner.data.profiles import WEEKDAYS, DayHours, available_profiles, is_time_zone
from planner.model.actuals_lines import allowed_words, line_keys, unknown_line_message
from planner.model.currency import (
    MONEY_CAP_USD,
    MONEY_CEILING,
    RATE_CEILING,
    UNITS_PER_USD,
    WAGE_CAP_USD,
    MoneyCap,
    known_rate,
    plan_rate,
    rate_in_year,
)
from planner.model.issues import FieldProblems, Issue
from planner.model.labels import COUNTRY_LABELS, PRICING_LABELS
from planner.model.limits import (
    CLOCK_PATTERN,
    CURRENCY_PATTERN,
    MONTH_PATTERN,
    SLUG_PATTERN,
    money_over_cap,
)
from planner.model.sources import Source, record, with_values
from planner.report.format import amount, assumption, percent

Family = Literal["back_office", "front_office", "kpo", "ito"]
DeliveryModel = Literal["onshore", "nearshore", "offshore"]
PricingModel = Literal[
    "per_fte_month",
    "per_paid_hour",
    "per_productive_hour",
    "per_handled_minute",
    "per_item",
    "per_seat",
    "monthly_retainer",
    "base_plus_per_item",
]
"""How a service is billed, in the order every table shows them (words: `PRICING_LABELS`, units:
`PRICING_UNIT_LABELS` in `planner.model.labels`; billed units: `planner.engine.revenue`): per
FTE-month, per paid hour, per productive hour, per handled minute, per contact (`per_item`:
contact, item or dial), per seat, a fixed monthly fee (`monthly_retainer`), and a monthly base fee
plus a price per contact (`base_plus_per_item`: `Service.base_fee` + volume x `Service.price`)."""
PaperworkCategory = Literal[
    "registration", "tax", "licence", "compliance", "insurance", "banking", "employment", "other"
]
PaperworkStatus = Literal["to_do", "in_progress", "done", "not_needed"]
ResourceCategory = Literal[
    "it_hardware", "office_space", "furniture", "internet", "phone_lines", "software", "other"
]
ResourceBasis = Literal["per_seat", "per_employee", "per_site", "fixed", "per_role"]
Ownership = Literal["buy", "lease"]
SkillLevel = Literal["entry", "intermediate", "senior", "expert"]
RoleBasis = Literal["workload", "ratio", "fixed"]
RatioOf = Literal["workload_staff", "headcount", "seats", "hires_per_year"]
ShiftPattern = Literal["office_hours", "two_shifts", "three_shifts"]
WorkPattern = Literal["shifts", "office", "remote"]
"""Where and when a role works: "shifts" shares desks by the plan's shift pattern (agents), "office"
one desk each for day work, "remote" no desk."""
Employment = Literal["employee", "contractor"]
"""An employee carries the employer costs on wages (`Staffing.burden`); a contractor does not."""
IntervalMinutes = Literal[15, 30, 60]
"""Length of a queue's planning interval in minutes (an hour splits evenly into them)."""
SEATS_PER_PERSON: dict[str, float] = {
    # DOMAIN.md: office hours about one desk per person; three 8-hour shifts about one per three.
    "office_hours": 1.0,
    "two_shifts": 1.0 / 2.0,
    "three_shifts": 1.0 / 3.0,
}
NIGHT_SHARE_BY_PATTERN: dict[str, float] = {
    "office_hours": 0.0,
    "two_shifts": 0.0,
    "three_shifts": 8.0 / 24.0,
}
"""Share of a shift worker's hours between 22:00 and 06:00 by shift pattern: three 8-hour shifts
around the clock rotate everyone through the night shift a third of the time; two shifts cover
06:00-22:00 and office hours the day (`Staffing.hours_at_night`)."""
ClientStatus = Literal["signed", "pipeline"]
Invoicing = Literal["arrears", "advance"]
Industry = Literal[
    "healthcare", "insurance", "financial_services", "retail_ecommerce", "technology", "telecom",
    "travel_hospitality", "logistics", "utilities_energy", "manufacturing", "education",
    "government", "legal_professional", "real_estate", "media", "other",
]  # fmt: skip
"""A client's industry; the words are `planner.model.labels.INDUSTRY_LABELS`."""
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

Money = Annotated[
    float, Field(ge=0, le=MONEY_CEILING, allow_inf_nan=False), MoneyCap(MONEY_CAP_USD)
]
"""An amount in the plan's currency, from 0 up to USD 1,000,000,000 at the plan's exchange rate
(`planner.model.currency`: 4,300,000,000,000 in a COP plan); the plan checks the cap."""
Rate = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]
"""A fraction from 0 up to (not including) 1: 0.3 means 30%."""
PositiveRate = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
"""A fraction above 0 up to and including 1."""
MonthNumber = Annotated[int, Field(ge=1, le=120)]
"""A month of the plan, counted from 1 (the plan's first month)."""
Name = Annotated[str, Field(min_length=1, max_length=120)]
Text = Annotated[str, Field(max_length=20_000)]
Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=SLUG_PATTERN)]


def _check_time_zone(name: str) -> str:
    if not is_time_zone(name):
        raise FieldProblems(
            [
                Issue(
                    (),
                    f"'{name}' is not a time zone name",
                    "a time zone name such as America/New_York, America/Bogota or Asia/Manila",
                )
            ]
        )
    return name


TimeZone = Annotated[str, Field(max_length=60), AfterValidator(_check_time_zone)]
"""An IANA time zone name (America/New_York), as the tz database spells it."""
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
HOUR_WEIGHT_RANGE = (0.0, 1e6)
"""A weekly grid's hourly weight: 0 (no contacts) up to a million (only proportions count)."""
HourWeight = Annotated[
    float, Field(ge=HOUR_WEIGHT_RANGE[0], le=HOUR_WEIGHT_RANGE[1], allow_inf_nan=False)
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- settings -------------------------------------------------------------------------------


ExchangeRate = Annotated[float, Field(gt=0, le=RATE_CEILING, allow_inf_nan=False)]
"""Units of a cost currency per unit of the reporting currency (58 PHP per USD)."""
LocationName = Annotated[str, Field(max_length=120)]
"""A cost location's name, as in `Settings.cost_locations`; blank: the plan's main location."""


class CostLocation(_Section):
    """A place where the plan pays costs, and the currency it pays them in.

    `rate`: units of `currency` per unit of the plan's reporting currency (`Settings.currency`)
    in plan year 1 (58 PHP per USD). Later years: `rates_by_year` when given (year 1, year 2...,
    the last one for the years after), else rate x (1 + yearly_drift)^(year - 1). Costs entered
    in this currency are divided by the year's rate to report them
    (`planner.engine.exchange`)."""

    name: Name
    currency: Annotated[str, Field(pattern=CURRENCY_PATTERN)]
    rate: ExchangeRate = 1.0
    yearly_drift: Annotated[float, Field(ge=-0.5, le=1.0, allow_inf_nan=False)] = 0.0
    """Yearly change of the rate: +0.03 means the cost currency loses 3% a year against the
    reporting currency (more units per reporting unit)."""
    rates_by_year: list[ExchangeRate] = Field(default_factory=list, max_length=10)
    """The rate of each plan year (year 1 first) in place of rate and drift; empty: rate and
    drift."""
    source: Text = ""
    """Where the rate comes from and its date (a central bank's reference rate)."""

    def rate_in_year(self, year: int) -> float:
        """Units of this currency per reporting unit in plan year `year`
        (`planner.model.currency.rate_in_year`)."""
        return rate_in_year(self.rate, self.yearly_drift, tuple(self.rates_by_year), year)


class Settings(_Section):
    name: Name = "My BPO launch plan"
    currency: Annotated[str, Field(pattern=CURRENCY_PATTERN)] = "USD"
    first_month: Annotated[str, Field(pattern=MONTH_PATTERN)] = "2027-01"
    horizon_months: Annotated[int, Field(ge=12, le=120)] = 36
    location: Name = "Manila, Philippines"
    delivery_model: DeliveryModel = "offshore"
    time_zone: TimeZone | None = None
    """The delivery site's time zone; None: the location catalog's, when the location is one of
    its places (`planner.data.catalog.find_location`)."""
    units_per_usd: dict[
        Annotated[str, Field(pattern=CURRENCY_PATTERN)],
        Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)],
    ] = Field(default_factory=dict)
    """The founder's exchange rates: units of a currency per US dollar ({"COP": 4100}). A currency
    not named here uses the approximate rate of `planner.model.currency.UNITS_PER_USD`; kept by
    currency, so switching the plan's currency never carries one currency's rate to another.
    Converts catalogue figures and scales the money caps."""
    cost_locations: list[CostLocation] = Field(default_factory=list, max_length=20)
    """Places that pay costs in their own currency (`CostLocation`). Roles, resources and
    paperwork name one in their `location`; blank names the main location (`location`), whose
    costs are in the currency of the cost location of that name, else in `currency` (the
    reporting currency: statements, prices, KPIs). Empty (old plans): every cost in `currency`."""

    @model_validator(mode="after")
    def _cost_locations(self) -> Settings:
        problems: list[Issue] = []
        seen: set[str] = set()
        for i, place in enumerate(self.cost_locations):
            if place.name in seen:
                problems.append(
                    Issue(
                        ("cost_locations", i, "name"),
                        f"'{place.name}' is named twice in the cost locations",
                        "each cost location once",
                    )
                )
            seen.add(place.name)
            same = place.currency == self.currency
            if same and (place.rate != 1.0 or place.yearly_drift or place.rates_by_year):
                problems.append(
                    Issue(
                        ("cost_locations", i, "rate"),
                        f"'{place.name}' pays in {self.currency}, the plan's reporting currency, "
                        "so its rate is 1 with no drift",
                        "a rate of 1, no yearly drift and no rates by year",
                    )
                )
        if problems:
            raise FieldProblems(problems)
        return self

    def cost_location(self, location: str = "") -> CostLocation:
        """The cost location a role, resource or paperwork item names (blank: the main location,
        `location`). A name not among `cost_locations` (the main location of a plan that has no
        entry for it) pays in the reporting currency at 1."""
        name = location or self.location
        for place in self.cost_locations:
            if place.name == name:
                return place
        return CostLocation(name=name, currency=self.currency)

    def cost_location_names(self) -> list[str]:
        """The locations a cost may name: the main one first, then the other cost locations."""
        return [self.location, *(p.name for p in self.cost_locations if p.name != self.location)]

    def cost_currencies(self) -> list[str]:
        """The currencies costs are entered in, the main location's first."""
        out: list[str] = []
        for name in self.cost_location_names():
            cur = self.cost_location(name).currency
            if cur not in out:
                out.append(cur)
        return out

    def cost_currency_words(self) -> str:
        """What a cost column's heading says its money is in: the one currency ("PHP"), or each
        location's ("PHP or USD: the row's location")."""
        currencies = self.cost_currencies()
        if len(currencies) == 1:
            return currencies[0]
        return f"{' or '.join(currencies)}: the row's location"

    def in_reporting(self, amount: float, location: str = "", year: int = 1) -> float:
        """A cost entered in a location's currency in the reporting currency at that plan year's
        rate: amount / rate (58,000 PHP at 58 PHP per USD: 1,000 USD)."""
        return amount / self.cost_location(location).rate_in_year(year)

    def units_per_usd_of(self, location: str = "") -> float:
        """Units of a location's cost currency per US dollar: the reporting currency's rate
        (`rate`) x the location's year-1 rate. Scales the money caps of costs entered there:
        USD 1,000,000 a month of wage at 58 PHP per USD is 58,000,000 PHP."""
        return self.rate * self.cost_location(location).rate_in_year(1)

    @model_validator(mode="after")
    def _known_currency(self) -> Settings:
        if self.currency not in self.units_per_usd and known_rate(self.currency) is None:
            offered = ", ".join(sorted(UNITS_PER_USD))
            raise FieldProblems(
                [
                    Issue(
                        ("currency",),
                        f"'{self.currency}' is not a currency the planner has an exchange rate "
                        "for: choose one it offers, or give its exchange rate (units per US "
                        "dollar) on step 1",
                        f"one of {offered}",
                    )
                ]
            )
        return self

    @property
    def rate(self) -> float:
        """Units of the plan's currency per US dollar: the founder's rate, else the table's."""
        return plan_rate(self.currency, self.units_per_usd.get(self.currency))


# --- step 1: specialty ----------------------------------------------------------------------


def _day_hours(text: str) -> DayHours:
    """ "08:00-17:00" -> (480, 1020); "closed" -> None; ValueError saying what is allowed."""
    words = text.strip().casefold()
    if words == "closed":
        return None
    try:
        start, end = (part.strip() for part in words.split("-"))
        minutes = []
        for part in (start, end):
            hh, mm = part.split(":")
            if len(mm) != 2 or not hh.isdigit() or not mm.isdigit() or int(mm) >= 60:
                raise ValueError
            minutes.append(int(hh) * 60 + int(mm))
    except ValueError:
        raise ValueError(f"'{text}' is not opening hours") from None
    if any(m % 15 or m > 1440 for m in minutes):
        raise ValueError(f"'{text}': times go by quarter hours, from 00:00 to 24:00")
    if minutes[0] >= minutes[1]:
        raise ValueError(
            f"'{text}' closes before it opens (for night hours, open the next day from 00:00)"
        )
    return minutes[0], minutes[1]


HOURS_ALLOWED = 'opening and closing time such as "08:00-17:00" (quarter hours), or "closed"'


class WeeklyPattern(_Section):
    """A queue's own arrival pattern over the week, in the clients' time zone.

    `hourly_weights`: 24 relative weights per day (hour 0 = 00:00-01:00); only their proportions
    count. `opening_hours`: "08:00-17:00" or "closed" per day; no contacts arrive outside them.
    Share of the week in an interval = its open weight / the week's open weight
    (`planner.data.profiles.grid_shares`).
    """

    opening_hours: dict[Weekday, Annotated[str, Field(max_length=20)]]
    hourly_weights: dict[Weekday, list[HourWeight]]

    @model_validator(mode="after")
    def _whole_week(self) -> WeeklyPattern:
        problems: list[Issue] = []
        for day in WEEKDAYS:
            if day not in self.opening_hours:
                problems.append(Issue(("opening_hours", day), "is missing", HOURS_ALLOWED))
            else:
                try:
                    _day_hours(self.opening_hours[day])
                except ValueError as exc:
                    problems.append(Issue(("opening_hours", day), str(exc), HOURS_ALLOWED))
            row = self.hourly_weights.get(day)  # type: ignore[call-overload]
            if row is None or len(row) != 24:
                got = "none" if row is None else str(len(row))
                problems.append(
                    Issue(
                        ("hourly_weights", day),
                        f"needs 24 numbers, one per hour, got {got}",
                        "24 numbers of 0 or more",
                    )
                )
        if not problems and not any(
            w > 0
            for hours, row in zip(self.opening(), self.weights(), strict=True)
            if hours is not None
            for h, w in enumerate(row)
            if hours[0] < (h + 1) * 60 and h * 60 < hours[1]
        ):
            problems.append(
                Issue(
                    ("hourly_weights",),
                    "no contacts arrive: every open hour has a weight of 0",
                    "at least one open hour with a weight above 0",
                )
            )
        if problems:
            raise FieldProblems(problems)
        return self

    def opening(self) -> list[DayHours]:
        """Opening hours per day, Monday first, in minutes after midnight (None: closed)."""
        return [_day_hours(self.opening_hours[d]) for d in WEEKDAYS]  # type: ignore[index]

    def weights(self) -> list[list[float]]:
        """7 x 24 relative weights, Monday 00:00 first."""
        return [list(self.hourly_weights[d]) for d in WEEKDAYS]  # type: ignore[index]


QueueChannel = Literal["voice", "chat", "email", "back_office"]
"""How a queue line's contacts are answered: voice (Erlang C, or A with patience), chat (an agent
answers up to `concurrency` chats at once), e-mail and back office (work waits up to a response
deadline: staffed from the backlog, not as a queue)."""
DEADLINE_CHANNELS: tuple[str, ...] = ("email", "back_office")
"""Channels whose `answer_seconds` is a response deadline in open time (staffed from the
backlog)."""


def _check_profile(profile: str) -> None:
    """A line's arrival preset must be one the planner ships (`available_profiles`)."""
    names = available_profiles()
    if profile not in names:
        allowed = ", ".join(names)
        raise FieldProblems(
            [Issue(("profile",), f"'{profile}' is not an arrival profile", f"one of {allowed}")]
        )


class QueueWorkload(_Section):
    """Contacts that arrive over the week and are answered by agents: calls, chats, e-mails and
    back-office cases (`channel`; `planner.engine.workload.queue_staffing` staffs each channel).

    - voice: Erlang C (or Erlang A with `patience_seconds`), `service_level` within
      `answer_seconds`, capped by `max_occupancy`.
    - chat: as voice over chat slots: an agent answers up to `concurrency` chats at once, and each
      extra chat at once makes every chat `concurrency_growth` longer (handle time at k chats =
      `aht_seconds` x (1 + growth x (k - 1))).
    - email, back_office: `answer_seconds` is the response deadline, counted in open time (the
      arrival pattern's opening hours: `pattern`, else the preset's); each interval's work is
      spread over the open intervals of its deadline window and carried overnight and around
      the typical week. `service_level` and `patience_seconds` are not used for them.
    """

    type: Literal["queue"] = "queue"
    channel: QueueChannel = "voice"
    aht_seconds: Annotated[float, Field(gt=0, le=36_000)] = 360.0
    answer_seconds: Annotated[float, Field(ge=0, le=86_400)] = 20.0
    """Voice and chat: the answer target in seconds; e-mail and back office: the response
    deadline in seconds of open time (14,400 = 4 hours), counted in whole planning intervals
    (rounded down, at least one: a deadline never stretches)."""
    service_level: Annotated[float, Field(gt=0, lt=1)] = 0.8
    """Share of contacts answered within `answer_seconds` (voice and chat only)."""
    max_occupancy: Annotated[float, Field(gt=0, le=1)] | None = 0.85
    """Most of their time agents may be busy: Erlang C: offered traffic / agents; Erlang A (with
    `patience_seconds`): handled (carried) traffic / agents. None: no cap."""
    patience_seconds: Annotated[float, Field(gt=0, le=86_400)] | None = None
    """Mean caller patience; set it to staff with Erlang A (callers abandon). Voice only."""
    concurrency: Annotated[int, Field(ge=1, le=10)] = 1
    """Chat only: the most chats an agent answers at once (1 for every other channel)."""
    concurrency_growth: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    """Chat only: each extra chat at once makes every chat this share longer (0.1 = 10 %)."""
    profile: Slug = "business_hours"
    """Arrival preset over the week (`planner/data/arrival_profiles/<profile>.yaml`); when
    `pattern` is set, the preset it was loaded from (the engine then uses `pattern`)."""
    pattern: WeeklyPattern | None = None
    """The plan's own weekly grid and opening hours; None: the preset `profile` as shipped."""
    time_zone: TimeZone | None = None
    """The clients' time zone: the pattern's hours are their local hours."""
    interval_minutes: IntervalMinutes = 30

    @model_validator(mode="after")
    def _known_profile(self) -> QueueWorkload:
        _check_profile(self.profile)
        problems: list[Issue] = []
        if self.channel != "chat" and self.concurrency != 1:
            problems.append(
                Issue(
                    ("concurrency",),
                    "is for chat lines only",
                    "1 for voice, e-mail and back office",
                )
            )
        if self.channel != "chat" and self.concurrency_growth != 0:
            problems.append(
                Issue(
                    ("concurrency_growth",),
                    "is for chat lines only",
                    "0 for voice, e-mail and back office",
                )
            )
        if problems:
            raise FieldProblems(problems)
        return self

    @property
    def as_calls(self) -> bool:
        """True when the line is staffed as calls by Erlang C / A, one contact per agent: a voice
        line, or a chat line one chat at a time with no growth (its chat slots are its agents)."""
        one_chat = self.channel == "chat" and self.concurrency == 1 and self.concurrency_growth == 0
        return self.channel == "voice" or one_chat


class OutboundWorkload(_Section):
    """Outbound dialling: the team works through dials at its own pace (no queue).

    The line's volume is dials a month. A share `contact_rate` of dials reach someone and take
    `talk_seconds` + `wrap_seconds` of agent time; the rest take `no_contact_seconds` (dialling,
    ringing, voicemail): agent seconds per dial by the one rule
    `planner.queueing.channels.outbound_seconds_per_dial`. Agents per interval = work /
    (interval seconds x `max_occupancy`) (`planner.engine.workload.queue_staffing`). The dials
    spread over the week by the arrival pattern (`profile` / `pattern`, as a queue line's
    contacts).
    """

    type: Literal["outbound"] = "outbound"
    contact_rate: PositiveRate = 0.3
    """Share of dials that reach someone (0.3 = 30 %)."""
    talk_seconds: Annotated[float, Field(gt=0, le=36_000)] = 180.0
    wrap_seconds: Annotated[float, Field(ge=0, le=36_000)] = 60.0
    no_contact_seconds: Annotated[float, Field(ge=0, le=36_000)] = 30.0
    """Agent seconds a dial that reaches no one takes."""
    max_occupancy: Annotated[float, Field(gt=0, le=1)] = 0.85
    """Most of their time agents are busy dialling, talking and wrapping up."""
    profile: Slug = "business_hours"
    """As `QueueWorkload.profile`: when the dials are made over the week."""
    pattern: WeeklyPattern | None = None
    time_zone: TimeZone | None = None
    interval_minutes: IntervalMinutes = 30

    @model_validator(mode="after")
    def _known_profile(self) -> OutboundWorkload:
        _check_profile(self.profile)
        return self


ArrivalWorkload = QueueWorkload | OutboundWorkload
"""Work that arrives over the week through an arrival pattern and is staffed interval by
interval (`planner.engine.workload.queue_staffing`)."""
ARRIVAL_WORKLOADS = (QueueWorkload, OutboundWorkload)
"""The same, for `isinstance`."""


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


Workload = Annotated[
    QueueWorkload | OutboundWorkload | ItemsWorkload | ProjectWorkload, Field(discriminator="type")
]
WorkloadType = Literal["queue", "items", "project", "outbound"]
"""How a service line's work is measured: a queue, items processed, project hours, or outbound
dials."""


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
    "list_escalation",
    "base_fee",
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
    """Price in the plan's currency per the pricing model's unit (per contact for
    base_plus_per_item)."""
    base_fee: Money = 0.0
    """Monthly base fee, for base_plus_per_item only (its `price` is then per contact): billed
    each month the contract runs, weighted like a retainer (probability, renewals, churn), not
    scaled by the ramp, and rising with the price (list and yearly escalation). Refused on any
    other pricing model."""
    yearly_escalation: Rate = 0.0
    """Price rise each contract year: month 13 of a contract pays price x (1 + escalation)."""
    list_escalation: Rate = 0.0
    """Yearly rise of the price list for new contracts: a contract signed in plan year y (months
    12(y-1)+1..12y) starts at price x (1 + list_escalation)^(y - 1), then rises each contract year
    by `yearly_escalation`. 0: every contract starts at `price`, whenever it is signed."""

    @field_validator("base_fee")
    @classmethod
    def _base_fee_only_with_a_base(cls, fee: float, info: ValidationInfo) -> float:
        model = info.data.get("pricing_model")
        if fee > 0 and model is not None and model != "base_plus_per_item":
            raise ValueError(
                f"a monthly base fee is only billed with the pricing "
                f"'{PRICING_LABELS['base_plus_per_item']}', and this service is priced "
                f"'{PRICING_LABELS[model]}': set the base fee to 0 or choose that pricing"
            )
        return fee


class Contract(_Section):
    """What a client signs: one or more services, a term and payment days shared by all of them.

    Old plan files (one service per client, its fields on the client itself) are read as a
    contract with that one service (`_one_service_of_old_files`)."""

    services: list[Service] = Field(default_factory=list, max_length=20)
    """What the client buys; a client with none yet bills nothing and is not counted."""
    term_months: Annotated[int, Field(ge=1, le=240)] | None = None
    """Contract length; None runs to the end of the plan."""
    payment_days: Annotated[int, Field(ge=0, le=180)] = 30
    """Days from the invoice date until the client is due to pay (net 30, net 45)."""
    invoicing: Invoicing = "arrears"
    """When a month's work is invoiced: "arrears" on the month's last day (the usual BPO
    terms), "advance" on the first day of the month served."""
    late_days: Annotated[int, Field(ge=0, le=180)] = 0
    """Days clients actually pay after the due date, on average (0: on time)."""
    bad_debt_rate: Annotated[float, Field(ge=0, le=0.5, allow_inf_nan=False)] = 0.0
    """Share of invoices never paid: written off as bad debts when invoiced, never collected."""
    renewal_probability: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    """Chance the contract renews for another term when a term ends (expected value: after n
    renewals it counts with weight probability^n, at prices still rising each contract year);
    0: it ends at its term. Unused without a term."""

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
    industry: Industry | None = None
    """The client's industry; some bring compliance rules (health care: HIPAA)."""
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    """Where the client is, an ISO 3166 code ("US", "CA"); some bring rules (Canada: PIPEDA)."""

    @field_validator("country", mode="before")
    @classmethod
    def _known_country(cls, code: object) -> object:
        if isinstance(code, str):
            code = code.strip().upper() or None
        if code is not None and code not in COUNTRY_LABELS:
            raise ValueError(f"'{code}' is not a country code: use two letters such as US or CA")
        return code


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
    """Paid at the start of each year it covers (month `start_month` and every 12 months after)
    and expensed evenly over that year's 12 months (the unused part is prepaid)."""
    lead_time_days: Annotated[int, Field(ge=0, le=730)] = 0
    start_month: MonthNumber = 1
    """The plan month the item starts: its one-time fee is paid then and its yearly fee's years
    run from it (13: the second plan year). After the horizon: nothing within the plan."""
    status: PaperworkStatus = "to_do"
    notes: Text = ""
    location: LocationName = ""
    """Where the fees are paid (a `Settings.cost_locations` name), in its currency; blank: the
    main location."""


class Paperwork(_Section):
    items: list[PaperworkItem] = Field(default_factory=list, max_length=200)


# --- step 4: resources ----------------------------------------------------------------------


class ResourceItem(_Section):
    name: Name
    category: ResourceCategory = "other"
    basis: ResourceBasis = "per_seat"
    quantity: Annotated[float, Field(ge=0, le=1e6)] = 1.0
    """Units per seat, per employee, per site, per person in `roles`, or in all (fixed)."""
    roles: list[Name] = Field(default_factory=list, max_length=100)
    """basis "per_role": the names of the roles whose people each need `quantity` units (a phone
    licence for the agents, coding software for the coders); empty for the other bases."""
    one_time_cost: Money = 0.0
    """Per unit. Bought: capital expenditure, depreciated over `useful_life_months`.
    Leased: a set-up fee, expensed when paid."""
    useful_life_months: Annotated[int, Field(ge=1, le=600)] = 36
    monthly_cost: Money = 0.0
    """Per unit per month: rent, lease, licence, line rental, maintenance."""
    ownership: Ownership = "buy"
    deposit: Money = 0.0
    """Refundable deposit per unit (a lease's security deposit), paid when the unit is taken and
    refunded when it is given up; held as an asset in between."""
    deposit_months: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)] = 0.0
    """A deposit of this many months of the monthly cost per unit (added to `deposit`)."""
    advance_rent_months: Annotated[int, Field(ge=0, le=24)] = 0
    """Months of the monthly cost paid ahead when the item starts, used up over its first months."""
    notes: Text = ""
    location: LocationName = ""
    """Where the item is paid for (a `Settings.cost_locations` name): its costs and deposit are
    in that location's currency; blank: the main location."""


class Resources(_Section):
    sites: Annotated[int, Field(ge=1, le=50)] = 1
    items: list[ResourceItem] = Field(default_factory=list, max_length=300)


# --- step 5: staffing -----------------------------------------------------------------------


class Role(_Section):
    name: Name
    skill_level: SkillLevel = "entry"
    monthly_wage: Annotated[
        float, Field(gt=0, le=MONEY_CEILING, allow_inf_nan=False), MoneyCap(WAGE_CAP_USD)
    ]
    """Gross base wage per person per month, before employer burden; up to USD 1,000,000 at the
    plan's exchange rate (4,300,000,000 in a COP plan)."""
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
    work_pattern: WorkPattern = "office"
    """"shifts": desks shared by the plan's shift pattern (`Staffing.shift_pattern`); "office": one
    desk each, day work, no sharing; "remote": no desk, and no per-employee resource items (only
    items counted per person in chosen roles). A file without it: "shifts" for workload roles,
    "office" for the others (managers, finance, trainers)."""
    employment: Employment = "employee"
    """"contractor": paid the monthly wage with no employer costs (`Staffing.burden`); recruiting
    and training cost the same as for an employee."""
    location: LocationName = ""
    """Where the role's people are paid (a `Settings.cost_locations` name): the wage is in that
    location's currency; blank: the main location."""

    @model_validator(mode="before")
    @classmethod
    def _work_pattern_of_old_files(cls, data: object) -> object:
        """A role without `work_pattern` (or with a blank one): "shifts" when it does workload,
        else "office"."""
        if isinstance(data, dict) and data.get("work_pattern") is None:
            pattern = "shifts" if data.get("basis") == "workload" else "office"
            data = {**data, "work_pattern": pattern}
        return data

    @model_validator(mode="after")
    def _basis_fields(self) -> Role:
        if self.basis == "ratio" and self.ratio_per is None:
            raise ValueError(
                "a role counted by ratio needs its 'One per' number (one person per how many)"
            )
        return self

    @property
    def is_direct(self) -> bool:
        """Cost of sales (direct labour): `direct` when set, else True for workload roles."""
        return self.basis == "workload" if self.direct is None else self.direct


CalendarMonth = Annotated[int, Field(ge=1, le=12)]


class Bonus(_Section):
    """A bonus the law or the contract pays in given calendar months, earned as people work."""

    name: Name = "13th-month pay"
    months: list[CalendarMonth] = Field(default_factory=lambda: [12], min_length=1, max_length=12)
    """Calendar months it is paid in (12 = December; [6, 12] for a prima paid in June and
    December): each payment pays what was accrued since the last one."""
    share: Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)] = 1.0
    """Its size over a year, in monthly base wages (1.0 = one month's wage a year, accrued as
    1/12 of the wage in every month worked)."""
    burden: bool = False
    """Employer on-costs are charged on it (False for the Philippine 13th-month pay, which is
    outside social-security contributions)."""

    @model_validator(mode="after")
    def _unique_months(self) -> Bonus:
        if len(set(self.months)) != len(self.months):
            raise ValueError("each month it is paid in may appear only once")
        return self


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
    """Paid weeks of training before a new hire is productive (a week is 12 / 52 of a month)."""
    ramp_up: list[Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default_factory=list, max_length=26
    )
    """Share of full productivity in each week after training, then 100%: [0.5, 0.75] = half
    productive in week 1 after training, three quarters in week 2, fully from week 3
    (`planner.engine.headcount.tenure_shares`). Empty: fully productive when training ends."""
    recruiting_cost_per_hire: Money = 300.0
    shift_pattern: ShiftPattern = "office_hours"
    bonuses: list[Bonus] = Field(default_factory=list, max_length=10)
    """Bonuses paid in given calendar months (the 13th-month pay, a prima), accrued monthly."""
    night_premium: Annotated[float, Field(ge=0, le=2, allow_inf_nan=False)] = 0.0
    """Extra pay per hour worked at night (22:00-06:00), as a share of the wage (0.1 = +10%)."""
    night_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    """Share of the shift workers' hours worked at night; None: from the shift pattern
    (`planner.engine.paycalendar.night_share`)."""

    @property
    def hours_at_night(self) -> float:
        """Share of the shift workers' hours at night: `night_share` when set, else
        `NIGHT_SHARE_BY_PATTERN` of the shift pattern."""
        if self.night_share is not None:
            return self.night_share
        return NIGHT_SHARE_BY_PATTERN[self.shift_pattern]

    @model_validator(mode="after")
    def _unique_names(self) -> Staffing:
        _require_unique([r.name for r in self.roles], "roles", "name")
        for week, share in enumerate(self.ramp_up, start=1):
            if not 0 < share <= 1:
                raise FieldProblems(
                    [
                        Issue(
                            ("ramp_up",),
                            f"week {week} after training is {percent(share, 1)}",
                            "a share above 0% and up to 100% for each week after training",
                        )
                    ]
                )
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
    yearly_churn: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    """Expected share of these clients who leave within a year, at any time of the contract:
    month k of the contract counts with weight (1 - yearly_churn)^((k - 1) / 12), i.e. a
    monthly churn of 1 - (1 - yearly_churn)^(1/12)."""


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
    grace_months: Annotated[int, Field(ge=0, le=120)] = 0
    """Months after the drawdown with interest only (no principal), counted in the term; then
    the annuity over the months left of the term."""
    rates_by_year: list[Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]] = Field(
        default_factory=list, max_length=50
    )
    """A variable rate: the yearly rate in each plan year (year 1 = months 1..12); years past the
    list keep its last rate; empty: `yearly_rate` throughout. The payment is recomputed on the
    balance and the months left whenever the rate changes."""

    @model_validator(mode="after")
    def _grace_within_term(self) -> Loan:
        if self.grace_months >= self.term_months:
            raise ValueError(
                f"the grace period ({self.grace_months} months) must be shorter than the term "
                f"({self.term_months} months): the loan is repaid in the months after it"
            )
        return self

    def rate_in_year(self, year: int) -> float:
        """The yearly rate in plan year `year` (1, 2, ...): `rates_by_year` (its last rate past
        its end), else `yearly_rate`."""
        if not self.rates_by_year:
            return self.yearly_rate
        return self.rates_by_year[min(year, len(self.rates_by_year)) - 1]


TaxBase = Literal["profit", "gross_income", "revenue"]
"""What a tax rate applies to: profit before tax (less losses carried forward), gross income
(revenue - direct labour, the P&L's gross profit) or revenue (`planner.engine.tax`)."""
TaxPayment = Literal["monthly", "quarterly"]
"""When accrued income tax is paid: the month after each month, or the month after each calendar
quarter (April, July, October, January)."""
TaxYear = Annotated[int, Field(ge=1, le=10)]
"""A plan year (year 1 = months 1-12), the tax year of `planner.engine.tax`."""


class TaxPeriod(_Section):
    from_year: TaxYear = 1
    """The first plan year this rate applies to; it applies until the next period's year."""
    rate: Rate = 0.25
    base: TaxBase = "profit"


class Tax(_Section):
    """Income tax rules beyond one rate (`planner.engine.tax` has the formulas)."""

    schedule: list[TaxPeriod] = Field(default_factory=list, max_length=10)
    """Rates by plan year, the first from year 1 (e.g. an income-tax holiday at 0%, then 5% of
    gross income); empty: `Financing.tax_rate` on profit from year 1."""
    loss_years: Annotated[int, Field(ge=0, le=20)] = 0
    """Years a loss may be carried forward before it lapses (Philippine NOLCO: 3); 0: never."""
    loss_offset_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    """Share of a year's profit (above `loss_offset_threshold`) that losses carried forward may
    offset (US federal: 80%); 0: losses are not carried forward."""
    loss_offset_threshold: Money = 0.0
    """Profit in a year that losses may offset in full before the share applies (Germany: 1M)."""
    minimum_rate: Rate = 0.0
    """Minimum tax as a share of the year's gross income (Philippine MCIT: 2%); 0: none."""
    minimum_amount: Money = 0.0
    """Minimum tax per year as a flat amount; 0: none. The minimum is the larger of the two."""
    minimum_from_year: TaxYear = 1
    """The first plan year the minimum tax applies (Philippine MCIT: the 4th year of operation)."""
    payment: TaxPayment = "quarterly"
    revenue_tax_rate: Rate = 0.0
    """A tax on revenue, an operating expense (Bogota's ICA for services: 9.66 per 1,000)."""
    payments_tax_rate: Rate = 0.0
    """A tax on money paid out of the bank, an operating expense (Colombia's GMF: 4 per 1,000)."""

    @model_validator(mode="after")
    def _schedule_in_order(self) -> Tax:
        years = [p.from_year for p in self.schedule]
        if years and years[0] != 1:
            raise FieldProblems(
                [Issue(("schedule", 0, "from_year"), f"the first rate starts in year {years[0]}",
                       "the first rate from year 1")]
            )  # fmt: skip
        for i in range(1, len(years)):
            if years[i] <= years[i - 1]:
                raise FieldProblems(
                    [Issue(("schedule", i, "from_year"),
                           f"year {years[i]} is not after the rate above it (year {years[i - 1]})",
                           "each rate from a later year than the one above it")]
                )  # fmt: skip
        return self


class CreditLine(_Section):
    """A revolving credit line (overdraft): drawn when cash would fall below the minimum cash,
    repaid first when cash is above it; interest = opening balance x yearly_rate / 12."""

    limit: Money
    """The most that may be owed at once."""
    yearly_rate: Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)] = 0.12


class Financing(_Section):
    opening_cash: Money = 0.0
    minimum_cash: Money = 0.0
    """The buffer the founder wants to keep in the bank every month."""
    equity: list[EquityInjection] = Field(default_factory=list, max_length=50)
    loans: list[Loan] = Field(default_factory=list, max_length=20)
    tax_rate: Rate = 0.25
    """Corporate tax on positive profit (losses carried forward), when `tax.schedule` is empty."""
    tax: Tax = Field(default_factory=Tax)
    """Tax rules: a rate schedule by year, loss limits, minimum tax, payment, other taxes."""
    cash_interest_rate: Annotated[float, Field(ge=0, le=0.5, allow_inf_nan=False)] = 0.0
    """Yearly interest the bank pays on cash: each month max(0, opening cash) x rate / 12."""
    credit_line: CreditLine | None = None
    """An overdraft drawn automatically to keep the minimum cash (None: no credit line)."""
    contingency: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    """Share of the spending uses (equipment + uncovered running costs) added as a reserve to
    sources and uses: 0.1 asks for 10% more."""
    dscr_covenant: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] = 1.25
    """The lowest yearly debt-service coverage a lender accepts; years below it are flagged."""

    def tax_schedule(self) -> tuple[TaxPeriod, ...]:
        """The rates by year: `tax.schedule`, or `tax_rate` on profit from year 1 (old plans)."""
        return tuple(self.tax.schedule) or (TaxPeriod(from_year=1, rate=self.tax_rate),)


# --- ranges: scenarios and risk ----------------------------------------------------------------

DriverName = Literal[
    "volume", "handle_time", "price", "win_rate", "start_delay_months", "attrition", "wages"
]
"""What a scenario changes and a risk run draws (`planner.model.drivers`, the one owner of what
each means): each a multiplier (1 = as planned), except start_delay_months (whole months added)."""
MULTIPLIER_RANGE = (0.0, 5.0)
"""A driver's multiplier: from 0 up to 5 (5 times the planned figure)."""
DELAY_RANGE = (-24, 24)
"""start_delay_months: whole months from 24 earlier to 24 later."""
Distribution = Literal["pert", "triangular", "uniform"]


def driver_problem(name: str, value: float) -> str | None:
    """What is wrong with `value` for driver `name`, in words (None: nothing).

    >>> driver_problem("volume", 0.8), driver_problem("start_delay_months", 1.5)
    (None, 'must be a whole number of months from -24 to 24, got 1.5')
    """
    if name == "start_delay_months":
        low, high = DELAY_RANGE
        if value != int(value) or not low <= value <= high:
            return f"must be a whole number of months from {low} to {high}, got {assumption(value)}"
        return None
    low_m, high_m = MULTIPLIER_RANGE
    if not low_m <= value <= high_m:
        return (
            f"must be a multiplier from {assumption(low_m)} to {assumption(high_m)} (1 = as "
            f"planned), got {assumption(value)}"
        )
    return None


def _driver_allowed(name: str) -> str:
    if name == "start_delay_months":
        return "a whole number of months from -24 to 24"
    return "a multiplier from 0 to 5 (1 = as planned, 0.8 = 20% less)"


class DriverRange(_Section):
    """A driver's low, most likely and high value for the risk runs (low <= likely <= high)."""

    low: Annotated[float, Field(allow_inf_nan=False)]
    likely: Annotated[float, Field(allow_inf_nan=False)]
    high: Annotated[float, Field(allow_inf_nan=False)]


class Risk(_Section):
    """The risk runs (Monte Carlo): how many, the seed, the shape of each driver's distribution
    and each driver's low / likely / high. Drivers left out stay as planned in every run."""

    runs: Annotated[int, Field(ge=10, le=20_000)] = 2000
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 7
    distribution: Distribution = "pert"
    drivers: dict[DriverName, DriverRange] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ranges(self) -> Risk:
        problems: list[Issue] = []
        for name, r in self.drivers.items():
            for part in ("low", "likely", "high"):
                wrong = driver_problem(name, getattr(r, part))
                if wrong:
                    problems.append(Issue(("drivers", name, part), wrong, _driver_allowed(name)))
            if not problems and not r.low <= r.likely <= r.high:
                problems.append(
                    Issue(
                        ("drivers", name, "likely"),
                        "low, likely and high must be in order, got "
                        + ", ".join(assumption(x) for x in (r.low, r.likely, r.high)),
                        "low <= likely <= high",
                    )
                )
        if problems:
            raise FieldProblems(problems)
        return self


class Scenario(_Section):
    """A named set of changes to the plan ("Slow sales": volume 0.8, start_delay_months 3)."""

    name: Name
    description: Text = ""
    changes: dict[DriverName, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default_factory=dict
    )
    """Driver -> value (`DriverName`); drivers left out stay as planned."""

    @model_validator(mode="after")
    def _values(self) -> Scenario:
        problems = [
            Issue(("changes", name), wrong, _driver_allowed(name))
            for name, value in self.changes.items()
            if (wrong := driver_problem(name, value))
        ]
        if problems:
            raise FieldProblems(problems)
        return self


# --- actuals: figures after launch ---------------------------------------------------------------


class ActualEntry(_Section):
    """One actual figure: a month of the plan, a line (`planner.model.actuals_lines`), a value
    (money in the plan's currency, or a count for people, seats and volume)."""

    month: Annotated[str, Field(pattern=MONTH_PATTERN)]
    line: Annotated[str, Field(min_length=1, max_length=200)]
    value: Annotated[float, Field(ge=-MONEY_CEILING, le=MONEY_CEILING, allow_inf_nan=False)]


class Actuals(_Section):
    """What happened after launch: the actual figures by month and line, and how the accounting
    software's accounts map to the plan's lines (account name -> line key; "" ignores the
    account), kept so the next import of the same accounts needs no mapping again."""

    entries: list[ActualEntry] = Field(default_factory=list, max_length=50_000)
    mapping: dict[Annotated[str, Field(max_length=200)], str] = Field(default_factory=dict)


# --- bids: priced proposals kept with the plan ---------------------------------------------------

BidChannelId = Literal["voice", "chat", "email", "back_office", "outbound"]
"""A bid's channel (`planner.bid.types.BID_CHANNELS`, the same ids in the same order)."""
CostUnit = Literal[
    "per_fte_month",
    "per_paid_hour",
    "per_productive_hour",
    "per_handled_minute",
    "per_item",
    "per_seat",
]
"""The units a month's cost to serve is divided by (`planner.bid.pricing.unit_costs`), named by
the billing model that bills that unit: an FTE-month, a paid hour, a productive hour, a handled
minute, a contact (item or dial), a seat."""
COST_UNITS: tuple[str, ...] = get_args(CostUnit)
BidMargin = Annotated[float, Field(ge=-1e6, le=1, allow_inf_nan=False)]
"""(revenue - cost) / revenue: at most 1 (no cost); below 0 is a loss (-0.25: cost is 125 % of
revenue)."""


class BidShift(_Section):
    """One shift of a bid's roster in its first forecast month: its start (local clock), paid
    length, and the agents working it on each weekday, Monday first."""

    start: Annotated[str, Field(pattern=CLOCK_PATTERN)]
    length_hours: Annotated[float, Field(gt=0, le=24, allow_inf_nan=False)]
    agents: list[Annotated[int, Field(ge=0, le=100_000)]] = Field(min_length=7, max_length=7)
    """Agents starting this shift on Monday, Tuesday, ..., Sunday."""


class BidUnitCosts(_Section):
    """A month's cost to serve on the forecast volume divided by each unit a billing model bills
    (`COST_UNITS`; `planner.bid.pricing.unit_costs`), in the plan's currency."""

    per_fte_month: Money = 0.0
    per_paid_hour: Money = 0.0
    per_productive_hour: Money = 0.0
    per_handled_minute: Money = 0.0
    per_item: Money = 0.0
    """Per contact, item or dial."""
    per_seat: Money = 0.0


class BidPrice(_Section):
    """A billing model priced for the bid's target margin, and the margin it earns when volume
    comes in 20 % under the forecast, as forecast, and 20 % over (None: no revenue at that
    volume, so no margin)."""

    model: PricingModel
    price: Money
    """Per the model's unit; for `monthly_retainer` the monthly fee; for `base_plus_per_item` the
    price per contact on top of `base_fee`."""
    base_fee: Money = 0.0
    """The monthly base of `base_plus_per_item` (0 for the other models)."""
    margin_under: BidMargin | None = None
    margin_forecast: BidMargin | None = None
    margin_over: BidMargin | None = None


class BidProposal(_Section):
    """A priced bid kept with the plan: what its one-page proposal shows, in plain values
    (`planner.bid.to_plan.summarise_bid` makes one from a `Bid`).

    Money in the plan's currency (`currency`, the plan's when the bid was costed), per month
    unless named per unit; rates are fractions; FTE are full-time people (the plan's paid hours
    a month each). `client` is the pipeline client the bid was added as; `service_line` the line
    it is served on."""

    client: Name
    service_line: Slug
    channel: BidChannelId = "voice"
    targets: Text = ""
    """The prospect's targets in words ("80 % answered within 20 seconds")."""
    currency: Annotated[str, Field(pattern=CURRENCY_PATTERN)] = "USD"
    cost_source: Text = ""
    """Which plan and role the costs come from, in words."""
    forecast_method: Text = ""
    history_weeks: Annotated[float, Field(ge=0, le=1_000, allow_inf_nan=False)] = 0.0
    forecast_months: Annotated[int, Field(ge=0, le=60)] = 0
    monthly_contacts: Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)] = 0.0
    """The forecast's mean contacts (items, dials) a month."""
    mape: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] | None = None
    """Mean absolute percentage error of the forecast on the held-back weeks (0.062 = 6.2 %)."""
    naive_mape: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] | None = None
    """The same for the seasonal-naive forecast (each interval as one week earlier)."""
    required_fte: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = 0.0
    scheduled_fte: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = 0.0
    scheduling_loss: Annotated[float, Field(ge=-1, le=1e3, allow_inf_nan=False)] = 0.0
    """Scheduled hours / required hours - 1 (0.08: shifts cover 8 % more than required)."""
    seats: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = 0.0
    shifts: list[BidShift] = Field(default_factory=list, max_length=200)
    unit_costs: BidUnitCosts = Field(default_factory=BidUnitCosts)
    """Cost to serve per unit on the forecast volume (per FTE-month, paid hour, ...)."""
    monthly_cost: Money = 0.0
    """The month's cost to serve on the forecast volume: staff, seats and overhead."""
    margin: Rate = 0.25
    """The target margin the prices were set for: (revenue - cost) / revenue."""
    prices: list[BidPrice] = Field(default_factory=list, max_length=8)
    chosen_model: PricingModel = "per_fte_month"
    """The billing model the client was added to the plan with."""

    @model_validator(mode="after")
    def _one_price_per_model(self) -> BidProposal:
        _require_unique([p.model for p in self.prices], "prices", "model")
        return self


def plan_month_labels(first_month: str, months: int) -> list[str]:
    """The plan's months as "YYYY-MM", from its first month (`settings.first_month`).

    >>> plan_month_labels("2027-11", 3)
    ['2027-11', '2027-12', '2028-01']
    """
    year, month = (int(part) for part in first_month.split("-"))
    start = year * 12 + month - 1
    return [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(start, start + months)]


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
    scenarios: list[Scenario] = Field(default_factory=list, max_length=20)
    """Named sets of changes to compare with the plan as it stands (`planner.model.drivers`)."""
    risk: Risk | None = None
    """The risk runs' settings; None: the documented defaults (`planner.model.drivers`)."""
    actuals: Actuals | None = None
    """Actual figures after launch and the accounts' mapping (`planner.report.actuals_import`);
    None: none imported yet."""
    bids: list[BidProposal] = Field(default_factory=list, max_length=20)
    """Priced bids added to the plan as prospects, each with what its proposal shows
    (`planner.bid.to_plan`); empty in plans written before the bid desk."""
    sources: tuple[Source, ...] = Field(default=(), max_length=300)
    """Where figures came from, each tied to the field and the value it explains
    (`planner.model.sources`); a file may give them as {field path: text}."""

    @model_validator(mode="wrap")
    @classmethod
    def _record_sources(cls, data: Any, handler: ModelWrapValidatorHandler[Plan]) -> Plan:
        """Sources given without a value (a starter's `{field: text}`) are tied to the plan's
        figures as it is read."""
        data, pending = with_values(data)
        plan = handler(data)
        if not pending:
            return plan
        sources = list(plan.sources)
        for i, entry in pending:
            sources[i] = record(plan, sources[i].field, sources[i].text, entry.get("context") or ())
        return plan.model_copy(update={"sources": tuple(sources)})

    @model_validator(mode="after")
    def _references(self) -> Plan:
        problems = [
            *self._client_problems(),
            *self._role_problems(),
            *self._won_problems(),
            *self._money_problems(),
            *self._resource_problems(),
            *self._location_problems(),
            *self._scenario_problems(),
            *self._actuals_problems(),
            *self._bid_problems(),
        ]
        if problems:
            raise FieldProblems(problems)
        return self

    def _scenario_problems(self) -> list[Issue]:
        """Scenario names are unique (a switch and a drop-down choose them by name)."""
        seen: set[str] = set()
        problems = []
        for i, scenario in enumerate(self.scenarios):
            key = scenario.name.strip().casefold()
            if key in seen:
                problems.append(
                    Issue(
                        ("scenarios", i, "name"),
                        f"'{scenario.name}' is the name of another scenario",
                        "a name no other scenario of this plan has",
                    )
                )
            seen.add(key)
        return problems

    def _actuals_problems(self) -> list[Issue]:
        """Each actual figure is for a month of the plan and a line of this plan, once per month
        and line; the mapping's lines are lines of this plan (or "" to ignore the account)."""
        if self.actuals is None:
            return []
        months = plan_month_labels(self.settings.first_month, self.settings.horizon_months)
        keys = line_keys(self)
        span = f"{months[0]} to {months[-1]}"
        lines_allowed = f"a line of this plan: {allowed_words(self)}"
        problems: list[Issue] = []
        seen: set[tuple[str, str]] = set()
        for i, entry in enumerate(self.actuals.entries):
            here, label = ("actuals", "entries", i), f"Actual figures, row {i + 1}"
            if entry.month not in months:
                problems.append(
                    Issue(
                        (*here, "month"),
                        f"{entry.month} is not a month of the plan (it covers {span})",
                        f"a month from {span}, written YYYY-MM",
                        f"{label}, month",
                    )
                )
            if entry.line not in keys:
                problems.append(
                    Issue(
                        (*here, "line"),
                        unknown_line_message(self, entry.line),
                        lines_allowed,
                        f"{label}, line",
                    )
                )
            if (entry.month, entry.line) in seen:
                problems.append(
                    Issue(
                        (*here, "line"),
                        f"{entry.month} '{entry.line}' is given twice",
                        "one figure per month and line",
                        f"{label}, line",
                    )
                )
            seen.add((entry.month, entry.line))
        problems += [
            Issue(
                ("actuals", "mapping", account),
                f"account '{account}' is mapped to '{line}', which is not a line of this plan",
                f"{lines_allowed}, or blank to ignore the account",
                f"Account mapping, '{account}'",
            )
            for account, line in self.actuals.mapping.items()
            if line and line not in keys
        ]
        return problems

    def _bid_problems(self) -> list[Issue]:
        """A bid is for a client no other bid names, on a service line of this plan; the client
        was added with one of the bid's priced models."""
        lines, _ = self._line_ids()
        problems: list[Issue] = []
        seen: set[str] = set()
        for i, bid in enumerate(self.bids):
            here = ("bids", i)
            key = bid.client.strip().casefold()
            if key in seen:
                problems.append(
                    Issue(
                        (*here, "client"),
                        f"'{bid.client}' already has a bid in this plan",
                        "a client no other bid of this plan names",
                    )
                )
            seen.add(key)
            if bid.service_line not in lines:
                problems.append(self._unknown_line((*here, "service_line"), bid.service_line))
            priced = [p.model for p in bid.prices]
            if priced and bid.chosen_model not in priced:
                problems.append(
                    Issue(
                        (*here, "chosen_model"),
                        f"'{bid.chosen_model}' is not one of the bid's priced billing models",
                        "one of the billing models the bid priced",
                    )
                )
        return problems

    def _line_ids(self) -> tuple[set[str], str]:
        """The plan's service line ids, and the lines in words for a message: each by its name,
        its id (what a plan file writes) after it ("Medical billing (id medical_billing)")."""
        lines = self.specialty.service_lines
        words = ", ".join(f"{s.name} (id {s.id})" for s in lines)
        return {s.id for s in lines}, words or "none yet: add one in step 1"

    def _unknown_line(self, path: tuple[str | int, ...], line: str) -> Issue:
        _, allowed = self._line_ids()
        return Issue(
            path,
            f"'{line}' is not one of this plan's service lines (it has: {allowed})",
            f"one of this plan's service lines: {allowed}",
        )

    def _located(self) -> list[tuple[tuple[str | int, ...], Role | ResourceItem | PaperworkItem]]:
        """The roles, resource items and paperwork items (each with its path): the costs entered
        in a location's currency."""
        return [
            *((("staffing", "roles", i), r) for i, r in enumerate(self.staffing.roles)),
            *((("resources", "items", i), r) for i, r in enumerate(self.resources.items)),
            *((("paperwork", "items", i), r) for i, r in enumerate(self.paperwork.items)),
        ]

    def _money_problems(self) -> list[Issue]:
        """Every money field at most its cap (`MoneyCap`, US dollars) in the field's own currency:
        the reporting currency, or for a role, resource or paperwork item its location's cost
        currency (`Settings.units_per_usd_of`)."""
        settings = self.settings
        located = self._located()
        over = [
            (path, value, cap, settings.currency)
            for path, value, cap in money_over_cap(self, settings.rate)
            if not any(path[: len(where)] == where for where, _ in located)
        ]
        for where, entity in located:
            cur = settings.cost_location(entity.location).currency
            rate = settings.units_per_usd_of(entity.location)
            over += [(p, v, c, cur) for p, v, c in money_over_cap(entity, rate, where)]
        return [
            Issue(
                path,
                f"must be at most {amount(cap, cur)} {cur}, got {amount(value, cur)} {cur}",
                f"an amount from 0 to {amount(cap, cur)} {cur}",
            )
            for path, value, cap, cur in over
        ]

    def _location_problems(self) -> list[Issue]:
        """A role, resource or paperwork item names a location of the plan (or none)."""
        names = self.settings.cost_location_names()
        allowed = ", ".join(names)
        return [
            Issue(
                (*where, "location"),
                f"'{entity.location}' is not one of this plan's cost locations ({allowed}); "
                "add it under cost currencies in step 1, or leave the location blank for the "
                "main location",
                f"blank (the main location) or one of {allowed}",
            )
            for where, entity in self._located()
            if entity.location and entity.location not in names
        ]

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

    def _resource_problems(self) -> list[Issue]:
        """An item counted per person in chosen roles names roles of this plan, at least one.

        The issue names the item in words (it also shows on the staffing step, when a role an
        item counts is renamed or deleted there)."""
        names = [r.name for r in self.staffing.roles]
        allowed = ", ".join(names) or "none defined yet"
        problems: list[Issue] = []
        for i, item in enumerate(self.resources.items):
            here = ("resources", "items", i, "roles")
            label = f"Resources (step 4), row {i + 1} '{item.name}', roles"
            if item.basis == "per_role" and not item.roles:
                problems.append(
                    Issue(
                        here,
                        "it is counted per person in chosen roles, but no role is chosen",
                        f"one or more roles of this plan: {allowed}",
                        label,
                    )
                )
            problems.extend(
                Issue(
                    here,
                    f"'{role}' is not a role of this plan (roles: {allowed}); choose its roles "
                    "again in step 4",
                    f"a role of this plan: {allowed}",
                    label,
                )
                for role in item.roles
                if role not in names
            )
        return problems

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
