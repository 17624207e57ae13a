from pathlib import Path

import pytest

from service.app import create_app
from service.config import Settings, Timetable
from service.rules.named_pupil import load_roster

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def roster_path() -> Path:
    return FIXTURES / "roster.csv"


@pytest.fixture
def settings(tmp_path, roster_path) -> Settings:
    """St Matthew's, a roster, a timetable, and no model: the rules alone."""
    from datetime import time

    return Settings(
        school_name="St Matthew's Primary School",
        school_aliases=("St Matthew's", "SMPS"),
        roster_path=roster_path,
        timetable=Timetable(
            timezone="Europe/London",
            school_days=(0, 1, 2, 3, 4),
            start=time(8, 30),
            end=time(15, 30),
            breaks=((time(10, 30), time(10, 45)), (time(12, 0), time(13, 0))),
        ),
        data_dir=tmp_path / "data",
        models_dir=tmp_path / "models",
    )


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def pupils(roster_path):
    return load_roster(roster_path)
