"""Page furniture (pipeline.stages.ingest.furniture): running headers and footers repeat on every page
with only the page number changing; configured patterns (anchored, as in configs/default.yaml) take the
lines they match; a bad pattern names its key."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.errors import ConfigError
from pipeline.stages.ingest.furniture import compile_patterns, drop_furniture_lines, running_key
from tests.stages.ingest.setting import justify

HEADERS = ["Tweede Kamer, vergaderjaar 2023–2024, 21 501-20, nr. 2003 {n}", "Pagina {n} van 9", "{n}"]


@pytest.mark.parametrize("header", HEADERS)
def test_running_lines_compare_equal_whatever_their_page_number(header):
    keys = {running_key(header.format(n=n))[0] for n in (2, 3, 17)}
    assert len(keys) == 1


def test_a_running_kamerstuk_header_is_dropped_from_every_page():
    body = ["De Raad sprak over de uitbreiding.", "Dat is een belangrijk besluit."]
    pages = [[HEADERS[0].format(n=n), *body] for n in (2, 3, 4)]
    kept = drop_furniture_lines(pages, compile_patterns([]))
    assert all(HEADERS[0].format(n=n) not in line for page in kept for line in page for n in (2, 3, 4))
    assert sum(line in body for page in kept for line in page) == 3 * len(body)


def test_an_anchored_pattern_takes_the_furniture_line_and_leaves_the_sentence():
    pages = [["VERTROUWELIJK", "Dit is VERTROUWELIJK besproken."]]
    kept = drop_furniture_lines(pages, compile_patterns([r"^\s*VERTROUWELIJK\s*$"]))
    assert [line for page in kept for line in page] == ["Dit is VERTROUWELIJK besproken."]


def test_an_invalid_pattern_is_a_config_error_naming_the_key():
    with pytest.raises(ConfigError, match="furniture_patterns"):
        compile_patterns(["(unclosed"])


def test_a_centred_ministry_name_under_a_footnote_is_the_running_footer():
    from pipeline.stages.ingest.furniture import drop_running_lines

    body = ["Aan de Voorzitter", "", "Den Haag, 1 maart 2024", ""] + [f"Een zin van de brief nummer {k}." for k in range(8)]
    page = body + ["1  Kamerstuk 32 317, nr. 865", "                      Ministerie van Justitie en Veiligheid", "",
                   "Meer tekst van de brief."]
    kept = [line for p in drop_running_lines([page], False, 2) for line in p]
    assert not any("Ministerie" in line for line in kept)
    flush = body + ["1  Kamerstuk 32 317, nr. 865", "Ministerie van Justitie en Veiligheid", "Meer tekst."]
    kept = [line for p in drop_running_lines([flush], False, 2) for line in p]
    assert any("Ministerie" in line for line in kept)  # flush left between lines: it may be text


def test_a_bare_ministry_name_on_every_page_is_running_wherever_it_stands():
    from pipeline.stages.ingest.furniture import drop_running_lines

    name = "Ministerie van Onderwijs, Cultuur en Wetenschap"
    text = [f"Een zin van de brief nummer {k}." for k in range(6)]
    page = [name, "> Retouradres Postbus 20201", ""] + text + ["1  Kamerstuk 27 923, nr. 470", name] + text \
        + ["2  Kamerstuk 27 923, nr. 471", name] + text
    kept = [line for p in drop_running_lines([page], False, 2) for line in p]
    assert kept.count(name) == 1  # the letter head's own line stays


def test_a_flush_ministry_name_ended_short_of_the_column_is_the_running_header():
    from pipeline.stages.ingest.furniture import drop_running_lines

    # no form feeds: the bare name once, flush, right under a note and above the next page's first
    # line; the next word would have fitted after it, so no sentence wrapped there
    body = ["Aan de Voorzitter", "", "Den Haag, 1 maart 2024", ""] + \
        [f"Een zin van de brief nummer {k} die de kolom vult tot de rand." for k in range(8)]
    page = body + ["1  Kamerstuk 32 317, nr. 865", "Ministerie van Justitie en Veiligheid", "Vraag 4",
                   "Bent u bereid het aantal te verlagen?"]
    kept = [line for p in drop_running_lines([page], False, 2) for line in p]
    assert not any("Ministerie" in line for line in kept)
    # a sentence going on under the name (lower case) is text: the name is its subject
    going_on = body + ["Ministerie van Justitie en Veiligheid", "heeft de aanpak besproken met de politie."]
    kept = [line for p in drop_running_lines([going_on], False, 2) for line in p]
    assert "Ministerie van Justitie en Veiligheid" in kept


def test_a_ministry_name_short_of_a_justified_column_above_lower_case_text_is_the_running_header():
    from pipeline.stages.ingest.furniture import drop_running_lines

    # no form feeds, justified text: the bare name right under page 1's notes and above page 2's
    # first line, which goes on with a sentence in lower case. The next word would not have fitted
    # after the name, but a body line with text going on under it is stretched to the column.
    width = 53
    text = ("De opslagen worden beheerd door de maatschappij en zijn volledig gevuld. Zij vervullen een "
            "belangrijke rol bij het opvangen van pieken in de vraag op koude dagen en bij storingen. ") * 3
    wrapped = textwrap.wrap(text + "De Noorse leveringen waren in 2023 stabiel, afgezien van enkele", width)
    body = [justify(line, width) for line in wrapped]
    page = ["Aan de Voorzitter", "", "Den Haag, 1 maart 2024", "", *body, "", "------------",
            "1 Kamerstuk 29 023, nr. 460.", "", "Ministerie van Economische Zaken en Klimaat",
            "onderhoudsperiodes in het voorjaar en de nazomer. Ik heb"]
    kept = [line for p in drop_running_lines([page], False, 2) for line in p]
    assert not any("Ministerie" in line for line in kept)
    # set to the column with text going on under it, the name is a line of a sentence: the text's
    going_on = page[:-2] + [justify("Ministerie van Economische Zaken en Klimaat heeft", width),
                            "onderhoudsperiodes vastgesteld."]
    kept = [line for p in drop_running_lines([going_on], False, 2) for line in p]
    assert any(line.startswith("Ministerie") for line in kept)


def test_a_flush_ministry_name_before_a_gap_is_the_running_header():
    from pipeline.stages.ingest.furniture import drop_running_lines

    # no form feeds, no blank between the pages: the bare name right under page 1's last line
    # (broken off mid-sentence) and above a gap. It ends on no stop, so it ends no paragraph: the
    # running header of page 2, whose text goes on under the gap.
    body = ["Aan de Voorzitter", "", "Den Haag, 1 maart 2024", ""] + \
        [f"Een zin van de brief nummer {k} die de kolom vult tot de rand." for k in range(8)]
    page = body + ["Het aantal meldingen steeg tot in totaal 3.100",
                   "Ministerie van Infrastructuur en Waterstaat", "", "melders. Dat is meer dan in 2022."]
    kept = [line for p in drop_running_lines([page], False, 2) for line in p]
    assert not any("Ministerie" in line for line in kept)
