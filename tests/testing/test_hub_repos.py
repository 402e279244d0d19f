"""Hub-shaped tiny repositories (pipeline/testing/hub_repos.py): the real file names and settings,
tiny weights, a commit id that follows the content."""

from __future__ import annotations

import json
from dataclasses import replace

from pipeline.models.resolution import TINY_MARKER
from pipeline.testing.hub_repos import UNEXPECTED_CODE, bart_repo, git_blob_id, marian_repo, nli_repo


def test_git_blob_id_is_gits():
    # `printf 'hello\n' | git hash-object --stdin`
    assert git_blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_marian_repo_has_the_real_layout_and_generation_defaults(tiny_models):
    repo = marian_repo(tiny_models["translate"])
    assert {"config.json", "generation_config.json", "source.spm", "target.spm", "vocab.json",
            "tokenizer_config.json", "model.safetensors", "pytorch_model.bin"} <= set(repo.files)
    assert TINY_MARKER not in repo.files
    config = json.loads(repo.files["config.json"])
    vocab = json.loads(repo.files["vocab.json"])
    pad = vocab["<pad>"]
    assert pad == len(vocab) - 1 == config["pad_token_id"] == config["decoder_start_token_id"]
    assert config["bad_words_ids"] == [[pad]] and config["num_beams"] == 6 and config["max_length"] == 512
    assert {"model.safetensors", "pytorch_model.bin"} <= repo.lfs and "config.json" not in repo.lfs


def test_bart_repo_is_bin_only_with_vocab_merges_and_unexpected_code(tiny_models):
    repo = bart_repo(tiny_models["summarize"])
    assert not any(name.endswith(".safetensors") for name in repo.files)
    assert {"config.json", "vocab.json", "merges.txt", "pytorch_model.bin", UNEXPECTED_CODE} <= set(repo.files)
    config = json.loads(repo.files["config.json"])
    assert (config["bos_token_id"], config["pad_token_id"], config["eos_token_id"]) == (0, 1, 2)
    assert config["decoder_start_token_id"] == 2 and config["forced_bos_token_id"] == 0
    summarization = config["task_specific_params"]["summarization"]
    assert summarization["num_beams"] == 4 and summarization["no_repeat_ngram_size"] == 3
    vocab = json.loads(repo.files["vocab.json"])
    assert [vocab[t] for t in ("<s>", "<pad>", "</s>")] == [0, 1, 2]
    assert repo.files["merges.txt"].startswith(b"#version:")


def test_commit_is_stable_and_follows_the_content(tiny_models):
    repo = marian_repo(tiny_models["translate"])
    assert len(repo.commit) == 40 and int(repo.commit, 16) >= 0
    assert replace(repo, files=dict(repo.files)).commit == repo.commit
    changed = replace(repo, files={**repo.files, "README.md": b"changed\n"})
    assert changed.commit != repo.commit


def test_nli_repo_has_the_real_labels_and_no_marker(tiny_models):
    repo = nli_repo(tiny_models["classify"])
    labels = json.loads(repo.files["config.json"])["id2label"]
    assert sorted(labels.values()) == ["contradiction", "entailment", "neutral"]
    assert TINY_MARKER not in repo.files and "model.safetensors" in repo.lfs
