"""The user's query, checked once."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import InputError
from pipeline.fetch.query import Query, dossier_parts


def test_dossier_numbers_as_the_kamer_writes_them():
    assert dossier_parts("21 501-20") == ("21501", "20")
    assert dossier_parts("36200-VI") == ("36200", "VI")
    assert dossier_parts("29023") == ("29023", None)
    assert Query(since=date(2024, 1, 1), dossier="21 501-20").dossier == "21501-20"
    for bad in ("abc", "21501-", "21501-20'; drop", ""):
        with pytest.raises(InputError, match="--dossier"):
            dossier_parts(bad)


def test_a_range_ending_before_it_starts_and_a_zero_limit_are_refused():
    with pytest.raises(InputError, match="before --since"):
        Query(since=date(2024, 6, 2), until=date(2024, 6, 1))
    with pytest.raises(InputError, match="--limit"):
        Query(since=date(2024, 6, 1), limit=0)


def test_the_ministry_filter_matches_part_of_the_name_in_any_case():
    query = Query(since=date(2024, 1, 1), ministry="financiën")
    assert query.wants_ministry("Ministerie van Financiën") and not query.wants_ministry(None)
    assert Query(since=date(2024, 1, 1)).wants_ministry(None)
