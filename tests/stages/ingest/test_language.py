"""pipeline.stages.ingest.language: Dutch is told from English, German and French by function words;
texts too short to tell are not judged."""

from __future__ import annotations

import pytest

from pipeline.stages.ingest.language import MIN_WORDS, guess_language

TEXTS = {
    "nl": "De Minister heeft de Kamer op de hoogte gebracht van de uitkomst van het overleg. Het kabinet "
          "zal in de komende maanden met een voorstel komen dat door de Raad wordt besproken. Ook is er "
          "aandacht voor de steun aan Oekraïne en voor de situatie in het Midden-Oosten.",
    "en": "The Minister has informed the House of the outcome of the meeting. The government will come "
          "forward with a proposal in the coming months which is to be discussed by the Council. There is "
          "also attention for the support to Ukraine and for the situation in the Middle East.",
    "de": "Der Minister hat das Parlament über das Ergebnis der Sitzung informiert. Die Regierung wird in "
          "den kommenden Monaten einen Vorschlag vorlegen, der vom Rat besprochen wird. Auch die "
          "Unterstützung für die Ukraine und die Lage im Nahen Osten sind auf der Tagesordnung.",
    "fr": "Le ministre a informé la Chambre du résultat de la réunion. Le gouvernement présentera dans "
          "les mois qui viennent une proposition qui sera discutée par le Conseil. Il y a aussi une "
          "attention pour le soutien à l'Ukraine et pour la situation au Proche-Orient.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_each_language_is_recognised_and_ahead_of_the_others(lang):
    guess, shares = guess_language(TEXTS[lang])
    assert guess == lang
    assert shares[lang] == max(shares.values())


def test_too_short_a_text_is_not_judged():
    short = " ".join(TEXTS["en"].split()[:MIN_WORDS - 1])
    assert guess_language(short) == (None, {})


def test_text_without_function_words_is_unclear():
    guess, shares = guess_language(" ".join(["Oekraïne", "NAVO", "COP28", "Brussel", "Kyiv"] * 10))
    assert guess is None and all(share < 0.08 for share in shares.values())


def test_numbers_do_not_count_as_words():
    assert guess_language("2024 " * 100) == (None, {})
