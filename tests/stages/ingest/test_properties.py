"""Property tests (hypothesis) on the text stages: ingest's cleaning and segmentation.

1. Arbitrary unicode through ingest (decoding, cleaning, letter head) and segment never crashes:
   a file is either read or refused with an InputError.
2. Cleaning never loses a word of the body: for generated paragraph text without furniture, every
   source word is in the Document (body, headings, title, footnotes), modulo undone line-break
   hyphenation.

Example counts stay modest so the suite stays fast.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.config import load_config
from pipeline.document import Provenance
from pipeline.errors import InputError
from pipeline.stages.ingest import document_from_text, ingest
from pipeline.stages.ingest.hyphenation import COORDINATORS
from pipeline.stages.segment import segment

CFG = load_config()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TMP = Path(tempfile.mkdtemp(prefix="kamerbrief-properties-"))


# -- 1. no crash on arbitrary unicode --------------------------------------------------------------

# Text with the characters that matter to the cleaning rules over-represented: line breaks, form
# feeds, hyphens, digits (footnote markers, page numbers), sentence ends, odd spaces and marks.
_SPICY = st.sampled_from(list("\n\n\n\f -\u00ad\u2010\u2013.,:;!?()[]\"'\u20191234567890\u00a0\u200b\ufeff\r\t")
                         + ["Den Haag, 1 mei 2024", "Hoogachtend,", "Nr. 3"])
_TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=30), _SPICY), max_size=60).map("".join)


@FAST
@given(text=_TEXT, suffix=st.sampled_from([".txt", ".html", ".xml"]))
def test_arbitrary_unicode_never_crashes_ingest_and_segment(text, suffix):
    path = _TMP / f"brief{suffix}"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        doc = ingest(path, CFG.ingest)
    except InputError as err:
        assert err.stage == "ingest" and err.fix and err.message
        return
    doc = segment(doc, CFG.segment)
    assert doc.sections
    for section in doc.sections:
        for paragraph in section.paragraphs:
            assert all(s.strip() for s in paragraph.sentences)


@FAST
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_ingest(data):
    path = _TMP / "brief.txt"
    path.write_bytes(data)
    try:
        segment(ingest(path, CFG.ingest), CFG.segment)
    except InputError as err:
        assert err.stage == "ingest" and err.fix


# -- 2. cleaning loses no word ---------------------------------------------------------------------

# Lower-case words of letters only (no digits: those can be footnote markers or page numbers, i.e.
# furniture by design), sometimes capitalised or hyphenated.
_LOWER = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëïéöü", min_size=2, max_size=12)
_WORD = st.one_of(_LOWER, _LOWER.map(str.capitalize), st.tuples(_LOWER, _LOWER).map("-".join))
_SENTENCE = st.lists(_WORD, min_size=3, max_size=14).map(lambda ws: " ".join(ws) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=5).map(" ".join)


def _wrap(paragraph: str, width: int, hyphenate: bool) -> list[str]:
    """Break a paragraph into lines of about `width` characters, maybe splitting long words with a
    line-end hyphen the way a PDF does."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            # A remainder that is itself a coordinator ("aaa-" + "tot") would read as "aaa- tot",
            # a coordination: no hyphenator breaks a word there, so neither does this one.
            if (hyphenate and len(word) >= 6 and "-" not in word and word[2:4].isalpha()
                    and word[3:].rstrip(".").lower() not in COORDINATORS):
                lines.append(f"{line} {word[:3]}-")
                line = word[3:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def _words(text: str) -> Counter:
    """Words without punctuation or hyphens (undoing hyphenation may join or keep a hyphen)."""
    return Counter(w.replace("-", "") for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))


@FAST
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=6), width=st.integers(30, 100),
       hyphenate=st.booleans())
# A site's label word left alone on a line by a narrow column is the letter's word, not page chrome.
@example(paragraphs=["aa aa aa aa aa aa aa kerngegevens aaaaaa-aaaaaaaaaa."], width=30, hyphenate=False)
@example(paragraphs=["aaaaaaaaaaaa aaaaaaaaaaaaaa Download aaaaaaaaaaaa-aaaaaaaaaaaa."], width=30, hyphenate=False)
def test_cleaning_keeps_every_word_of_the_body(paragraphs, width, hyphenate):
    text = "\n\n".join("\n".join(_wrap(p, width, hyphenate)) for p in paragraphs)
    doc = document_from_text(text, source="brief.txt", provenance=Provenance(pipeline_version="test"),
                             cfg=CFG.ingest)
    out = [b.text for b in doc.blocks] + [f.text for f in doc.footnotes]
    out += [doc.metadata.title or "", doc.metadata.sender or "", doc.metadata.signatory or ""]
    source, kept = _words(" ".join(paragraphs)), _words(" ".join(out))
    missing = source - kept
    assert not missing, f"lost {sorted(missing)} from:\n{text}"


@pytest.mark.parametrize("broken, whole", [("aange-\nkondigd", "aangekondigd"),
                                           ("defensie-\nuitgaven", "defensie-uitgaven"),
                                           ("veiligheids- en\ndefensiebeleid", "veiligheids- en defensiebeleid")])
def test_word_check_accepts_undone_hyphenation(broken, whole):
    """The property's word comparison: a word broken at a line end counts as kept when it comes
    back whole, with or without its hyphen."""
    doc = document_from_text(f"Hierbij iets. {broken} werd hier genoemd.", source="x.txt",
                             provenance=Provenance(pipeline_version="test"), cfg=CFG.ingest)
    assert whole in doc.blocks[0].text
    assert not _words(whole) - _words(" ".join(b.text for b in doc.blocks))
