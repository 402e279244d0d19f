"""What a physical line of letter text shows at its ends, shared by the text readers: the stream
sentinels between footnote separation and paragraph building, letters, URLs, sentence ends, and
whether a one-line paragraph reads as a heading."""

from __future__ import annotations

import re

LETTER = r"[^\W\d_]"
URLISH = re.compile(r"(?<!\S)(?=\S*(?:https?://|www\.|\S@\S))\S+", re.IGNORECASE)
SENTENCE_END_CHARS = ".?!:"
CLOSERS = ")]\"'’”»"


# The signs an address never ends on: after one at a line end, the address goes on.
ADDRESS_GOES_ON = "-_=&?#"
# The rest of an address's path at the next line's start: it opens in lower case or with a digit
# (the paths of official sites are lower case) and holds only what an address may hold.
_PATH_REST = re.compile(r"[a-z0-9%~+_][\w%~+/.=?&#-]*")
_PATH_SIGNS = frozenset("/._=?&#%-")


def url_goes_on(text: str, line: str) -> bool:
    """Whether `line` goes on the URL that `text` ends in. Typesetters break a long address at a
    sign of its own (a hyphen, a slash, `_ = & ? #`) and add no hyphen (one would change it): an
    address does not end in a hyphen or a query's sign, so after one the line is its rest; after a
    slash (an address may end in one) only a line that opens with a path's rest is, one holding a
    sign only an address has inside a word (`rapporten/2024/a.pdf`, `werkagenda-2024`) or standing
    alone."""
    # `text` may be a whole paragraph joined so far: its last 2,000 characters hold any address
    tail, rest = text[-2000:].split(), line.split()
    if not tail or not rest or URLISH.fullmatch(tail[-1]) is None:
        return False
    if tail[-1][-1] in ADDRESS_GOES_ON:
        return True
    token = rest[0].rstrip(",;)")
    return (tail[-1].endswith("/") and _PATH_REST.fullmatch(token) is not None
            and (any(ch in _PATH_SIGNS for ch in token[:-1]) or len(rest) == 1))


# Sentinels in the line stream between footnote separation and paragraph building.
BLANK = ("blank",)
PAGE = ("page",)


def raw_line(item: tuple) -> str:
    """The physical line of a stream item as printed (markers included), for width tests."""
    return item[4] if len(item) > 4 else item[1]


def indent_of(item: tuple) -> int:
    """The indent of a stream item's physical line (0 where unknown)."""
    return item[3] if len(item) > 3 else 0


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence (. ? ! :), ignoring closing brackets and quotes."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END_CHARS


MAX_HEADING_WORDS = 12  # ingest's cap; segment.max_heading_words may set a lower one
# A lower-case word, a sentence end and a capital: a sentence ends inside the text.
_INNER_SENTENCE_END = re.compile(r"(?<![\w.])([a-zà-ÿ]{2,})[.!?]\s+[A-ZÀ-Þ]")
# Lower-case abbreviations that stand before a capital without ending a sentence ("dr. De Vries").
_TITLE_ABBREVIATIONS = frozenset({"mr", "dr", "drs", "ir", "ing", "prof", "mevr", "dhr", "nr", "nrs", "art", "blz",
                                  "bijv", "ca", "vgl", "zgn", "jl", "st"})


_MULTI_PERIOD_ABBREVIATION = re.compile(r"(?:[^\W\d_]{1,4}\.){2,}")  # c.s., m.i.v., o.a., e.d.


def ends_on_abbreviation(text: str) -> bool:
    """Whether text ends on an abbreviation's period ("c.s.", "m.i.v.", "jl.") rather than a sentence's."""
    words = text.split()
    last = words[-1] if words else ""
    return bool(_MULTI_PERIOD_ABBREVIATION.fullmatch(last)) or (
        last.endswith(".") and last[:-1].lower() in _TITLE_ABBREVIATIONS)


_INITIALS = re.compile(r"(?:[A-Z][a-z]{0,2}\.){2,6}")  # H.G.J., Th.C.: a person's initials


def ends_on_initials(text: str) -> bool:
    """Whether text ends on a person's initials ("De Minister van Financiën, H.G.J."): the surname follows."""
    words = text.split()
    return bool(words) and _INITIALS.fullmatch(words[-1]) is not None


# Words a Dutch heading (a noun phrase: "Stand van zaken", "Overige onderwerpen") never ends on:
# articles, prepositions, conjunctions, relative pronouns and auxiliaries leave a clause unfinished
# ("Tijdens de Top vond een side event van de" is a sentence broken at a page foot).
FUNCTION_WORDS = frozenset({
    "de", "het", "een", "der", "des", "van", "voor", "met", "in", "op", "aan", "te", "en", "of", "om", "door",
    "bij", "naar", "over", "uit", "tot", "tegen", "onder", "tussen", "na", "sinds", "zonder", "via", "die",
    "dat", "dan", "als", "maar", "want", "omdat", "dus", "wordt", "worden", "werd", "werden", "zal", "zullen",
    "kan", "kunnen", "heeft", "hebben", "had", "is", "zijn", "was", "waren", "er", "ook", "nog", "niet", "zich",
    "haar", "hun", "deze", "dit", "wij", "we", "ik", "u", "zij", "ze", "hij", "waarbij", "waarin",
    "tijdens", "binnen", "vanaf", "volgens", "namens", "ondanks", "wegens", "dankzij", "jegens", "omtrent",
    "zoals", "terwijl", "hoewel", "indien", "wanneer", "nadat", "voordat", "zodat", "doordat", "zodra"})


# The auxiliaries, copulas and personal pronouns among them: a line holding one is a clause, not a
# heading's noun phrase.
CLAUSE_WORDS = frozenset({"is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben",
                          "had", "zal", "zullen", "kan", "kunnen", "ik", "wij", "we", "u", "hij", "zij", "ze"})

_WORD_CHARS = re.compile(r"[^\W\d_][\w'’-]*")


def common_words(lines: list[str]) -> frozenset[str]:
    """The words a letter writes in lower case inside its lines and never with a capital after
    another word: its common words. Dutch capitalises a sentence's first word and names only, and a
    name keeps its capital wherever it stands, so one of these written with a capital opens a
    sentence (`Bescherming van …` under a heading whose line break the width does not show)."""
    lower: set[str] = set()
    named: set[str] = set()
    for line in lines:
        start = len(line) - len(line.lstrip())
        previous_end = start  # where the word or number before this word ended
        for m in _WORD_CHARS.finditer(line):
            word = m.group(0)
            if word[0].islower():
                lower.add(word)
            # after a word or a number (`29 023 Leveringszekerheid`) that ends no sentence: the gap
            # since it holds any stop (only the gap is sliced: a line may be a whole paragraph)
            elif m.start() > start and not ends_sentence(line[previous_end:m.start()]):
                named.add(word.lower())
            previous_end = m.end()
    return frozenset(lower - named)


def opens_sentence(text: str, above: str = "", common: frozenset[str] = frozenset()) -> bool:
    """Whether a line starts a sentence by its first word: a capitalised function word ("In", "De",
    "Het"; Dutch writes those in lower case except at a sentence's start), or one of the letter's
    `common_words` under a line `above` that reads as a heading's noun phrase: no clause word
    (`CLAUSE_WORDS`), no function word opening it (`In het kader van het programma` | `Wonen`), and
    a lower-case last word (`Dienst` | `Toeslagen`: a name may run on over the line break). After a
    clause, a capital may be a name the letter writes once."""
    first = text.split()[0]
    if not (first[:1].isupper() and first[1:].islower()):
        return False
    if first.lower() in FUNCTION_WORDS:
        return True
    words = above.split()
    return (first.lower() in common and bool(words) and words[0].lower() not in FUNCTION_WORDS
            and words[-1].split("-")[-1].islower() and not CLAUSE_WORDS.intersection(w.lower() for w in words))


# The particles of Dutch and other surnames ("M.C. van der Linden", "Van der Berg" where no first
# name or initial stands before it): the only lower-case words of a name.
NAME_PARTICLES = frozenset({"van", "der", "den", "de", "ter", "ten", "te", "het", "'t", "la", "le", "du", "da", "von"})


def is_heading(text: str, n_lines: int, max_words: int = MAX_HEADING_WORDS) -> bool:
    """A heading is a one-line paragraph of at most `max_words` words that starts with an
    upper-case letter or digit, has a letter, does not end in . , ; : - nor on a word that leaves a
    clause unfinished (`FUNCTION_WORDS`), and holds no sentence end (a lower-case word, a
    full stop and a capital: "... het voorstel. Het kabinet is van mening" is the start of a
    paragraph at a page bottom, not a heading)."""
    text = text.strip()
    words = text.split()
    return (n_lines == 1 and 0 < len(words) <= max_words
            and (text[0].isupper() or text[0].isdigit())
            and re.search(r"[^\W\d_]", text) is not None
            and text[-1] not in ".,;:-"
            and (len(words) < 3 or words[-1] not in FUNCTION_WORDS)
            and not any(m.group(1) not in _TITLE_ABBREVIATIONS for m in _INNER_SENTENCE_END.finditer(text)))


def usual_line_width(lines: list[str]) -> int | None:
    """The letter's line width: the 90th percentile of its line lengths (None for under 5 lines)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return None
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
