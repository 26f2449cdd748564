"""`python -m planner summary` on a plan whose queue names an arrival profile that does not exist:
refused as a bad plan (exit 2, one line naming the field), not a traceback from the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_profile_exits_2_with_a_message_naming_the_field(tmp_path: Path) -> None:
    plan = {
        "specialty": {
            "service_lines": [
                {
                    "id": "calls",
                    "name": "Calls",
                    "family": "front_office",
                    "workload": {"type": "queue", "aht_seconds": 300, "profile": "nosuch"},
                }
            ]
        }
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "summary", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    heading, *issues = done.stderr.strip().splitlines()
    assert heading.startswith("error: ") and "is not a valid plan" in heading
    assert len(issues) == 1, issues  # one issue, on its own line, with what is allowed
    assert "'nosuch' is not an arrival profile" in issues[0]
    assert "allowed: one of 24x7, business_hours, extended_hours" in issues[0]
