"""Line-break hyphenation rules that follow from Dutch spelling (Woordenlijst) and typesetting
conventions, checked as properties over generated words where possible."""

from __future__ import annotations

import string

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest.hyphenation import COORDINATORS, hyphenated_words, join_pair

FAST = settings(max_examples=150, deadline=None)
_WORD = st.text(alphabet=string.ascii_lowercase + "éëï", min_size=2, max_size=14).filter(
    lambda w: w not in COORDINATORS)


@given(letter=st.sampled_from(string.ascii_lowercase), word=_WORD)
@FAST
def test_a_single_letter_before_a_line_end_hyphen_keeps_it(letter, word):
    # e-mail, x-as, e-privacyrichtlijn: Dutch typesetting never breaks a word after its first
    # letter, so the hyphen is the compound's own.
    assert join_pair(f"de {letter}-", f"{word} is") == f"de {letter}-{word} is"


@given(stem=st.sampled_from(["mooi", "draai", "groei", "octrooi", "fraai", "gooi", "knoei"]),
       ending=st.sampled_from(["e", "er", "ende", "eren", "ers"]))  # not "en": a coordination
@FAST
def test_an_e_after_aai_ooi_oei_is_no_vowel_clash(stem, ending):
    # mooie, draaien, groeiende, octrooieren: the i is a glide; Dutch writes these closed.
    assert join_pair(f"de {stem}-", f"{ending} is") == f"de {stem}{ending} is"


@pytest.mark.parametrize("left, right, joined", [
    ("mili-", "eudoelen", "milieudoelen"),        # broken inside "milieu": no joint there
    ("mili-", "eubeleid", "milieubeleid"),
    ("defensie-", "uitgaven", "defensie-uitgaven"),  # the joint of a compound with a vowel clash
    ("defensie-", "industriestrategie", "defensie-industriestrategie"),
    ("zee-", "ecosystemen", "zee-ecosystemen"),
])
def test_a_vowel_clash_keeps_the_hyphen_only_at_a_compounds_joint(left, right, joined):
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("written, left, right, joined", [
    ("de Commissie-aanbeveling", "de Commissie-", "aanbevelingen.", "de Commissie-aanbevelingen."),
    ("de Commissie-aanbevelingen", "de Commissie-", "aanbeveling", "de Commissie-aanbeveling"),
    ("de Commissie-aanbeveling", "het Commissie-", "voorstel", "het Commissievoorstel"),  # another compound
])
def test_the_same_compound_hyphenated_elsewhere_in_another_form_keeps_its_hyphen(written, left, right, joined):
    # An author writes one compound one way throughout: the singular, plural or inflected
    # adjective elsewhere in the letter is evidence for the form broken at the line end.
    assert join_pair(left, right, hyphenated_words([written])) == joined


@given(word=_WORD)
@FAST
def test_als_coordinates_only_after_zowel(word):
    # "zowel land- als tuinbouw" elides; without zowel, "zo-" + "als" is the word zoals broken.
    assert join_pair("zowel land-", f"als {word}") == f"zowel land- als {word}"
    assert join_pair("Zo-", f"als {word}") == f"Zoals {word}"


def test_a_name_of_several_words_keeps_the_hyphen_of_its_compound_at_a_line_end():
    # Woordenlijst: samenstellingen met meerdelige eigennamen take a hyphen
    assert join_pair("van de Nord Stream-", "pijpleidingen") == "van de Nord Stream-pijpleidingen"
    # a capitalised word only broken closes into a known word, or a name closes anyway
    assert join_pair("de Europese Commis-", "sie") == "de Europese Commissie"
    assert join_pair("de motie Van Pater-", "notte") == "de motie Van Paternotte"
    assert join_pair("naar de Westelijke Bal-", "kan") == "naar de Westelijke Balkan"
    assert join_pair("voorzitter Roberta Metso-", "la, aan") == "voorzitter Roberta Metsola, aan"  # a last syllable
    # a sentence's capitalised first word is no name, nor are Dutch words capitalised in a Dutch name
    assert join_pair("beter onderzocht. Het Noordzee-", "overleg") == "beter onderzocht. Het Noordzeeoverleg"
    assert join_pair("de Europese Vredes-", "faciliteit") == "de Europese Vredesfaciliteit"
    assert join_pair("het Europees Defensie-", "agentschap") == "het Europees Defensieagentschap"


def test_a_rest_that_carries_a_hyphen_itself_keeps_the_line_end_hyphen():
    # word groups joined by hyphens take one at every joint (Woordenlijst: staakt-het-vuren)
    assert join_pair("een staakt-", "het-vuren.") == "een staakt-het-vuren."
    assert join_pair("de kandidaat-", "lid-status") == "de kandidaat-lid-status"


@pytest.mark.parametrize("left, right, joined", [
    ("steun aan partij-", "en in derde landen", "steun aan partijen in derde landen"),
    ("de kinder-", "en van de ouders", "de kinderen van de ouders"),
    ("nieuwe technologie-", "en te gebruiken", "nieuwe technologieën te gebruiken"),  # diaeresis back
    ("de kinder-", "en jeugdzorg", "de kinder- en jeugdzorg"),           # an elision: jeugdzorg carries -zorg
    ("het binnen-", "en buitenland", "het binnen- en buitenland"),
])
def test_an_inflection_ending_after_the_hyphen_is_no_elision_when_a_function_word_follows(left, right, joined):
    # Woordenlijst: an inflection ending (-en) is never a compound's part; an elision's conjunct
    # carries the elided part, so it is a compound, never a function word like "in" or "van".
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("left, right, joined", [
    ("de co-", "ordinatiecel", "de coördinatiecel"),       # coördinatie + cel
    ("de co-", "ordinatiestructuur", "de coördinatiestructuur"),
    ("de zee-", "ecosystemen", "de zee-ecosystemen"),      # a real compound's clash: no diaeresis word
])
def test_a_diaeresis_word_that_starts_a_compound_gets_its_diaeresis_back(left, right, joined):
    # Woordenlijst, afbreken: the line-break hyphen replaces the diaeresis (co-ordinatie), so the
    # closed compound is written with it again when its first part is a word with a diaeresis.
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("left, right, joined", [
    ("het militair-", "industrieel complex", "het militair-industrieel complex"),
    ("een politiek-", "bestuurlijke kwestie", "een politiek-bestuurlijke kwestie"),
    ("het cultureel-", "maatschappelijke leven", "het cultureel-maatschappelijke leven"),
    ("de internationaal-", "erkende grenzen", "de internationaal-erkende grenzen"),  # adverb + participle
    ("het sociaal-", "economische beleid", "het sociaaleconomische beleid"),  # established closed pair
    ("de nationaal-", "socialistische partij", "de nationaalsocialistische partij"),
    ("een haal-", "bare planning", "een haalbare planning"),                # broken inside one adjective
    ("het totaal-", "bedrag", "het totaalbedrag"),                          # adjective + noun: closed
])
def test_an_adjective_pair_keeps_its_hyphen_unless_the_closed_pair_is_a_word(left, right, joined):
    # Woordenlijst, leidraad: samenstellingen met gelijkwaardige delen (militair-industrieel) take a
    # hyphen; pairs written closed (sociaaleconomisch) are established words.
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("left, right, joined", [
    ("Zie https://home-", "affairs.ec.europa.eu/a_en", "Zie https://home-affairs.ec.europa.eu/a_en"),
    ("(www.eurojust.europa.eu/core-", "international-crimes)", "(www.eurojust.europa.eu/core-international-crimes)"),
    ("via www.rijksoverheid.nl/evaluatie-", "Pilot.pdf", "via www.rijksoverheid.nl/evaluatie-Pilot.pdf"),
    ("via www.rijksoverheid.nl/documenten/", "rapporten/a.pdf", "via www.rijksoverheid.nl/documenten/rapporten/a.pdf"),
    ("zie https://x.nl/", "(geraadpleegd op 1 mei 2024)", "zie https://x.nl/ (geraadpleegd op 1 mei 2024)"),
])
def test_a_url_broken_at_its_own_hyphen_or_a_slash_goes_on_with_no_space(left, right, joined):
    # A URL is never hyphenated (a hyphen added would change the address): the hyphen is the URL's own.
    assert join_pair(left, right) == joined


def test_a_broken_word_is_completed_only_by_a_rest_that_makes_an_attested_word():
    from pipeline.stages.ingest.hyphenation import completes_word

    assert completes_word("een hoge gemeenschappelijke cy-", "berbeveiliging van netwerken")
    assert completes_word("kabels en lei-", "dingen. Het kabinet")
    assert not completes_word("kabels en lei-", "berbeveiliging van netwerken")
    assert not completes_word("een hoge gemeenschappelijke", "berbeveiliging")  # nothing broken


@pytest.mark.parametrize("line_end, following, other_rest", [
    ("bevroren Russische te-", "Situatie in het Midden-Oosten", True),     # a function word's fragment
    ("bevroren Russische tegoe-", "Situatie in het Midden-Oosten", True),  # no Dutch word
    ("het verslag van 12 de-", "Met België en Noorwegen", True),
    ("de Europese Raad, Kamer-", "Tijdens het commissiedebat", True),       # a capitalised function word
    ("de motie-", "Van der Berg c.s.", False),                              # a name's particle
    ("het kabinet-", "Rutte IV", False),
    ("een anti-", "Amerikaanse houding", False),
    ("de EU-", "Commissie", False),
    ("gemeenschappelijke cy-", "berbeveiliging", False),                    # lower case: the rest may be it
])
def test_a_capitalised_line_is_no_rest_of_a_lower_case_fragment(line_end, following, other_rest):
    from pipeline.stages.ingest.hyphenation import rest_not_capitalised

    assert rest_not_capitalised(line_end, following) is other_rest
