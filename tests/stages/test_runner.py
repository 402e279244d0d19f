"""The stage list (pipeline.stages) and the one runner (pipeline.stages.runner): order, provenance,
deadlines, and how the Ray engine cuts the list by what each stage needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import PROJECT_ROOT, load_config
from pipeline.document import Document, Metadata, Provenance
from pipeline.engines.local import analyse
from pipeline.errors import LimitError
from pipeline.models.deadline import Deadline
from pipeline.stages import PIPELINE, STAGES, Resources, build_stages, model_free_prefix
from pipeline.stages.runner import run_stages
from tests.conftest import SAMPLE_TXT

CFG = load_config()


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Step:
    """A stage that records its call and lets time pass."""

    needs = "none"
    stoppable = False

    def __init__(self, name: str, calls: list[str], clock: _Clock | None = None, seconds: float = 0.0) -> None:
        self.name, self.calls, self.clock, self.seconds = name, calls, clock, seconds

    def __call__(self, doc, deadline):
        self.calls.append(self.name)
        if self.clock is not None:
            self.clock.now += self.seconds
        if isinstance(doc, Path):
            return Document(source=doc.name, metadata=Metadata(), provenance=Provenance(pipeline_version="test"))
        return doc

    def close(self) -> None:
        pass


def test_the_pipeline_lists_every_stage_once_in_order():
    assert PIPELINE == ("ingest", "segment", "classify", "keyfacts", "translate", "summarize")
    assert set(PIPELINE) == set(STAGES)
    assert all(STAGES[name].name == name for name in PIPELINE)
    assert model_free_prefix() == ("ingest", "segment", "classify", "keyfacts")
    assert [STAGES[name].needs for name in PIPELINE[4:]] == ["translate", "summarize"]


def test_runner_records_each_stage_once_in_the_order_run():
    calls: list[str] = []
    stages = [_Step(name, calls) for name in ("ingest", "segment", "segment", "classify")]
    doc = run_stages(stages, Path("brief.txt"), Deadline(None))
    assert calls == ["ingest", "segment", "segment", "classify"]
    assert doc.provenance.stages == ["ingest", "segment", "classify"]


def test_runner_stops_a_letter_over_its_budget_naming_the_next_stage():
    clock, calls = _Clock(), []
    stages = [_Step("ingest", calls, clock, 2.0), _Step("segment", calls, clock, 2.0), _Step("classify", calls)]
    with pytest.raises(LimitError) as caught:
        run_stages(stages, Path("brief.txt"), Deadline(3.0, "brief.txt", clock=clock))
    assert calls == ["ingest", "segment"] and caught.value.stage == "classify"


def test_model_free_prefix_is_what_analyse_runs():
    doc = analyse(SAMPLE_TXT, CFG)
    assert doc.provenance.stages == list(model_free_prefix())
    assert doc.sections and doc.provenance.config_hash == CFG.hash() and doc.provenance.models == {}


def test_stages_are_built_from_their_own_config_section():
    resources = Resources.load(CFG)
    stages = build_stages(CFG, resources, names=model_free_prefix())
    assert [stage.name for stage in stages] == list(model_free_prefix())
    ingest, segment, classify, keyfacts = stages
    assert ingest.cfg is CFG.ingest and segment.cfg is CFG.segment and classify.cfg is CFG.classify
    assert classify.taxonomy is resources.taxonomy and classify.scorer is None  # cues: no model
    assert keyfacts.cues is resources.key_fact_cues


def test_config_paths_are_absolute_once_loaded():
    assert Path(CFG.classify.taxonomy) == PROJECT_ROOT / "configs" / "taxonomy.yaml"
    for value in (CFG.models_dir, CFG.keyfacts.cues, CFG.translate.glossary, CFG.cache.path,
                  CFG.evaluate.gold, CFG.evaluate.references):
        assert Path(value).is_absolute()
    assert load_config(None, ["cache.path=/tmp/x.sqlite"]).cache.path == "/tmp/x.sqlite"


def test_ray_cuts_the_list_by_what_each_stage_needs():
    ray_cluster = pytest.importorskip("pipeline.engines.ray_cluster")
    text_stages = ("ingest", "segment", "classify", "keyfacts")
    assert ray_cluster.stage_groups(CFG) == [(text_stages, "task"), (("translate",), "model"),
                                             (("summarize",), "model")]
    zero_shot = load_config(None, ["classify.method=zero_shot"])
    assert ray_cluster.stage_groups(zero_shot)[0] == (text_stages, "pool")  # the NLI model loads once per actor
