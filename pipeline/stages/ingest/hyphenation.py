"""Line-break hyphenation: undo it where a word was only broken at the line end, keep the hyphen
where Dutch spelling needs it (vowel clash, capital or digit, coordination, a short prefix, an
adjective pair, the same compound hyphenated elsewhere in the letter). Used by every text reader through `join_lines`."""

from __future__ import annotations

import re

from pipeline.stages.ingest.textshape import FUNCTION_WORDS, NAME_PARTICLES, url_goes_on
from pipeline.stages.ingest.textshape import LETTER as _LETTER

# Vowel pairs that would be read as one sound if a compound were written closed; Dutch spelling
# then requires the hyphen (zee-egel, defensie-uitgaven, zo-even). e+ë etc. carry a diaeresis instead.
VOWEL_CLASHES = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo",
                           "ou", "ui", "uu",
                           # a final y of a loanword is a vowel too: privacy-instellingen, baby-uitzet
                           "ya", "ye", "yi", "yo", "yu"})


# Frequency (wordfreq's Zipf scale) above which a closed form is an established word: "geuit"
# (3.5) is written closed despite its e+u; misspellings in the word list stay well below this.
KNOWN_WORD_ZIPF = 3.0


# A closed form with a diaeresis (geïnventariseerd 2.5, geëffectueerd 2.0) only needs to be a known
# word that is more frequent than the plain closed form: the hyphenated alternative (ge-inventariseerd)
# is not a word at all, and a real compound with a vowel clash (zee-egel, gemeente-initiatieven) has
# no diaeresis spelling in the word list.
DIAERESIS_WORD_ZIPF = 1.5


# Short first parts that Dutch joins with a hyphen: lower-case initialisms spoken letter by letter
# (po-scholen, vo-scholen, hbo-opleiding; not havo, which is spoken as a word: havoleerling) and
# the prefixes ex- and niet- before a noun (ex-partner, niet-gebruik). A first part of 2-4 letters
# without a vowel is an initialism too (ggz-instellingen, bsn-nummer): a syllable has a vowel.
HYPHEN_PREFIXES = frozenset({"po", "vo", "so", "wo", "mbo", "hbo", "vmbo", "vwo", "ex", "niet"})


_VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")


_DIAERESIS = str.maketrans("aeiou", "äëïöü")
_NO_DIAERESIS = str.maketrans("äëïöü", "aeiou")


# "veiligheids- en defensiebeleid": the hyphen stands for a shared second part and keeps its space.
COORDINATORS = frozenset({"en", "of", "tot", "noch", "als"})


_WORD_WITH_HYPHENS = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)+")


_LEADING_WORD = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)*")


_TRAILING_HYPHENATED_WORD = re.compile(rf"({_LETTER}+(?:-{_LETTER}+)*)-$")


def hyphenated_words(lines: list[str]) -> frozenset[str]:
    """Evidence that a hyphen belongs to the word, from hyphens inside lines (never at a line end).

    Lower-cased words written with a hyphen ("kandidaat-lidstaten"), and, as "<prefix>-", a short
    lower-case first part (2-4 letters) whose hyphen nothing else explains: "ex-partner" gives
    "ex-", so "ex-" + "toeslagpartner" at a line end keeps its hyphen too. A vowel clash explains
    its hyphen (zee-egel says nothing about zeebodem), and so does the elision hyphen of a
    coordination ("zee- en luchtvaart"), which is therefore not counted.
    """
    found = {w for line in lines for w in _WORD_WITH_HYPHENS.findall(line)}
    prefixes = set()
    for word in found:
        first, rest = word.split("-", 1)
        if 2 <= len(first) <= 4 and first.islower() and (first[-1] + rest[0].lower()) not in VOWEL_CLASHES:
            prefixes.add(f"{first}-")
    return frozenset({w.lower() for w in found} | prefixes)


def join_pair(left: str, right: str, evidence: frozenset[str] = frozenset()) -> str:
    """Join two physical lines, undoing line-break hyphenation where the words allow it.

    `letter-` + lower-case letter is joined without the hyphen (aange-+kondigd), except when
    the hyphen belongs to the compound: a vowel clash (defensie-+uitgaven, zij-+ingang: the
    digraph ij is a vowel too; unless the closed form is an established word in Dutch word
    frequencies: ge-+uit, be-+eindigd, ge-+inventariseerd), a capital or digit before it
    (EU-+verband, 2021-+2027), a capital after it (Noord-+Korea), a coordinated compound
    (veiligheids- + en defensiebeleid keeps the space too), the same compound written with a hyphen
    elsewhere in the letter (`evidence`, in any inflected form), a short first part that takes a hyphen
    (`_keeps_prefix_hyphen`: po-+scholen, ex-+toeslagpartner), a name of several words before it
    (`_name_compound`: Nord Stream-+pijpleidingen), or an adjective pair (`_adjective_pair`:
    militair-+industrieel). An inflection ending after the hyphen is joined even before a function
    word that looks like a coordination (`_broken_before_ending`: partij-+en in → partijen).
    """
    left = left.rstrip()
    right = right.strip()
    if not left or not right:
        return left + right
    if url_goes_on(left, right):
        # A URL is never hyphenated (a hyphen added would change the address): broken at a hyphen
        # of its own or after a slash, it goes on with no space.
        return left + right
    if not (left.endswith("-") and len(left) >= 2 and left[-2].isalnum()):
        return f"{left} {right}"
    before, first = left[-2], right[0]
    tokens = right.split()
    # A coordination names its second part ("veiligheids- en defensiebeleid"); "als" coordinates
    # only in "zowel X- als Y" (Dutch grammar), so "zo-" + "als" is the word zoals, broken.
    coordination = tokens[0].lower() in COORDINATORS and len(tokens) > 1
    if (coordination and (tokens[0].lower() != "als" or "zowel" in left.lower())
            and not _broken_before_ending(left, tokens)):
        return f"{left} {right}"
    if before.isupper() or before.isdigit() or not first.isalpha() or first.isupper():
        return left + right
    tail = _TRAILING_HYPHENATED_WORD.search(left)
    head = _LEADING_WORD.match(right)
    if tail and head and any(f"{tail.group(1)}-{form}".lower() in evidence for form in _inflections(head.group(0))):
        return left + right
    if tail and head and "-" in tail.group(1) and not _is_known_word(tail.group(1).rsplit("-", 1)[1] + head.group(0)):
        # A compound already joined with hyphens ("kandidaat-lid-", "staakt-het-") takes one at
        # every joint (Dutch spelling writes such word groups with hyphens throughout), unless
        # its last part was only broken ("EU-ver-" + "band": "verband" is a word).
        return left + right
    if tail and head and "-" in head.group(0) and not _is_known_word(tail.group(1) + head.group(0).split("-", 1)[0]):
        # The same from the other side: the rest carries a hyphen itself (staakt-+het-vuren,
        # kandidaat-+lid-status), so the word group is hyphenated throughout, unless the break only
        # split a word (the two pieces close into a known word).
        return left + right
    if tail and len(tail.group(1)) == 1:
        # A single letter before a line-end hyphen is a compound's first part (Woordenlijst: a
        # compound with a lone letter takes a hyphen: e-mail, x-as, e-privacyrichtlijn); a word is
        # never broken after its first letter (Dutch typesetting leaves at least two letters).
        return left + right
    if tail and head and _name_compound(left[:tail.start()], tail.group(1), head.group(0)):
        return left + right
    ij_clash = left.lower().endswith("ij-") and first.lower() in "aeiou"  # zij-ingang: ij is a vowel
    # After aai, ooi, oei the i is a glide and the e that follows is no clash: Dutch writes mooie,
    # draaien, groeien, octrooieren closed (Woordenlijst: no diaeresis and no hyphen there).
    glide = left.lower().endswith(("aai-", "ooi-", "oei-")) and first.lower() == "e"
    if ((before.lower() + first.lower()) in VOWEL_CLASHES or ij_clash) and not glide:
        if tail and head and _broken_inside_first_word(tail.group(1), head.group(0)):
            return left[:-1] + right  # mili-+eudoelen: the break fell inside "milieu" of milieudoelen
        if tail and head:
            closed = _established_closed_form(tail.group(1), head.group(0))
            if closed is not None:  # be-+eindigd → beëindigd, ge-+uit → geuit
                return left[: tail.start()] + closed + right[head.end():]
        return left + right
    if tail and head and _keeps_prefix_hyphen(tail.group(1), head.group(0), evidence):
        return left + right
    if tail and head and _adjective_pair(tail.group(1), head.group(0)):
        return left + right
    return left[:-1] + right


# The most frequent Dutch words (de 7.7, in 7.4, zoals 6.0) are function words and simple words.
# The conjunct after an elision (veiligheids- en defensiebeleid, binnen- en buitenland 4.8) carries
# the elided part, so it is a compound, and compounds rank below this.
FUNCTION_WORD_ZIPF = 5.5


def _broken_before_ending(left: str, tokens: list[str]) -> bool:
    """Whether `left` + a coordinator is a word broken before its inflection ending, not an elision:
    "partij-" + "en in derde landen" is partijen (an inflection ending is never a compound's part,
    Woordenlijst), because the word with the ending is a known word and what follows the
    coordinator is a function word, which cannot be the conjunct that an elision needs; the word
    may take a diaeresis there (technologie-+en te → technologieën)."""
    word = _TRAILING_HYPHENATED_WORD.search(left)
    if not word:
        return False
    from wordfreq import zipf_frequency

    following = tokens[1].strip(".,;:!?()\"'‘’“”")
    return (_established_closed_form(word.group(1).rsplit("-", 1)[-1], tokens[0].lower()) is not None
            and zipf_frequency(following, "nl") >= FUNCTION_WORD_ZIPF)


# Dutch adjective suffixes (ANS, afleiding: nation-aal, militair, industri-eel, techn-isch, act-ief,
# polit-iek, inhoude-lijk, veil-ig, haal-baar, duur-zaam, kans-loos) after a stem of 3+ letters (a
# bare "taal" or "lijk" is a noun); the first part of an adjective pair stands uninflected, the
# second may be inflected (industriële, nationale, actieve).
_ADJECTIVE = re.compile(rf"^{_LETTER}{{3,}}(?:isch|ief|eel|aal|air|iek|lijk|ig|baar|zaam|loos)$")
_ADJECTIVE_FORM = re.compile(
    rf"^{_LETTER}{{3,}}(?:isch|ische|ief|ieve|eel|ele|ële|aal|ale|air|aire|iek|ieke|lijk|lijke|ig|ige"
    r"|baar|bare|zaam|zame|loos|loze)$")
# A past participle used as an adjective: ge-...-d/-t, or an unstressed prefix and no ge-
# (erkend, bepaalde, vastgestelde is ge- inside: not matched, it is no adjective pair's part here).
_PARTICIPLE = re.compile(rf"^(?:ge|be|er|her|ont|ver){_LETTER}{{2,}}(?:d|t|de|te|en)$")


def _adjective_pair(before: str, after: str) -> bool:
    """Whether `before`-`after` is an adjective followed by an adjective or participle that Dutch
    writes with a hyphen: coordinate parts (Woordenlijst, leidraad: samenstellingen met
    gelijkwaardige delen: militair-industrieel, politiek-bestuurlijk, cultureel-maatschappelijk), or
    an adverbial adjective the author joined to a participle (internationaal-erkende); the closed
    form is no word there. A pair Dutch does write closed because the parts are not coordinate
    (sociaaleconomisch, privaatrechtelijk, nationaalsocialistisch) is an established word, so any
    frequency of the closed form, in any inflected form, decides for closed."""
    if not (before.islower() and after.islower() and _ADJECTIVE.match(before)
            and (_ADJECTIVE_FORM.match(after) or _PARTICIPLE.match(after))):
        return False
    from wordfreq import zipf_frequency

    if not (_is_known_word(before) and _is_known_word(after)):
        return False
    return not any(zipf_frequency(form, "nl") > 0 for form in _inflections(before + after))


# Dutch inflection endings of nouns and adjectives (plural -en/-s, adjective -e, -n after -e).
_INFLECTIONS = ("en", "s", "e", "n", "es")


def _inflections(word: str) -> set[str]:
    """`word` and the forms that differ from it by an inflection ending: the same compound in
    another form (Commissie-aanbeveling, Commissie-aanbevelingen) is the same evidence."""
    forms = {word} | {word + ending for ending in _INFLECTIONS}
    return forms | {word[: -len(ending)] for ending in _INFLECTIONS if word.endswith(ending) and len(word) > len(ending) + 2}


def _broken_inside_first_word(before: str, after: str) -> bool:
    """Whether `before`+`after` is a closed compound broken inside its first word, not at its joint:
    `before` with the start of `after` is an established word and the rest of `after` a known word
    (mili-+eudoelen = milieu + doelen). A vowel clash needs a hyphen only at a joint."""
    from wordfreq import zipf_frequency

    if zipf_frequency(after, "nl") > 0:
        return False  # the second part is a word itself: the break may well be the joint
    return any(zipf_frequency(before + after[:k], "nl") >= KNOWN_WORD_ZIPF
               and zipf_frequency(after[k:], "nl") >= KNOWN_WORD_ZIPF for k in range(1, len(after) - 2))


# Words of a name that are this common in Dutch (Europese 5.2, Defensie 4.4) are Dutch words
# capitalised; names and foreign words rank below (Nord 3.5, Stream 3.7).
NAME_WORD_ZIPF = 4.0
_CAPITALISED_WORD = re.compile(rf"[\"'‘“(\[]?[A-Z\u00c0-\u00de]{_LETTER}*$")


def _name_compound(line_before: str, before: str, after: str) -> bool:
    """Whether `before`-`after` is a compound whose first part ends a name of several words, which
    Dutch spelling writes with a hyphen (Woordenlijst, leidraad: samenstellingen met meerdelige
    eigennamen: Nord Stream-pijpleiding), so the line-end hyphen is the compound's: `before` and the
    word before it on the line are capitalised and no common Dutch words, the closed form is no Dutch
    word and `after` is one (in some inflected form). A name of common Dutch words (Verenigde
    Naties-+resolutie) is closed: it cannot be told from a Dutch name ending in a closed compound."""
    words = line_before.split()
    if not (words and _CAPITALISED_WORD.match(words[-1]) and before[:1].isupper() and before.isalpha()):
        return False
    from wordfreq import zipf_frequency

    # Only a name made of words that are not common Dutch words: a Dutch name's own last word may be a
    # closed compound (Europese Vredes-+faciliteit, Europees Defensie-+agentschap), and a sentence's
    # first word is capitalised anyway (Het Noordzee-+overleg).
    if any(zipf_frequency(word.strip("\"'‘“(["), "nl") >= NAME_WORD_ZIPF for word in (words[-1], before)):
        return False
    # A two-letter rest is the last syllable of a name broken at the line end (Roberta Metso-+la):
    # Dutch typesetting leaves at least two letters on the next line, so it is the shortest rest there
    # is, while a compound's second part is a noun of its own (-pijpleiding, -gas, -lek).
    return len(after) > 2 and zipf_frequency(before + after, "nl") == 0 and any(
        zipf_frequency(form, "nl") >= KNOWN_WORD_ZIPF for form in _inflections(after))


# A word attested in Dutch word frequencies at all: long compounds are rare there
# (cyberbeveiliging 1.3), a join of two unrelated pieces is absent (leiberbeveiliging 0).
ATTESTED_WORD_ZIPF = 1.0


def completes_word(line_end: str, following: str) -> bool:
    """Whether the word broken at the end of `line_end` (`… cy-`) and the first word of `following`
    (`berbeveiliging …`) make an attested Dutch word together."""
    from wordfreq import zipf_frequency

    pair = _broken_pair(line_end, following)
    return pair is not None and zipf_frequency("".join(pair).lower(), "nl") >= ATTESTED_WORD_ZIPF


def _broken_pair(line_end: str, following: str) -> tuple[str, str] | None:
    """The piece of the word broken at the end of `line_end` (after its last hyphen of its own:
    `cy` of `… cy-`) and the first word of `following`, or None where no word broke there."""
    tail = _TRAILING_HYPHENATED_WORD.search(line_end.rstrip())
    head = _LEADING_WORD.match(following.strip())
    return (tail.group(1).rsplit("-", 1)[-1], head.group(0)) if tail and head else None


def rest_not_capitalised(line_end: str, following: str) -> bool:
    """Whether the word broken at the end of `line_end` (`… te-`) cannot go on with the capitalised
    first word of `following` (`Situatie …`).

    Dutch hyphenation breaks a word inside it and the word's rest keeps its lower case; a capital
    after a hyphen opens a name joined to a whole word (kabinet-Rutte, motie-Van der Berg,
    anti-Amerikaans). So a lower-case fragment that is no Dutch word (`tegoe-`), or
    only a function word (`te-`, `de-`: never the first part of such a compound), goes on in lower
    case elsewhere; and a capitalised function word that is no surname's particle (`Tijdens`, `Het`)
    opens a sentence, never a name: Dutch writes those words in lower case inside a sentence."""
    pair = _broken_pair(line_end, following)
    if pair is None or not pair[1][0].isupper():
        return False
    fragment, head = pair
    first = head.split("-")[0]
    if first[1:].islower() and first.lower() in FUNCTION_WORDS - NAME_PARTICLES:
        return True
    return fragment.islower() and (fragment in FUNCTION_WORDS or not _is_known_word(fragment))


def _is_known_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl") >= KNOWN_WORD_ZIPF


def _keeps_prefix_hyphen(before: str, after: str, evidence: frozenset[str]) -> bool:
    """Whether `before`-`after` keeps its hyphen because `before` is a short prefix that takes one.

    `before` is the whole word before the line-end hyphen, in lower case and 2-4 letters long, and
    is either written with a hyphen elsewhere in the letter ("ex-partner": "ex-" in `evidence`),
    a known hyphen prefix (`HYPHEN_PREFIXES`), or an initialism (no vowel).
    A syllable break (po-+litiek, ex-+tra) is told apart by the words: the closed form must be
    unknown to Dutch word frequencies and the second part a known word.
    """
    if not (2 <= len(before) <= 4 and before.islower() and before.isalpha()):
        return False
    if not (f"{before}-" in evidence or before in HYPHEN_PREFIXES or not (set(before) & _VOWELS)):
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(before + after, "nl") == 0 and zipf_frequency(after, "nl") > 0


def _established_closed_form(before: str, after: str) -> str | None:
    """The closed spelling of `before`-`after` when it is an established Dutch word, else None.

    At a line break Dutch drops the diaeresis (beëindigd is broken be-eindigd), so the closed form
    with a diaeresis on the second part's first vowel is tried too: it wins when it is a known word
    (`DIAERESIS_WORD_ZIPF`) more frequent than the plain closed form. The plain closed form needs to
    be an established word (`KNOWN_WORD_ZIPF`).
    """
    from wordfreq import zipf_frequency

    plain = before + after
    with_diaeresis = before + after[0].translate(_DIAERESIS) + after[1:]
    plain_zipf = zipf_frequency(plain, "nl")
    diaeresis_zipf = zipf_frequency(with_diaeresis, "nl") if with_diaeresis != plain else 0.0
    if diaeresis_zipf > DIAERESIS_WORD_ZIPF and diaeresis_zipf > plain_zipf:
        return with_diaeresis
    if plain_zipf >= KNOWN_WORD_ZIPF:
        return plain
    if with_diaeresis != plain and _diaeresis_word_starts_compound(before, with_diaeresis):
        return with_diaeresis
    return None


def _diaeresis_word_starts_compound(before: str, closed: str) -> bool:
    """Whether `closed` (with its diaeresis back) is a compound whose first part is a known word with
    that diaeresis and whose rest is a known word: co-+ordinatiecel is coördinatie + cel. The
    diaeresis spelling must be the first part's usual one (more frequent than without it), as in
    `_established_closed_form`; a real compound with a vowel clash (zee-ecosystemen) has none."""
    from wordfreq import zipf_frequency

    plain = closed.translate(_NO_DIAERESIS)
    for end in range(len(before) + 3, len(closed) - 1):
        first = zipf_frequency(closed[:end], "nl")
        if (first > DIAERESIS_WORD_ZIPF and first > zipf_frequency(plain[:end], "nl")
                and any(_is_known_word(form) for form in _inflections(closed[end:]))):
            return True
    return False


def join_lines(lines: list[str], evidence: frozenset[str] = frozenset()) -> str:
    """One string from a paragraph's lines: joined with single spaces, hyphenation undone."""
    text = ""
    for line in lines:
        text = join_pair(text, line, evidence) if text else line.strip()
    return " ".join(text.split())
