"""The cue syntax of the YAML rule files (configs/taxonomy.yaml, configs/keyfacts.yaml).

A cue list is compiled into one regular expression that is searched in case-folded text:

- a plain cue matches at a word start and may run on into a longer word, because Dutch builds
  compounds and inflections on a stem: "sanctie" finds "sanctiepakket", "steun" finds "steunt";
- a cue starting with "*" may also start inside a word: "*veehouderij" finds "melkveehouderij";
- a cue starting with "re:" is a regular expression, for what a word start cannot say
  ("re:\\bnam\\b.{0,60}\\baan\\b" for the separable verb "nam … aan").
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def compile_cues(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of `cues` (syntax above) in case-folded text; None for no cues.

    Plain and "*" cues are case-folded here, so write them in any case; a "re:" cue is used as
    written, each in its own group, so an alternation inside it ("re:a|b") stays inside it.
    (classify used to join "re:" cues without the group; in that single alternation the group
    changes nothing, as no cue in the taxonomy sets inline flags, which would need the start.)
    """
    parts = []
    for cue in cues:
        if cue.startswith("re:"):
            parts.append(f"(?:{cue[3:]})")
            continue
        cue = cue.casefold().strip()
        parts.append(re.escape(cue[1:]) if cue.startswith("*") else r"(?<!\w)" + re.escape(cue))
    return re.compile("|".join(parts)) if parts else None


def alternation(words: Iterable[str]) -> str:
    """Regex fragment matching any of `words` literally, longest first, so that "tot en met" wins
    over "tot" and "mln." over "mln"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
