"""Sentences, Dutch and English; where to cut a sentence that is too long for a model; sentence punctuation.

Dutch (:func:`dutch_sentences`): pysbd's Dutch rules, with the parliamentary abbreviations Dutch
letters are full of ("art. 3", "o.a.", "nr. 12", "i.v.m.", "c.s.") protected so that their full
stops never end a sentence — except the sentence-final ones ("etc.", "enz.") when a capital follows.

English (:func:`english_sentences`): deliberately simple — a cut after ".", "!" or "?" followed by
whitespace. It runs on model output (translations, summaries), where the Dutch abbreviations have
become English words; an English abbreviation ("e.g. the", "Mr. Rutte") is cut as if it ended a
sentence.

A long sentence is cut at a clause boundary: after ";", ":", ",", a dash or a closing bracket, or
before a dash or an opening bracket — whichever is nearest the middle, so both halves stay long
enough to translate well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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


# --------------------------------------------------------------------------------------------- Dutch

# ONE DOT LEADER: stands in for an abbreviation's full stop while pysbd splits.
_PROTECT = "\u2024"
_CAPITAL_NEXT = re.compile(r"\s+[\"'‘“(]?[A-Z\u00c0-\u00de]")
# pysbd's time grows quadratically with its input (92 s for a 200,000-character line): a paragraph
# longer than _CHUNK_CHARS is fed to it in pieces of about that size, cut at unambiguous sentence
# ends; a piece with no sentence end within _MAX_CHUNK_CHARS is cut at a space (no real sentence is
# that long).
_CHUNK_CHARS = 2000
_MAX_CHUNK_CHARS = 5000
# A sentence end after a lower-case word (not an initial: "J.P. Balkenende"), then a capital.
_SAFE_END = re.compile(r"(?<=[a-z\u00df-\u00ff]{2})[.?!][\"'’”)]*\s+(?=[\"'‘“(]?[A-Z\u00c0-\u00de])")


@lru_cache(maxsize=8)
def _abbreviation_pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(a.rstrip(".")) + r"\." for a in abbreviations), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


@lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False)


def dutch_sentences(text: str, abbreviations: Iterable[str], sentence_final_abbreviations: Iterable[str] = (),
                    language: str = "nl") -> list[str]:
    """The sentences of one Dutch paragraph. `abbreviations` (written with or without their last full
    stop: "o.a", "art.") never end a sentence; `sentence_final_abbreviations` ("etc", "enz") do when a
    capital follows."""
    text = text.strip()
    if not text:
        return []
    pattern = _abbreviation_pattern(tuple(abbreviations))
    final = _abbreviation_pattern(tuple(sentence_final_abbreviations))

    def protect(m: re.Match[str]) -> str:
        # "etc." / "enz." followed by a capital ends the sentence; elsewhere a period is protected.
        if final.fullmatch(m.group(0)) and _CAPITAL_NEXT.match(text, m.end()):
            return m.group(0)
        return m.group(0).replace(".", _PROTECT)

    protected = pattern.sub(protect, text)
    sentences = []
    for chunk in _chunks(protected):
        for piece in _segmenter(language).segment(chunk):
            piece = piece.replace(_PROTECT, ".").strip()
            if piece:
                sentences.append(piece)
    return sentences


def _chunks(text: str) -> list[str]:
    """Split a very long paragraph (one-line letters) into pieces at unambiguous sentence ends
    (a lower-case word, a period, question or exclamation mark, then a capital); ordinary
    paragraphs stay whole."""
    if len(text) <= _CHUNK_CHARS:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > _CHUNK_CHARS:
        cut = _SAFE_END.search(text, start + _CHUNK_CHARS // 2, start + _MAX_CHUNK_CHARS)
        if cut is None:
            space = text.rfind(" ", start + _CHUNK_CHARS // 2, start + _MAX_CHUNK_CHARS)
            if space <= start:
                break
            end = space + 1
        else:
            end = cut.end()
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces
