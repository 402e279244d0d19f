"""Importance and headline key facts (issue #14), as properties: the score never falls when a weight
rises; raising a kind's weight never gives it fewer headline points; at most `count` headline points,
one per sentence, at most `per_kind` of a kind, and none passed over for a lower-scoring fact; every
letter of the sample batch within those bounds; the weights' config errors name key and file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import load_config, resolve_path
from pipeline.document import KeyFact
from pipeline.errors import ConfigError
from pipeline.stages.importance import Evidence, HeadlineRule, ImportanceWeights, importance, mark_headlines
from pipeline.stages.keyfacts import KINDS, load_key_fact_cues

CUES_PATH = resolve_path(load_config().keyfacts.cues)
WEIGHTS = load_key_fact_cues(CUES_PATH).importance

unit = st.floats(min_value=0, max_value=1)
weight = st.floats(min_value=0, max_value=5)
boost = st.floats(min_value=1, max_value=3)

weights_st = st.builds(
    lambda kinds, inherited, vague, first, last, summary, footnote, money, dated, rule: ImportanceWeights.model_validate({
        "kinds": dict(zip(KINDS, kinds)), "inherited": inherited, "vague_date": vague,
        "position": {"first": first, "last": last}, "summary_section": summary, "summary_headings": [],
        "footnote": footnote, "money_in_sentence": money, "date_in_sentence": dated, "headline": rule}),
    st.lists(weight, min_size=6, max_size=6), unit, unit, weight, weight, boost, unit, weight, weight,
    st.fixed_dictionaries({"count": st.integers(0, 12), "per_kind": st.integers(1, 6),
                           "min_importance": st.floats(min_value=0, max_value=1)}))

evidence_st = st.builds(Evidence, kind=st.sampled_from(KINDS), inherited=st.booleans(), vague_date=st.booleans(),
                        position=unit, summary_section=st.booleans(), from_footnote=st.booleans(),
                        money_in_sentence=st.booleans(), date_in_sentence=st.booleans())

# (path of a weight in the block, the largest value it may take)
RAISABLE = [(("kinds", k), 5.0) for k in KINDS] + [
    (("inherited",), 1.0), (("vague_date",), 1.0), (("position", "first"), 5.0), (("position", "last"), 5.0),
    (("summary_section",), 3.0), (("footnote",), 1.0), (("money_in_sentence",), 5.0), (("date_in_sentence",), 5.0)]


def raised(w: ImportanceWeights, path: tuple[str, ...], by: float, top: float) -> ImportanceWeights:
    data = w.model_dump()
    block = data
    for key in path[:-1]:
        block = block[key]
    block[path[-1]] = min(top, block[path[-1]] + by)
    return ImportanceWeights.model_validate(data)


@settings(max_examples=200, deadline=None)
@given(w=weights_st, ev=evidence_st, which=st.sampled_from(RAISABLE), by=st.floats(min_value=0, max_value=2))
def test_the_score_never_falls_when_a_weight_rises(w, ev, which, by):
    path, top = which
    assert importance(ev, raised(w, path, by, top)) >= importance(ev, w)


@settings(max_examples=100, deadline=None)
@given(ev=evidence_st)
def test_the_score_is_not_negative_and_the_default_weights_validate(ev):
    assert importance(ev, WEIGHTS) >= 0


def facts_of(evidence: list[tuple[Evidence, int]], w: ImportanceWeights) -> list[KeyFact]:
    """Facts in document order; each (evidence, sentence number), the sentences ascending."""
    facts = []
    for ev, sentence in evidence:
        facts.append(KeyFact(kind=ev.kind, text_nl=f"Zin {sentence}.", section_id="s1", paragraph=0,
                             sentence=sentence, importance=importance(ev, w)))
    mark_headlines(facts, w.headline)
    return facts


letter_st = st.lists(st.tuples(evidence_st, st.integers(0, 15)), max_size=40).map(
    lambda pairs: sorted(pairs, key=lambda p: p[1]))


@settings(max_examples=200, deadline=None)
@given(w=weights_st, letter=letter_st)
def test_headline_bounds_and_nothing_passed_over(w, letter):
    facts = facts_of(letter, w)
    rule = w.headline
    chosen = [f for f in facts if f.headline]
    assert len(chosen) <= rule.count
    assert len({f.sentence for f in chosen}) == len(chosen)  # one point per sentence
    assert all(sum(f.kind == k for f in chosen) <= rule.per_kind for k in KINDS)
    assert all(f.importance >= rule.min_importance for f in chosen)
    full = len(chosen) == rule.count
    for f in facts:
        if f.headline or f.importance < rule.min_importance:
            continue
        # a fact left out lost to a better one, shares its sentence with a headline point, or its kind is full
        assert (full and all(c.importance >= f.importance for c in chosen)
                or any(c.sentence == f.sentence for c in chosen)
                or sum(c.kind == f.kind for c in chosen) == rule.per_kind)


@settings(max_examples=150, deadline=None)
@given(w=weights_st, letter=letter_st, kind=st.sampled_from(KINDS), by=st.floats(min_value=0.01, max_value=3))
def test_raising_a_kinds_weight_never_gives_it_fewer_headline_points(w, letter, kind, by):
    before = sum(f.headline and f.kind == kind for f in facts_of(letter, w))
    after = sum(f.headline and f.kind == kind for f in facts_of(letter, raised(w, ("kinds", kind), by, 5.0)))
    assert after >= before


def test_ties_go_to_document_order():
    facts = [KeyFact(kind="decision", text_nl=f"Zin {i}.", section_id="s1", paragraph=0, sentence=i, importance=1.0)
             for i in range(5)]
    mark_headlines(facts, HeadlineRule(count=2, per_kind=4, min_importance=0))
    assert [f.headline for f in facts] == [True, True, False, False, False]


@pytest.mark.slow
def test_every_sample_letter_has_at_most_count_headline_points_one_per_sentence():
    from pipeline.engines.local import analyse
    from pipeline.stages.resources import Resources
    from tests.conftest import SAMPLES

    cfg = load_config()
    resources = Resources.load(cfg)
    letters = sorted(p for p in Path(SAMPLES).iterdir() if p.is_file())
    assert letters
    for path in letters:
        doc = analyse(path, cfg, resources)
        chosen = [f for f in doc.key_facts if f.headline]
        assert all(f.importance is not None for f in doc.key_facts)
        assert len(chosen) <= WEIGHTS.headline.count, path.name
        assert len({(f.section_id, f.paragraph, f.sentence) for f in chosen}) == len(chosen), path.name
        if doc.key_facts:
            assert chosen, f"{path.name}: key facts but no headline point"


# --- the weights in the cues file ------------------------------------------------------------------------

def write_cues(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    change(data["importance"])
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, key", [
    (lambda d: d["kinds"].update(decision=-1), "importance.kinds.decision"),
    (lambda d: d["kinds"].pop("reference"), "importance.kinds.reference"),
    (lambda d: d["kinds"].update(opinion=1.0), "importance.kinds.opinion"),
    (lambda d: d.update(inherited=1.5), "importance.inherited"),
    (lambda d: d.update(summary_section=0.5), "importance.summary_section"),
    (lambda d: d["headline"].update(count="ten"), "importance.headline.count"),
    (lambda d: d["headline"].update(per_kind=0), "importance.headline.per_kind"),
    (lambda d: d["position"].update(first=float("nan")), "importance.position.first"),
    (lambda d: d["summary_headings"].append("re:(unclosed"), "bad regular expression"),
])
def test_a_bad_weight_is_an_error_naming_key_and_file(tmp_path, change, key):
    path = write_cues(tmp_path, change)
    with pytest.raises(ConfigError) as err:
        load_key_fact_cues(path)
    assert key in str(err.value) and str(path) in str(err.value), str(err.value)
