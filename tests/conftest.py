"""Shared fixtures: an in-memory database with services, and two users."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.accounts import Account, Accounts
from studio.db import init_db, make_engine
from studio.projects import Projects
from studio.storyboard import Scene, Storyboard


@pytest.fixture
def db():
    engine = make_engine("sqlite://")
    init_db(engine)
    return engine


@pytest.fixture
def accounts(db) -> Accounts:
    return Accounts(db)


@pytest.fixture
def alice(accounts) -> Account:
    return accounts.create("alice", "alice-password")


@pytest.fixture
def bob(accounts) -> Account:
    return accounts.create("bob", "bob-password")


@pytest.fixture
def projects(db, tmp_path: Path) -> Projects:
    return Projects(db, tmp_path / "projects", max_scenes=10)


def make_board(*descriptions: str, duration: float = 2.0) -> Storyboard:
    return Storyboard(
        title="Test film",
        scenes=[Scene(description=d, duration=duration, camera="wide shot") for d in descriptions],
    )
