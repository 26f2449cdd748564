"""The projection's tables as CSV (`planner.export.tables`): every table the engine computes can
be downloaded."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export.tables import TABLES, table_csv
from planner.model.starters import load_template


def test_every_table_of_the_projection_is_offered() -> None:
    """A table added to the Projection (the loan schedule was) is a CSV a founder can download."""
    frames = {
        field.name for field in dataclasses.fields(Projection) if field.type == "pd.DataFrame"
    }
    assert frames, "no DataFrame fields found: the check would pass without checking"
    assert set(TABLES) == frames


def test_the_loan_schedule_downloads_as_the_engine_computed_it() -> None:
    projection = project(load_template("offshore_voice_support"))
    read = pd.read_csv(io.BytesIO(table_csv(projection, "loans")), encoding="utf-8-sig")
    assert list(read.columns) == list(projection.loans.columns)
    assert len(read) == len(projection.loans)
