"""Which key facts a reader needs first: one transparent score per fact, and the headline few (issue #14).

The weights are the `importance:` block of configs/keyfacts.yaml (validated here, documented there).
A fact's score is one small sum anyone can redo by hand from the fact and its letter:

    importance = kind weight × cue strength × place + money bonus + date bonus

- **kind weight**: `kinds[kind]`; what the government decided or promised parliament weighs more than
  a reference to a document.
- **cue strength**: 1 when the sentence itself hits the kind's cue; `inherited` when it only continues
  a sentence that does (a list item under "Het kabinet zet in op:", a sentence continuing a
  commitment); `vague_date` for a date fact that names no calendar date ("voor de zomer"), which no
  calendar can hold.
- **place**: from `position.first` at the letter's first sentence to `position.last` at its last,
  linearly (letters to parliament put what matters first); × `summary_section` in the opening text
  before the first heading and in a section whose heading (or a parent's) hits `summary_headings`
  (samenvatting, conclusie, tot slot, vervolg …); × `footnote` for a reference taken from a footnote.
- **bonuses**: `money_in_sentence` / `date_in_sentence` when the fact's sentence also names an amount /
  an upcoming date. Not for the money / date fact itself: its kind weight already says what it is.

Scores are rounded to 3 decimals, so a note's JSON stays readable and stable.

**Headline.** The facts are taken in order of importance, ties in document order, while fewer than
`headline.count` are taken and they score at least `headline.min_importance`, skipping a fact whose
sentence already gave a headline point (one sentence, one point: its highest-scoring fact) and a fact
whose kind already has `headline.per_kind` (so ten reported decisions do not crowd out the one
commitment; the sentence may then give its next fact).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from pipeline.document import KeyFact, KeyFactKind

Weight = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Factor = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]  # weakens, never strengthens
Boost = Annotated[float, Field(ge=1, allow_inf_nan=False)]  # strengthens, never weakens


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KindWeights(_Block):
    decision: Weight
    dutch_position: Weight
    commitment: Weight
    money: Weight
    date: Weight
    reference: Weight


class PositionWeights(_Block):
    first: Weight  # the letter's first sentence
    last: Weight  # its last sentence; sentences between are interpolated


class HeadlineRule(_Block):
    count: Annotated[int, Field(ge=0)]  # at most this many headline facts per letter
    per_kind: Annotated[int, Field(ge=1)]  # and at most this many of one kind
    min_importance: Weight  # a fact scoring below this is never a headline, however few there are


class ImportanceWeights(_Block):
    """The `importance:` block of the key-fact cues file (every key required: the file is the one place)."""

    kinds: KindWeights
    inherited: Factor
    vague_date: Factor
    position: PositionWeights
    summary_section: Boost
    summary_headings: list[str]
    footnote: Factor
    money_in_sentence: Weight
    date_in_sentence: Weight
    headline: HeadlineRule


@dataclass(frozen=True)
class Evidence:
    """What the score of one fact is computed from (see the module doc)."""

    kind: KeyFactKind
    inherited: bool  # the kind only continues another sentence's cue
    vague_date: bool  # a date fact naming no calendar date
    position: float  # the sentence's place in the letter: 0 first … 1 last
    summary_section: bool  # in the opening text or a summary-like section
    from_footnote: bool  # a reference taken from a footnote
    money_in_sentence: bool
    date_in_sentence: bool


def importance(ev: Evidence, w: ImportanceWeights) -> float:
    """The fact's importance (formula in the module doc)."""
    cue = (w.inherited if ev.inherited else 1.0) * (w.vague_date if ev.vague_date else 1.0)
    place = w.position.first + (w.position.last - w.position.first) * ev.position
    place *= (w.summary_section if ev.summary_section else 1.0) * (w.footnote if ev.from_footnote else 1.0)
    bonus = ((w.money_in_sentence if ev.money_in_sentence and ev.kind != "money" else 0.0)
             + (w.date_in_sentence if ev.date_in_sentence and ev.kind != "date" else 0.0))
    return round(getattr(w.kinds, ev.kind) * cue * place + bonus, 3)


def mark_headlines(facts: Sequence[KeyFact], rule: HeadlineRule) -> None:
    """Set `headline` on the facts a reader sees first (rule in the module doc); scores must be set."""
    order = sorted(range(len(facts)), key=lambda i: (-(facts[i].importance or 0.0), i))
    taken_sentences: set[tuple[str, int, int]] = set()
    per_kind: dict[str, int] = {}
    for fact in facts:
        fact.headline = False
    taken = 0
    for i in order:
        if taken >= rule.count or (facts[i].importance or 0.0) < rule.min_importance:
            break
        fact = facts[i]
        sentence = (fact.section_id, fact.paragraph, fact.sentence)
        if sentence in taken_sentences or per_kind.get(fact.kind, 0) >= rule.per_kind:
            continue
        fact.headline = True
        taken_sentences.add(sentence)
        per_kind[fact.kind] = per_kind.get(fact.kind, 0) + 1
        taken += 1
