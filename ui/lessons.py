"""Lessons: ordered steps through the pages, each a page, a state and a one-line caption.

A lesson is a TOML file in lessons/ (the file stem is its id, used in links as `lesson=<id>`):

    title = "The CLT in five steps"
    summary = "One sentence for the lesson list."

    [[steps]]
    page = "clt"                       # a page's URL path (its file stem)
    caption = "What the class should notice at this step."
    state = { dist = "exponential", n = 1 }   # URL keys of that page; the rest keep their defaults

    [steps.question]                   # optional: the class predicts before it sees (ui/questions.py)
    ask = "Predict: how far from normal will the mean of 100 draws be?"
    answer = "clt.distance_from_normal"   # computed by core, in the step's state changed by `at`
    at = { n = 100 }

    [steps.pool]                       # optional: every student's device runs the page's experiment (ui/pools.py)
    experiment = "clt.standardised_mean"
    ask = "Every device averages 5 draws of its own: where do the class's means land?"

The lesson bar (Back / Next / step counter) appears above any page whose URL carries
`lesson=<id>&step=<k>` (k counts from 1), so a teacher can project it and students can open the
same link. Moving to a step resets every control to its default, then applies the step's state; on
the step's page that state is the default of the controls it names, so the link needs nothing else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from i18n import _
from ui import page_state
from ui.page_state import following, set_step_defaults
from ui.literal import literal
import concepts
from ui.registry import CONCEPT_PAGES
from ui.pool_panel import pool_panel
from ui.pools import Pool, parse_pool
from ui.question_panel import question_panel
from ui.questions import Question, parse_question
from ui.share import PRESENT_KEY, presenting

LESSONS_DIR = Path(__file__).resolve().parents[1] / "lessons"
_PAGES = {spec.stem: spec for spec in CONCEPT_PAGES}


@dataclass(frozen=True)
class Step:
    page: str
    caption: str
    state: dict[str, Any]
    question: Question | None = None     # predict, then reveal (ui/questions.py)
    pool: Pool | None = None             # a class experiment (ui/pools.py)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]


# The key of a lesson step's banner: the stylesheet's hook (ui/live/page.css sets the page's own header small
# under it, so the figure the step's caption speaks of is on the first screen).
LESSON_STEP_KEY = "lesson-step"


def parse_lesson(lesson_id: str, text: str) -> Lesson:
    """A lesson from its TOML text; ValueError naming the file and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"lesson {lesson_id}: not valid TOML ({error})") from error
    steps = []
    for number, raw in enumerate(data.get("steps", []), start=1):
        page = raw.get("page")
        if page not in _PAGES:
            raise ValueError(f"lesson {lesson_id}, step {number}: unknown page {page!r}")
        if not raw.get("caption"):
            raise ValueError(f"lesson {lesson_id}, step {number}: a caption is required")
        state = raw.get("state", {})
        if not isinstance(state, dict):
            raise ValueError(f"lesson {lesson_id}, step {number}: state must be a table of URL keys")
        # Checked against the page's spec: a misspelt key or an unusable value fails the build
        # (tests load every lesson), not the classroom.
        problems = concepts.specs_by_stem()[page].state_problems(state)
        if problems:
            raise ValueError(f"lesson {lesson_id}, step {number}: {'; '.join(problems)}")
        question = None
        if "question" in raw:
            question = parse_question(f"{lesson_id}:{number}", page, state, raw["question"])
        pool = parse_pool(f"{lesson_id}:{number}", page, state, raw["pool"]) if "pool" in raw else None
        steps.append(Step(page, str(raw["caption"]), dict(state), question, pool))
    if not data.get("title") or not steps:
        raise ValueError(f"lesson {lesson_id}: a title and at least one step are required")
    return Lesson(lesson_id, str(data["title"]), str(data.get("summary", "")), tuple(steps))


@st.cache_resource(ttl=300, max_entries=1, show_spinner=False)  # no arguments: one entry
def load_lessons() -> dict[str, Lesson]:
    """Every lesson whose pages exist, in file-name order."""
    lessons = {}
    for path in sorted(LESSONS_DIR.glob("*.toml")):
        lesson = parse_lesson(path.stem, path.read_text(encoding="utf-8"))
        if all(_PAGES[step.page].exists for step in lesson.steps):
            lessons[lesson.id] = lesson
    return lessons


def go_to(lesson: Lesson, number: int) -> None:
    """Open step `number` (1-based): reset every control, apply the step's state, switch page.

    The link carries only the lesson and the step: on the step's page its state is the default of
    the controls it names (lesson_bar), so the link reproduces it, and a control moved afterwards
    differs from that default and is written to the link as usual.
    """
    step = lesson.steps[number - 1]
    params = {"lesson": lesson.id, "step": str(number)}
    if presenting():
        params[PRESENT_KEY] = "1"
    page_state.show_step(str(_PAGES[step.page].path), step.state, params)


def current_position() -> tuple[Lesson, int] | None:
    """(lesson, step) from the URL, or None; a bad lesson or step gets a visible notice."""
    lesson_id = st.query_params.get("lesson")
    if not lesson_id:
        return None
    lessons = load_lessons()
    if lesson_id not in lessons:
        st.warning(_("There is no lesson called “{lesson}”; the page is shown on its own.").format(
            lesson=literal(lesson_id, 40)),
                   icon=":material/link_off:")
        return None
    lesson = lessons[lesson_id]
    try:
        number = int(st.query_params.get("step", "1"))
    except ValueError:
        number = 0
    if not 1 <= number <= len(lesson.steps):
        st.warning(_("Lesson “{lesson}” has steps 1 to {last}; showing step 1.").format(lesson=_(lesson.title),
                                                                                      last=len(lesson.steps)),
                   icon=":material/link_off:")
        number = 1
    return lesson, number


def lesson_bar(page_path: str) -> None:
    """Back / Next / counter and the step's caption, above the page, when a lesson is open.

    On the step's own page (`page_path` is the URL path being shown) the step's state becomes the
    default of the controls it names, for this run (ui.page_state.set_step_defaults): a link with
    only `lesson` and `step` shows the step, and a value the link leaves out means the same thing
    on every fresh load.
    """
    position = current_position()
    if position is None:
        set_step_defaults(None)
        return
    lesson, number = position
    step = lesson.steps[number - 1]
    set_step_defaults(step.state if step.page == page_path else None)
    caption = _("**{lesson}**, step {number} of {steps}: {caption}").format(
        lesson=_(lesson.title), number=number, steps=len(lesson.steps), caption=_(step.caption))
    if following():
        # A student following the teacher moves with the teacher's steps: Back and Next would snap back.
        with st.container(border=True, key=LESSON_STEP_KEY):
            st.markdown(caption)
    else:
        _steps_bar(lesson, number, caption)
    if step.question is not None:
        question_panel(step.question)
    if step.pool is not None:
        pool_panel(step.pool)


def _steps_bar(lesson: Lesson, number: int, caption: str) -> None:
    with st.container(border=True, key=LESSON_STEP_KEY):
        back, middle, forward = st.columns([1, 6, 1], vertical_alignment="center")
        if back.button(_("Back"), icon=":material/arrow_back:", disabled=number == 1, width="stretch",
                       key="lesson-back"):
            go_to(lesson, number - 1)
        middle.markdown(caption)
        if forward.button(_("Next"), icon=":material/arrow_forward:", disabled=number == len(lesson.steps),
                          width="stretch", key="lesson-next"):
            go_to(lesson, number + 1)
