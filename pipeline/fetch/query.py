"""What the user asks `kamerbrief fetch` for, checked once: a date range, a dossier, a kind of
document, a ministry, a limit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.errors import InputError

# A Kamerstuk dossier number as the Kamer writes it: digits, then a sub-dossier or budget chapter
# after a hyphen ("21501-20", "36200-VI"); spaces between digit groups ("21 501-20") allowed.
DOSSIER = re.compile(r"^(?P<number>\d[\d ]*)(?:-(?P<addition>[A-Za-z0-9]+))?$")


@dataclass(frozen=True)
class Query:
    since: date
    until: date | None = None
    dossier: str | None = None  # normalised: "21501-20"
    kind: str | None = None  # brief | verslag | agenda | antwoord
    ministry: str | None = None  # part of the ministry's name, any case
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.until is not None and self.until < self.since:
            raise InputError(f"--until {self.until} is before --since {self.since}", fix="swap the dates")
        if self.limit is not None and self.limit < 1:
            raise InputError(f"--limit must be at least 1, got {self.limit}")
        if self.dossier is not None:
            number, addition = dossier_parts(self.dossier)
            object.__setattr__(self, "dossier", number + (f"-{addition}" if addition else ""))

    def wants_ministry(self, ministry: str | None) -> bool:
        return self.ministry is None or (ministry is not None and self.ministry.casefold() in ministry.casefold())


def dossier_parts(dossier: str) -> tuple[str, str | None]:
    """'21 501-20' → ('21501', '20'); a malformed number is an InputError."""
    match = DOSSIER.match(dossier.strip())
    if not match:
        raise InputError(f"--dossier {dossier!r} is not a Kamerstuk dossier number",
                         fix="write it as the Kamer does, e.g. 21501-20 or 36200-VI")
    return match["number"].replace(" ", ""), match["addition"]
