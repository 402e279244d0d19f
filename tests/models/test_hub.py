"""The real-model path end to end against a local hub (pipeline/testing/hub_server.py): `kamerbrief
models` downloads, verifies, converts and records the revision; a second run downloads nothing;
an offline translate runs on the downloaded models and its notes name the commits; a dropped, a
truncated, a missing and a failing download each end in one clear message.

The user's commands run in a subprocess, as a user runs them: huggingface_hub reads HF_ENDPOINT and
HF_HUB_OFFLINE once, at import (constants.py), so they cannot be changed inside this process (where
tests/conftest.py forces it offline)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ModelUnavailableError
from pipeline.models.hub import REVISION_FILE
from pipeline.models.resolution import resolve, resolve_all
from pipeline.testing.hub_repos import CANARY, UNEXPECTED_CODE, bart_repo, marian_repo, nli_repo
from pipeline.testing.hub_server import LocalHub, Request

ROOT = Path(__file__).resolve().parents[2]
MARIAN = "Helsinki-NLP/opus-mt-nl-en"
BART = "sshleifer/distilbart-cnn-12-6"
NLI = "MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7"
TINY_DECODING = ["translate.num_beams=2", "summarize.num_beams=2", "summarize.section_max_tokens=24",
                 "summarize.letter_max_tokens=32", "threads=1"]
LETTER = """Tweede Kamer der Staten-Generaal
Datum 12 maart 2024
Betreft Voortgang van het programma

Geachte voorzitter,

Met deze brief informeer ik uw Kamer over de voortgang van het programma. Het kabinet heeft besloten
om in 2024 een bedrag van 15 miljoen euro beschikbaar te stellen. Ik zal uw Kamer voor de zomer
opnieuw informeren over de uitvoering.

De minister van Binnenlandse Zaken,

J. de Vries
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hub(tiny_models):
    repos = [marian_repo(tiny_models["translate"]), bart_repo(tiny_models["summarize"]),
             nli_repo(tiny_models["classify"])]
    server = LocalHub({repo.repo_id: repo for repo in repos}).start()
    yield server
    server.stop()


def command_line(command: list[str], hub: LocalHub, home: Path, *overrides: str,
                 offline: bool = False) -> tuple[list[str], dict[str, str]]:
    """`python -m pipeline COMMAND ...` as a user runs it against the local hub, and its environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "HF_HUB_CACHE")}
    env.update(HF_ENDPOINT=hub.url, HF_HOME=str(home / "hf"), NO_PROXY="127.0.0.1", HF_HUB_DISABLE_TELEMETRY="1")
    if offline:
        env["HF_HUB_OFFLINE"] = "1"
    settings = [f"models_dir={home / 'models'}", f"cache.path={home / 'cache.sqlite'}", *overrides]
    return [sys.executable, "-m", "pipeline", *command, *(a for s in settings for a in ("--set", s))], env


def run(command: list[str], hub: LocalHub, home: Path, *overrides: str, offline: bool = False):
    """Run the command to its end; returns the process and the requests it made."""
    args, env = command_line(command, hub, home, *overrides, offline=offline)
    start = len(hub.log)
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return proc, hub.requests_since(start)


def files_fetched(requests: list[Request]) -> list[str]:
    """Requests that transfer a file (not the API's metadata calls)."""
    return [str(r) for r in requests if r.origin == "cdn" or "/resolve/" in r.path]


def bart_pin(hub: LocalHub) -> str:
    return f"summarize.revision={hub.repos[BART].commit}"


def assert_one_clear_error(proc, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()  # the message and its fix, no retry chatter, no traceback
    assert len(lines) == 2 and lines[0].startswith("error:") and lines[1].lstrip().startswith("fix:"), proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)


@pytest.fixture(scope="module")
def downloaded(hub, tmp_path_factory):
    """One `kamerbrief models` run into a fresh models/, its connection to the CDN dropped once."""
    home = tmp_path_factory.mktemp("hub-home")
    hub.faults["model.safetensors"] = "drop_once"
    proc, requests = run(["models"], hub, home, bart_pin(hub))
    assert proc.returncode == 0, proc.stderr
    assert "model.safetensors" not in hub.faults  # the fault did fire
    for repo_id in (MARIAN, BART):
        assert f"{repo_id.replace('/', '--')} (revision {hub.repos[repo_id].commit})" in proc.stdout
    return home, requests


def test_models_downloads_verifies_converts_and_records_the_commit(hub, downloaded):
    home, requests = downloaded
    print("\nrequests of a first `kamerbrief models`:\n" + "\n".join(map(str, requests)))
    for repo_id in (MARIAN, BART):
        folder = home / "models" / repo_id.replace("/", "--")
        repo = hub.repos[repo_id]
        assert (folder / REVISION_FILE).read_text().strip() == repo.commit
        assert (folder / "ctranslate2" / "model.bin").is_file()
        assert (folder / "model.safetensors").is_file()
        assert not (folder / "pytorch_model.bin").exists()  # Marian has safetensors; BART's was converted
        for name in ("config.json", "vocab.json"):
            assert (folder / name).read_bytes() == repo.files[name]
    marian = home / "models" / "Helsinki-NLP--opus-mt-nl-en"
    weights = hub.repos[MARIAN].files["model.safetensors"]
    assert hashlib.sha256((marian / "model.safetensors").read_bytes()).digest() == hashlib.sha256(weights).digest()
    # The revision asked for was resolved once; every file then came from that one commit.
    assert any(r.path == f"/api/models/{MARIAN}/revision/main" for r in requests)
    assert any(r.path == f"/api/models/{BART}/revision/{hub.repos[BART].commit}" for r in requests)
    fetched = files_fetched(requests)
    # The dropped connection was retried and the file completed (verified against its sha256).
    assert sum(r.origin == "cdn" and r.method == "GET" and r.status in (200, 206) for r in requests) == 3
    # Never a repository's code, nor the model card, nor weights the pipeline does not load.
    assert not any(name in line for line in fetched for name in (UNEXPECTED_CODE, "README.md", ".gitattributes"))
    assert not any(f"{MARIAN}/resolve/" in line and "pytorch_model.bin" in line for line in fetched)
    assert not any(p.suffix == ".py" for p in (home / "models").rglob("*"))
    assert not list((home / "models").rglob(CANARY))


def test_second_run_downloads_nothing(hub, downloaded):
    home, _ = downloaded
    proc, requests = run(["models"], hub, home, bart_pin(hub))
    assert proc.returncode == 0, proc.stderr
    print("\nrequests of a second `kamerbrief models`:\n" + "\n".join(map(str, requests)))
    assert requests and all(r.method == "GET" and r.path.startswith("/api/models/") for r in requests)
    assert not files_fetched(requests)


def test_zero_shot_classify_adds_its_model_unconverted(hub, downloaded):
    home, _ = downloaded
    proc, requests = run(["models"], hub, home, bart_pin(hub), "classify.method=zero_shot")
    assert proc.returncode == 0, proc.stderr
    from_hub = [line for line in files_fetched(requests) if line.startswith("hub")]
    assert from_hub and all(NLI in line for line in from_hub)  # the other two are current already
    folder = home / "models" / NLI.replace("/", "--")
    assert (folder / REVISION_FILE).read_text().strip() == hub.repos[NLI].commit
    assert not (folder / "ctranslate2").exists()  # the classifier runs on transformers only


def test_offline_translate_uses_the_downloaded_models_and_names_their_commits(hub, downloaded, tmp_path):
    home, _ = downloaded
    letters = tmp_path / "in"
    letters.mkdir()
    (letters / "brief.txt").write_text(LETTER, "utf-8")
    out = tmp_path / "out"
    proc, requests = run(["translate", str(letters), "--out", str(out)], hub, home, bart_pin(hub), *TINY_DECODING,
                         offline=True)
    assert proc.returncode == 0, proc.stderr
    assert not requests  # HF_HUB_OFFLINE: not one request
    note = json.loads((out / "brief.json").read_text("utf-8"))
    models = note["provenance"]["models"]
    assert models["translate"]["revision"] == hub.repos[MARIAN].commit
    assert models["summarize"]["revision"] == hub.repos[BART].commit


def test_missing_models_are_named_exactly(hub, downloaded, tmp_path):
    """The fail-fast message names what is missing, and only that."""
    home, _ = downloaded
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "Helsinki-NLP--opus-mt-nl-en").symlink_to(home / "models" / "Helsinki-NLP--opus-mt-nl-en")
    cfg = load_config(None, [f"models_dir={models_dir}", bart_pin(hub)])
    with pytest.raises(ModelUnavailableError) as err:
        resolve_all(cfg)
    assert BART in err.value.message and MARIAN not in err.value.message


def test_a_pinned_commit_the_copy_does_not_hold_fails_up_front(hub, downloaded):
    home, _ = downloaded
    cfg = load_config(None, [f"models_dir={home / 'models'}", "summarize.revision=" + "f" * 40])
    with pytest.raises(ModelUnavailableError) as err:
        resolve("summarize", cfg.summarize, home / "models")
    assert hub.repos[BART].commit in err.value.message and "make models" in err.value.fix


@pytest.mark.parametrize("overrides, needle", [
    (["translate.model=Helsinki-NLP/opus-mt-nl-xx"], "no such repository"),
    (["translate.revision=no-such-branch"], "no such revision"),
])
def test_unknown_repository_or_revision_is_one_clear_message(hub, tmp_path, overrides, needle):
    proc, requests = run(["models"], hub, tmp_path, *overrides)
    model = overrides[0].split("=")[1] if "model=" in overrides[0] else MARIAN
    assert_one_clear_error(proc, needle, model, hub.url, "translate.")
    assert [r.status for r in requests] == [404]


def test_server_error_is_one_clear_message(hub, tmp_path):
    hub.api_status = 500
    try:
        proc, requests = run(["models"], hub, tmp_path)
    finally:
        hub.api_status = None
    assert_one_clear_error(proc, "HTTP 500", MARIAN, hub.url)
    assert not files_fetched(requests)


def test_truncated_file_fails_clearly_and_the_next_run_starts_over_cleanly(hub, tmp_path):
    hub.faults["model.safetensors"] = "truncate"
    try:
        proc, requests = run(["models"], hub, tmp_path, bart_pin(hub))
    finally:
        hub.faults.pop("model.safetensors", None)
    assert_one_clear_error(proc, MARIAN, hub.url, "make models` again")
    folder = tmp_path / "models" / "Helsinki-NLP--opus-mt-nl-en"
    assert not (folder / "model.safetensors").exists() and not (folder / REVISION_FILE).exists()
    assert not [p for p in folder.rglob("*") if p.name.endswith(".incomplete")]  # nothing half-written kept
    proc, requests = run(["models"], hub, tmp_path, bart_pin(hub))
    assert proc.returncode == 0, proc.stderr
    assert (folder / REVISION_FILE).read_text().strip() == hub.repos[MARIAN].commit
    # Files complete before the failure are not fetched again; the broken one is.
    assert [line for line in files_fetched(requests) if "config.json" in line and MARIAN in line] == []


def test_a_file_that_fails_its_checksum_is_deleted_and_named(hub, tmp_path):
    hub.faults["vocab.json"] = "corrupt"
    try:
        proc, _ = run(["models"], hub, tmp_path, bart_pin(hub))
    finally:
        hub.faults.pop("vocab.json", None)
    assert_one_clear_error(proc, MARIAN, "vocab.json", "checksums")
    folder = tmp_path / "models" / "Helsinki-NLP--opus-mt-nl-en"
    assert not (folder / "vocab.json").exists() and not (folder / REVISION_FILE).exists()
    proc, requests = run(["models"], hub, tmp_path, bart_pin(hub))
    assert proc.returncode == 0, proc.stderr
    assert (folder / "vocab.json").read_bytes() == hub.repos[MARIAN].files["vocab.json"]


def test_a_download_killed_half_way_starts_clean_next_time(hub, tmp_path):
    """SIGKILL in the middle of the weights (a closed laptop, a killed job): no half file stands in
    for the model, and the next run downloads it whole."""
    hub.faults["model.safetensors"] = "stall"
    hub.release.clear()
    args, env = command_line(["models"], hub, tmp_path, bart_pin(hub))
    start = len(hub.log)
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(r.origin == "cdn" and r.method == "GET" for r in hub.requests_since(start)):
            assert proc.poll() is None and time.monotonic() < deadline, "the weights were never requested"
            time.sleep(0.1)
        time.sleep(0.5)  # the first half is on its way
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        hub.faults.pop("model.safetensors", None)
        hub.release.set()
    folder = tmp_path / "models" / "Helsinki-NLP--opus-mt-nl-en"
    assert not (folder / "model.safetensors").exists() and not (folder / REVISION_FILE).exists()
    proc, requests = run(["models"], hub, tmp_path, bart_pin(hub))
    assert proc.returncode == 0, proc.stderr
    assert (folder / "model.safetensors").read_bytes() == hub.repos[MARIAN].files["model.safetensors"]
    assert (folder / REVISION_FILE).read_text().strip() == hub.repos[MARIAN].commit
