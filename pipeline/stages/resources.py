"""The side files the stages read (taxonomy, key-fact cues, glossary), loaded and validated once per run.

A bad side file is a ConfigError naming the file and the config key that points at it, raised when
the run is planned (before any letter or model), never halfway through a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.stages.classify import Taxonomy, load_taxonomy
from pipeline.stages.keyfacts import KeyFactCues, load_key_fact_cues
from pipeline.stages.translate.fidelity import Term, load_glossary


@dataclass(frozen=True)
class Resources:
    taxonomy: Taxonomy  # classify.taxonomy
    key_fact_cues: KeyFactCues  # keyfacts.cues
    glossary: tuple[Term, ...]  # translate.glossary (empty: none)

    @classmethod
    def load(cls, cfg: Config) -> Resources:
        """Every side file `cfg` names (its paths are absolute since load_config)."""
        return cls(taxonomy=load_taxonomy(Path(cfg.classify.taxonomy)),
                   key_fact_cues=load_key_fact_cues(Path(cfg.keyfacts.cues)),
                   glossary=tuple(load_glossary(cfg.translate.glossary)))
