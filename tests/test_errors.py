"""pipeline.errors: every error says what, where and how to fix it, safely on the console."""

from __future__ import annotations

import signal

import pytest

from pipeline.errors import (ConfigError, EvaluationError, InputError, LimitError, ModelOutputError,
                             ModelUnavailableError, OutputError, PipelineError, RunInterrupted)


def test_message_names_where_and_how_to_fix():
    err = InputError("file is empty", path="in/brief.txt", stage="ingest", fix="pass a letter with text")
    assert str(err) == "[in/brief.txt, stage ingest] file is empty\n  fix: pass a letter with text"
    assert err.as_dict() == {"error": "InputError", "path": "in/brief.txt", "stage": "ingest",
                             "message": "file is empty", "fix": "pass a letter with text"}


def test_message_without_place_or_fix_is_just_the_message():
    assert str(ConfigError("unknown key x")) == "unknown key x"
    assert ConfigError("x").as_dict()["path"] is None


def test_printable_keeps_the_message_lines_but_makes_each_part_inert():
    err = InputError("bad\x1b[2J name\nsecond line", path="evil\nforged.txt", fix="rename \x07it")
    shown = err.printable()
    assert "\x1b" not in shown and "\x07" not in shown
    head, second, fix = shown.split("\n")
    assert head.startswith("[evil\\x0aforged.txt] bad\\x1b[2J name")
    assert second == "second line" and fix == "  fix: rename \\x07it"


@pytest.mark.parametrize("cls", [ConfigError, InputError, LimitError, ModelUnavailableError, ModelOutputError,
                                 EvaluationError, OutputError])
def test_every_expected_failure_is_a_pipeline_error(cls):
    assert issubclass(cls, PipelineError) and issubclass(cls, Exception)


def test_a_limit_is_an_input_error():
    with pytest.raises(InputError):
        raise LimitError("too large")


def test_interruption_passes_through_except_exception():
    stop = RunInterrupted(signal.SIGTERM)
    assert not isinstance(stop, Exception)
    assert (stop.signum, stop.name, str(stop)) == (signal.SIGTERM, "SIGTERM", "stopped by SIGTERM")
