"""Key facts (issue #5): cues per kind with exact values, pointers into the Document, footnote
attachment, translation fill, cue-file validation, rendering (the gold set: tests/evaluate/test_keyfacts.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import load_config, resolve_path
from pipeline.document import Document, Footnote, KeyFact, Metadata, Paragraph, Provenance, Section
from pipeline.errors import ConfigError
from pipeline.evaluate.keyfacts import TARGETS
from pipeline.stages.importance import Evidence, importance
from pipeline.stages.keyfacts import (KINDS, attach_footnotes, date_values, extract_key_facts, fill_key_fact_translations,
                                      load_key_fact_cues, money_values, reference_values, stance_kinds,
                                      summary_sections)
from pipeline.text.cues import compile_cues
from pipeline.render.markdown import render_markdown

CFG = load_config()
CUES_PATH = resolve_path(CFG.keyfacts.cues)
CUES = load_key_fact_cues(CUES_PATH)


def _doc(paragraphs: list[list[str]], footnotes: dict[int, str] | None = None, refs: dict[int, list[int]] | None = None,
         letter_date: str | None = "2024-01-15", heading: str | None = "Migratie") -> Document:
    refs = refs or {}
    return Document(
        source="x.txt", metadata=Metadata(date=letter_date), provenance=Provenance(pipeline_version="t"),
        footnotes=[Footnote(n=n, text=t) for n, t in (footnotes or {}).items()],
        sections=[Section(id="s1", heading=None, level=1,
                          paragraphs=[Paragraph(text="Inleiding.", sentences=["Inleiding."])]),
                  Section(id="s2", heading=heading, level=1,
                          paragraphs=[Paragraph(text=" ".join(s), sentences=s, footnote_refs=refs.get(i, []))
                                      for i, s in enumerate(paragraphs)])])


# --- decisions, Dutch position, commitments ---------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "De ER stemde vervolgens in met het openen van toetredingsonderhandelingen met Oekraïne.",
    "De Raad besloot de sancties met zes maanden te verlengen.",
    "De Raad nam conclusies aan over de aanpak van drugscriminaliteit.",
    "De ER verwelkomde de goedkeuring van het twaalfde sanctiepakket.",
    "De Commissie keurde het herstelplan van Nederland goed.",
    "Hierop werd afgesproken dat de Commissie een nieuw rapport zal opstellen.",
    "De ER omarmde de conclusies van de Raad Algemene Zaken.",
])
def test_decision_cues(sentence):
    assert "decision" in stance_kinds(sentence, CUES)


@pytest.mark.parametrize("sentence", [
    "De Minister-President nam deel aan de EU-Westelijke Balkan Top.",
    "De ER nam kennis van de Commissiemededeling over een groeiplan.",
    "De Raad zal naar verwachting een politiek akkoord bereiken over deze operatie.",
    "De EU was vastbesloten het vermogen van Rusland verder te verzwakken.",
    "De Raad nodigde de Commissie uit om voorstellen te doen.",
])
def test_not_decisions(sentence):
    assert "decision" not in stance_kinds(sentence, CUES)


@pytest.mark.parametrize("sentence", [
    "Nederland zet in op spoedige besluitvorming over het fonds.",
    "Het kabinet pleit voor een realistische aanpak.",
    "Nederland steunt het voorstel om een maritieme operatie op te zetten.",
    "In lijn met de kabinetsappreciatie heeft de Minister-President er op gewezen dat het proces op merites "
    "is gebaseerd.",
    "Nederland blijft in EU-verband inzetten op het ophogen van het fonds.",
    "Het kabinet kan zich vinden in het bereikte compromisvoorstel.",
    "De Nederlandse inbreng was gericht op humanitaire toegang.",
])
def test_dutch_position_cues(sentence):
    assert "dutch_position" in stance_kinds(sentence, CUES)


@pytest.mark.parametrize("sentence", [
    "De Minister-President nam deel aan deze bijeenkomst.",
    "Het gasverbruik in Nederland lag ongeveer 25 procent lager.",
    "Uw Kamer heeft het kabinet met de motie-Van der Berg c.s. verzocht om in Europees verband te pleiten "
    "voor een aanpak.",
    "Verschillende lidstaten steunden deze inzet.",
])
def test_not_dutch_position(sentence):
    assert "dutch_position" not in stance_kinds(sentence, CUES)


@pytest.mark.parametrize("sentence, expected", [
    ("Uw Kamer zal op korte termijn een kabinetsappreciatie ontvangen van dit voorstel.", True),
    ("Uw Kamer wordt hier middels een geannoteerde agenda over geïnformeerd.", True),
    ("De Staatssecretaris zal uw Kamer voor de zomer per brief informeren.", True),
    ("Tijdens het commissiedebat heb ik toegezegd uw Kamer te informeren over de motie.", True),
    ("Het kabinet zal uw Kamer jaarlijks informeren over de maatregelen die in deze brief zijn beschreven.", True),
    ("Hierbij informeer ik uw Kamer over de stand van zaken.", False),
    ("In deze brief informeer ik uw Kamer over de leveringszekerheid.", False),
    ("In lijn met de kabinetsappreciatie van het uitbreidingspakket heeft Nederland gepleit voor merites.", False),
])
def test_commitment_cues(sentence, expected):
    assert ("commitment" in stance_kinds(sentence, CUES)) is expected


def test_a_sentence_can_be_several_kinds():
    kinds = stance_kinds("Ik heb met mijn Noorse ambtgenoot afgesproken de samenwerking te versterken.", CUES)
    assert kinds == ["decision", "dutch_position"]


# --- money, dates, references: exact values -----------------------------------------------------------

@pytest.mark.parametrize("sentence, values", [
    ("Nederland steunt het ophogen van het fonds met 5 miljard euro voor 2024.", ["5 miljard euro voor 2024"]),
    ("De afdrachten stijgen met circa 1,2 miljard euro, waarvan ongeveer 1 miljard euro voor Oekraïne.",
     ["circa 1,2 miljard euro", "ongeveer 1 miljard euro"]),
    ("Het kabinet trekt € 300 miljoen uit.", ["€ 300 miljoen"]),
    ("De kosten bedragen EUR 45 mln. per jaar.", ["EUR 45 mln."]),
    ("De herziening komt uit op circa 21 miljard euro aan vastleggingen.", ["circa 21 miljard euro"]),
    ("Het gaat om 3,2 miljard euro voor de periode van 2024 tot en met 2027.",
     ["3,2 miljard euro voor de periode van 2024 tot en met 2027"]),
    ("De subsidie bedraagt € 1.500.000 per project.", ["€ 1.500.000"]),
    ("De terminals hebben een capaciteit van 24 miljard kubieke meter per jaar.", []),
    ("De uitstoot daalt met 55 procent in 2030.", []),
])
def test_money_values(sentence, values):
    assert money_values(sentence, CUES) == values


LETTER = date(2024, 1, 15)


@pytest.mark.parametrize("sentence, values", [
    ("De Europese Raad komt op 1 februari 2024 bijeen.", [("op 1 februari 2024", "2024-02-01")]),
    ("De Commissie zal uiterlijk in maart 2024 een rapport opstellen.", [("uiterlijk in maart 2024", "2024-03")]),
    ("Uw Kamer ontvangt hierover voor het zomerreces een brief.", [("voor het zomerreces", None)]),
    ("De Commissie zal in juni een uitvoeringsplan presenteren.", [("in juni", "2024-06")]),
    ("Het kabinet organiseert in het eerste kwartaal van 2025 een oefening.",
     [("in het eerste kwartaal van 2025", None)]),
    ("De Raad Buitenlandse Zaken van 31 januari tot 1 februari 2024 bespreekt dit.",
     [("van 31 januari tot 1 februari 2024", "2024-01-31")]),
    ("De bescherming is verlengd tot 4 maart 2025.", [("tot 4 maart 2025", "2025-03-04")]),
    ("De relatie met Turkije zal tijdens een aankomende ER worden besproken.", [("aankomende ER", None)]),
    ("Het besluit wordt eind 2024 verwacht.", [("eind 2024", None)]),
    ("De ministers komen op 13 en 14 februari bijeen.", [("op 13 en 14 februari", "2024-02-13")]),
    # past or not a date
    ("Tijdens het commissiedebat van 10 januari jl. is dit besproken.", []),
    ("Op 12 december 2023 sprak de Raad hierover.", []),
    ("Sinds 1 oktober 2023 staat het veld op de waakvlam.", []),
    ("Nederland draagt in 2024 bij aan de missie.", []),
    ("De uitstoot moet in 2030 met 55 procent dalen.", []),
])
def test_date_values(sentence, values):
    assert date_values(sentence, LETTER, CUES) == values


def _values(sentence: str, letter: date | None) -> list[str]:
    return [d.value for d in date_values(sentence, letter, CUES)]


def test_dates_without_a_year_take_the_nearest_occurrence():
    december = date(2023, 12, 15)
    assert _values("Op woensdag 13 december vond de Top plaats.", december) == []
    assert date_values("Uw Kamer zal in januari een verslag ontvangen.", december, CUES) == [("in januari", "2024-01")]
    # a season in a past-tense sentence with its year
    assert _values("De leveringen waren in 2023 stabiel, afgezien van onderhoud in het voorjaar.", date(2023, 11, 14)) == []
    # without a letter date only sentences about the future count, and their year is unknown
    assert date_values("De Commissie zal in juni een plan presenteren.", None, CUES) == [("in juni", None)]
    assert _values("In juni presenteerde de Commissie een plan.", None) == []


def test_reference_values_are_verbatim():
    assert reference_values("Motie Ceder, Kamerstuk 21 501-20 nr. 1991", CUES) == [
        "Motie Ceder", "Kamerstuk 21 501-20 nr. 1991"]
    assert reference_values("Kamerstuk 2023Z20725 en Kamerstuk 23 987 nr. 395", CUES) == [
        "Kamerstuk 2023Z20725", "Kamerstuk 23 987 nr. 395"]
    assert reference_values("Zie https://www.noordzeeoverleg.nl/werkagenda-2024 (geraadpleegd op 22 januari 2024)",
                            CUES) == ["https://www.noordzeeoverleg.nl/werkagenda-2024"]
    assert reference_values("COM(2022) 209; zie ook het BNC-fiche, Kamerstuk 22 112, nr. 3453.", CUES) == [
        "COM(2022) 209", "Kamerstuk 22 112, nr. 3453"]
    assert reference_values("In lijn met de motie Van der Meulen c.s. kan het kabinet niet instemmen.", CUES) == [
        "motie Van der Meulen c.s."]
    assert reference_values("Motie van het lid Van der Berg c.s. over onderzeese kabels", CUES) == [
        "Motie van het lid Van der Berg c.s."]
    assert reference_values("de uitvoering van de motie over de bescherming van journalisten", CUES) == []
    assert reference_values("Zie bijlage.", CUES) == []


# --- footnotes → sentences ----------------------------------------------------------------------------

def test_footnote_goes_to_the_sentence_naming_the_document():
    sentences = ["De ER voerde een discussie.", "Deze verliep langs de lijnen van het verslag van de Raad.",
                 "Nederland pleitte voor toegang (in lijn met de motie Ceder)."]
    texts = {2: "Kamerstuk 21 501-02 nr. 2794", 3: "Motie Ceder, Kamerstuk 21 501-20 nr. 1991"}
    assert attach_footnotes(sentences, [2, 3], texts, CUES) == {2: 1, 3: 2}


def test_footnote_words_and_url_host_decide():
    sentences = ["Tijdens de lunch spraken de ministers.", "Eurojust beheert een databank.",
                 "Het centrum is bij Eurojust gevestigd."]
    texts = {5: "https://www.eurojust.europa.eu/core-evidence-database"}
    assert attach_footnotes(sentences, [5], texts, CUES) == {5: 1}


def test_unanchored_footnote_goes_to_the_last_sentence_and_order_is_kept():
    sentences = ["Eerste zin.", "Tweede zin over het verslag.", "Derde zin."]
    assert attach_footnotes(sentences, [1], {1: "Zie bijlage."}, CUES) == {1: 1}  # "verslag" anchors
    assert attach_footnotes(["Een.", "Twee.", "Drie."], [1], {1: "Kamerstuk 1 234 nr. 5"}, CUES) == {1: 2}
    # a later marker never points before an earlier one: footnote 2 would anchor on "verslag" in the
    # first sentence, but its marker comes after footnote 1's, which sits on the last sentence
    got = attach_footnotes(["Het verslag is uit.", "Zin twee.", "Dit is in lijn met de motie Ceder."], [1, 2],
                           {1: "Motie Ceder, Kamerstuk 21 501-20 nr. 1991", 2: "Kamerstuk 21 501 nr. 3 (verslag)"},
                           CUES)
    assert got == {1: 2, 2: 2}


# --- the Document: pointers, footnote references, list items, translation -------------------------------

def _pointed(doc: Document, fact: KeyFact) -> str:
    section = next(s for s in doc.sections if s.id == fact.section_id)
    return section.paragraphs[fact.paragraph].sentences[fact.sentence]


def test_facts_point_at_their_source_sentence():
    doc = _doc([["De Raad sprak over migratie.", "Nederland steunt het pact en trekt € 300 miljoen uit."],
                ["Uw Kamer ontvangt voor het zomerreces een brief.", "De Raad besloot het pact aan te nemen.",
                 "Dit staat in het verslag."]],
               footnotes={1: "Kamerstuk 32 317, nr. 865"}, refs={1: [1]})
    doc = extract_key_facts(doc, CUES)
    got = {(f.kind, f.section_id, f.paragraph, f.sentence, f.value, f.footnote) for f in doc.key_facts}
    assert got == {
        ("dutch_position", "s2", 0, 1, None, None), ("money", "s2", 0, 1, "€ 300 miljoen", None),
        ("commitment", "s2", 1, 0, None, None), ("date", "s2", 1, 0, "voor het zomerreces", None),
        ("decision", "s2", 1, 1, None, None), ("reference", "s2", 1, 2, "Kamerstuk 32 317, nr. 865", 1)}
    for fact in doc.key_facts:
        assert _pointed(doc, fact) == fact.text_nl and fact.text_en is None


def test_pointers_on_a_real_letter():
    from pipeline.engines.local import analyse

    doc = analyse(resolve_path("data/kamerbrieven/000_124582cb5ba853ae.txt"), CFG)
    assert doc.key_facts and {f.kind for f in doc.key_facts} == {
        "decision", "dutch_position", "commitment", "money", "date", "reference"}
    for fact in doc.key_facts:
        assert _pointed(doc, fact) == fact.text_nl
    values = {f.value for f in doc.key_facts if f.kind == "reference"}
    assert {"motie Ceder", "Kamerstuk 21 501-02 nr. 2794",
            "https://www.consilium.europa.eu/media/68901/st00023-en23.pdf"} <= values
    assert json.loads(doc.to_json())["key_facts"][0]["text_en"] is None


def test_list_items_inherit_the_position_of_their_lead_sentence():
    doc = _doc([["Het kabinet steunt het pakket en zet daarnaast in op:"],
                ["strengere controle op de export;"], ["het in kaart brengen van tegoeden."],
                ["De Raad zal spreken over Gaza."]])
    doc = extract_key_facts(doc, CUES)
    positions = [(f.paragraph, f.sentence) for f in doc.key_facts if f.kind == "dutch_position"]
    assert positions == [(0, 0), (1, 0), (2, 0)]


def test_fill_translations_from_sentences_en():
    doc = extract_key_facts(_doc([["De Raad sprak.", "Nederland steunt het pact."]]), CUES)
    paragraph = doc.sections[1].paragraphs[0]
    assert [f.text_en for f in fill_key_fact_translations(doc).key_facts] == [None]  # not translated yet
    paragraph.sentences_en = ["The Council spoke.", "The Netherlands supports the pact."]
    doc = fill_key_fact_translations(doc)
    assert [f.text_en for f in doc.key_facts] == ["The Netherlands supports the pact."]


def test_headline_facts_reach_the_note_before_the_full_list():
    # The note's layout is the renderer's (tests/render/); here: the facts this stage marks as headline
    # are shown with their values ahead of the list of every fact, so each appears twice.
    doc = _doc([["Nederland steunt het pact en trekt € 300 miljoen uit.", "De Raad besloot het pact aan te nemen."]],
               heading="Migratie")
    doc = extract_key_facts(doc, CUES)
    doc.sections[1].paragraphs[0].sentences_en = ["The Netherlands supports the pact.",
                                                  "The Council decided to adopt the pact."]
    md = render_markdown(fill_key_fact_translations(doc))
    headline = [f for f in doc.key_facts if f.headline]
    assert len(headline) == 2  # one per sentence
    for fact in headline:
        assert md.count(fact.text_nl) >= 2 and md.count(fact.text_en) >= 2
    assert "€ 300 miljoen" in md[:md.index("De Raad besloot")]


# --- importance, headline, ISO dates in the Document -------------------------------------------------------

def test_each_fact_is_scored_from_its_evidence_and_commitments_carry_their_date():
    doc = _doc([["Nederland steunt het pact en trekt € 300 miljoen uit.", "Dit staat in het verslag."],
                ["Uw Kamer ontvangt op 1 maart een brief.", "Uw Kamer ontvangt voor de zomer een brief."]],
               footnotes={1: "Kamerstuk 32 317, nr. 865"}, refs={0: [1]}, heading="Tot slot")
    doc.sections.insert(1, Section(id="s0", heading="Migratie", level=1,
                                   paragraphs=[Paragraph(text="Zin.", sentences=["Zin."])]))
    facts = extract_key_facts(doc, CUES).key_facts
    got = {(f.kind, f.paragraph, f.sentence): f for f in facts}
    # sentences in the letter: 0 "Inleiding." (the opening), 1 "Zin.", then 2..5 in "Tot slot"
    summary = CUES.summary_headings is not None and CUES.summary_headings.search("tot slot") is not None

    def expected(kind, position, money=False, dated=False, footnote=False, vague=False):
        return importance(Evidence(kind=kind, inherited=False, vague_date=vague, position=position / 5,
                                   summary_section=summary, from_footnote=footnote, money_in_sentence=money,
                                   date_in_sentence=dated), CUES.importance)

    assert got[("dutch_position", 0, 0)].importance == expected("dutch_position", 2, money=True)
    assert got[("money", 0, 0)].importance == expected("money", 2, money=True)
    assert got[("reference", 0, 1)].importance == expected("reference", 3, footnote=True)
    assert got[("commitment", 1, 0)].importance == expected("commitment", 4, dated=True)
    assert got[("date", 1, 1)].importance == expected("date", 5, dated=True, vague=True)
    assert got[("commitment", 1, 0)].iso_date == got[("date", 1, 0)].iso_date == "2024-03-01"
    assert got[("commitment", 1, 1)].iso_date is None and got[("dutch_position", 0, 0)].iso_date is None
    # fewer sentences than headline places: each sentence with a fact scoring enough gives one point
    rule = CUES.importance.headline
    assert len(facts) <= rule.count and all(sum(f.kind == k for f in facts) <= rule.per_kind for k in KINDS)
    assert ([(f.paragraph, f.sentence) for f in facts if f.headline]
            == sorted({(f.paragraph, f.sentence) for f in facts if f.importance >= rule.min_importance}))


def test_summary_sections_are_the_opening_and_summary_headings_with_their_subsections():
    doc = _doc([["Zin."]], heading="Migratie")
    doc.sections += [Section(id="s3", heading="Conclusie en vervolg", level=1),
                     Section(id="s4", heading="Planning", level=2, parent="s3")]
    assert summary_sections(doc, compile_cues(["conclusie"])) == {"s1", "s3", "s4"}
    assert summary_sections(doc, None) == {"s1"}


# --- the cues file ------------------------------------------------------------------------------------

def _write_cues(tmp_path: Path, change) -> Path:
    import yaml

    data = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_key_is_an_error_naming_file_and_key(tmp_path):
    path = _write_cues(tmp_path, lambda d: d["decision"].update(cuez=["besloot"]))
    with pytest.raises(ConfigError) as err:
        load_key_fact_cues(path)
    assert "decision.cuez" in str(err.value) and str(path) in str(err.value)


def test_missing_key_wrong_type_bad_regex_bad_period(tmp_path):
    cases = [
        (lambda d: d.pop("money"), "missing key 'money'"),
        (lambda d: d["commitment"].update(cues="toezegging"), "commitment.cues"),
        (lambda d: d["decision"]["cues"].append("re:(unclosed"), "bad regular expression"),
        (lambda d: d["dates"]["periods"].update(zomer=[9, 6]), "dates.periods"),
        (lambda d: d.update(list_items_inherit=["money"]), "list_items_inherit"),
    ]
    for i, (change, message) in enumerate(cases):
        sub = tmp_path / str(i)
        sub.mkdir()
        with pytest.raises(ConfigError) as err:
            load_key_fact_cues(_write_cues(sub, change))
        assert message in str(err.value), str(err.value)
    with pytest.raises(ConfigError, match="not found"):
        load_key_fact_cues(tmp_path / "nope.yaml")


# --- wiring: CLI and batch ------------------------------------------------------------------------------

def test_cli_segment_and_evaluate_keyfacts(tmp_path, capsys):
    from pipeline.cli import main

    assert main(["segment", "data/kamerbrieven/002_sample_letter.html"]) == 0
    facts = json.loads(capsys.readouterr().out)["key_facts"]
    assert facts and all(f["text_en"] is None for f in facts)
    assert main(["evaluate-keyfacts", "--report", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "keyfacts.json").read_text(encoding="utf-8"))
    assert report["overall"]["recall"] >= TARGETS["recall"] and (tmp_path / "keyfacts.md").is_file()
    assert "| **overall** |" in capsys.readouterr().out


@pytest.mark.slow
def test_translate_fills_key_facts_from_the_translation(tmp_path, tiny_overrides):
    from pipeline.engines.local import run_translate

    cfg = load_config(None, [*tiny_overrides, "cache.enabled=false"])
    result = run_translate([resolve_path("data/kamerbrieven/002_sample_letter.html")], tmp_path, cfg, progress=False)
    assert not result.failed
    doc = Document.model_validate_json((tmp_path / "002_sample_letter.json").read_text(encoding="utf-8"))
    assert doc.key_facts
    for fact in doc.key_facts:
        section = next(s for s in doc.sections if s.id == fact.section_id)
        english = section.paragraphs[fact.paragraph].sentences_en[fact.sentence]
        assert fact.text_en is not None and fact.text_en == english
    assert any(f.headline for f in doc.key_facts) and all(f.importance is not None for f in doc.key_facts)
    assert (tmp_path / "002_sample_letter.md").is_file()
