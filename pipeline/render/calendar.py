"""The batch's dates.ics: the dated commitments and upcoming dates of commitments.html as an RFC 5545
iCalendar file (importable into Outlook, Google Calendar, Apple Calendar), written with the maintained
`icalendar` library (imported here, lazily: only a batch run writes a calendar).

Each item is an all-day event (RFC 5545 §3.6.1: DTSTART as a DATE, DTEND the day after, exclusive).
A date the letter names only by month ('in juni 2024') becomes an all-day event spanning that whole
month, its SUMMARY starting 'In <Month YYYY>:', so a calendar never shows a day the letter did not name.
UIDs are stable across runs (the letter's input sha256 and the key fact's index), so importing a new
run's file updates events instead of duplicating them; DTSTAMP is the note's creation time.
"""

from __future__ import annotations

import calendar as months  # the stdlib module: days in a month
import datetime as dt
import itertools
from collections.abc import Iterator

from pipeline.render.batch_view import AgendaItem, LetterEntry, Letters, agenda
from pipeline.render.view import one_line

PRODID = "-//kamerbrief-pipeline//Kamerbrieven dates//EN"
# English month names whatever the process locale (strftime's %B follows it).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _span(iso: str) -> tuple[dt.date, dt.date] | None:
    """The first day and the day after the last of a YYYY-MM-DD or YYYY-MM date; None when it is not one."""
    try:
        if len(iso) == 7:
            start = dt.date(int(iso[:4]), int(iso[5:7]), 1)
            return start, start + dt.timedelta(days=months.monthrange(start.year, start.month)[1])
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return day, day + dt.timedelta(days=1)


def _summary(item: AgendaItem, start: dt.date) -> str:
    what = one_line(item.point.english or item.point.dutch, 160)
    prefix = f"In {MONTHS[start.month - 1]} {start.year}: " if item.month_only else ""
    return f"{prefix}{item.label}: {what}"


def _description(item: AgendaItem) -> str:
    lines = [f"Dutch (from the letter): {item.point.dutch}"]
    if item.point.values:
        lines.append("Values: " + "; ".join(item.point.values))
    if item.point.english:
        lines.append(f"English (machine translation): {item.point.english}")
    lines.append(f"Letter: {item.letter_title} ({item.letter_date or 'date not stated'}), {item.point.section}")
    lines.append(f"Note: {item.stem}.html")
    return "\n".join(lines)


def _stamp(created: str | None) -> dt.datetime:
    """DTSTAMP (a UTC date-time): the note's creation time; a fixed one for a note without it, so the
    file stays the same for the same notes."""
    try:
        when = dt.datetime.fromisoformat(created) if created else None
    except ValueError:
        when = None
    if when is None:
        return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)


def _event(item: AgendaItem, span: tuple[dt.date, dt.date], created: str | None) -> str:
    from icalendar import Event

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", _stamp(created))
    event.add("dtstart", span[0])
    event.add("dtend", span[1])
    event.add("summary", _summary(item, span[0]))
    event.add("description", _description(item))
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting that makes the reader busy
    if item.official_url:
        event.add("url", item.official_url)
    return event.to_ical().decode("utf-8")


def _events(letters: Letters, created: dict[str, str | None], end: str) -> Iterator[str]:
    for item in agenda(letters).dated:
        span = _span(item.iso_date or "")
        if span is not None:
            yield _event(item, span, created.get(item.stem))
    yield end


def calendar(letters: Letters) -> Iterator[str] | None:
    """dates.ics for the batch's dated items, event by event (a batch's calendar is never one string),
    or None when it has none (RFC 5545 requires a calendar to hold at least one component)."""
    from icalendar import Calendar

    if not any(_span(key.iso_date) for key in agenda(letters).dated.keys):
        return None
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Kamerbrieven: commitments and dates")
    # A calendar's text is its properties, then each component's text, then its END line (RFC 5545 §3.4).
    end = "END:VCALENDAR\r\n"
    head = cal.to_ical().decode("utf-8").removesuffix(end)
    created = {key.stem: key.created for key in letters.keys}
    return itertools.chain([head], _events(letters, created, end))


def render_calendar(entries: list[LetterEntry]) -> str | None:
    """The whole dates.ics of `entries` (calendar() piece by piece)."""
    chunks = calendar(Letters.of(entries))
    return None if chunks is None else "".join(chunks)
