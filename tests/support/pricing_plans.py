"""A plan billing every one of the eight pricing models, for the engine's batch test and the
workbook's recalculation: a voice queue, a forms line and an outbound dialling line (billed under
each of the eight models too), signed clients and prospects with terms,
ramps and rises, a marketing-won kind billed base fee + per contact (with churn), and scenarios
that move prices and volumes."""

from __future__ import annotations

from typing import Any

from planner.model.files import plan_from_dict
from planner.model.plan import Plan

LINES = [
    {
        "id": "voice",
        "name": "Voice",
        "family": "front_office",
        "workload": {"type": "queue", "aht_seconds": 300, "profile": "business_hours"},
    },
    {
        "id": "forms",
        "name": "Forms",
        "family": "back_office",
        "workload": {"type": "items", "minutes_per_item": 6},
    },
    {
        "id": "dials",
        "name": "Dials",
        "family": "front_office",
        "workload": {
            "type": "outbound",
            "contact_rate": 0.25,
            "talk_seconds": 200,
            "wrap_seconds": 40,
            "no_contact_seconds": 25,
            "profile": "business_hours",
        },
    },
]
MODELS: list[tuple[str, str, float, float, dict[str, float]]] = [
    # (pricing model, service line, monthly volume, price, extra fields)
    ("per_fte_month", "voice", 2000, 2500.0, {}),
    ("per_paid_hour", "forms", 1500, 11.0, {}),
    ("per_productive_hour", "voice", 3000, 14.0, {}),
    ("per_handled_minute", "voice", 2500, 0.35, {}),
    ("per_handled_minute", "forms", 1200, 0.2, {}),
    ("per_item", "forms", 900, 1.5, {}),
    ("per_seat", "voice", 4000, 700.0, {}),
    ("per_seat", "forms", 700, 400.0, {}),
    ("monthly_retainer", "forms", 300, 3000.0, {}),
    ("base_plus_per_item", "voice", 1800, 1.2, {"base_fee": 1500.0}),
    # the outbound line under each model (volume: dials a month)
    ("per_fte_month", "dials", 6000, 2400.0, {}),
    ("per_paid_hour", "dials", 5000, 10.0, {}),
    ("per_productive_hour", "dials", 4000, 13.0, {}),
    ("per_handled_minute", "dials", 8000, 0.4, {}),
    ("per_item", "dials", 3000, 0.6, {}),
    ("per_seat", "dials", 7000, 650.0, {}),
    ("monthly_retainer", "dials", 2000, 2800.0, {}),
    ("base_plus_per_item", "dials", 2500, 0.5, {"base_fee": 1000.0}),
]


def eight_models_data() -> dict[str, Any]:
    """The plan as plain data (see the module docstring)."""
    clients = [
        {
            "name": f"{model} {line}",
            "status": "pipeline" if k % 3 == 2 else "signed",
            "probability": 0.6,
            "start_month": 1 + k % 4,
            "term_months": 12 if k % 2 else None,
            "renewal_probability": 0.5,
            "invoicing": "advance" if k % 4 == 1 else "arrears",
            "services": [
                {
                    "service_line": line,
                    "monthly_volume": volume,
                    "pricing_model": model,
                    "price": price,
                    "ramp_months": k % 3,
                    "yearly_escalation": 0.04,
                    "list_escalation": 0.02,
                    **extra,
                }
            ],
        }
        for k, (model, line, volume, price, extra) in enumerate(MODELS)
    ]
    won = {
        "name": "Base shop",
        "yearly_churn": 0.2,
        "services": [
            {
                "service_line": "forms",
                "monthly_volume": 500,
                "pricing_model": "base_plus_per_item",
                "price": 0.9,
                "base_fee": 800.0,
                "yearly_escalation": 0.05,
            }
        ],
    }
    return {
        "settings": {"first_month": "2027-01", "horizon_months": 24},
        "specialty": {"service_lines": LINES},
        "business_plan": {"clients": clients},
        "staffing": {
            "shift_pattern": "two_shifts",
            "yearly_attrition": 0.4,
            "training_weeks": 2,
            "roles": [
                {"name": "Agent", "monthly_wage": 900, "basis": "workload"},
                {"name": "Manager", "monthly_wage": 3000, "fixed_count": 1},
            ],
        },
        "marketing": {
            "channels": [
                {
                    "name": "Events",
                    "monthly_budget": 500,
                    "leads_per_month": 2,
                    "conversion_rate": 0.3,
                }
            ],
            "won_clients": [won],
        },
        "financing": {"opening_cash": 20000},
        "scenarios": [
            {"name": "Price cut", "changes": {"price": 0.9, "volume": 0.8}},
            {"name": "Late", "changes": {"start_delay_months": 2, "win_rate": 0.5}},
        ],
    }


def eight_models_plan() -> Plan:
    """The plan (see the module docstring)."""
    return plan_from_dict(eight_models_data())
