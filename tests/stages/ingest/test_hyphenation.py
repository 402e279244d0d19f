"""Line-break hyphenation rules that follow from Dutch spelling (Woordenlijst) and typesetting
conventions, checked as properties over generated words where possible."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest.hyphenation import COORDINATORS, join_pair

FAST = settings(max_examples=150, deadline=None)
_WORD = st.text(alphabet=string.ascii_lowercase + "éëï", min_size=2, max_size=14).filter(
    lambda w: w not in COORDINATORS)


@given(letter=st.sampled_from(string.ascii_lowercase), word=_WORD)
@FAST
def test_a_single_letter_before_a_line_end_hyphen_keeps_it(letter, word):
    # e-mail, x-as, e-privacyrichtlijn: Dutch typesetting never breaks a word after its first
    # letter, so the hyphen is the compound's own.
    assert join_pair(f"de {letter}-", f"{word} is") == f"de {letter}-{word} is"
