"""Classify: each section gets a CAP policy topic and a role, from transparent YAML cues.

Topic scores are cue-hit counts over the section (heading hits weigh more); role scores are votes,
one per sentence, for the role whose cues that sentence hits most. Both are normalised to shares
and stored on the section (`topic_scores`, `role_scores`) so the note can show why a label won.
A section whose text hits no topic cue gets the letter's main topic; sections without text of their
own (parents such as "Overige onderwerpen") take the most common topic of their children.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from pipeline.config import ClassifyConfig, Config, read_side_file
from pipeline.models.deadline import Deadline
from pipeline.models.loading import load_sequence_classifier
from pipeline.models.resolution import resolve
from pipeline.document import Document, ModelInfo, Section
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.stages.ingest.questions import ANSWERS_TYPE, QUESTION_LABEL
from pipeline.text.cues import compile_cues

CAP_TOPICS = ("Macroeconomics", "Civil Rights", "Health", "Agriculture", "Labor", "Education",
              "Environment", "Energy", "Immigration", "Transportation", "Law and Crime",
              "Social Welfare", "Housing", "Domestic Commerce", "Defense", "Technology",
              "Foreign Trade", "International Affairs", "Government Operations", "Public Lands",
              "Culture")
ROLES = ("introduction", "report_of_discussion", "decision_or_outcome", "dutch_position",
         "follow_up_commitment", "mixed")
# The role of a `Vraag n` / `Antwoord n` section of an answer to written questions: given by the
# document's structure, not voted by cues, so it has no cues in the taxonomy.
ANSWER_ROLE = "answer"


class _TaxonomyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    heading_weight: float
    text_weight: float
    topics: dict[str, list[str]]
    first_section_bonus: float
    mixed_below: float
    role_weights: dict[str, float]
    zero_shot_roles: dict[str, str]
    roles: dict[str, list[str]]


@dataclass(frozen=True)
class Taxonomy:
    heading_weight: float
    text_weight: float
    topics: dict[str, re.Pattern[str]]
    roles: dict[str, re.Pattern[str]]
    first_section_bonus: float
    mixed_below: float
    role_weights: dict[str, float]
    zero_shot_roles: dict[str, str]


@lru_cache(maxsize=4)
def load_taxonomy(path: Path) -> Taxonomy:
    data = read_side_file(Path(path), _TaxonomyFile, key="classify.taxonomy", what="taxonomy", stage="classify")
    unknown_topics = set(data.topics) - set(CAP_TOPICS)
    unknown_roles = (set(data.roles) | set(data.role_weights) | set(data.zero_shot_roles)) - set(ROLES)
    if unknown_topics or unknown_roles:
        raise ConfigError(f"unknown labels: {sorted(unknown_topics | unknown_roles)}", path=path,
                          stage="classify", fix=f"topics must be CAP major topics {CAP_TOPICS}; "
                                                f"roles one of {ROLES[:-1]}")
    return Taxonomy(data.heading_weight, data.text_weight,
                    {k: p for k, v in data.topics.items() if (p := compile_cues(v)) is not None},
                    {k: p for k, v in data.roles.items() if (p := compile_cues(v)) is not None},
                    data.first_section_bonus, data.mixed_below, data.role_weights, data.zero_shot_roles)


def _scores(patterns: dict[str, re.Pattern[str]], heading: str, text: str, tax: Taxonomy) -> Counter:
    scores: Counter = Counter()
    for label, pattern in patterns.items():
        score = tax.heading_weight * len(pattern.findall(heading)) + tax.text_weight * len(pattern.findall(text))
        if score:
            scores[label] = score
    return scores


def _shares(scores: Counter) -> dict[str, float]:
    total = sum(scores.values())
    return {k: round(v / total, 3) for k, v in scores.most_common()} if total else {}


def _role_votes(section: Section, tax: Taxonomy, is_first: bool) -> Counter:
    """One vote per sentence for the role its cues point to (split on ties), so a single
    cue-dense sentence cannot outweigh the rest of the section."""
    votes: Counter = Counter()
    for paragraph in section.paragraphs:
        for sentence in paragraph.sentences or [paragraph.text]:
            hits = _scores(tax.roles, "", sentence.casefold(), tax)
            if not hits:
                continue
            best = max(hits.values())
            winners = [role for role, score in hits.items() if score == best]
            for role in winners:
                votes[role] += tax.role_weights.get(role, 1.0) / len(winners)
    if section.heading:  # a heading such as "Toezeggingen" names the role outright
        for role, hits in _scores(tax.roles, section.heading.casefold(), "", tax).items():
            votes[role] += hits
    if is_first and section.heading is None:
        votes["introduction"] += tax.first_section_bonus
    return votes


class ZeroShotScorer:
    """Scores labels with an NLI model: P(entailment) of "This text is about <label>." given the
    section, normalised over the labels. The optional model-based alternative to the cues."""

    def __init__(self, model: Any, tokenizer: Any, cfg: ClassifyConfig, info: ModelInfo) -> None:
        self.model, self.tokenizer, self.cfg, self.info = model, tokenizer, cfg, info
        label2id = {k.lower(): v for k, v in model.config.label2id.items()}
        if "entailment" not in label2id or "contradiction" not in label2id:
            raise ModelUnavailableError(f"{info.id} is not an NLI model (labels {sorted(label2id)})",
                                        stage="classify", fix="set classify.model to an NLI checkpoint")
        self.entail, self.contradict = label2id["entailment"], label2id["contradiction"]

    def shares(self, text: str, labels: dict[str, str]) -> dict[str, float]:
        import torch

        names = list(labels)
        hypotheses = [self.cfg.hypothesis.format(labels[n]) for n in names]
        probabilities: list[float] = []
        for start in range(0, len(names), self.cfg.hypotheses_per_call):
            batch = hypotheses[start:start + self.cfg.hypotheses_per_call]
            enc = self.tokenizer([text] * len(batch), batch, return_tensors="pt", padding=True,
                                 truncation="only_first", max_length=min(512, self.tokenizer.model_max_length))
            enc = {k: v.to(self.model.device) for k, v in enc.items()}
            with torch.inference_mode():
                logits = self.model(**enc).logits[:, [self.contradict, self.entail]]
            probabilities += logits.softmax(dim=-1)[:, 1].tolist()
        total = sum(probabilities) or 1.0
        ranked = sorted(zip(names, probabilities), key=lambda item: -item[1])
        return {name: round(p / total, 3) for name, p in ranked}


def classify_section(section: Section, tax: Taxonomy, is_first: bool, scorer: ZeroShotScorer | None = None) -> None:
    heading = (section.heading or "").casefold()
    if scorer is not None:
        text = f"{section.heading or ''}\n{section.text}".strip()
        section.topic_scores = scorer.shares(text, {t: t for t in CAP_TOPICS})
        section.topic = next(iter(section.topic_scores))
        section.role_scores = scorer.shares(text, tax.zero_shot_roles)
        best, share = next(iter(section.role_scores.items()))
        section.role = best if share >= tax.mixed_below else "mixed"
        return
    topics = _scores(tax.topics, heading, section.text.casefold(), tax)
    section.topic_scores = _shares(topics)
    section.topic = topics.most_common(1)[0][0] if topics else None
    votes = _role_votes(section, tax, is_first)
    section.role_scores = _shares(votes)
    if not votes:
        section.role = "mixed"
    else:
        best, share = next(iter(section.role_scores.items()))
        section.role = best if share >= tax.mixed_below else "mixed"


def classify(doc: Document, taxonomy: Taxonomy, scorer: ZeroShotScorer | None = None,
             deadline: Deadline | None = None) -> Document:
    """Label every section; with `scorer` (classify.method zero_shot) an NLI model scores the labels.
    `deadline` (the letter's time budget) is checked before every section."""
    answers = doc.metadata.document_type == ANSWERS_TYPE
    for index, section in enumerate(doc.sections):
        if deadline is not None:
            deadline.check("classify")
        if section.paragraphs:
            classify_section(section, taxonomy, is_first=index == 0, scorer=scorer)
            if answers and section.heading and QUESTION_LABEL.match(section.heading):
                section.role, section.role_scores = ANSWER_ROLE, {ANSWER_ROLE: 1.0}
    if scorer is not None:
        doc.provenance.models["classify"] = scorer.info
    # A section whose text names no topic is about the letter's main topic.
    letter_topics: Counter = Counter()
    for section in doc.sections:
        for topic, share in (section.topic_scores or {}).items():
            letter_topics[topic] += share
    main_topic = letter_topics.most_common(1)[0][0] if letter_topics else None
    for section in doc.sections:
        if section.paragraphs and section.topic is None:
            section.topic = main_topic
    # Parents without text: most common topic among their children; no role of their own.
    for section in reversed(doc.sections):
        if not section.paragraphs:
            children = Counter(s.topic for s in doc.sections if s.parent == section.id and s.topic)
            section.topic = children.most_common(1)[0][0] if children else None
    return doc


def zero_shot_scorer(cfg: Config) -> ZeroShotScorer | None:
    """The NLI scorer when classify.method is zero_shot (model resolved and loaded like the others)."""
    if cfg.classify.method != "zero_shot":
        return None
    resolved = resolve("classify", cfg.classify, Path(cfg.models_dir))
    model, tokenizer = load_sequence_classifier(resolved, cfg.classify.device, cfg.threads)
    return ZeroShotScorer(model, tokenizer, cfg.classify, resolved.info())
