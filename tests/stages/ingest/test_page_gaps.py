"""Text without form feeds: where a page ends and the next begins, what belongs to the body, to a
note or to the page furniture. Each rule follows a convention of official letters or of typeset
text (see the rule's comment) and is checked over several line widths, never one sample's lines."""

from __future__ import annotations

import itertools
import textwrap

import pytest

from pipeline.config import load_config
from pipeline.stages.ingest.clean import clean_text
from tests.stages.ingest.setting import justify

CFG = load_config().ingest
BODY = ("Het kabinet heeft met de Vereniging van Nederlandse Gemeenten afspraken gemaakt over de werving "
        "van stembureauleden, die in veel gemeenten moeizaam verloopt. Daarnaast wordt de voorlichting aan "
        "kiezers uitgebreid met een campagne die uitlegt hoe men bij volmacht kan stemmen.1 De campagne "
        "loopt tot de dag van de stemming en wordt daarna geëvalueerd door het ministerie.")
NEXT_PAGE = ("die de gemeenten in de komende maanden zullen uitvoeren in nauwe samenwerking met de "
             "Kiesraad en de provincies. Over de uitkomsten wordt uw Kamer voor de zomer geïnformeerd.")
WIDTHS = [42, 55, 68, 80]


def _clean(lines: list[str]):
    return clean_text("\n".join(lines) + "\n", CFG.furniture_patterns, CFG.repeated_line_min_pages)


def _body_text(result) -> str:
    return " ".join(" ".join(" ".join(p.lines) for p in result.paragraphs).split())


@pytest.mark.parametrize("width", [42, 55, 80])  # widths at which a filler lets the number wrap alone
@pytest.mark.parametrize("abbreviation", ["nr.", "blz."])
def test_a_number_wrapped_after_nr_is_the_notes_not_a_page_number(width, abbreviation):
    # An official reference ends "Kamerstuk 36 512, nr. 4": the abbreviation calls for its number.
    body = textwrap.wrap(BODY, width=width)
    fillers = [" ".join(f) for f in itertools.product(["", "en", "zee", "over", "kabels", "leidingen"], repeat=4)]
    text = next(t for t in (f"Motie van het lid Van der Berg c.s. over de kabels {f}, Kamerstuk 36 512, "
                            f"{abbreviation} 2" for f in fillers)
                if textwrap.wrap(f"1 {t}", width=width)[-1] == "2")  # the number wrapped onto a line of its own
    text = " ".join(text.split())
    result = _clean(body + ["", *textwrap.wrap(f"1 {text}", width=width), "", "Verder met de tekst van de brief."])
    assert result.footnotes == [(1, text)]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_note_ending_in_a_url_does_not_swallow_the_next_pages_text(width):
    # The URL is a reference's last element, and a URL longer than the column says nothing about
    # the width: lower-case text after the gap is the next page's body.
    body = textwrap.wrap(BODY.replace(" De campagne loopt", " De campagne, die"), width=width)
    url = "https://www.eurojust.europa.eu/core-international-crimes-evidence-database"
    result = _clean(body + ["", "_" * 12, "1 Zie", url, "", *textwrap.wrap(NEXT_PAGE, width=width)])
    assert result.footnotes == [(1, f"Zie {url}")]
    assert NEXT_PAGE in _body_text(result)


@pytest.mark.parametrize("width", WIDTHS)
def test_lower_case_text_after_the_notes_continues_a_body_that_broke_off(width):
    # The body runs on from page to page; a note's rest goes under the next page's rule. Where the
    # body above the notes stops mid-sentence, the lower-case text after the gap is the body's.
    body = textwrap.wrap(BODY.removesuffix(" door het ministerie."), width=width)
    note = textwrap.wrap("1 Toezegging gedaan tijdens het commissiedebat Verkiezingen van 28 maart 2024", width=width)
    result = _clean(body + ["", *note, "", *textwrap.wrap(NEXT_PAGE, width=width)])
    assert result.footnotes == [(1, "Toezegging gedaan tijdens het commissiedebat Verkiezingen van 28 maart 2024")]
    assert "geëvalueerd die de gemeenten" in _body_text(result)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_ministrys_name_on_a_line_of_its_own_past_the_letter_head_is_furniture(width):
    # Rijkshuisstijl: the ministry's name runs at the page edges; without form feeds those edges
    # are not known, but the letter's text never puts the bare name on a line of its own.
    ministry = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    body = textwrap.wrap(BODY.replace(".1 ", ". "), width=width)
    cut = next(i for i, line in enumerate(body) if i > 1 and line[-1] not in ".,;:" and body[i + 1][0].islower())
    lines = [ministry, "", *body[:cut + 1], "", " " * 10 + ministry, "", ministry, "", *body[cut + 1:]]
    result = _clean(lines)
    assert [" ".join(" ".join(p.lines).split()) for p in result.paragraphs[1:]] == [
        " ".join(BODY.replace(".1 ", ". ").split())]  # the first is the letter head's, the page rejoined
    assert result.furniture.count(ministry) == 2


@pytest.mark.parametrize("width", [40, 46, 58, 71])
def test_justified_text_shows_a_headings_end_even_when_the_next_word_would_not_fit(width):
    # Every line of a justified paragraph but its last is stretched to the column: an unstretched
    # line before a stretched one ends its block, whether or not the next word would have fitted.
    first_word = "Bescherming"
    words = "Samenwerking in EU en NAVO met de buurlanden en partners in Europa".split()
    # a heading too long for the next word to fit after it: its width says nothing
    heading = next(h for h in (" ".join(words[:n]) for n in range(1, len(words) + 1))
                   if len(h) < width < len(h) + 1 + len(first_word))
    paragraph = (f"{first_word} van deze infrastructuur vraagt om nauwe samenwerking met de buurlanden en met "
                 "de Europese partners in de Raad en in de NAVO. Nederland zet zich daarvoor in.")

    def block(text: str) -> list[str]:
        wrapped = textwrap.wrap(text, width=width)
        return [justify(line, width) for line in wrapped[:-1]] + [wrapped[-1]]

    lines = block(BODY.replace(".1 ", ". ")) + [heading] + block(paragraph)
    texts = [" ".join(" ".join(p.lines).split()) for p in _clean(lines).paragraphs]
    assert heading in texts


PARAGRAPHS = [
    "Het kabinet heeft met de gemeenten afspraken gemaakt over de werving van stembureauleden. Die "
    "verloopt in veel gemeenten moeizaam en het kabinet volgt dat nauwgezet.",
    "Daarnaast wordt de voorlichting aan kiezers uitgebreid met een campagne. Die legt uit hoe men bij "
    "volmacht kan stemmen en wat men daarvoor nodig heeft.",
    "De Kiesraad adviseert over de uitvoering. Het advies volgt in het voorjaar.",
] * 2


@pytest.mark.parametrize("width", range(40, 101, 6))
def test_paragraph_ends_nothing_marks_are_counted_in_a_warning_not_guessed(width):
    # Single line breaks, ragged: a paragraph whose last line is full ends unseen. The reader
    # keeps such text together and says how many places are in doubt.
    lines = [line for p in PARAGRAPHS for line in textwrap.wrap(p, width=width)]
    result = _clean(lines)
    doubt = [w for w in result.warnings if "may also end unseen" in w]
    found = len(result.paragraphs)
    assert found <= len(PARAGRAPHS)
    if found < len(PARAGRAPHS):
        assert doubt and int(doubt[0].split(" at ")[1].split()[0]) >= len(PARAGRAPHS) - found
    gapped = [line for p in PARAGRAPHS for line in ["", *textwrap.wrap(p, width=width)]]
    assert not [w for w in _clean(gapped).warnings if "may also end unseen" in w]  # blank lines mark them
