"""Inputs that must not crash the model-free stages: each is analysed or refused with a clear error."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.engines.local import analyse
from pipeline.errors import InputError
from pipeline.stages.resources import Resources

CFG = load_config()
RESOURCES = Resources.load(CFG)
DUTCH = ("De Raad sprak over de steun aan Oekraïne en over de uitbreiding van de Unie. Nederland heeft "
         "benadrukt dat het proces gebaseerd dient te blijven op merites. Uw Kamer wordt hierover nader "
         "geïnformeerd. ")
ENGLISH = ("The Council discussed the support for Ukraine and the enlargement of the Union. The Netherlands "
           "stressed that the process has to remain based on merit. The House will be informed of this in "
           "due course. ")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_and_whitespace_files_are_refused(tmp_path):
    for text in ("", "  \n\n \t\n"):
        with pytest.raises(InputError, match="empty"):
            analyse(_write(tmp_path, "leeg.txt", text), CFG, RESOURCES)


def test_letter_without_headings_is_one_section(tmp_path):
    doc = analyse(_write(tmp_path, "plat.txt", (DUTCH + "\n\n") * 3), CFG, RESOURCES)
    assert len(doc.sections) == 1 and doc.sections[0].heading is None
    assert len(doc.sections[0].paragraphs) == 3
    assert doc.sections[0].role and doc.sections[0].topic


def test_letter_on_one_long_line(tmp_path):
    doc = analyse(_write(tmp_path, "lang.txt", DUTCH * 150), CFG, RESOURCES)
    sentences = [s for p in doc.sections[0].paragraphs for s in p.sentences]
    assert len(sentences) == 450
    assert " ".join(sentences).split() == (DUTCH * 150).split()  # no word lost


def test_english_letter_is_reported_as_not_dutch(tmp_path):
    with pytest.raises(InputError, match="not in Dutch: it reads as English") as err:
        analyse(_write(tmp_path, "english.txt", ENGLISH * 3), CFG, RESOURCES)
    assert err.value.stage == "ingest" and err.value.fix


def test_dutch_letter_records_its_language(tmp_path):
    assert analyse(_write(tmp_path, "nl.txt", DUTCH * 3), CFG, RESOURCES).metadata.language == "nl"


def test_binary_junk_with_txt_name_is_refused(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError):
        analyse(path, CFG, RESOURCES)
