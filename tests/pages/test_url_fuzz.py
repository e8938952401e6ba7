"""Fuzz every page's URL keys with hostile values: nothing may raise, and the page must still draw.

The keys are discovered, not listed by hand: a page is opened once and the URL-bound controls it
registered are read back, so a control added later is fuzzed too. The values are chosen by a
seeded generator, so a failure reproduces.
"""

from __future__ import annotations

import random

import pytest
from streamlit.testing.v1 import AppTest

from ui import page_state
from tests.pages.support import ROOT, assert_clean, open_page
from ui.registry import available_pages

HOSTILE = ["", " ", "nan", "NaN", "inf", "-inf", "1e308", "-1e308", "-1", "0", "0.0000001", "1e-320", "2.5",
           "99999999999999999999", "true", "[]", "{}", "null", "🙂", "ünïcødé", "<script>alert(1)</script>",
           "%00", "1,2", "a" * 600, "1 OR 1=1", "../../etc/passwd"]


def bound_keys(stem: str) -> list[str]:
    at = open_page(stem)
    return sorted(at.session_state[page_state.SESSION_KEY].bound)


@pytest.mark.parametrize("stem", [spec.stem for spec in available_pages()])
def test_hostile_values_for_every_url_key(stem):
    keys = bound_keys(stem)
    assert keys, f"{stem} registers no URL-bound controls"
    rng = random.Random(f"fuzz-{stem}")
    queries = [{key: rng.choice(HOSTILE)} for key in keys for _ in range(2)]
    queries += [{key: rng.choice(HOSTILE) for key in keys} for _ in range(4)]  # everything at once
    for query in queries:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page(f"concepts/{stem}/{stem}.py")
        at.run()
        assert_clean(at)
        assert len(at.get("plotly_chart")) >= 1, query
