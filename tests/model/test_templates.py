"""Starter plans and the catalog: every template loads, is complete, round-trips unchanged and adds
up to a business that breaks even with its funding; every catalog entry validates and the catalog
covers every kind of outsourcing in the domain notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.data import catalog
from planner.engine.pipeline import project
from planner.model.files import (
    parse_plan_text,
    plan_from_dict,
    plan_to_dict,
    plan_to_json,
    plan_to_yaml,
)
from planner.model.issues import PlanError
from planner.model.plan import SCORE_CRITERIA, PaperworkItem, Plan, ResourceItem, Role
from planner.model.sources import source_status
from planner.model.starters import (
    TEMPLATES_DIR,
    TemplateInfo,
    list_templates,
    load_template,
    template_ids,
)

ROOT = Path(__file__).resolve().parents[2]
PROFILES = {p.stem for p in (ROOT / "planner" / "data" / "arrival_profiles").glob("*.yaml")}
EXPECTED_TEMPLATES = {
    "offshore_voice_support",
    "onshore_bookkeeping_payroll",
    "kpo_research_analytics",
    "nearshore_it_helpdesk",
}

# Every service named in DOMAIN.md's table of outsourcing kinds -> its catalog id.
DOMAIN_SERVICES: dict[str, dict[str, str]] = {
    "back_office": {
        "payroll": "payroll",
        "bookkeeping and accounting": "bookkeeping",
        "billing": "billing",
        "purchasing": "purchasing",
        "data entry": "data_entry",
        "form processing": "form_processing",
        "data conversion and scanning": "data_conversion",
        "OCR with editing and indexing": "ocr_indexing",
        "insurance processing": "insurance_processing",
        "HR administration": "hr_administration",
    },
    "front_office": {
        "customer support": "customer_support",
        "technical support": "technical_support",
        "telemarketing": "telemarketing",
        "answering services": "answering_services",
        "appointments": "appointments",
        "order processing": "order_processing",
        "marketing services": "marketing_services",
    },
    "kpo": {
        "analytics": "analytics",
        "business research": "business_research",
        "market research (MRO)": "market_research",
        "financial research (FRO)": "financial_research",
        "engineering services (ESO)": "engineering_services",
        "legal process (LPO)": "legal_process",
        "design and animation": "design_animation",
        "publishing": "publishing",
        "data mining": "data_mining",
        "patent research": "patent_research",
    },
    "ito": {
        "tech support and help desk": "help_desk",
        "infrastructure": "infrastructure_management",
        "hosting": "hosting",
        "data backup": "data_backup",
        "security management": "security_management",
        "application and software development": "application_development",
    },
}


RESOURCE_CATEGORIES = {
    "it_hardware",
    "office_space",
    "furniture",
    "internet",
    "phone_lines",
    "software",
    "other",
}
"""Every resource category the planner offers: each starter plan and the catalog use them all."""


@pytest.fixture(scope="module", params=sorted(EXPECTED_TEMPLATES))
def template(request: pytest.FixtureRequest) -> tuple[str, Plan]:
    return request.param, load_template(request.param)


# --- the list of templates -----------------------------------------------------------------------


def test_the_four_starter_plans_are_listed() -> None:
    assert set(template_ids()) >= EXPECTED_TEMPLATES
    infos = list_templates()
    assert [i.id for i in infos] == template_ids()
    for info in infos:
        assert isinstance(info, TemplateInfo)
        assert info.path == TEMPLATES_DIR / f"{info.id}.yaml"
        assert info.title == load_template(info.id).settings.name
        assert 40 <= len(info.description) <= 300, info.description
        assert "sources:" not in info.description  # only the first comment paragraph


def test_an_unknown_template_names_the_allowed_ones() -> None:
    with pytest.raises(PlanError) as info:
        load_template("offshore_voice")
    message = str(info.value)
    assert "unknown template 'offshore_voice'" in message
    assert "offshore_voice_support" in message
    assert "nearshore_it_helpdesk" in message
    with pytest.raises(PlanError, match="unknown template"):
        load_template("../catalog/services")  # not a path into the tree


# --- each template: valid, complete, unchanged by a round trip -----------------------------------


def test_round_trips_unchanged(template: tuple[str, Plan]) -> None:
    _, plan = template
    assert parse_plan_text(plan_to_yaml(plan)) == plan
    assert parse_plan_text(plan_to_json(plan)) == plan
    assert plan_from_dict(plan_to_dict(plan)) == plan


def test_every_section_is_filled_in(template: tuple[str, Plan]) -> None:
    _, plan = template
    specialty, business = plan.specialty, plan.business_plan
    assert specialty.service_lines and specialty.target_clients and specialty.why
    assert len(specialty.candidates) >= 3
    assert set(specialty.criteria_weights) == set(SCORE_CRITERIA)
    assert 3 <= len(business.clients) <= 6
    assert any(c.status == "pipeline" and c.probability < 1 for c in business.clients)
    assert any(c.status == "signed" for c in business.clients)
    for field, text in business.narrative:
        assert len(text) > 80, f"narrative.{field} is too thin to build on"
    assert 8 <= len(plan.paperwork.items) <= 15
    assert len({p.category for p in plan.paperwork.items}) >= 5
    assert 10 <= len(plan.resources.items) <= 20
    assert {r.ownership for r in plan.resources.items} == {"buy", "lease"}
    assert plan.marketing.channels and plan.marketing.won_clients
    assert plan.financing.opening_cash > 0 and plan.financing.minimum_cash > 0
    assert 0 < plan.financing.tax_rate < 0.5


def test_resources_cover_every_category(template: tuple[str, Plan]) -> None:
    _, plan = template
    categories = {r.category for r in plan.resources.items}
    assert categories >= RESOURCE_CATEGORIES


def test_staffing_has_workload_ratio_and_fixed_roles(template: tuple[str, Plan]) -> None:
    _, plan = template
    by_basis: dict[str, list[Role]] = {}
    for role in plan.staffing.roles:
        by_basis.setdefault(role.basis, []).append(role)
    assert set(by_basis) == {"workload", "ratio", "fixed"}
    lines = {line.id for line in plan.specialty.service_lines}
    covered = {line for role in by_basis["workload"] for line in role.service_lines}
    assert covered == lines, "every service line needs a workload role"
    team_leads = [r for r in by_basis["ratio"] if r.ratio_of == "workload_staff"]
    # team lead per 8-15 staff (callcentrehelper.com; ICMI 2012); QA per about 20
    assert min(r.ratio_per for r in team_leads if r.ratio_per) in range(8, 16)
    names = " ".join(r.name.lower() for r in by_basis["fixed"])
    for word in ("operations", "hr", "finance", "business development"):
        assert word in names


def test_workload_roles_are_paid_the_agent_wage_of_the_location() -> None:
    # Offshore and nearshore agent wages are checked against Site Selection Group's ranges
    # (USD per hour x paid hours), with room for skills above a contact-centre agent's.
    locations = {loc.name: loc for loc in catalog.load_locations() if not loc.assumption}
    checked = 0
    for template_id in sorted(EXPECTED_TEMPLATES):
        plan = load_template(template_id)
        loc = locations.get(plan.settings.location)
        if loc is None:  # onshore: the wage is the founder's own assumption
            continue
        # wages are in their location's currency: / its year-1 rate / the plan's units per USD
        settings = plan.settings
        lowest = min(
            r.monthly_wage / settings.units_per_usd_of(r.location)
            for r in plan.staffing.roles
            if r.basis == "workload"
        )
        hourly = lowest / plan.staffing.paid_hours_per_month
        # e.g. Manila: 26,325 PHP / 58.5 = 450 USD; 450 / 173.33 = 2.60 USD an hour, inside 2-3
        low, high = loc.agent_wage_per_hour_low * 0.9, loc.agent_wage_per_hour_high * 1.5
        assert low <= hourly <= high, (template_id, hourly)
        checked += 1
    assert checked == 3


def test_queue_lines_use_known_arrival_profiles(template: tuple[str, Plan]) -> None:
    _, plan = template
    for line in plan.specialty.service_lines:
        if line.workload.type == "queue":
            assert line.workload.profile in PROFILES


def test_service_lines_come_from_the_catalog(template: tuple[str, Plan]) -> None:
    _, plan = template
    for line in plan.specialty.service_lines:
        entry = catalog.service(line.catalog_id or "")
        assert entry.family == line.family
        assert entry.workload.type == line.workload.type


def _resolve(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def test_sources_name_real_fields(template: tuple[str, Plan]) -> None:
    _, plan = template
    data = plan_to_dict(plan)
    assert len(plan.sources) >= 5
    for source in plan.sources:
        assert _resolve(data, source.field) is not None, source.field
        assert len(source.text) > 30
        # a starter's sources are tied to its own figures: every one is current as shipped
        assert source_status(plan, source) == "current", source.field
    assert "staffing.shrinkage" in {s.field for s in plan.sources}


def test_the_numbers_add_up_to_a_fundable_business(template: tuple[str, Plan]) -> None:
    """Breaks even inside the horizon, never falls below the founder's cash buffer with the
    funding in the plan, and shows a cash dip before the business pays for itself."""
    template_id, plan = template
    result = project(plan)
    kpis = result.kpis
    assert kpis.break_even_month is not None, template_id
    assert kpis.funding_needed == 0, (template_id, kpis.lowest_cash)
    assert kpis.lowest_cash >= plan.financing.minimum_cash
    start_cash = result.monthly["closing_cash"].iloc[0]
    assert kpis.lowest_cash < start_cash, "no visible cash dip"
    assert kpis.ending_cash > kpis.lowest_cash
    assert 25 <= kpis.gross_margin_pct <= 65, kpis.gross_margin_pct
    assert kpis.price_per_productive_hour > kpis.cost_per_productive_hour


# --- the catalog ---------------------------------------------------------------------------------


def test_every_catalog_entry_validates() -> None:
    assert all(isinstance(r, Role) for r in catalog.load_roles())
    assert all(isinstance(r, ResourceItem) for r in catalog.load_resources())
    assert all(isinstance(p, PaperworkItem) for p in catalog.load_paperwork())
    assert len(catalog.load_services()) >= 34
    assert len(catalog.load_roles()) >= 20
    assert len(catalog.load_resources()) >= 20
    assert len(catalog.load_paperwork()) >= 15
    assert {c.id for c in catalog.load_compliance()} >= {
        "pci_dss",
        "hipaa",
        "gdpr",
        "iso_27001",
        "soc_2",
    }


def test_the_catalog_covers_every_domain_service() -> None:
    services = {s.id: s for s in catalog.load_services()}
    for family, names in DOMAIN_SERVICES.items():
        for name, service_id in names.items():
            assert service_id in services, f"{name} ({family}) is missing from the catalog"
            assert services[service_id].family == family, name


def test_each_service_is_described_and_tagged() -> None:
    for entry in catalog.load_services():
        assert 60 <= len(entry.description) <= 300, entry.id
        assert entry.description.count(".") <= 3, entry.id
        assert "iso_27001" in entry.compliance, f"{entry.id} handles client data"
    by_id = {s.id: s for s in catalog.load_services()}
    assert "pci_dss" in by_id["order_processing"].compliance  # takes card payments
    assert "hipaa" in by_id["insurance_processing"].compliance  # US health claims
    assert "hipaa" in by_id["medical_billing"].compliance
    assert "tcpa_dnc" in by_id["telemarketing"].compliance


def test_queue_services_are_front_office_or_help_desk() -> None:
    for entry in catalog.load_services():
        if entry.workload.type == "queue":
            assert entry.family in {"front_office", "ito"}, entry.id
            assert entry.workload.profile in PROFILES
        if entry.family == "kpo":
            assert entry.workload.type == "project" and entry.remote_capable, entry.id


def test_catalog_roles_resources_and_paperwork_cover_the_steps() -> None:
    assert {r.basis for r in catalog.load_roles()} == {"workload", "ratio", "fixed"}
    assert {r.category for r in catalog.load_resources()} == RESOURCE_CATEGORIES
    assert {r.ownership for r in catalog.load_resources()} == {"buy", "lease"}
    categories = {p.category for p in catalog.load_paperwork()}
    assert categories >= {"registration", "tax", "licence", "compliance", "insurance", "banking"}


def test_compliance_entries_are_matched_by_the_catalog_paperwork() -> None:
    # Each compliance item can be covered by adding the catalog's paperwork entry for it.
    names = [p.name.casefold() for p in catalog.load_paperwork()]
    for entry in catalog.load_compliance():
        assert any(w.casefold() in n for w in entry.match for n in names), entry.id
        assert entry.source and entry.lead_time_days > 0


def test_locations_carry_site_selection_groups_wages() -> None:
    # Site Selection Group, March 2024: USD per hour, agent base wage.
    expected = {
        "Philippines": (2, 3),
        "India": (2, 3),
        "Colombia": (4, 5),
        "Dominican Republic": (4, 5),
        "Guatemala": (4, 5),
        "El Salvador": (4, 5),
        "Jamaica": (4, 5),
        "Mexico": (5, 6),
        "Costa Rica": (6, 7),
    }
    locations = catalog.load_locations()
    for country, (low, high) in expected.items():
        found = [loc for loc in locations if loc.country == country]
        assert found, country
        for loc in found:
            assert (loc.agent_wage_per_hour_low, loc.agent_wage_per_hour_high) == (low, high)
            assert not loc.assumption and "Site Selection Group" in loc.source
    assert {loc.delivery_model for loc in locations} == {"onshore", "nearshore", "offshore"}
    onshore = [loc for loc in locations if loc.delivery_model == "onshore"]
    assert onshore and all(loc.assumption for loc in onshore)
    manila = next(loc for loc in locations if loc.id == "manila")
    assert manila.agent_wage_per_hour == 2.5


def test_a_service_line_from_the_catalog_fits_in_a_plan() -> None:
    line = catalog.service_line_from_catalog("order_processing")
    assert (line.id, line.catalog_id, line.family) == (
        "order_processing",
        "order_processing",
        "front_office",
    )
    assert line.workload.type == "queue"
    other = catalog.service_line_from_catalog("payroll", line_id="payroll_uk", name="UK payroll")
    lines = [line.model_dump(mode="json"), other.model_dump(mode="json")]
    plan = Plan.model_validate({"specialty": {"service_lines": lines}})
    assert [s.id for s in plan.specialty.service_lines] == ["order_processing", "payroll_uk"]
    with pytest.raises(PlanError, match=r"unknown service 'payrol' \(allowed: payroll, "):
        catalog.service_line_from_catalog("payrol")


def test_a_bad_catalog_file_names_the_entry_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roles.yaml").write_text(
        "roles:\n  - {name: Agent, monthly_wage: 400, basis: workload}\n"
        "  - {name: Team lead, monthly_wage: -5, basis: fixed}\n",
        encoding="utf-8",
    )
    (tmp_path / "locations.yaml").write_text("locations: {}\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    catalog.load_roles.cache_clear()
    catalog.load_locations.cache_clear()
    try:
        with pytest.raises(PlanError, match=r"roles\.1\.monthly_wage: must be greater than 0"):
            catalog.load_roles()
        with pytest.raises(PlanError, match="'locations' must be a list of entries"):
            catalog.load_locations()
    finally:
        catalog.load_roles.cache_clear()
        catalog.load_locations.cache_clear()


def test_a_compliance_item_added_under_its_own_name_covers_its_flag() -> None:
    # The paperwork page adds a flagged item under the catalog name ("PCI DSS", "SOC 2 Type II"):
    # that name must contain one of the item's match words, or the flag would stay up.
    for entry in catalog.load_compliance():
        assert any(w.casefold() in entry.name.casefold() for w in entry.match), entry.id
    assert catalog.compliance_item("gdpr").countries
    with pytest.raises(PlanError, match=r"unknown compliance item 'sox' \(allowed: pci_dss, "):
        catalog.compliance_item("sox")
