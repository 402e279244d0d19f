"""English sentences, where to cut a sentence that is too long for a model, and sentence punctuation.

The English splitter is deliberately simple: it cuts after ".", "!" or "?" followed by whitespace.
It runs on model output (translations, summaries), where Dutch abbreviations such as "art." or "o.a."
have become English words; an English abbreviation ("e.g. the", "Mr. Rutte") is cut as if it ended a
sentence. Dutch source text is split by the segment stage (pysbd with protected abbreviations).

A long sentence is cut at a clause boundary: after ";", ":", ",", a dash or a closing bracket, or
before a dash or an opening bracket — whichever is nearest the middle, so both halves stay long
enough to translate well.
"""

from __future__ import annotations

import re

ENGLISH_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
CLAUSE_BREAK = re.compile(r"(?<=[;:,–—)])\s+|\s+(?=[–—(])")
# Abbreviations whose final full stop belongs to them, not to the sentence: "c.s." (cum suis, after
# a motion's first signatory) and the Dutch amount scales "mln.", "mld.", "mrd.".
_KEEP_FINAL_DOT = ("c.s.", "mln.", "mld.", "mrd.")


def english_sentences(text: str) -> list[str]:
    """The sentences of English `text`, whitespace collapsed, empty pieces dropped."""
    return [x for x in ENGLISH_SENTENCE_END.split(" ".join(text.split())) if x]


def clause_cut(text: str) -> int | None:
    """Character offset of the clause boundary nearest the middle of `text`, else of the space nearest
    the middle; None when `text` has no space."""
    middle = len(text) / 2
    cuts = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    if not cuts:
        cuts = [m.start() for m in re.finditer(r"\s+", text)]
    return min(cuts, key=lambda c: abs(c - middle)) if cuts else None


def strip_sentence_punctuation(value: str) -> str:
    """A value quoted from a sentence (a reference, a date) without the sentence punctuation it took
    along ("nr. 460." → "nr. 460", "in maart 2024," → "in maart 2024"); "c.s." and "mln." keep their
    dot, and a closing bracket stays when it closes one inside the value ("COM(2022)")."""
    value = value.strip()
    while value and value[-1] in ".,;:)]'\"’" and not value.endswith(_KEEP_FINAL_DOT):
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1].rstrip()
    return value
