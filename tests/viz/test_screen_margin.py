"""The margins a figure is drawn with on screen (viz/theme.py, `screen_version`).

The axes get their room before Plotly draws: where a margin is too small for them, Plotly's automargin widens it
by drawing the whole figure a second time (bench/bench_figure_draw.py measures what that costs). The bottom is
the screen's own (a builder's bottom is sized for the printed figure's legend under the plot); a left margin the
builder chose is kept.
"""

from __future__ import annotations

from viz.theme import AXES_ROOM, PRESENTER_AXES_ROOM, new_figure, scatter, screen_version


def _figure(**margin) -> dict:
    figure = new_figure("A title", "x", "y")
    figure.add_trace(scatter(x=[0, 1, 2], y=[0.0, 1.5, 0.5], mode="lines", name="a line"))
    figure.update_layout(height=420, margin=margin)
    return figure


def test_the_axes_get_their_room_up_front():
    margin = screen_version(_figure(b=130))["layout"]["margin"]
    assert margin == {"l": AXES_ROOM["l"], "t": 8, "b": AXES_ROOM["b"]}
    # The room is more than Plotly's automargin asked for with one line of tick labels and a title at 14 px
    # (59 px at the bottom, 60 px at the left: bench/RESULTS.md, "Room for the axes").
    assert AXES_ROOM["b"] > 59 and AXES_ROOM["l"] > 60


def test_a_builders_own_side_margins_are_kept():
    """/families' map has no y axis and sets a left margin of 10 px: it keeps it."""
    margin = screen_version(_figure(l=10, r=10, b=60))["layout"]["margin"]
    assert (margin["l"], margin["r"], margin["b"]) == (10, 10, AXES_ROOM["b"])


def test_a_projector_gets_more_room_for_its_larger_labels():
    margin = screen_version(_figure(), presenter=True)["layout"]["margin"]
    assert margin["b"] == PRESENTER_AXES_ROOM["b"] > AXES_ROOM["b"]
    assert margin["l"] == PRESENTER_AXES_ROOM["l"] > AXES_ROOM["l"]


def test_the_figure_itself_keeps_its_own_margins():
    """The PNG, the CSV and the description read the figure as built: screen_version returns a copy."""
    figure = _figure(b=130)
    screen_version(figure)
    assert figure["layout"]["margin"] == {"b": 130}
