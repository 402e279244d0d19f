"""pipeline.models.deadline: a letter's wall-clock budget, checked between steps and enforced inside
model-free work; model calls are checked before they start."""

from __future__ import annotations

import threading
import time

import pytest

from pipeline.errors import LimitError
from pipeline.models.deadline import Deadline, DeadlineBackend


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_check_passes_within_the_budget_and_names_the_stage_after_it():
    clock = Clock()
    deadline = Deadline(5, source="brief.txt", clock=clock)
    clock.now += 4.9
    deadline.check("segment")
    clock.now += 0.2
    with pytest.raises(LimitError) as caught:
        deadline.check("classify")
    err = caught.value
    assert (err.path, err.stage) == ("brief.txt", "classify")
    assert "ingest.max_seconds_per_letter = 5" in err.message and "max_seconds_per_letter" in err.fix


def test_time_spent_elsewhere_counts():
    clock = Clock()
    deadline = Deadline(5, clock=clock, spent=4.0)
    assert deadline.elapsed() == pytest.approx(4.0)
    clock.now += 1.5
    with pytest.raises(LimitError):
        deadline.check()


def test_no_budget_never_stops():
    clock = Clock()
    deadline = Deadline(None, clock=clock)
    clock.now += 1e9
    deadline.check("translate")
    with deadline.enforced():
        pass


def test_enforced_stops_a_busy_loop_inside_it():
    deadline = Deadline(0.2, source="slow.txt")
    started = time.monotonic()
    with pytest.raises(LimitError), deadline.enforced():
        while True:
            pass
    assert time.monotonic() - started < 2


def test_enforced_repeats_when_the_error_is_swallowed_inside():
    deadline = Deadline(0.1)
    swallowed = 0
    with pytest.raises(LimitError), deadline.enforced():
        while True:
            try:
                while True:
                    pass
            except LimitError:  # a library's broad handler
                swallowed += 1
                if swallowed > 1:
                    raise
    assert swallowed == 2


def test_enforced_refuses_to_start_when_already_over():
    deadline = Deadline(0.01)
    time.sleep(0.03)
    with pytest.raises(LimitError), deadline.enforced():
        pytest.fail("the block must not run")


def test_off_the_main_thread_only_checks_apply():
    outcome = []

    def work():
        with Deadline(0.01).enforced():
            time.sleep(0.05)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


class Backend:
    info = "tiny"
    decoding = "beam 4"

    def translate_batch(self, texts):
        return [t.upper() for t in texts]

    def with_decoding(self, **settings):
        other = Backend()
        other.decoding = settings
        return other


def test_backend_checks_the_deadline_before_every_model_call():
    clock = Clock()
    backend = DeadlineBackend(Backend(), "translate")
    assert backend.translate_batch(["a"]) == ["A"] and backend.info == "tiny"  # no deadline: no check
    backend.deadline = Deadline(1, clock=clock)
    assert backend.translate_batch(["b"]) == ["B"]
    clock.now += 2
    with pytest.raises(LimitError) as caught:
        backend.translate_batch(["c"])
    assert caught.value.stage == "translate"


def test_a_backend_decoding_otherwise_keeps_the_deadline_check():
    clock = Clock()
    backend = DeadlineBackend(Backend(), "summarize")
    backend.deadline = Deadline(1, clock=clock)
    greedy = backend.with_decoding(num_beams=1)
    assert greedy.decoding == {"num_beams": 1} and backend.decoding == "beam 4"  # the original is untouched
    clock.now += 2
    with pytest.raises(LimitError) as caught:
        greedy.translate_batch(["a"])
    assert caught.value.stage == "summarize"
