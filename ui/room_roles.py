"""A lesson panel drawn for its reader's place in a room: alone, the room's teacher, or a student (the question panel
and the class-experiment panel both; ui/question_panel.py, ui/pool_panel.py)."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from classroom.store import NoSuchRoom, StoreUnavailable
from ui import classroom


def by_role(alone: Callable[[], None], teacher: Callable[[classroom.Seat], None],
            student: Callable[[classroom.Seat], None], out_of_reach: str, ended: str) -> None:
    """A lesson panel drawn for its reader: a learner alone, the room's teacher or a student; a store out of
    reach or a room that has ended costs the panel one line (`out_of_reach`, `ended`), never the page."""
    place = classroom.seat()
    try:
        if place is None:
            alone()
        elif place.leads:
            teacher(place)
        else:
            student(place)
    except StoreUnavailable:
        st.caption(out_of_reach)
    except NoSuchRoom:
        st.caption(ended)
