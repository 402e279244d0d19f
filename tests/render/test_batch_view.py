"""The batch pages' view model (pipeline.render.batch_view): what each letter shows, the agenda of
commitments and upcoming dates, the dossier groups, the search text."""

from __future__ import annotations

from pipeline.render.batch_view import (SEARCH_TEXT_LIMIT, Letters, agenda, choices, dossier_groups, letter_entry,
                                        newest_first, search_text, tiny_models)
from pipeline.render.view import UNKNOWN
from tests.batch_letters import batch, fact, letter


def _entries():
    return [letter_entry(stem, doc) for stem, doc in batch()]


def test_an_entry_counts_headlines_and_every_kind_of_flag():
    agenda_letter = _entries()[0]
    assert agenda_letter.headline_count == 2
    assert (agenda_letter.flags.fidelity, agenda_letter.flags.warnings, agenda_letter.flags.mismatches) == (2, 0, 1)
    assert agenda_letter.flags.total == 3 and agenda_letter.flags.text == "2 fidelity, 1 official-record mismatch"
    assert agenda_letter.official_url == "https://zoek.officielebekendmakingen.nl/kst-21501-02-2891.html"
    assert agenda_letter.dutch_title == "Geannoteerde agenda Raad Buitenlandse Zaken"


def test_headlines_come_most_important_first():
    doc = letter("T", "T", "2024-01-01", facts=[fact("money", "a", "A", value="€ 1", importance=0.2, headline=True),
                                                 fact("decision", "b", "B", sentence=1, importance=0.9, headline=True),
                                                 fact("date", "c", "C", sentence=1, importance=0.1)])
    entry = letter_entry("t", doc)
    assert [p.dutch for p in entry.headlines] == ["b", "a"]
    assert entry.headlines[0].section == "§1 Vervolg"


def test_a_missing_sender_reads_as_in_the_note_and_hostile_text_is_inert():
    hostile = _entries()[3]
    assert hostile.sender == UNKNOWN and hostile.dossier is None and hostile.official_url is None
    assert "\u202e" not in hostile.title and "\\u202e" in hostile.title


def test_the_agenda_orders_dated_items_and_leaves_out_past_dates():
    items = agenda(Letters.of(_entries()))
    dated, undated = list(items.dated), list(items.undated)
    assert [i.iso_date for i in dated] == sorted(i.iso_date for i in dated)
    assert "2024-01-22" not in [i.iso_date for i in dated]  # before its letter: reported, not upcoming
    assert any(i.month_only and i.kinds == ["commitment"] for i in dated)
    assert all(i.iso_date is None for i in undated) and undated[-1].letter_date is None
    uids = [i.uid for i in dated + undated]
    assert len(set(uids)) == len(uids)
    again = agenda(Letters.of(_entries()))
    assert uids == [i.uid for i in [*again.dated, *again.undated]]  # stable across runs


def test_one_sentence_with_a_commitment_and_a_date_is_one_item():
    doc = letter("T", "T", "2024-01-01", facts=[fact("commitment", "Ik zal op 1 mei 2024 rapporteren.", "I will"),
                                                 fact("date", "Ik zal op 1 mei 2024 rapporteren.", "I will",
                                                      value="1 mei 2024", iso_date="2024-05-01")])
    [item] = letter_entry("t", doc).agenda
    assert item.kinds == ["commitment", "date"] and item.iso_date == "2024-05-01"
    assert item.point.values == ["1 mei 2024"]


def test_dossiers_group_however_the_number_is_spaced_oldest_first_unfiled_last():
    entries = _entries()
    entries.append(letter_entry("005", letter("X", "X", "2024-03-01", kamerstuk="21501-02, nr. 2900")))
    groups = dossier_groups(Letters.of(entries))
    assert [g.dossier for g in groups] == ["21 501-02", "29 023", None]
    assert [e.date for e in groups[0].letters] == ["2024-01-25", "2024-02-09", "2024-03-01"]


def test_search_text_holds_english_and_dutch_and_is_capped():
    doc = letter("Titel", "Title", "2024-01-01", body="Oekraïne " * 5000)
    text = search_text(doc)
    assert "Title" in text and "Titel" in text and "Oekraïne" in text and "cabinet informs" not in text
    assert len(text) == SEARCH_TEXT_LIMIT
    assert "cabinet informs" in search_text(letter("Titel", "Title", "2024-01-01"))


def test_filters_and_warning_helpers():
    entries = _entries()
    assert choices([e.sender for e in entries])[0] == ("Minister van Buitenlandse Zaken", 2)
    assert tiny_models(entries) == ["tiny-marian"]
    assert [e.stem for e in newest_first(Letters.of(entries))][:2] == ["001_agenda", "002_verslag"]


def test_letters_are_loaded_only_when_a_page_reaches_them():
    """The pages order letters and agenda items by their small keys; `load` is called only on iteration,
    once per letter shown (pipeline.engines.spool keeps the entries on disk behind such keys)."""
    entries = _entries()
    loaded = []

    def load(key):
        loaded.append(key.stem)
        return key

    letters = Letters(entries, load, [i for e in entries for i in e.agenda])
    newest, groups, items = newest_first(letters), dossier_groups(letters), agenda(letters)
    assert loaded == [] and len(newest) == len(entries) and len(items.dated) > 0 and groups
    assert [e.stem for e in newest] == [e.stem for e in newest_first(Letters.of(entries))]
    assert sorted(loaded) == sorted(e.stem for e in entries)
