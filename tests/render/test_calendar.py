"""dates.ics (pipeline.render.calendar), parsed back with icalendar: one valid all-day event per dated
item, stable UIDs, month-only dates spanning their month, text with commas, semicolons and newlines
intact."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from pipeline.render.batch_view import Letters, agenda, letter_entry
from pipeline.render.calendar import render_calendar
from tests.batch_letters import batch, fact, letter


def _entries():
    return [letter_entry(stem, doc) for stem, doc in batch()]


def test_every_dated_item_is_one_valid_all_day_event():
    entries = _entries()
    text = render_calendar(entries)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = Calendar.from_ical(text)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    events = cal.walk("VEVENT")
    items = list(agenda(Letters.of(entries)).dated)
    assert [str(e["uid"]) for e in events] == [i.uid for i in items]
    for event, item in zip(events, items):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is dt.date and type(end) is dt.date and end > start
        assert event.decoded("dtstamp").tzinfo is not None
        assert item.point.dutch in str(event["description"])
        assert str(event["url"]).startswith("https://zoek.officielebekendmakingen.nl/")
        if item.month_only:
            assert start == dt.date(2024, 6, 1) and end == dt.date(2024, 7, 1)
            assert str(event["summary"]).startswith("In June 2024: Commitment:")
        else:
            assert start.isoformat() == item.iso_date and end - start == dt.timedelta(days=1)


def test_commas_semicolons_and_newlines_survive_the_round_trip():
    nl = "Op 3 mei 2024, om 10.00 uur; in Den Haag\nvergadert de Raad."
    en = "On 3 May 2024, at 10; in The Hague\nthe Council meets."
    doc = letter("T", "T", "2024-01-01", facts=[fact("date", nl, en, iso_date="2024-05-03")])
    text = render_calendar([letter_entry("t", doc)])
    assert "\\," in text and "\\;" in text
    [event] = Calendar.from_ical(text).walk("VEVENT")
    assert "On 3 May 2024, at 10; in The Hague the Council meets." in str(event["summary"])  # one line
    assert nl in str(event["description"])  # the Dutch as written, its line break kept


def test_uids_are_stable_and_no_dates_means_no_calendar():
    assert render_calendar(_entries()) == render_calendar(_entries())
    assert render_calendar([letter_entry("t", letter("T", "T", "2024-01-01"))]) is None
