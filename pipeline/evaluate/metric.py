"""The base of every measurement against a gold set (sacrebleu's `Metric`, for this project).

A `GoldMetric` knows its gold files and four things:

- `compare(doc, gold)`: one document against its gold item → a per-item result (counts);
- `aggregate(results)`: the items' results → an `Aggregate`: the pooled counts, their scores (what the
  targets judge) and, per measure, the mean over items and the worst item;
- `targets()`: the thresholds the overall scores must reach;
- `signature()`: a reproducible string printed with every score, e.g.
  `structure|gold:3f09c2d1a7b4|n:5|pipeline:0.1.0|classifier:cues`: the metric, the version of the
  gold set (a hash of its files and of the letters they annotate), how many items, the project's
  version and the metric's options. Two scores with the same signature were measured the same way
  on the same gold.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, TypeVar

import pipeline
from pipeline.config import Config, resolve_path
from pipeline.document import Document
from pipeline.engines.local import analyse
from pipeline.errors import EvaluationError
from pipeline.render.files import atomic_write
from pipeline.stages.classify import ZeroShotScorer
from pipeline.stages.resources import Resources

EPSILON = 1e-9  # scores are ratios of counts: a score equal to its target must pass


class ItemResult(Protocol):
    """What `compare` gives for one item: counts that pool by addition and give scores."""

    def add(self, other: Any) -> None: ...

    def scores(self) -> Mapping[str, Any]: ...


R = TypeVar("R", bound=ItemResult)
K = TypeVar("K", bound=Hashable)


def fmt(value: float | None) -> str:
    """A score in a table: three decimals, or — where the measure does not apply."""
    return "—" if value is None else f"{value:.3f}"


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass(frozen=True)
class Spread(Generic[K]):
    """Per measure, over the items that have a score for it: the mean and the worst item (its key,
    the first of equals in item order; None where no item has a score)."""

    mean: dict[str, float | None]
    worst: dict[str, K | None]
    counted: dict[str, int]


def mean_and_worst(per_item: Mapping[K, Mapping[str, Any]], measures: Iterable[str]) -> Spread[K]:
    mean: dict[str, float | None] = {}
    worst: dict[str, K | None] = {}
    counted: dict[str, int] = {}
    for m in measures:
        scored = [k for k, scores in per_item.items() if scores.get(m) is not None]
        counted[m] = len(scored)
        mean[m] = sum(per_item[k][m] for k in scored) / len(scored) if scored else None
        worst[m] = min(scored, key=lambda k: per_item[k][m]) if scored else None
    return Spread(mean, worst, counted)


@dataclass(frozen=True)
class Aggregate(Generic[R]):
    pooled: R  # every item's counts added up
    overall: dict[str, Any]  # the pooled counts' scores: what the targets judge
    per_item: dict[str, Mapping[str, Any]]  # each item's scores
    spread: Spread[str]  # mean and worst item per measure

    def spread_json(self) -> dict[str, Any]:
        """Mean and worst item per measure, for a JSON report."""
        return {"mean": self.spread.mean, "worst": {
            m: None if k is None else {"item": k, "score": self.per_item[k][m]}
            for m, k in self.spread.worst.items()}}


def gold_hash(files: Iterable[Path]) -> str:
    """12 hex digits of SHA-256 over the files' names and bytes, in name order: the gold set's version."""
    digest = hashlib.sha256()
    for path in sorted(set(files), key=lambda p: (p.name, str(p))):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


class GoldMetric(ABC, Generic[R]):
    """One measurement against the gold files `pattern` in `gold_dir` (see the module docstring)."""

    name: ClassVar[str]
    pattern: ClassVar[str]  # glob of the gold files in the gold folder
    measures: tuple[str, ...]  # the scores that get a mean and a worst item
    TARGETS: ClassVar[dict[str, float]]
    stage: ClassVar[str]  # the command, for error messages
    missing: ClassVar[str]  # the error when the folder has no gold files
    fix: ClassVar[str]  # what to do then

    def __init__(self, gold_dir: Path, targets: Mapping[str, float] | None = None) -> None:
        self.gold_dir = gold_dir
        self._targets = dict(self.TARGETS if targets is None else targets)
        self._gold: list[tuple[Path, dict]] | None = None

    # -- the gold set -------------------------------------------------------------------------------
    @classmethod
    def read_gold(cls, gold_dir: Path) -> list[tuple[Path, dict]]:
        """The gold files in `gold_dir` (path, parsed and checked), in name order."""
        files = sorted(gold_dir.glob(cls.pattern))
        if not files:
            raise EvaluationError(cls.missing, path=gold_dir, stage=cls.stage, fix=cls.fix)
        gold = []
        for path in files:
            data = json.loads(path.read_text(encoding="utf-8"))
            cls.check(path, data)
            gold.append((path, data))
        return gold

    @classmethod
    def check(cls, path: Path, gold: dict) -> None:
        """Raise EvaluationError when one gold file is malformed (subclasses say what they need)."""

    def gold(self) -> list[tuple[Path, dict]]:
        """This metric's gold files, read once."""
        if self._gold is None:
            self._gold = self.read_gold(self.gold_dir)
        return self._gold

    def item_name(self, path: Path) -> str:
        return path.name.removesuffix(self.pattern.removeprefix("*"))

    def gold_files(self) -> list[Path]:
        """The files whose bytes version the gold set: the gold files and the letters they annotate."""
        files = [path for path, _ in self.gold()]
        inputs = [resolve_path(g["input"]) for _, g in self.gold() if isinstance(g.get("input"), str)]
        return files + [p for p in inputs if p.is_file()]

    # -- measuring ----------------------------------------------------------------------------------
    @abstractmethod
    def compare(self, doc: Any, gold: dict) -> R:
        """One document (or note) against its gold item."""

    @abstractmethod
    def empty(self) -> R:
        """Zero counts, to pool into."""

    def results(self, document_for: Callable[[dict], Any | None]) -> dict[str, R]:
        """Item name → result, for every gold item whose document `document_for(gold)` gives
        (None: the item has no document and is left out)."""
        results: dict[str, R] = {}
        for path, gold in self.gold():
            doc = document_for(gold)
            if doc is not None:
                results[self.item_name(path)] = self.compare(doc, gold)
        return results

    def aggregate(self, results: Mapping[str, R]) -> Aggregate[R]:
        pooled = self.empty()
        for result in results.values():
            pooled.add(result)
        per_item = {name: result.scores() for name, result in results.items()}
        return Aggregate(pooled, dict(pooled.scores()), per_item, mean_and_worst(per_item, self.measures))

    # -- judging and naming -------------------------------------------------------------------------
    def targets(self) -> dict[str, float]:
        return dict(self._targets)

    def meets(self, overall: Mapping[str, Any]) -> bool:
        """Every target reached; a measure without a score (nothing to measure in this set) is not judged."""
        return all(overall[m] is None or overall[m] >= t - EPSILON for m, t in self._targets.items())

    def options(self) -> dict[str, object]:
        """What else decides the scores (subclasses add theirs), in signature order."""
        return {}

    def signature(self) -> str:
        fields = {self.name: None, "gold": gold_hash(self.gold_files()), "n": len(self.gold()),
                  "pipeline": pipeline.__version__, **self.options()}
        return "|".join(k if v is None else f"{k}:{v}" for k, v in fields.items())


def analysed(cfg: Config, scorer: ZeroShotScorer | None = None) -> Callable[[dict], Document]:
    """A gold item's input letter through the model-free analysis (as `kamerbrief segment` runs it)."""
    resources = Resources.load(cfg)
    return lambda gold: analyse(resolve_path(gold["input"]), cfg, resources, scorer=scorer)


def signature_line(signature: str) -> str:
    return f"Signature: `{signature}`"


def write_report(out: Path, stem: str, text: str, data: Mapping[str, Any], **json_options: Any) -> None:
    """`<stem>.md` (the printed tables, ending in one line break) and `<stem>.json` (the numbers) in
    `out`, atomically."""
    atomic_write(out / f"{stem}.md", text if text.endswith("\n") else text + "\n")
    atomic_write(out / f"{stem}.json", json.dumps(data, **json_options) + "\n")
