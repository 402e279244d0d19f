"""pipeline.stages.resources: every side file the stages read is loaded and validated once, when the
run is planned; a bad one is a ConfigError naming the file and the key that points at it."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.stages.resources import Resources


def test_the_default_side_files_load_into_one_frozen_bundle():
    resources = Resources.load(load_config())
    assert resources.taxonomy is not None and resources.key_fact_cues is not None
    assert resources.glossary and all(term.nl and term.en for term in resources.glossary)
    with pytest.raises(AttributeError):
        resources.glossary = ()  # frozen: a stage cannot change what the others read


def test_no_glossary_is_an_empty_one():
    assert Resources.load(load_config(None, ["translate.glossary=null"])).glossary == ()


@pytest.mark.parametrize("key, stage", [("classify.taxonomy", "classify"), ("keyfacts.cues", "keyfacts"),
                                        ("translate.glossary", "translate")])
def test_a_broken_side_file_names_itself_and_its_key(tmp_path, key, stage):
    broken = tmp_path / "broken.yaml"
    broken.write_text("topics: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Resources.load(load_config(None, [f"{key}={broken}"]))
    err = caught.value
    assert err.path and "broken.yaml" in err.path and err.stage == stage
    assert key in str(err)
