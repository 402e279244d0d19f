"""Fixtures for the fetch tests: the local open-data server and a config pointing at it."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.config import load_config
from tests.fetch.server import OpenDataServer, generate

FIRST_DAY = date(2024, 6, 1)


@pytest.fixture
def server():
    with OpenDataServer(generate(320, seed=15, first=FIRST_DAY, days=30), page_size=50) as running:
        yield running


def config_for(server: OpenDataServer, *extra: str):
    """The default fetch config with both services at the local server, fast and sleep-free."""
    return load_config(None, [
        f"fetch.tweedekamer.api_url={server.base}/OData/v4/2.0/",
        f"fetch.tweedekamer.publication_xml_url={server.base}/pub/{{id}}.xml",
        f"fetch.officielebekendmakingen.api_url={server.base}/sru",
        "fetch.requests_per_second=100000", "fetch.retries=3", "fetch.timeout_s=5", *extra]).fetch


class Clock:
    """An injected clock: sleeping only records the wait and moves time on."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()
