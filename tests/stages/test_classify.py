"""Classify: YAML cue scoring, transparent scores, parent topics, mixed roles, taxonomy errors."""

from __future__ import annotations

import pytest

from pipeline.stages.classify import CAP_TOPICS, ROLES, classify, load_taxonomy
from pipeline.config import load_config, resolve_path
from pipeline.document import Document, Paragraph, Provenance, Section
from pipeline.errors import ConfigError

TAX = load_taxonomy(resolve_path(load_config().classify.taxonomy))


def _section(id, heading, text, parent=None, level=1):
    paragraphs = [Paragraph(text=text, sentences=[text])] if text else []
    return Section(id=id, heading=heading, level=level, parent=parent, paragraphs=paragraphs)


def test_topics_roles_and_scores():
    doc = Document(source="t", provenance=Provenance(pipeline_version="t"), sections=[
        _section("s1", None, "Op 14 december vond de Europese Raad plaats. Op de agenda stonden Oekraïne en migratie."),
        _section("s2", "Overige onderwerpen", ""),
        _section("s3", "Migratie", "De leiders spraken over asiel en opvang van vluchtelingen. De ER besloot "
                                   "het Migratiepact aan te nemen.", parent="s2", level=2),
        _section("s4", "Defensie", "Nederland zet in op meer munitie voor Oekraïne en pleit voor een sterke "
                                   "defensie-industrie.", parent="s2", level=2),
        _section("s5", "Asiel", "Uw Kamer zal op korte termijn een kabinetsappreciatie ontvangen over migratie.",
                 parent="s2", level=2),
    ])
    classify(doc, TAX)
    s1, s2, s3, s4, s5 = doc.sections
    assert s1.role == "introduction"
    assert s3.topic == "Immigration" and s4.topic == "Defense"
    assert s4.role == "dutch_position"
    assert s5.role == "follow_up_commitment"
    assert s2.topic == "Immigration" and s2.role is None  # parent: children's majority, no role
    for s in (s1, s3, s4, s5):
        assert s.topic in CAP_TOPICS and s.role in ROLES
        assert abs(sum(s.topic_scores.values()) - 1) < 0.01
        assert max(s.topic_scores, key=s.topic_scores.get) == s.topic


def test_no_cues_gives_mixed_role_and_no_topic():
    doc = Document(source="t", provenance=Provenance(pipeline_version="t"),
                   sections=[_section("s1", "Xyz", "Qwerty uiop.")])
    classify(doc, TAX)
    assert doc.sections[0].topic is None and doc.sections[0].role == "mixed"


def test_taxonomy_rejects_unknown_labels(tmp_path):
    bad = tmp_path / "tax.yaml"
    bad.write_text("heading_weight: 1.0\ntext_weight: 1.0\nfirst_section_bonus: 1.0\nmixed_below: 0.4\n"
                   "role_weights: {}\nzero_shot_roles: {}\ntopics: {Sports Betting: [gok]}\nroles: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Sports Betting"):
        load_taxonomy(bad)


def test_taxonomy_covers_every_cap_topic_and_role():
    assert set(TAX.topics) == set(CAP_TOPICS)
    assert set(TAX.roles) == set(ROLES) - {"mixed"}


def test_zero_shot_classifier_on_a_tiny_nli_checkpoint(tiny_models):
    """classify.method zero_shot: same interface and stored scores, model loaded like the others."""
    from pipeline.stages.classify import zero_shot_scorer

    cfg = load_config(None, ["classify.method=zero_shot", f"classify.model={tiny_models['classify']}"])
    scorer = zero_shot_scorer(cfg)
    doc = Document(source="t", provenance=Provenance(pipeline_version="t"), sections=[
        _section("s1", None, "Op 14 december vond de Europese Raad plaats."),
        _section("s2", "Migratie", "De leiders spraken over asiel en opvang van vluchtelingen.")])
    classify(doc, TAX, scorer)
    for s in doc.sections:
        assert s.topic in CAP_TOPICS and set(s.topic_scores) == set(CAP_TOPICS)
        assert abs(sum(s.topic_scores.values()) - 1) < 0.02
        assert s.role in ROLES and set(s.role_scores) == set(ROLES) - {"mixed"}
    assert doc.provenance.models["classify"].tiny


def test_zero_shot_needs_an_nli_model(tiny_models):
    from pipeline.stages.classify import zero_shot_scorer
    from pipeline.errors import ModelUnavailableError

    cfg = load_config(None, ["classify.method=zero_shot", f"classify.model={tiny_models['summarize']}"])
    with pytest.raises(ModelUnavailableError):
        zero_shot_scorer(cfg)
