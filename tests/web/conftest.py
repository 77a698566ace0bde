"""Fixtures for the web face: a config over a temporary journal, a TestClient, a valid body."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from lumen.web.app import create_app
from lumen.web.config import WebConfig

TOKEN = "staff-token-for-tests-0123456789"
TODAY = dt.date(2026, 12, 1)
FIRST = dt.date(2025, 1, 6)
ORIGIN = {"Origin": "http://testserver"}
STAFF = {"Authorization": f"Bearer {TOKEN}"}


def make_config(tmp_path, **changes) -> WebConfig:
    """A config as `lumen web festival` would make, over tmp_path, with a fixed today and generous limits."""
    base = WebConfig(
        title="Dental Illuminations Festival", districts=("Old Harbor", "Riverside"), first_date=FIRST,
        journal=tmp_path / "journal", state=tmp_path / "state", staff_token=TOKEN, today=lambda: TODAY,
        allowed_hosts=("testserver",), client_limit="1000/minute", total_limit="10000/minute",
    )
    return replace(base, **changes)


def body(**changes) -> dict:
    """A valid JSON body; keyword arguments replace fields."""
    value = {"district": "Riverside", "age_band": "35-49", "income_band": "low",
             "events": [{"month": "2026-05", "kind": "checkup", "channel": "clinic"}], "consent": True}
    value.update(changes)
    return value


def journal_lines(config: WebConfig) -> list[bytes]:
    """Every line of every journeys-*.jsonl file in the config's journal."""
    return [line for p in sorted(config.journal.glob("journeys-*.jsonl")) for line in p.read_bytes().splitlines()]


def client_for(config: WebConfig, address: str = "testclient") -> TestClient:
    return TestClient(create_app(config), headers=ORIGIN, client=(address, 50000))


def clients_for(config: WebConfig, *addresses: str) -> list[TestClient]:
    """Clients from different addresses to one app (one server process)."""
    app = create_app(config)
    return [TestClient(app, headers=ORIGIN, client=(a, 50000)) for a in addresses]


@pytest.fixture
def config(tmp_path) -> WebConfig:
    return make_config(tmp_path)


@pytest.fixture
def client(config) -> TestClient:
    return client_for(config)
