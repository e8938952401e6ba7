"""The queue for large computations (ui.admission): fair, bounded, leaves no ghost behind, and the pages
that compute over many points use it, say when they are queued or refused, and obey the operator's cap."""

from __future__ import annotations

import logging
import threading
import time

import numpy as np
import pytest

from tests.pages.support import assert_clean, errors_text, metric_values, open_page
from ui import admission


def _hold(gate: admission.Gate, entered: list, release: threading.Event, name: str) -> None:
    assert gate.enter(10.0, every_s=0.01)
    entered.append(name)
    release.wait(10.0)
    gate.leave()


def test_at_most_the_slots_run_and_the_rest_enter_in_arrival_order():
    gate, entered, releases = admission.Gate(2), [], [threading.Event() for _ in range(5)]
    threads = []
    for k in range(5):
        threads.append(threading.Thread(target=_hold, args=(gate, entered, releases[k], f"reader {k}")))
        threads[-1].start()
        time.sleep(0.05)   # arrive one after another
    assert entered == ["reader 0", "reader 1"] and gate.status() == (2, 3)
    releases[1].set()
    deadline = time.monotonic() + 5
    while len(entered) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert entered == ["reader 0", "reader 1", "reader 2"] and gate.status() == (2, 2)
    for release in releases:
        release.set()
    for thread in threads:
        thread.join(10)
    assert entered == [f"reader {k}" for k in range(5)] and gate.status() == (0, 0)


def test_a_waiter_is_told_its_place_and_gives_up_after_the_timeout():
    gate = admission.Gate(1)
    assert gate.enter(1.0)
    heard = []
    started = time.monotonic()
    assert not gate.enter(0.3, lambda place, waited: heard.append((place, waited)), every_s=0.05)
    assert 0.25 <= time.monotonic() - started < 2.0
    assert heard and all(place == 1 for place, _ in heard) and heard[-1][1] < 0.3
    assert gate.status() == (1, 0)            # the one that gave up is not left in the queue
    gate.leave()
    assert gate.enter(0.1) and gate.status() == (1, 0)


def test_a_run_stopped_while_queued_leaves_the_queue_and_the_next_one_goes_on():
    gate = admission.Gate(1)
    assert gate.enter(1.0)

    def stopped(place, waited):
        raise RuntimeError("the reader moved a control: Streamlit stops this run")

    with pytest.raises(RuntimeError):
        gate.enter(5.0, stopped)
    assert gate.status() == (1, 0)
    gate.leave()
    assert gate.enter(0.1)


def test_settings_fall_back_loudly(caplog):
    caplog.set_level(logging.WARNING)
    assert admission.setting("X", 7, 1, 10, {}) == 7
    assert admission.setting("X", 7, 1, 10, {"X": " 3 "}) == 3
    assert admission.setting("X", 7, 1, 10_000_000, {"X": "1_000_000"}) == 1_000_000
    for bad in ("ten", "0", "11", "2.5"):
        assert admission.setting("X", 7, 1, 10, {"X": bad}) == 7
    assert caplog.text.count("X=") == 4 and "using 7" in caplog.text


def test_small_computations_never_queue():
    gate = admission.Gate(1)
    assert gate.enter(1.0)
    with admission.admitted(admission.HEAVY_POINTS - 1, gate=gate, timeout_s=0.01):
        pass                                   # no slot needed, though none is free


def test_a_busy_server_says_so_on_the_page_and_the_rest_of_the_page_stays(monkeypatch):
    full = admission.Gate(1)
    assert full.enter(1.0)
    monkeypatch.setattr(admission, "_GATE", full)
    monkeypatch.setattr(admission, "QUEUE_TIMEOUT_S", 0.5)
    at = open_page("fisher", {"big_n": "1000000"})
    assert not at.exception
    assert "this server is busy with other readers' large computations" in errors_text(at)
    assert at.metric and len(at.get("plotly_chart")) == 2   # the estimators' panels and figures above still came
    assert full.status() == (1, 0)
    at = open_page("fisher", {"big_n": "100000"})          # under the threshold: computed at once
    assert_clean(at)


def test_the_operators_cap_on_points_is_obeyed_and_said(monkeypatch):
    monkeypatch.setenv(admission.MAX_POINTS_SETTING, "100000")
    at = open_page("likelihood", {"n": "1000000"})
    assert_clean(at)
    assert any("at most 100,000 points, so it uses 100,000 of the 1,000,000" in c.value for c in at.caption)
    from core import likelihood
    x = likelihood.simulate("normal", 100_000, 42)
    assert metric_values(at)["MLE μ̂"] == f"{np.mean(x):.6g}"
    at = open_page("fisher", {"big_n": "1000000", "model": "poisson"})
    assert_clean(at)
    assert any("this curve uses N = 100,000 rather than 1,000,000" in c.value for c in at.caption)
