"""Typed, validated configuration.

`configs/default.yaml` holds every default, in one place. A user config (`--config FILE`) and
`--set key.path=value` overrides are laid over it, and the merged result is validated into the
frozen models below. Unknown keys and wrong types are `ConfigError`s that name the key and the file
that set it. The models declare no defaults of their own on purpose: a key missing from
default.yaml is a bug that fails loudly at load.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import reprlib
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "configs" / "default.yaml"


# Bounds of numeric keys: a count of things (pages, beams, sentences per call, tokens) is at least 1,
# a size, ratio or time is above 0; infinities and NaN are never meant ("no limit" is spelled null
# where a key allows it). A value out of range fails at load, naming the key and where it was set,
# instead of failing every letter later inside a model call.
Count = Annotated[int, Field(ge=1)]
CountOrZero = Annotated[int, Field(ge=0)]  # 0 switches the feature off (no_repeat_ngram_size)
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]


def resolve_path(value: str) -> Path:
    """Config paths are relative to the project root unless absolute (`~` is the home folder)."""
    p = Path(value).expanduser()
    return p if p.is_absolute() else PROJECT_ROOT / p


# A file or folder the config names: made absolute when the config is loaded (relative to the
# project root), so no code after load_config resolves a config path again.
ProjectPath = Annotated[str, AfterValidator(lambda value: str(resolve_path(value)))]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class IngestConfig(_Section):
    # Limits that keep one hostile or absurd input from stalling or exhausting a batch; a letter
    # over a limit fails with a LimitError naming the key, and the batch goes on.
    max_file_mb: Positive
    max_pages: Count  # PDF pages
    max_chars: Count  # characters of extracted text (before cleaning)
    max_decompressed_mb: Positive  # any one decompressed PDF stream (decompression bombs)
    # Wall-clock budget per letter, checked cooperatively (between PDF pages, between stages and
    # before every model call); null: no limit.
    max_seconds_per_letter: Positive | None
    # Regexes for whole lines that are page furniture wherever they appear (page numbers, ...).
    furniture_patterns: list[str]
    # A short line repeated on at least this many pages is a running header/footer.
    repeated_line_min_pages: Annotated[int, Field(ge=2)]  # "repeated": on two pages at least


class SegmentConfig(_Section):
    language: str
    # Abbreviations (without their final period) after which a sentence never ends.
    abbreviations: list[str]
    # Abbreviations that end the sentence when a capital follows ("… pensioen, etc. Er worden …").
    sentence_final_abbreviations: list[str]
    # A heading block without a markup level longer than this is read as a paragraph (ingest's
    # own text rules cap headings at 12 words; this may set a lower cap).
    max_heading_words: Count


class ClassifyConfig(_Section):
    taxonomy: ProjectPath  # the YAML taxonomy with cues for CAP topics and section roles
    # "cues": the transparent YAML scorer (offline, default). "zero_shot": an NLI model scores each
    # label's hypothesis against the section (same interface, same stored scores).
    method: Literal["cues", "zero_shot"]
    model: str  # NLI checkpoint for method zero_shot (hub id or local folder)
    revision: str | None
    device: Literal["auto", "cpu", "cuda"]
    hypotheses_per_call: Count  # zero_shot: at most this many (section, label) pairs per NLI call
    hypothesis: str  # "{}" is replaced by the topic name or the role's description


class KeyFactsConfig(_Section):
    cues: ProjectPath  # the YAML cues for key facts (decisions, Dutch position, money, dates, ...)


Backend = Literal["transformers", "ctranslate2"]
ComputeType = Literal["auto", "float32", "float16", "bfloat16", "int8", "int8_float32", "int8_float16",
                      "int8_bfloat16"]


class ModelConfig(_Section):
    model: str  # hub id, or a local folder holding a checkpoint
    revision: str | None
    # Inference engine: "transformers" (torch) or "ctranslate2" (a converted copy of the checkpoint).
    backend: Backend
    # Weights/arithmetic; "auto": ctranslate2 int8 on CPU, float16 on GPU; transformers float32 on
    # CPU, float16 on GPU.
    compute_type: ComputeType
    device: Literal["auto", "cpu", "cuda"]
    num_beams: Count


class TranslateConfig(ModelConfig):
    sentences_per_call: Count  # at most this many sentences per model call
    # Sentences longer than this many source tokens are split at clause boundaries, then rejoined.
    max_input_tokens: Count
    # Decoding budget per sentence: max_new_tokens = ratio * source tokens + 10.
    max_length_ratio: Positive
    # Token budget per model call: inputs sorted by length are batched while
    # (inputs in the batch) x (longest input's tokens) stays within this.
    max_batch_tokens: Count
    # Fidelity checks (pipeline/stages/translate/fidelity.py). YAML glossary of Dutch terms and their established
    # English forms (null: no glossary); "repair" replaces known wrong variants after translation,
    # "protect" sends a placeholder the model copies and inserts the English form.
    glossary: ProjectPath | None
    glossary_mode: Literal["repair", "protect"]
    # A translation whose length (characters) is outside [low, high] x the source's is degenerate.
    length_ratio_bounds: Annotated[list[Annotated[float, Field(ge=0, allow_inf_nan=False)]],
                                   Field(min_length=2, max_length=2)]  # [low, high]

    @field_validator("length_ratio_bounds")
    @classmethod
    def _low_below_high(cls, bounds: list[float]) -> list[float]:
        if bounds[0] >= bounds[1]:
            raise ValueError("the low bound must be below the high one")
        return bounds


class SummarizeConfig(ModelConfig):
    texts_per_call: Count  # at most this many texts (sections, chunks, summaries) per model call
    # A minimum above its maximum is allowed: generation clamps the minimum to half the budget.
    section_min_tokens: CountOrZero
    section_max_tokens: Count
    letter_min_tokens: CountOrZero
    letter_max_tokens: Count
    no_repeat_ngram_size: CountOrZero
    length_penalty: Finite  # beam search: > 0 favours longer, < 0 shorter outputs
    # Generate a degenerate or unfaithful summary once more with stricter decoding before falling
    # back to the translation's first sentences.
    regenerate: bool


class CacheConfig(_Section):
    # Persistent translation cache (SQLite): a sentence translated once by a model, backend and
    # decoding settings is never translated again by them. Safe for concurrent runs.
    enabled: bool
    path: ProjectPath
    max_entries: Count  # least recently used entries are evicted beyond this


class RenderConfig(_Section):
    formats: list[Literal["md", "json", "html", "docx"]]


class EvaluateConfig(_Section):
    references: ProjectPath
    gold: ProjectPath  # hand-annotated structure gold set (make evaluate-structure)
    rouge_types: list[str]


# `kamerbrief fetch` (pipeline/fetch/). Where a detail of a live service could not be confirmed offline
# (type names, allowed hosts) it is a key here, so a user can correct it without a code change.
DocumentKind = Literal["brief", "verslag", "agenda", "antwoord"]  # the values of fetch --type


class TweedeKamerConfig(_Section):
    api_url: str  # the OData v4 service root (…/OData/v4/2.0/)
    # --type → prefixes of the Document's Soort (the documented list: opendata.tweedekamer.nl).
    types: dict[DocumentKind, list[str]]
    # The publication XML of a Kamerstuk (dossier + volgnummer) on officielebekendmakingen, tried
    # before the OData resource (usually a PDF); "{id}" is kst-<dossier>-<nr>. null: resource only.
    publication_xml_url: str | None
    publication_page_url: str  # the official page of a Kamerstuk ("{id}"), the sidecar's url


class OfficieleBekendmakingenConfig(_Section):
    api_url: str  # the SRU 2.0 endpoint
    publications: list[str]  # w.publicatienaam values searched (CQL OR)
    # --type → prefixes of the record's subrubriek (else dcterms:type), matched on the client.
    types: dict[DocumentKind, list[str]]
    records_per_page: Count  # maximumRecords


class FetchConfig(_Section):
    source: Literal["tweedekamer", "officielebekendmakingen"]
    timeout_s: Positive  # connect and read timeout of one request
    retries: CountOrZero  # further tries after a 429, a 5xx or a dropped connection
    backoff_s: Positive  # first wait between tries; doubled each time
    max_backoff_s: Positive
    max_retry_after_s: Positive  # a Retry-After above this is a failure, not a wait
    requests_per_second: Positive  # at most this many requests start per second
    max_download_mb: Positive
    # Hosts documents may be downloaded from besides the API's own; a redirect elsewhere is refused.
    download_hosts: list[str]
    user_agent: str
    tweedekamer: TweedeKamerConfig
    officielebekendmakingen: OfficieleBekendmakingenConfig


class Config(_Section):
    models_dir: ProjectPath
    threads: Count | None
    ingest: IngestConfig
    segment: SegmentConfig
    classify: ClassifyConfig
    keyfacts: KeyFactsConfig
    translate: TranslateConfig
    summarize: SummarizeConfig
    cache: CacheConfig
    render: RenderConfig
    evaluate: EvaluateConfig
    fetch: FetchConfig

    def settings(self) -> dict[str, Any]:
        """The config as JSON data with paths inside the project written relative to its root, so that
        hashes of it (config_hash, a note's run key) do not change when the project is moved."""
        # What fetch downloads never changes how a note is made: its settings stay out of the hashes.
        return _portable(self.model_dump(mode="json", exclude={"fetch"}))

    def hash(self) -> str:
        """Short, stable hash of the effective config (recorded in every note's provenance)."""
        blob = json.dumps(self.settings(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def project_relative(value: str) -> str:
    """A path inside the project relative to its root (as the configs write it); others unchanged."""
    root = str(PROJECT_ROOT) + os.sep
    return value[len(root):] if value.startswith(root) else value


def _portable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _portable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_portable(item) for item in value]
    return project_relative(value) if isinstance(value, str) else value


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found", path=path,
                          fix="check the path given to --config / CONFIG=") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=path) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", path=path,
                          fix="fix the YAML syntax; only plain YAML (no !!python tags) is accepted") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("a config file must be a mapping of keys to values", path=path)
    return data


def _merge(base: dict[str, Any], overlay: dict[str, Any], origin: dict[str, str], source: str,
           prefix: str = "") -> None:
    for key, value in overlay.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, source, dotted + ".")
        else:
            base[key] = copy.deepcopy(value)
            origin[dotted] = source


def _parse_override(item: str) -> tuple[list[str], Any]:
    if "=" not in item:
        raise ConfigError(f"--set expects key.path=value, got {item!r}", path="--set",
                          fix="e.g. --set translate.num_beams=2")
    key, raw = item.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw else None
    except yaml.YAMLError:
        value = raw
    return key.strip().split("."), value


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> Config:
    """Load default.yaml, lay `path` and `overrides` over it, validate, return a frozen Config."""
    merged = _read_yaml(DEFAULT_CONFIG)
    origin: dict[str, str] = {}  # dotted key -> where its value came from: a file, or "--set"
    given: dict[str, str] = {}  # dotted key -> the --set KEY=VALUE that set it, for the error's header
    if path is not None:
        user_path = Path(path)
        if user_path.resolve() != DEFAULT_CONFIG.resolve():
            _merge(merged, _read_yaml(user_path), origin, str(user_path))
    for item in overrides or []:
        keys, value = _parse_override(item)
        nested: dict[str, Any] = value
        for key in reversed(keys):
            nested = {key: nested}
        _merge(merged, nested, origin, "--set")
        given[".".join(keys)] = f"--set {item}"
    try:
        return Config.model_validate(merged)
    except ValidationError as exc:
        problems, wheres = [], []
        for err in exc.errors():
            dotted = ".".join(str(p) for p in err["loc"])
            key = next((k for k in _prefixes(dotted) if k in origin), None)
            source = origin[key] if key is not None else str(DEFAULT_CONFIG)
            # The header names what the user wrote: the --set argument itself, or the file.
            where = given.get(key, source) if source == "--set" else source
            if where not in wheres:
                wheres.append(where)
            if err["type"] == "extra_forbidden":
                problems.append(f"unknown key '{dotted}' (in {source})")
            elif err["type"] == "missing":
                problems.append(f"missing key '{dotted}' (in {source})")
            else:
                message = err["msg"].removeprefix("Value error, ")
                problems.append(f"key '{dotted}' (in {source}): {message}, got {_brief(err.get('input'))}")
        raise ConfigError("invalid configuration:\n  - " + "\n  - ".join(problems),
                          path=", ".join(wheres),
                          fix=f"compare with {DEFAULT_CONFIG.relative_to(PROJECT_ROOT)}, which lists every key") from None


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 5, 5, 80, 80


def _brief(value: Any) -> str:
    """repr() of a config value, bounded even for a YAML alias bomb (a billion-element value)."""
    text = _REPR.repr(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _prefixes(dotted: str) -> list[str]:
    parts = dotted.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


SideFile = TypeVar("SideFile", bound=BaseModel)


def read_side_file(path: Path, schema: type[SideFile], *, key: str, what: str, stage: str) -> SideFile:
    """One YAML side file the config points at (taxonomy, key-fact cues, glossary), validated by
    `schema`: every problem is a ConfigError naming the file, the config key `key` that points at it
    and, for a bad value, its dotted key in the file. An empty file is an empty mapping."""
    fix = f"check {key}, and compare with configs/{path.name}, which lists every key"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{what} file not found", path=path, stage=stage,
                          fix=f"set {key} to an existing YAML file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the {what}: {exc}", path=path, stage=stage, fix=fix) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"invalid {what}: the file must be a mapping of keys to values", path=path, stage=stage,
                          fix=fix)
    try:
        return schema.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            dotted = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                problems.append(f"unknown key '{dotted}'")
            elif err["type"] == "missing":
                problems.append(f"missing key '{dotted}'")
            else:
                message = err["msg"].removeprefix("Value error, ")
                problems.append(f"key '{dotted}': {message}, got {_brief(err.get('input'))}")
        raise ConfigError(f"invalid {what}: " + "; ".join(problems), path=path, stage=stage, fix=fix) from None
