"""A small batch of hand-built notes for the batch pages' tests (index, commitments, dossiers, dates.ics):
two letters of one dossier (its number spaced two ways), one with an official record that disagrees with
it, one without a dossier or sender and with a hostile title; key facts with headline/importance and
iso_date set as the keyfacts stage sets them (a day, a month, a past date, none)."""

from __future__ import annotations

from pipeline.document import (Document, Flag, KeyFact, Metadata, ModelInfo, OfficialRecord, Paragraph, Provenance,
                               Section)

HOSTILE = "</script><b>x</b> \"onmouseover=alert(1) \u202eevil\u202c " + "Verylongword" * 30


def fact(kind: str, nl: str, en: str | None, section: str = "s1", sentence: int = 0, **kw) -> KeyFact:
    return KeyFact(kind=kind, text_nl=nl, text_en=en, section_id=section, paragraph=0, sentence=sentence, **kw)


def letter(title_nl: str, title_en: str | None, date: str | None, *, sender: str | None = "Minister van Financiën",
           kamerstuk: str | None = None, facts: list[KeyFact] = (), tiny: bool = False, flags: int = 0,
           warnings: int = 0, official: OfficialRecord | None = None, doc_type: str = "brief",
           topic: str = "Macroeconomics", body: str = "Het kabinet informeert de Kamer.") -> Document:
    sentences = [body, "Tweede zin van de brief."]
    paragraph = Paragraph(text=" ".join(sentences), sentences=sentences, sentences_en=["The cabinet informs.", "Two."],
                          text_en="The cabinet informs. Two.",
                          flags=[Flag(sentence=0, kind="number", detail="13 missing")] * flags)
    section = Section(id="s1", heading="Vervolg", heading_en="Follow-up", level=1, topic=topic, paragraphs=[paragraph])
    models = {"translate": ModelInfo(id="tiny-marian" if tiny else "Helsinki-NLP/opus-mt-nl-en", tiny=tiny)}
    return Document(source=f"{title_nl}.txt",
                    metadata=Metadata(title=title_nl, title_en=title_en, date=date, sender=sender, kamerstuk=kamerstuk,
                                      document_type=doc_type),
                    sections=[section], key_facts=list(facts), summary_en="A summary.", official=official,
                    warnings=[f"warning {i}" for i in range(warnings)],
                    provenance=Provenance(pipeline_version="0.1", models=models,
                                          input_sha256=(title_nl.encode().hex() + "0" * 64)[:64],
                                          created="2024-03-01T10:00:00+00:00"))


def batch() -> list[tuple[str, Document]]:
    record = OfficialRecord(id="kst-21501-02-2891",
                            url="https://zoek.officielebekendmakingen.nl/kst-21501-02-2891.html",
                            dossier="21501-02", source="officielebekendmakingen", fetched_at="2024-03-01T00:00:00Z",
                            sha256="0" * 64, mismatches=["date"])
    return [
        ("001_agenda", letter(
            "Geannoteerde agenda Raad Buitenlandse Zaken", "Annotated agenda Foreign Affairs Council", "2024-02-09",
            sender="Minister van Buitenlandse Zaken", kamerstuk="21 501-02, nr. 2891", official=record, flags=2,
            doc_type="geannoteerde agenda", topic="International Affairs",
            body="Oekraïne krijgt steun; sancties blijven.",
            facts=[fact("date", "De Raad vindt plaats op 19 februari 2024.", "The Council meets on 19 February 2024.",
                        value="19 februari 2024", iso_date="2024-02-19", importance=0.9, headline=True),
                   fact("commitment", "Ik zal uw Kamer in juni 2024, voor de top; informeren.",
                        "I will inform your House in June 2024, before the summit; promptly.", sentence=1,
                        iso_date="2024-06", importance=0.8, headline=True),
                   fact("date", "Op 22 januari jl. sprak de Raad.", "On 22 January the Council spoke.", sentence=1,
                        value="22 januari", iso_date="2024-01-22")])),
        ("002_verslag", letter(
            "Verslag Raad Buitenlandse Zaken", "Report Foreign Affairs Council", "2024-01-25",
            sender="Minister van Buitenlandse Zaken", kamerstuk="21 501-02, nr. 2880", topic="International Affairs",
            facts=[fact("commitment", "Het kabinet zal de Kamer nader informeren.",
                        "The cabinet will inform the House.", importance=0.7, headline=True),
                   fact("money", "Er is € 5 miljoen beschikbaar.", "EUR 5 million is available.", sentence=1,
                        value="€ 5 miljoen", importance=0.6, headline=True)])),
        ("003_gas", letter(
            "Leveringszekerheid gas", "Gas supply security", "2023-11-14",
            sender="Minister van Economische Zaken en Klimaat",
            kamerstuk="29 023, nr. 473", tiny=True, warnings=1, topic="Energy", doc_type="brief",
            body="De gasopslagen zijn gevuld.",
            facts=[fact("date", "Het debat is op 1 december 2023.", "The debate is on 1 December 2023.",
                        value="1 december 2023", iso_date="2023-12-01", importance=0.5, headline=True)])),
        ("004_hostile", letter(HOSTILE, HOSTILE, None, sender=None, topic="Energy", doc_type="nota",
                               facts=[fact("commitment", HOSTILE, HOSTILE)])),
    ]
