"""Layout rules of the text reader (issue #11): the letter's own line width decides where the author
broke a line, footnotes are found at the foot of their page however they are set off, and running
lines are recognised by their place. Texts are laid out here with a greedy line filler at many
widths, so each rule is checked as a property of the layout, not against one sample's lines."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.stages.ingest.clean import clean_text, is_heading
from pipeline.stages.ingest.linewidth import LineWidth, measure_width, natural_length
from pipeline.config import load_config
from tests.stages.ingest.setting import justify

CFG = load_config().ingest

PARAGRAPHS = [
    "In 334 gemeenten worden in maart verkiezingen gehouden voor de gemeenteraad. De voorbereiding "
    "ligt op schema en de gemeenten hebben de benodigde stembureaus inmiddels aangewezen.",
    "Het kabinet heeft met de Vereniging van Nederlandse Gemeenten afspraken gemaakt over de "
    "werving van stembureauleden, die in veel gemeenten moeizaam verloopt.",
    "Daarnaast wordt de voorlichting aan kiezers uitgebreid met een campagne die uitlegt hoe men "
    "bij volmacht kan stemmen en welke documenten men daarvoor nodig heeft.",
]
HEADINGS = ["Voorbereiding gemeenteraadsverkiezingen", "Werving van stembureauleden"]


def _lay_out(width: int, gap: bool, indent: int = 0) -> str:
    """Heading, two paragraphs, heading, one paragraph; wrapped greedily at `width`."""
    lines: list[str] = []
    blocks = [("h", HEADINGS[0]), ("p", PARAGRAPHS[0]), ("p", PARAGRAPHS[1]), ("h", HEADINGS[1]),
              ("p", PARAGRAPHS[2])]
    for kind, text in blocks:
        if gap and lines:
            lines.append("")
        if kind == "h":
            lines.append(text)
            continue
        wrapped = textwrap.wrap(text, width=width, initial_indent=" " * indent, break_on_hyphens=False)
        lines += wrapped
    return "\n".join(lines) + "\n"


def _texts(text: str) -> list[str]:
    result = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages)
    return [" ".join(" ".join(p.lines).split()) for p in result.paragraphs]


# --- the letter's line width ---------------------------------------------------------------------

@pytest.mark.parametrize("width", [40, 47, 55, 63, 72, 85, 100])
def test_monospaced_width_is_measured_from_the_letter(width):
    paragraphs = [textwrap.wrap(p, width=width) for p in PARAGRAPHS * 3]
    measured = measure_width([[line for lines in paragraphs for line in lines]])
    assert measured.known()
    assert measured.threshold <= width + 1  # never above the real width: a wrap is never taken for a break
    for lines in paragraphs:
        for line, following in zip(lines, lines[1:]):
            assert measured.wrapped(line, following) is True


def test_too_few_lines_give_no_width():
    assert not measure_width([["Een korte brief.", "Met twee regels."]]).known()
    assert LineWidth(None).wrapped("een regel", "volgende") is None


def test_line_end_hyphen_is_always_a_wrap():
    assert LineWidth(None).wrapped("de onder-", "zoeken") is True


def test_justified_spaces_and_note_labels_are_measured_as_set():
    assert natural_length("De  ER  sprak   over") == len("De ER sprak over")
    assert natural_length("   ingesprongen regel") == len("   ingesprongen regel")
    assert natural_length("12  Kamerstuk 21 501") == len("12  Kamerstuk 21 501")


# --- paragraphs and headings without blank lines -------------------------------------------------

# (at wider measures this short text has too few wrapped lines to measure its width: see
# test_too_few_lines_give_no_width)
@pytest.mark.parametrize("width", [40, 50, 58, 66, 75])
@pytest.mark.parametrize("gap", [True, False])
def test_paragraphs_and_headings_are_found_with_or_without_blank_lines(width, gap):
    assert _texts(_lay_out(width, gap)) == [HEADINGS[0], PARAGRAPHS[0], PARAGRAPHS[1], HEADINGS[1], PARAGRAPHS[2]]


@pytest.mark.parametrize("width", [45, 60, 80])
def test_first_line_indent_starts_a_paragraph(width):
    assert _texts(_lay_out(width, gap=False, indent=4)) == [HEADINGS[0], PARAGRAPHS[0], PARAGRAPHS[1], HEADINGS[1],
                                                           PARAGRAPHS[2]]


@pytest.mark.parametrize("width", range(28, 41))
def test_a_heading_ends_before_a_first_line_indent_where_the_next_word_would_not_fit(width):
    # Narrow columns: the indented paragraph's first word would not have fitted on the heading's
    # line, so the width does not show the heading's end; the indent does
    assert _texts(_lay_out(width, gap=False, indent=4)) == [HEADINGS[0], PARAGRAPHS[0], PARAGRAPHS[1], HEADINGS[1],
                                                           PARAGRAPHS[2]]


@pytest.mark.parametrize("width", range(30, 40))
def test_a_heading_right_above_a_sentence_opening_with_a_common_word_ends_there(width):
    # Blank lines between paragraphs, none under the heading, and the paragraph's first word would
    # not have fitted on the heading's line; but `Voorlichting`, capitalised after a line with no
    # stop, opens a sentence: the letter writes it in lower case elsewhere and never as a name
    opening = "Voorlichting over stemmen bij volmacht komt er ook, in het hele land."
    lines = (textwrap.wrap(PARAGRAPHS[0], width) + ["", HEADINGS[1]] + textwrap.wrap(opening, width) + [""]
             + textwrap.wrap(PARAGRAPHS[2], width))
    assert _texts("\n".join(lines) + "\n") == [PARAGRAPHS[0], HEADINGS[1], opening, PARAGRAPHS[2]]


def test_browser_copy_heading_is_not_glued_to_its_paragraph():
    # issue #11: "Voorbereiding gemeenteraadsverkiezingen In 334 gemeenten ..." from a browser copy
    text = _lay_out(70, gap=False)
    assert _texts(text)[0] == "Voorbereiding gemeenteraadsverkiezingen"


def test_a_line_starting_with_a_number_continues_an_unfinished_line():
    # Dutch style writes a number that starts a sentence in words: "2024 een nieuw ..." goes on.
    lines = textwrap.wrap(PARAGRAPHS[0] + " " + PARAGRAPHS[1], width=60)
    text = "\n".join(lines + ["De Commissie kondigde aan uiterlijk in juni", "2024 een voorstel te doen."]) + "\n"
    assert _texts(text)[-1].endswith("in juni 2024 een voorstel te doen.")


@pytest.mark.parametrize("text, heading", [
    ("De ER nam nota van het rapport van de Hoge Verte-", False),  # a broken word: the line goes on
    ("Tijdens de Top vond een side event van de", False),  # a clause broken at a page foot
    ("Stand van zaken", True),
    ("Migratie en asiel", True),
])
def test_heading_never_ends_unfinished(text, heading):
    assert is_heading(text, 1) is heading


# --- footnotes -----------------------------------------------------------------------------------

def _page_with_notes(width: int, separator: list[str], notes: list[str], marker_at: int = 3) -> list[str]:
    words = " ".join(PARAGRAPHS * 2).split()
    words[marker_at] += "1"
    words[marker_at + 8] += "2"
    lines = textwrap.wrap(" ".join(words), width=width)
    return lines + separator + [line for note in notes for line in textwrap.wrap(note, width=width)]


NOTES = ["1 Kamerstuk 32 317, nr. 872 (verslag van het commissiedebat JBZ-Raad van 28 februari 2024)",
         "2 Zie het verslag van de Europese Raad van 14 en 15 december 2023."]


@pytest.mark.parametrize("separator", [[], [""], ["_" * 15], ["", "—" * 10]])
@pytest.mark.parametrize("width", [42, 60, 78])
def test_footnotes_at_the_page_foot_however_they_are_set_off(separator, width):
    page = _page_with_notes(width, separator, NOTES)
    next_page = textwrap.wrap(PARAGRAPHS[2], width=width)
    result = clean_text("\n".join(page) + "\n\f" + "\n".join(next_page) + "\n", CFG.furniture_patterns,
                        CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, NOTES[0][2:]), (2, NOTES[1][2:])]
    assert not any("1 Kamerstuk" in line for p in result.paragraphs for line in p.lines)


@pytest.mark.parametrize("width", [42, 60, 78])
def test_without_form_feeds_a_finished_note_does_not_swallow_the_next_page(width):
    # The next page starts in lower case, mid-sentence: the width shows the note had ended.
    page = _page_with_notes(width, [""], NOTES[:1] + ["2 Zie bijlage."])
    text = "\n".join(page + ["in afwachting van de besluitvorming in de Raad wordt dit voorstel aangehouden."])
    result = clean_text(text + "\n", CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.footnotes[-1] == (2, "Zie bijlage.")


def test_note_continued_under_the_rule_of_the_next_page():
    first = ["Het kabinet steunt het voorstel.1 Het is van mening dat de regels verder moeten",
             "worden aangescherpt.", "_" * 12, "1 Verordening (EU) 2021/1232 van het Europees Parlement en de Raad"]
    second = ["De Raad zal in juni verder spreken over dit voorstel en over de uitvoering daarvan.",
              "_" * 12, "van 14 juli 2021."]
    result = clean_text("\n".join(first) + "\n\f" + "\n".join(second) + "\n", CFG.furniture_patterns,
                        CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, "Verordening (EU) 2021/1232 van het Europees Parlement en de Raad van 14 juli 2021.")]


def test_wrapped_body_line_starting_with_a_marked_number_is_no_footnote():
    # Marker 1 fell on this page, and a body line starts with "1": what follows is body text, not notes.
    lines = ["De Staatssecretaris informeert uw Kamer hierover voor de zomer van 2024.1 Het",
             "kabinet organiseert samen met de netbeheerders, de Kustwacht en de Marine op",
             "1 april 2024 een oefening waarin een storing aan een stroomkabel wordt nagespeeld.",
             "", "Vervolg", "", "Het kabinet blijft de dreiging nauwlettend volgen en informeert uw Kamer.",
             "", "1 Zie de werkagenda 2024 van het Noordzeeoverleg."]
    lines = [*textwrap.wrap(" ".join(PARAGRAPHS), width=80), "", *lines]
    result = clean_text("\n".join(lines) + "\n", CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, "Zie de werkagenda 2024 van het Noordzeeoverleg.")]
    assert any(line.startswith("1 april 2024") for p in result.paragraphs for line in p.lines)


def test_section_number_opening_a_line_is_no_marker():
    text = "2.1 Het tekort in cijfers\n\nDe tekorten lopen op.1\n\n1 Bron: DUO.\n"
    result = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.paragraphs[0].lines == ["2.1 Het tekort in cijfers"]
    assert result.footnotes == [(1, "Bron: DUO.")]


def test_footnote_text_without_a_marker_is_one_warning():
    text = "Een zin met marker.1 En meer.\n\n1 Eerste noot.\n2 Tweede noot zonder marker.\n3 Derde.\n"
    warnings = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages).warnings
    assert len([w for w in warnings if "without a marker" in w]) == 1


# --- running lines -------------------------------------------------------------------------------

def test_centred_line_at_a_later_page_edge_is_furniture_even_in_a_two_page_letter():
    body = textwrap.wrap(" ".join(PARAGRAPHS), width=70)
    text = "\n".join(body[:4]) + "\n\f" + " " * 20 + "Ministerie van Financiën\n" + "\n".join(body[4:]) + "\n"
    result = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert "Ministerie van Financiën" in result.furniture
    assert all("Ministerie" not in line for p in result.paragraphs for line in p.lines)


def test_compound_joined_with_hyphens_keeps_its_hyphen_at_every_joint():
    from pipeline.stages.ingest.hyphenation import join_pair

    assert join_pair("de kandidaat-lid-", "status van") == "de kandidaat-lid-status van"
    assert join_pair("een staakt-het-", "vuren") == "een staakt-het-vuren"
    assert join_pair("de onder-", "zoeken") == "de onderzoeken"
    assert join_pair("in EU-ver-", "band") == "in EU-verband"  # only its last part was broken


def test_marker_after_the_elision_hyphen_of_a_coordination():
    from pipeline.stages.ingest.footnotes import strip_markers

    assert strip_markers("De inlichtingen-1 en veiligheidsdiensten delen", 1)[:2] == (
        "De inlichtingen- en veiligheidsdiensten delen", [1])
    assert strip_markers("de COVID-1 en", 1)[1] == []  # after a capital: part of a name
    assert strip_markers("in de jaren 2021-2 en verder", 2)[1] == []  # a range of numbers


@pytest.mark.parametrize("width", [44, 56, 70])
def test_justified_text_ends_a_paragraph_where_a_line_is_not_stretched(width):
    # Every line of a justified paragraph but its last reaches the column; the last one may be
    # nearly full, so only the stretching shows where the paragraph ends.
    lines = []
    for paragraph in PARAGRAPHS * 2:
        wrapped = textwrap.wrap(paragraph, width=width)
        lines += [justify(line, width) for line in wrapped[:-1]] + [wrapped[-1]]
    texts = _texts("\n".join(lines) + "\n")
    assert texts == PARAGRAPHS * 2


def test_blank_line_inside_a_sentence_is_a_page_gap_not_a_paragraph_break():
    body = textwrap.wrap(" ".join(PARAGRAPHS), width=60)
    cut = next(i for i, line in enumerate(body) if i > 2 and body[i + 1][0].islower() and line[-1] not in ".,;:")
    text = "\n".join(body[:cut + 1] + [""] + body[cut + 1:]) + "\n"
    assert _texts(text) == [" ".join(PARAGRAPHS)]


def test_numbered_body_line_after_an_abbreviation_is_no_footnote_when_the_note_follows():
    # "m.i.v." ends like a sentence; note 1 itself stands further down, under the rule.
    body = textwrap.wrap(" ".join(PARAGRAPHS), width=80)
    lines = body + ["Het kabinet neemt daarom maatregelen.1 Zo wordt de grens m.i.v.",
                    "1 januari 2025 verhoogd van 79 euro naar 150 euro.", "_" * 15, "1 Kamerstuk 31 066, nr. 1360"]
    result = clean_text("\n".join(lines) + "\n", CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, "Kamerstuk 31 066, nr. 1360")]
    assert any(line.startswith("1 januari 2025") for p in result.paragraphs for line in p.lines)


def test_a_number_that_ends_a_note_is_no_page_number():
    body = textwrap.wrap(" ".join(PARAGRAPHS) + " Zie de eerdere brief.1", width=47)  # the note fills it
    text = "\n".join(body + ["", "1 Kamerstuk 2023Z20725 en Kamerstuk 23 987 nr.", "395", "", "1"]) + "\n"
    result = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, "Kamerstuk 2023Z20725 en Kamerstuk 23 987 nr. 395")]
    assert result.furniture == ["1"]


def test_with_form_feeds_a_number_between_the_body_and_the_first_note_ends_the_note_before():
    # 4 could be page 2's number by its value, but a page number heads or foots its page: between
    # the page's body and its notes it is the rest of the note the page before broke off on `nr.`
    page1 = textwrap.wrap(" ".join(PARAGRAPHS) + " Zie de motie.1", width=47)
    page2 = textwrap.wrap(" ".join(reversed(PARAGRAPHS)) + " Zie ook het verslag.2", width=47)
    text = "\n".join(page1 + ["", "1 Motie Van der Berg c.s., Kamerstuk 36 512, nr.", "\f"]
                     + page2 + ["", "", "4", "2 Kamerstuk 21 501-20, nr. 2003"]) + "\n"
    result = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, "Motie Van der Berg c.s., Kamerstuk 36 512, nr. 4"),
                                (2, "Kamerstuk 21 501-20, nr. 2003")]
    assert result.furniture == []


def test_a_number_after_a_gap_right_above_the_next_note_ends_the_note_before():
    # The rest of page 1's note stands at page 2's foot, after a gap under the body and right above
    # page 2's own note: no page number stands there (a page's notes are at its foot, under its
    # body), and 395 is far beyond the pages reached.
    page1 = textwrap.wrap(" ".join(PARAGRAPHS) + " Zie de eerdere brief.1", width=47)
    page2 = textwrap.wrap(" ".join(reversed(PARAGRAPHS)) + " Zie ook het verslag.2", width=47)
    text = "\n".join(page1 + ["", "1 Kamerstuk 2023Z20725 en Kamerstuk 23 987 nr.", "", "1", ""]
                     + page2 + ["", "395", "2 Kamerstuk 21 501-20, nr. 2003", "", "2"]) + "\n"
    result = clean_text(text, CFG.furniture_patterns, CFG.repeated_line_min_pages)
    assert result.footnotes == [(1, "Kamerstuk 2023Z20725 en Kamerstuk 23 987 nr. 395"),
                                (2, "Kamerstuk 21 501-20, nr. 2003")]
    assert result.furniture == ["1", "2"]
