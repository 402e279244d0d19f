"""Segment: section tree, inferred heading levels, paragraphs and Dutch sentences."""

from __future__ import annotations

from pipeline.config import load_config
from pipeline.document import Block, Document, Metadata, Provenance
from pipeline.stages.segment import segment, split_sentences

CFG = load_config().segment


def _doc(blocks, title=None):
    return Document(source="t.txt", metadata=Metadata(title=title), provenance=Provenance(pipeline_version="t"),
                    blocks=blocks)


def H(text, level=None):
    return Block(kind="heading", text=text, level=level)


def P(text, refs=()):
    return Block(kind="paragraph", text=text, footnote_refs=list(refs))


def test_inferred_levels_parents_and_ids():
    doc = segment(_doc([
        P("Inleiding. Tweede zin."),
        H("Raad Buitenlandse Zaken"),          # names a title part -> level 1
        H("Oekraïne"),                          # follows a heading directly -> level 2
        P("De Raad sprak."),
        H("Midden-Oosten"),                     # sibling -> level 2
        P("Tekst."),
        H("Overige onderwerpen"),               # sibling (2), and a parent of what follows
        H("Migratie"),                          # level 3
        P("Tekst."),
        H("Klimaat"),                           # sibling -> 3
        P("Tekst."),
        H("Raad Algemene Zaken"),               # title part -> back to level 1
        P("Tekst.", refs=[3]),
    ], title="Verslag van de Raad Buitenlandse Zaken en de Raad Algemene Zaken van 3 maart 2024"), CFG)
    got = [(s.id, s.heading, s.level, s.parent) for s in doc.sections]
    assert got == [
        ("s1", None, 1, None),
        ("s2", "Raad Buitenlandse Zaken", 1, None),
        ("s3", "Oekraïne", 2, "s2"),
        ("s4", "Midden-Oosten", 2, "s2"),
        ("s5", "Overige onderwerpen", 2, "s2"),
        ("s6", "Migratie", 3, "s5"),
        ("s7", "Klimaat", 3, "s5"),
        ("s8", "Raad Algemene Zaken", 1, None),
    ]
    assert doc.sections[0].paragraphs[0].sentences == ["Inleiding.", "Tweede zin."]
    assert doc.sections[-1].paragraphs[0].footnote_refs == [3]
    assert doc.blocks == []  # (the runner, not the stage, records "segment" in provenance.stages)


def test_markup_levels_are_kept():
    doc = segment(_doc([H("A", 1), H("B", 2), P("x."), H("C", 3), P("y."), H("D", 2), P("z.")]), CFG)
    assert [(s.heading, s.level, s.parent) for s in doc.sections] == [
        ("A", 1, None), ("B", 2, "s1"), ("C", 3, "s2"), ("D", 2, "s1")]


def test_letter_without_headings_is_one_section():
    doc = segment(_doc([P("Eén. Twee."), P("Drie.")]), CFG)
    assert len(doc.sections) == 1 and doc.sections[0].heading is None
    assert len(doc.sections[0].paragraphs) == 2


def test_abbreviations_and_numbers_do_not_split():
    text = ("In lijn met de motie Koekkoek c.s. is o.a. Kamerstuk 21 501-20 nr. 2003 relevant, zie de brief "
            "d.d. 3 maart jl. over 1,2 mld. euro. De Minister-President sprak i.v.m. de Top. Het ging om 3,5 "
            "procent t.a.v. 2023. Klaar!")
    assert split_sentences(text, CFG) == [
        "In lijn met de motie Koekkoek c.s. is o.a. Kamerstuk 21 501-20 nr. 2003 relevant, zie de brief "
        "d.d. 3 maart jl. over 1,2 mld. euro.",
        "De Minister-President sprak i.v.m. de Top.",
        "Het ging om 3,5 procent t.a.v. 2023.",
        "Klaar!",
    ]


def test_empty_paragraph_has_no_sentences():
    assert split_sentences("   ", CFG) == []


def test_parents_without_title_anchor_are_siblings():
    doc = segment(_doc([
        P("Inleiding."),
        H("Justitie"), H("Verordening A"), P("Tekst."), H("Verordening B"), P("Tekst."),
        H("Binnenlandse Zaken"), H("Schengen"), P("Tekst."), H("Migratie"), P("Tekst."),
    ], title="JBZ-Raad"), CFG)
    assert [(s.heading, s.level, s.parent) for s in doc.sections[1:]] == [
        ("Justitie", 1, None), ("Verordening A", 2, "s2"), ("Verordening B", 2, "s2"),
        ("Binnenlandse Zaken", 1, None), ("Schengen", 2, "s5"), ("Migratie", 2, "s5")]


def test_numbered_headings_take_their_depth_from_the_numbering():
    doc = segment(_doc([
        P("Inleiding."), H("1. Aanleiding"), P("Tekst."), H("2. Stand van zaken"), H("2.1 Cijfers"), P("Tekst."),
        H("2.2 Regio's"), P("Tekst."), H("3. Maatregelen"), P("Tekst."),
    ], title="Voortgang aanpak lerarentekort"), CFG)
    assert [(s.heading, s.level, s.parent) for s in doc.sections[1:]] == [
        ("1. Aanleiding", 1, None), ("2. Stand van zaken", 1, None), ("2.1 Cijfers", 2, "s3"),
        ("2.2 Regio's", 2, "s3"), ("3. Maatregelen", 1, None)]


def test_etc_ends_a_sentence_before_a_capital_only():
    assert split_sentences("Het gaat om huur, zorg, etc. Er komt een regeling. Jansen e.a. (2020) zeggen dit.",
                           CFG) == ["Het gaat om huur, zorg, etc.", "Er komt een regeling.",
                                    "Jansen e.a. (2020) zeggen dit."]


def test_a_lettered_list_items_letter_is_its_label_not_a_sentence():
    assert split_sentences("b. de inzet van de regio;", CFG) == ["b. de inzet van de regio;"]
    assert split_sentences("(c) De kosten stijgen. Dat is bekend.", CFG) == ["(c) De kosten stijgen.", "Dat is bekend."]
    assert split_sentences("Wij letten op: a. de kosten; b. de baten.", CFG) == [
        "Wij letten op:", "a. de kosten;", "b. de baten."]


# --- uncertainty said, not hidden (issue #11) ----------------------------------------------------

def _dated(blocks, **meta):
    fields = {"title": "Brief", "date": "2024-03-12", "document_type": "brief", "sender": "Minister van Financiën"}
    fields.update(meta)
    return Document(source="t.txt", metadata=Metadata(**fields), provenance=Provenance(pipeline_version="t"),
                    blocks=blocks)


def test_clean_letter_gets_no_warnings():
    doc = segment(_dated([H("Inleiding"), P("Het kabinet steunt het voorstel."), H("Vervolg"), P("Wordt vervolgd.")]),
                  CFG)
    assert doc.warnings == []


def test_long_letter_without_headings_is_said_once():
    sentence = "Het kabinet heeft het voorstel bestudeerd en komt tot een positieve appreciatie ervan. "
    doc = segment(_dated([P(sentence * 20) for _ in range(8)]), CFG)
    said = [w for w in doc.warnings if "no section headings" in w]
    assert len(said) == 1 and str(sum(len(p.text.split()) for s in doc.sections for p in s.paragraphs)) in said[0]
    short = segment(_dated([P(sentence * 3)]), CFG)
    assert not any("no section headings" in w for w in short.warnings)


def test_headings_on_weak_evidence_are_named_in_one_warning():
    doc = segment(_dated([
        H("Migratie"), P("Tekst."),
        H("De Raad sprak uitgebreid over de stand van zaken rond het pact"), P("Tekst."),  # long for a heading
        H("Nederland steunt"), P("het voorstel van de Commissie volledig."),  # a sentence split after two words
    ]), CFG)
    weak = [w for w in doc.warnings if "weak evidence" in w]
    assert len(weak) == 1 and weak[0].startswith("2 heading(s)")
    assert "Nederland steunt" in weak[0] and "Migratie" not in weak[0]


def test_markup_headings_are_never_weak():
    doc = segment(_dated([H("Nederland steunt", 2), P("het voorstel.")]), CFG)
    assert not any("weak evidence" in w for w in doc.warnings)


def test_missing_letter_head_is_said():
    doc = segment(_dated([P("Tekst.")], date=None, sender=None), CFG)
    assert any("no letter date" in w for w in doc.warnings)
    assert any("no sender" in w for w in doc.warnings)
    report = segment(_dated([P("Tekst.")], document_type="verslag", sender=None), CFG)
    assert report.warnings == []  # a report carries no signature


def test_warnings_are_not_repeated_when_segment_runs_again():
    doc = _dated([P("Tekst.")], date=None)
    doc = segment(doc, CFG)
    doc.blocks = [P("Tekst.")]
    assert segment(doc, CFG).warnings.count(doc.warnings[0]) == 1


def test_heading_longer_than_max_heading_words_is_read_as_a_paragraph():
    cfg = CFG.model_copy(update={"max_heading_words": 4})
    doc = segment(_dated([H("Een kop van meer dan vier woorden"), P("Tekst."), H("Korte kop"), P("Meer.")]), cfg)
    assert [s.heading for s in doc.sections] == [None, "Korte kop"]
    assert doc.sections[0].paragraphs[0].text == "Een kop van meer dan vier woorden"


def test_unnumbered_headings_inside_numbered_sections_are_one_deeper():
    doc = segment(_doc([H("1. Vulgraad van de gasopslagen"), P("Tekst."), H("Gasopslag Bergermeer"), P("Tekst."),
                        H("Gasopslag Norg"), P("Tekst."), H("2. Import van aardgas"), P("Tekst."),
                        H("2.1 Capaciteit"), P("Tekst."), H("Terminal Eemshaven"), P("Tekst.")]), CFG)
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("1. Vulgraad van de gasopslagen", 1), ("Gasopslag Bergermeer", 2), ("Gasopslag Norg", 2),
        ("2. Import van aardgas", 1), ("2.1 Capaciteit", 2), ("Terminal Eemshaven", 3)]


def test_an_attached_reports_headings_sit_inside_its_title():
    """A covering letter with a report attached: ingest gives the report's title level 1 (a given
    level), and the report's own headings, inferred from plain text, are its parts (level 2)."""
    blocks = [Block(kind="paragraph", text="Hierbij bied ik u het verslag aan."),
              Block(kind="heading", text="VERSLAG RAAD BUITENLANDSE ZAKEN 22 JANUARI 2024", level=1),
              Block(kind="paragraph", text="Op 22 januari kwam de Raad bijeen."),
              Block(kind="heading", text="Situatie in het Midden-Oosten"),
              Block(kind="paragraph", text="De Raad sprak over de situatie."),
              Block(kind="heading", text="Oekraïne"),
              Block(kind="paragraph", text="De Raad sprak over steun aan Oekraïne.")]
    doc = segment(Document(source="x", metadata=Metadata(title="Verslag"), blocks=blocks,
                           provenance=Provenance(pipeline_version="t")), CFG)
    assert [(s.heading, s.level) for s in doc.sections if s.heading] == [
        ("VERSLAG RAAD BUITENLANDSE ZAKEN 22 JANUARI 2024", 1), ("Situatie in het Midden-Oosten", 2), ("Oekraïne", 2)]


def T(text, rank):
    """A PDF heading whose type ingest ranked (1 = most prominent)."""
    return Block(kind="heading", text=text, type_rank=rank)


def test_pdf_heading_types_give_the_levels():
    # Hierarchy shown only by type: no numbering, no title anchor, and each parent has text of its own.
    doc = segment(_doc([
        T("Oekraïne", 1), P("Tekst."),
        T("Militaire steun", 2), P("Tekst."),
        T("Sancties", 2), P("Tekst."),
        T("Midden-Oosten", 1), P("Tekst."),
    ]), CFG)
    assert [(s.heading, s.level, s.parent) for s in doc.sections] == [
        ("Oekraïne", 1, None), ("Militaire steun", 2, "s1"), ("Sancties", 2, "s1"), ("Midden-Oosten", 1, None)]


def test_a_heading_directly_under_one_of_its_own_type_is_one_deeper():
    # One type for two levels (bold for levels 1 and 2, italic below): the parent without text
    # shows the nesting; after text a heading of that type is a sibling of the last one.
    doc = segment(_doc([
        T("Raad", 1), T("Oekraïne", 1), P("Tekst."),
        T("Overige onderwerpen", 1), T("Migratie", 2), P("Tekst."), T("Klimaat", 2), P("Tekst."),
    ]), CFG)
    assert [s.level for s in doc.sections] == [1, 2, 2, 3, 3]


def test_numbered_headings_keep_their_numbering_among_heading_types():
    doc = segment(_doc([
        T("1. Vulgraad", 1), P("Tekst."), T("Gasopslag Bergermeer", 2), P("Tekst."),
        T("2. Import", 1), P("Tekst."), T("2.1 Capaciteit", 1), P("Tekst."),
    ]), CFG)
    assert [s.level for s in doc.sections] == [1, 2, 1, 2]
