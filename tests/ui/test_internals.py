"""Streamlit's private APIs behind one door (ui/internals.py): checked at start, loud when off.

On the tested Streamlit every feature is on; on another release, or where one probe fails, the feature
turns off with one warning in the log, the door's calls become no-ops that say so, and a teacher reads
that moves reach students more slowly."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import streamlit
from streamlit.runtime.state.query_params import QueryParams
from streamlit.testing.v1 import AppTest

from tests.pages.support import open_page, open_panels

from ui import internals, room_panel

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def fresh_door():
    internals.reset_for_tests()
    yield
    internals.reset_for_tests()


def test_every_feature_is_on_with_the_tested_streamlit(fresh_door):
    assert internals.version_of(streamlit.__version__) == internals.TESTED_STREAMLIT
    assert internals.problems_with(streamlit.__version__) == {}
    assert internals.check_at_start() == {}
    assert all(internals.is_on(feature) for feature in internals.FEATURES)
    assert room_panel.slower_moves_reason() is None


@pytest.mark.parametrize("running, readable", [("1.68.0", (1, 68)), ("1.66.2", (1, 66)), ("2.0.0rc1", (2, 0)),
                                               ("nightly", None)])
def test_another_streamlit_turns_every_feature_off_with_one_warning_each(fresh_door, caplog, running, readable):
    assert internals.version_of(running) == readable
    with caplog.at_level(logging.WARNING, logger="ui.internals"):
        off = internals.check_at_start(running)
        internals.turn_off(internals.COPIED_RUNS, "a second reason")   # the first reason stands, logged once
    assert set(off) == set(internals.FEATURES)
    assert all(f"Streamlit {running} is not the tested 1.67" == why for why in off.values())
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == len(internals.FEATURES)
    assert all("README, 'Moving to a new Streamlit'" in text for text in warnings)
    assert any(text.startswith("copied runs turned off: Streamlit") for text in warnings)
    assert room_panel.slower_moves_reason() == off[internals.PUSHED_RERUNS]


def test_a_failing_probe_turns_off_only_its_feature(fresh_door, monkeypatch, caplog):
    monkeypatch.delattr(QueryParams, "unbind_widget")
    with caplog.at_level(logging.WARNING, logger="ui.internals"):
        off = internals.check_at_start(streamlit.__version__)
    assert list(off) == [internals.LINK_REBINDING]
    assert "unbind_widget" in off[internals.LINK_REBINDING]
    assert "link rebinding turned off" in caplog.text
    assert internals.release_url_bindings() is False          # the door says it could not, and touches nothing
    assert room_panel.slower_moves_reason() is None            # the class still follows at full speed


def test_a_feature_that_fails_when_used_turns_off_once(fresh_door, caplog):
    internals.check_at_start()

    class NoQueue:                                          # a session whose outgoing queue has moved
        _state = None

    with caplog.at_level(logging.WARNING, logger="ui.internals"):
        assert internals.is_quiet(NoQueue()) is False
        assert internals.is_quiet(NoQueue()) is False
    assert not internals.is_on(internals.COPIED_RUNS)
    assert caplog.text.count("copied runs turned off") == 1


def test_a_teacher_reads_that_moves_are_slower_when_the_classroom_internals_are_off(fresh_door):
    internals.check_at_start("1.99.0")
    teacher = AppTest.from_file(APP, default_timeout=60)
    teacher.switch_page("concepts/beta/beta.py")
    open_panels(teacher).run()
    teacher.sidebar.button(key="room-start").click().run()
    assert not teacher.exception
    warnings = " ".join(w.value for w in teacher.sidebar.warning)
    assert "Your moves reach students more slowly on this server" in warnings
    # With the tested Streamlit the same teacher reads no such thing.
    internals.reset_for_tests()
    teacher.run()
    assert "more slowly" not in " ".join(w.value for w in teacher.sidebar.warning)


def test_the_watch_on_outgoing_messages_puts_the_session_back():
    class Session:
        def __init__(self):
            self.queue = []

        def flush_browser_queue(self):
            sent, self.queue = self.queue, []
            return sent

    session, seen = Session(), []
    stop = internals.watch_outgoing(session, lambda message: seen.append(message) or message != "last")
    session.queue = ["a", "last", "after"]
    assert session.flush_browser_queue() == ["a", "last", "after"]      # every message still goes out
    assert seen == ["a", "last"]                                      # watched until `see` said enough
    stop()
    assert "flush_browser_queue" not in vars(session)


def test_without_link_rebinding_a_closed_settings_panel_draws_its_controls(fresh_door, caplog):
    """The fallback: the controls are drawn inside the closed panel, as before it rested them, the view is what the
    link says, and the log says the feature is off."""
    with caplog.at_level(logging.WARNING, logger="ui.internals"):
        internals.check_at_start("1.99.0")
    at = open_page("clt", {"dist": "poisson", "rate": "3"}, panels_open=False)
    assert not at.exception
    assert at.selectbox(key="dist").value == "poisson"
    assert any("link rebinding" in record.getMessage() for record in caplog.records)
