"""Classify: each section gets a CAP policy topic and a role, from transparent YAML cues.

Scores are cue-hit counts (heading hits weigh more), normalised to shares and stored on the section
(`topic_scores`, `role_scores`) so the note can show why a label won. Sections without text of their
own (parents such as "Overige onderwerpen") take the most common topic of their children.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.document import Document, Section
from pipeline.errors import ConfigError

CAP_TOPICS = ("Macroeconomics", "Civil Rights", "Health", "Agriculture", "Labor", "Education",
              "Environment", "Energy", "Immigration", "Transportation", "Law and Crime",
              "Social Welfare", "Housing", "Domestic Commerce", "Defense", "Technology",
              "Foreign Trade", "International Affairs", "Government Operations", "Public Lands",
              "Culture")
ROLES = ("introduction", "report_of_discussion", "decision_or_outcome", "dutch_position",
         "follow_up_commitment", "mixed")


class _TaxonomyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    heading_weight: float
    text_weight: float
    topics: dict[str, list[str]]
    first_section_bonus: float
    mixed_below: float
    roles: dict[str, list[str]]


@dataclass(frozen=True)
class Taxonomy:
    heading_weight: float
    text_weight: float
    topics: dict[str, re.Pattern[str]]
    roles: dict[str, re.Pattern[str]]
    first_section_bonus: float
    mixed_below: float


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    parts = []
    for cue in cues:
        cue = cue.casefold().strip()
        if cue.startswith("*"):
            parts.append(re.escape(cue[1:]))
        else:
            parts.append(r"(?<!\w)" + re.escape(cue))
    return re.compile("|".join(parts))


@lru_cache(maxsize=4)
def load_taxonomy(path: Path) -> Taxonomy:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = _TaxonomyFile.model_validate(raw)
    except FileNotFoundError:
        raise ConfigError("taxonomy file not found", path=path, stage="classify",
                          fix="set classify.taxonomy to an existing YAML file") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"invalid taxonomy: {exc}", path=path, stage="classify") from None
    unknown_topics = set(data.topics) - set(CAP_TOPICS)
    unknown_roles = set(data.roles) - set(ROLES)
    if unknown_topics or unknown_roles:
        raise ConfigError(f"unknown labels: {sorted(unknown_topics | unknown_roles)}", path=path,
                          stage="classify", fix=f"topics must be CAP major topics {CAP_TOPICS}; "
                                                f"roles one of {ROLES[:-1]}")
    return Taxonomy(data.heading_weight, data.text_weight,
                    {k: _cue_pattern(v) for k, v in data.topics.items() if v},
                    {k: _cue_pattern(v) for k, v in data.roles.items() if v},
                    data.first_section_bonus, data.mixed_below)


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


def classify_section(section: Section, tax: Taxonomy, is_first: bool) -> None:
    heading = (section.heading or "").casefold()
    text = section.text.casefold()
    topics = _scores(tax.topics, heading, text, tax)
    section.topic_scores = _shares(topics)
    section.topic = topics.most_common(1)[0][0] if topics else None
    roles = _scores(tax.roles, heading, text, tax)
    if is_first and section.heading is None:
        roles["introduction"] += tax.first_section_bonus
    section.role_scores = _shares(roles)
    if not roles:
        section.role = "mixed"
    else:
        best, share = next(iter(section.role_scores.items()))
        section.role = best if share >= tax.mixed_below else "mixed"


def classify(doc: Document, taxonomy: Taxonomy) -> Document:
    for index, section in enumerate(doc.sections):
        if section.paragraphs:
            classify_section(section, taxonomy, is_first=index == 0)
    # Parents without text: most common topic among their descendants; no role of their own.
    for section in reversed(doc.sections):
        if not section.paragraphs:
            children = Counter(s.topic for s in doc.sections if s.parent == section.id and s.topic)
            section.topic = children.most_common(1)[0][0] if children else None
    if "classify" not in doc.provenance.stages:
        doc.provenance.stages.append("classify")
    return doc
