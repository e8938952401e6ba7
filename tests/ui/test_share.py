"""The share panel's judgement of a link: which hosts only this computer can open (ui.share)."""

from __future__ import annotations

import pytest

from tests.pages.support import open_page
from ui.share import host_only_this_computer_reaches


@pytest.mark.parametrize("link, host", [
    ("http://localhost:8501/clt?lang=en", "localhost"),
    ("http://LOCALHOST:8501/", "localhost"),
    ("http://127.0.0.1:8599/kl?m2=2", "127.0.0.1"),
    ("http://127.1.2.3/", "127.1.2.3"),
    ("http://[::1]:8501/beta", "::1"),
    ("http://0.0.0.0:8501/", "0.0.0.0"),
    ("http://app.localhost:8501/", "app.localhost"),
])
def test_a_loopback_link_is_named_as_one_only_this_computer_opens(link, host):
    assert host_only_this_computer_reaches(link) == host


@pytest.mark.parametrize("link", [
    "https://explorer.example.org/clt?n=30",
    "http://192.168.1.20:8501/clt",
    "http://10.0.0.5/",
    "http://[2001:db8::1]:8501/",
    "http://localhost.example.org/",     # a real name that merely starts with "localhost"
    "http://1270.example/",
    "",                                  # no address known (a headless test run): nothing to warn about
])
def test_a_link_other_devices_can_reach_gets_no_warning(link):
    assert host_only_this_computer_reaches(link) is None


def test_the_open_panel_draws_the_link_and_no_warning_when_no_address_is_known():
    at = open_page("clt", {"dist": "cauchy"})
    at.session_state["share-open"] = True
    at.run()
    assert "dist=cauchy" in at.sidebar.code[0].value
    # AppTest serves no address (st.context.url is empty), so the link cannot be judged: no warning.
    assert not [w for w in at.sidebar.warning if "Only this computer" in w.value]
