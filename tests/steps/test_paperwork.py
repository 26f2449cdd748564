"""Paperwork: compliance implied by the service lines and the site, and the start-by timeline."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from planner.data.catalog import service_line_from_catalog
from planner.model.plan import Plan
from planner.model.starters import load_template
from planner.steps.paperwork import (
    TIMELINE_COLUMNS,
    ComplianceFlag,
    implied_compliance,
    launch_date,
    paperwork_timeline,
)


def _plan(lines: list[Any], paperwork: list[dict[str, Any]], **settings: Any) -> Plan:
    return Plan.model_validate(
        {
            "settings": settings,
            "specialty": {"service_lines": [line.model_dump(mode="json") for line in lines]},
            "paperwork": {"items": paperwork},
        }
    )


ORDERS = service_line_from_catalog("order_processing", line_id="orders", name="Phone orders")
CLAIMS = service_line_from_catalog("insurance_processing", line_id="claims", name="Claims")


# --- implied compliance --------------------------------------------------------------------------


def test_card_payments_and_health_claims_bring_pci_dss_and_hipaa() -> None:
    plan = _plan(
        [ORDERS, CLAIMS],
        [
            {"name": "PCI DSS assessment (SAQ D)", "category": "compliance"},
            {"name": "HIPAA programme", "category": "compliance", "status": "not_needed"},
        ],
        location="Manila, Philippines",
    )
    flags = {f.compliance_id: f for f in implied_compliance(plan)}
    # catalog tags: order_processing -> iso_27001, gdpr, pci_dss;
    #               insurance_processing -> iso_27001, gdpr, hipaa
    #               insurance_processing also -> hipaa_baa (business associate agreements)
    assert list(flags) == ["pci_dss", "hipaa", "gdpr", "iso_27001", "hipaa_baa"]  # catalog order
    assert flags["pci_dss"] == ComplianceFlag(
        compliance_id="pci_dss",
        item="PCI DSS",
        reason="service line 'Phone orders' takes card payments",
        covered=True,
        covered_by=("PCI DSS assessment (SAQ D)",),
    )
    assert str(flags["pci_dss"]) == (
        "PCI DSS: service line 'Phone orders' takes card payments (covered)"
    )
    # marked "not needed" although the plan handles health claims: not covered, and said to be on
    # the checklist as not needed (not "not on your checklist yet")
    assert flags["hipaa"].reason == "service line 'Claims' handles US health data"
    assert not flags["hipaa"].covered and flags["hipaa"].covered_by == ()
    assert flags["hipaa"].declined_by == ("HIPAA programme",)
    assert str(flags["hipaa"]).endswith("(on the checklist, marked not needed)")
    assert flags["iso_27001"].reason == (
        "service lines 'Phone orders' and 'Claims' handle client data "
        "(clients often ask for ISO/IEC 27001)"
    )
    assert str(flags["iso_27001"]).endswith("(not yet in the paperwork list)")


def test_an_eu_site_brings_gdpr_even_without_catalog_lines() -> None:
    plan = _plan([], [{"name": "GDPR records of processing"}], location="Kraków, Poland")
    (flag,) = implied_compliance(plan)
    assert flag.compliance_id == "gdpr"
    assert flag.reason == "the delivery site (Kraków, Poland) is in Poland, where it applies"
    assert flag.covered and flag.covered_by == ("GDPR records of processing",)


def test_site_and_lines_are_both_given_as_reasons() -> None:
    plan = _plan([CLAIMS], [], location="Dublin, Ireland")
    flags = {f.compliance_id: f for f in implied_compliance(plan)}
    assert flags["gdpr"].reason == (
        "service line 'Claims' handles personal data (GDPR applies when any of it is about "
        "people in the EU); the delivery site (Dublin, Ireland) is in Ireland, where it applies"
    )


def test_country_names_match_whole_words_only() -> None:
    # "Spain" is an EU country; "Spainville" is not a country name match.
    assert implied_compliance(_plan([], [], location="Spainville, Texas")) == []
    flags = implied_compliance(_plan([], [], location="Madrid, spain"))
    assert [f.item for f in flags] == ["GDPR"]


def test_lines_made_without_the_catalog_imply_nothing() -> None:
    # Neither name nor description holds a word that brings a rule ("clinic", "patient"...).
    own = ORDERS.model_copy(update={"catalog_id": None, "description": "Orders by phone."})
    unknown = CLAIMS.model_copy(
        update={"catalog_id": "retired_service", "description": "Claims keyed in."}
    )
    assert implied_compliance(_plan([own, unknown], [], location="Manila, Philippines")) == []


def test_templates_flag_what_their_paperwork_does_not_cover() -> None:
    flags = {f.compliance_id: f for f in implied_compliance(load_template("nearshore_it_helpdesk"))}
    assert flags["iso_27001"].covered
    assert flags["iso_27001"].covered_by == ("ISO/IEC 27001 certification",)
    # SOC 2 is listed but marked not needed: US IT buyers may still ask, so it stays flagged
    assert not flags["soc_2"].covered
    bookkeeping = implied_compliance(load_template("onshore_bookkeeping_payroll"))
    assert "soc_1" in {f.compliance_id for f in bookkeeping}


# --- timeline ------------------------------------------------------------------------------------


def test_start_by_is_launch_minus_lead_time() -> None:
    plan = _plan(
        [],
        [
            {"name": "Bank account", "category": "banking", "lead_time_days": 14},
            {"name": "Export incentive", "category": "tax", "lead_time_days": 75,
             "one_time_fee": 1800, "yearly_fee": 600, "status": "in_progress"},
            {"name": "Tax ID", "category": "tax", "lead_time_days": 0},
            {"name": "ISO/IEC 27001", "category": "compliance", "lead_time_days": 365},
        ],
        first_month="2027-01",
    )  # fmt: skip
    table = paperwork_timeline(plan)
    assert tuple(table.columns) == TIMELINE_COLUMNS
    # earliest start first:
    # 365 days before 2027-01-01 is 2026-01-01 (2026 has 365 days);
    # 75 days: back 31 (December) to 2026-12-01, 30 (November) to 2026-11-01, 14 to 2026-10-18;
    # 14 days: 2026-12-18; 0 days: launch day itself
    assert table["item"].tolist() == ["ISO/IEC 27001", "Export incentive", "Bank account", "Tax ID"]
    assert table["start_by"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-01",
        "2026-10-18",
        "2026-12-18",
        "2027-01-01",
    ]
    assert (table["launch_date"] == pd.Timestamp("2027-01-01")).all()
    row = table.set_index("item").loc["Export incentive"]
    assert (row["category"], row["status"], row["lead_time_days"]) == ("tax", "in_progress", 75)
    assert (row["one_time_fee"], row["yearly_fee"]) == (1800.0, 600.0)
    assert pd.api.types.is_datetime64_any_dtype(table["start_by"])
    assert pd.api.types.is_string_dtype(table["item"])


def test_an_item_starting_in_year_two_is_needed_a_year_after_launch() -> None:
    # launch 2027-01-01; ISO 27001 from month 13 is needed by 2028-01-01 and, with 365 days of
    # lead time (2027 has 365 days), must be started by 2027-01-01, not a year before launch
    plan = _plan(
        [],
        [{"name": "ISO/IEC 27001", "lead_time_days": 365, "start_month": 13}],
        first_month="2027-01",
    )
    row = paperwork_timeline(plan).iloc[0]
    assert row["start_month"] == 13
    assert row["needed_by"] == pd.Timestamp("2028-01-01")
    assert row["start_by"] == pd.Timestamp("2027-01-01")
    assert row["launch_date"] == pd.Timestamp("2027-01-01")


def test_a_leap_day_is_counted() -> None:
    # 2028 is a leap year: one day before 2028-03-01 is 2028-02-29
    plan = _plan([], [{"name": "Permit", "lead_time_days": 1}], first_month="2028-03")
    assert launch_date(plan) == pd.Timestamp("2028-03-01")
    assert paperwork_timeline(plan).loc[0, "start_by"] == pd.Timestamp("2028-02-29")


def test_equal_start_dates_keep_the_plan_order() -> None:
    plan = _plan([], [{"name": n, "lead_time_days": 10} for n in ("C", "A", "B")])
    assert paperwork_timeline(plan)["item"].tolist() == ["C", "A", "B"]


def test_no_paperwork_gives_an_empty_timeline() -> None:
    table = paperwork_timeline(Plan())
    assert table.empty and tuple(table.columns) == TIMELINE_COLUMNS


@pytest.mark.parametrize(
    "template_id",
    [
        "offshore_voice_support",
        "onshore_bookkeeping_payroll",
        "kpo_research_analytics",
        "nearshore_it_helpdesk",
    ],
)
def test_every_template_item_starts_before_it_is_needed(template_id: str) -> None:
    # items needed at launch start before it; an item starting later (ISO/IEC 27001 in year two)
    # starts before its own start month
    plan = load_template(template_id)
    table = paperwork_timeline(plan)
    assert len(table) == len(plan.paperwork.items)
    assert (table["start_by"] <= table["needed_by"]).all()
    at_launch = table["start_month"] == 1
    assert (table.loc[at_launch, "start_by"] <= table.loc[at_launch, "launch_date"]).all()
    assert (table["needed_by"] >= table["launch_date"]).all()
    assert table["start_by"].is_monotonic_increasing


# --- compliance from clients' industries and countries ------------------------------------------

APPOINTMENTS = service_line_from_catalog(
    "appointments", line_id="appointments", name="Appointment setting for clinics"
)


def _with_clients(lines: list[Any], clients: list[dict[str, Any]]) -> Plan:
    base = _plan(lines, [], location="Manila, Philippines").model_dump(mode="json")
    line = lines[0].id
    base["business_plan"] = {
        "clients": [{"service_line": line, "monthly_volume": 100, **c} for c in clients]
    }
    return Plan.model_validate(base)


def test_appointment_setting_for_clinics_brings_hipaa_and_a_baa() -> None:
    # Before: flagged for GDPR (the catalog tag) but not HIPAA; no business associate agreement.
    flags = {f.compliance_id: f for f in implied_compliance(_plan([APPOINTMENTS], []))}
    assert flags["hipaa"].reason == (
        "service line 'Appointment setting for clinics' handles US health data"
    )
    assert "hipaa_baa" in flags and "gdpr" in flags


def test_a_health_care_client_brings_hipaa_and_a_baa() -> None:
    # Before: a health-care client raised nothing. A US (or unknown-country) health-care client
    # brings HIPAA and business associate agreements; the line itself (customer support) does not.
    support = service_line_from_catalog("customer_support", line_id="support", name="Support")
    for country in ("US", None):
        plan = _with_clients([support], [{"name": "Clinica", "industry": "healthcare",
                                          "country": country}])  # fmt: skip
        flags = {f.compliance_id: f for f in implied_compliance(plan)}
        assert flags["hipaa"].reason == (
            "client 'Clinica' is in health care (US patients' health information is protected "
            "by HIPAA)"
        )
        assert flags["hipaa_baa"].item == "HIPAA business associate agreements"
    # a health-care client in the Philippines is not under HIPAA
    plan = _with_clients([support], [{"name": "Clinica", "industry": "healthcare",
                                      "country": "PH"}])  # fmt: skip
    assert "hipaa" not in {f.compliance_id for f in implied_compliance(plan)}


def test_a_canadian_client_brings_pipeda_and_an_eu_client_gdpr() -> None:
    support = service_line_from_catalog("business_research", line_id="research", name="Research")
    plan = _with_clients(
        [support],
        [{"name": "Maple", "country": "CA"}, {"name": "Acme", "country": "CA"},
         {"name": "Berlin GmbH", "country": "DE"}],
    )  # fmt: skip
    flags = {f.compliance_id: f for f in implied_compliance(plan)}
    assert flags["pipeda"].reason == (
        "clients 'Maple' and 'Acme' are in Canada (personal information it passes on stays "
        "under PIPEDA)"
    )
    assert flags["gdpr"].reason.startswith("client 'Berlin GmbH' is in the EU, the EEA or the UK")
    # business research has only ISO/IEC 27001 in the catalog: no GDPR from the line
    assert "service line" not in flags["gdpr"].reason


def test_card_paying_and_financial_clients_bring_pci_dss_and_glba() -> None:
    research = service_line_from_catalog("business_research", line_id="research", name="Research")
    plan = _with_clients(
        [research],
        [{"name": "Shop", "industry": "retail_ecommerce", "country": "US"},
         {"name": "Bank", "industry": "financial_services", "country": "US"}],
    )  # fmt: skip
    flags = {f.compliance_id: f for f in implied_compliance(plan)}
    assert flags["pci_dss"].reason.startswith("clients 'Shop' and 'Bank' are in a business")
    assert flags["glba"].reason.startswith("client 'Bank' is a US financial business")
