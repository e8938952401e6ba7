"""Rooms in the app, headless (AppTest, the in-process store): a teacher starts a room, a student who
opens its link follows the teacher's page and controls, can explore alone and catch up; a hand-made lead
link does not lead; unknown codes get a message. Two replicas and Redis: tests/browser/test_classroom.py.
(Sharing, presenter mode and lessons without a room: tests/ui/test_classroom.py.)"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from classroom.rooms import shown_code
from classroom.store import NotLeader, RoomState
from tests.pages.support import errors_text, live_controls, open_panels
from ui import classroom, shared_runs
from ui.room_panel import missed_a_change

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


def fresh(query: dict | None = None, page: str | None = None, formulas: bool = False) -> AppTest:
    """A reader's first run, the toolbar's panels open; the formulas too with `formulas` (a following student who
    opens them draws a run of their own: test_a_student_who_opened_the_formulas_is_sent_no_copy)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return open_panels(at, formulas=formulas).run()


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def start_room(page: str = "concepts/beta/beta.py") -> tuple[AppTest, str]:
    teacher = fresh(page=page)
    teacher.sidebar.button(key="room-start").click().run()
    no_exceptions(teacher)
    code = teacher.session_state["_classroom"].code
    assert teacher.query_params["room"] == code and teacher.query_params["lead"] == "1"
    return teacher, code


def test_a_student_follows_the_teachers_page_and_controls():
    teacher, code = start_room()
    assert any(shown_code(code) in m.value for m in teacher.sidebar.markdown)
    store = classroom.classroom_store()
    assert store.room(code).view.page == "beta"

    student = fresh({"room": code})                 # the student link opens home ...
    no_exceptions(student)
    assert student.session_state["_classroom"].leads is False
    assert any("Following your teacher" in m.value for m in student.markdown)
    assert student.query_params["room"] == code
    assert student.title[0].value.startswith("Bayesian updating")    # ... and lands on the teacher's page

    button(teacher, "+1 head").click().run()
    assert store.room(code).view.params["heads"] == "8"
    student.run()                                    # what the pushed rerun does in a browser
    no_exceptions(student)
    assert student.session_state["heads"] == 8
    assert student.query_params["heads"] == "8"
    assert metric(student, "Posterior mean") == metric(teacher, "Posterior mean") == "0.6667"   # 10 / 15


def followed_controls(at: AppTest) -> dict[str, str]:
    """The controls a following student sees, as text (ui.controls.show_followed): label -> shown value."""
    found = {}
    for element in at.get("html"):
        match = re.fullmatch(r"<div class='followed-control'><span>(.*)</span><strong>(.*)</strong></div>",
                             element.proto.body)
        if match:
            found[html.unescape(match[1])] = html.unescape(match[2])
    return found


def test_a_follower_sees_the_teachers_settings_and_gets_the_widgets_back_to_explore():
    """While following, every control shows the teacher's value as text: a widget the student moved would
    snap back, and a class of phones gets what the teacher shows, not every state of every live slider.
    Exploring alone brings the widgets and the live families back, at the teacher's values."""
    teacher, code = start_room("concepts/kl/kl.py")
    assert live_controls(teacher)["m2"]["grid"]                  # the teacher drags live
    teacher.number_input(key="s1").set_value(2.5).run()
    student = fresh({"room": code})
    no_exceptions(student)
    assert not live_controls(student) and not student.number_input and not student.slider
    shown = followed_controls(student)
    assert shown["sd s₁"] == "2.50" and shown["mean m₂"] == live_controls(teacher)["m2"]["shown"]
    assert not any(b.label == "p = N(0, 1), q = N(1, 2²)" for b in student.button)   # no presets to click
    assert metric(student, "KL(p ‖ q)") == metric(teacher, "KL(p ‖ q)")
    # No CSV buttons while following: the file is made on the click by the session that drew the button, and a
    # follower's page may be a copy of another's (ui/shared_runs.py).
    assert teacher.get("download_button") and not student.get("download_button")
    student.button(key="room-explore").click().run()
    no_exceptions(student)
    assert len(student.main.get("download_button")) == len(teacher.main.get("download_button"))   # the page's
    assert student.number_input(key="s1").value == 2.5
    assert live_controls(student)["m2"]["grid"] == live_controls(teacher)["m2"]["grid"]
    assert not followed_controls(student)


def _copy_target(code: str) -> str:
    """The following student's session id, registered by its run as one a copy can be sent to."""
    session_ids = [sid for sid, (look, _) in shared_runs._LOOKS.items() if look.code == code]
    assert len(session_ids) == 1, "the student's run drew nothing of its own: its look is registered"
    return session_ids[0]


def test_a_student_who_opened_the_formulas_is_sent_no_copy():
    """The formulas are drawn only while their panel is open: a student who opened it sees their own run (the
    teacher's, copied from another student, would fold it again)."""
    teacher, code = start_room()
    student = fresh({"room": code}, formulas=True)
    no_exceptions(student)
    assert any("Following your teacher" in m.value for m in student.markdown)
    assert not [sid for sid, (look, _) in shared_runs._LOOKS.items() if look.code == code]
    folded = fresh({"room": code})
    assert len(student.latex) > len(folded.latex), "the open panel shows the formulas; the folded one does not"
    _copy_target(code)      # the student with the panel folded is one a copy can be sent to


def _shown_a_copy(student: AppTest, session_id: str, code: str) -> None:
    """What ui/shared_runs.py does to a follower's browser when another student's run of the teacher's move
    is copied to it: the browser shows the teacher's view (its link is the teacher's), the session does not
    know (its state is the view before), and `copied_version` says so."""
    room = classroom.classroom_store().room(code)
    for key, value in room.view.params.items():
        student.query_params[key] = value
    shared_runs._BEHIND[session_id] = room.version


def test_a_student_sent_a_copy_moves_its_own_state_on_its_next_run():
    teacher, code = start_room()
    student = fresh({"room": code})
    session_id = _copy_target(code)
    assert followed_controls(student)["heads"] == "7"
    button(teacher, "+1 head").click().run()
    _shown_a_copy(student, session_id, code)
    student.run()          # e.g. the safety-net fragment, or a click: the link already is the teacher's
    no_exceptions(student)
    assert student.session_state["heads"] == 8
    assert followed_controls(student)["heads"] == "8"


def test_a_student_sent_a_copy_explores_from_the_view_they_were_shown():
    teacher, code = start_room()
    student = fresh({"room": code})
    session_id = _copy_target(code)
    button(teacher, "+1 head").click().run()
    button(teacher, "+1 head").click().run()
    _shown_a_copy(student, session_id, code)
    student.button(key="room-explore").click().run()
    no_exceptions(student)
    assert any("Exploring on your own" in m.value for m in student.markdown)
    assert student.number_input(key="heads").value == 9
    assert metric(student, "Posterior mean") == metric(teacher, "Posterior mean")


def test_exploring_alone_and_catching_up():
    teacher, code = start_room("concepts/kl/kl.py")
    student = fresh({"room": code})
    assert student.title[0].value.startswith("KL")
    student.button(key="room-explore").click().run()
    assert any("Exploring on your own" in m.value for m in student.markdown)
    teacher.switch_page("concepts/mvn/mvn.py").run()
    assert classroom.classroom_store().room(code).view.page == "mvn"
    student.run()
    assert student.title[0].value.startswith("KL")  # not following: stays
    student.button(key="room-catch-up").click().run()
    student.run()
    no_exceptions(student)
    assert student.title[0].value.startswith("MVN") or "conditioning" in student.title[0].value.lower()


def test_the_teacher_pauses_the_class_and_resumes_it_at_the_view_they_moved_to():
    teacher, code = start_room()
    following, exploring = fresh({"room": code}), fresh({"room": code})
    button(exploring, "Explore on my own").click().run()
    teacher.sidebar.button(key="room-pause").click().run()
    no_exceptions(teacher)
    assert classroom.classroom_store().room(code).paused
    assert any("The class is paused" in m.value for m in teacher.markdown)      # said on the projector too
    assert metric(teacher, "Posterior mean") == "0.6429"                         # the teacher's page stays

    for student in (following, exploring):                # what the pushed rerun does in a browser
        student.run()
        no_exceptions(student)
        assert any("Your teacher has paused the class" in m.value for m in student.markdown)
        assert not student.metric and not student.get("plotly_chart")   # the page itself is not drawn
        assert not any("Following your teacher" in m.value for m in student.markdown)

    button(teacher, "+1 head").click().run()               # a move while paused reaches no screen yet
    following.run()
    assert not following.metric
    teacher.button(key="room-resume-top").click().run()
    assert not classroom.classroom_store().room(code).paused
    assert not any("The class is paused" in m.value for m in teacher.markdown)
    following.run()
    no_exceptions(following)
    assert metric(following, "Posterior mean") == metric(teacher, "Posterior mean") == "0.6667"   # the new view
    exploring.run()
    assert any("Exploring on your own" in m.value for m in exploring.markdown) and exploring.metric


def test_students_move_at_their_own_pace_and_the_teacher_sees_how_many_are_at_each_step():
    teacher = fresh({"lesson": "3-prior-to-posterior", "step": "2"}, page="concepts/beta/beta.py")
    teacher.sidebar.button(key="room-start").click().run()
    code = teacher.session_state["_classroom"].code
    students = [fresh({"room": code}) for _ in range(2)]
    assert all(student.query_params["step"] == "2" for student in students)
    teacher.sidebar.toggle(key="room-own-pace").set_value(True).run()
    no_exceptions(teacher)
    assert classroom.classroom_store().room(code).student_paced
    for student in students:
        student.run()                                     # what the pushed rerun does in a browser
        no_exceptions(student)
        assert any("moves at its own pace" in m.value for m in student.markdown)
        assert [b for b in student.button if b.key == "lesson-next"]          # the lesson's steps are theirs
    button(students[0], "Next").click().run()
    no_exceptions(students[0])
    assert students[0].query_params["step"] == "3"
    students[0].run()                                     # stays where the student went: nobody is moved
    assert students[0].query_params["step"] == "3"
    assert classroom.classroom_store().positions(code) == {"3-prior-to-posterior:2": 1,
                                                           "3-prior-to-posterior:3": 1}
    teacher.run()
    shown = " ".join(m.value for m in teacher.sidebar.markdown).replace("\\", "")     # ui.literal escapes
    assert "From prior to posterior, step 2: 1" in shown and "From prior to posterior, step 3: 1" in shown

    teacher.sidebar.toggle(key="room-own-pace").set_value(False).run()      # back to following the teacher
    students[0].run()
    no_exceptions(students[0])
    assert students[0].query_params["step"] == "2"
    assert any("Following your teacher" in m.value for m in students[0].markdown)


def test_a_student_cannot_pause_the_class():
    teacher, code = start_room()
    student = fresh({"room": code})
    assert not [b for b in student.sidebar.button if b.key in ("room-pause", "room-resume")]
    with pytest.raises(NotLeader):
        classroom.classroom_store().set_paused(code, "a guess", True)
    assert not classroom.classroom_store().room(code).paused


def test_a_hand_made_lead_link_follows_and_does_not_lead():
    teacher, code = start_room()
    intruder = fresh({"room": code, "lead": "1"})
    no_exceptions(intruder)
    assert intruder.session_state["_classroom"].leads is False
    assert "lead" not in intruder.query_params
    assert any("did not start it" in i.value for i in intruder.info)
    version = classroom.classroom_store().room(code).version
    intruder.run()
    assert classroom.classroom_store().room(code).version == version   # nothing published by the intruder


@pytest.mark.parametrize("raw, says", [("ZZZZ-ZZZZ", "There is no room ZZZZ-ZZZZ"),
                                       ("not-a-code!", "is not a room code")])
def test_unknown_or_malformed_codes_get_a_message(raw, says):
    at = fresh({"room": raw}, page="concepts/clt/clt.py")
    no_exceptions(at)
    assert says in errors_text(at)
    assert "room" not in at.query_params
    assert at.title[0].value.startswith("Central limit")       # the page works on its own


@pytest.fixture
def redis_classroom(redis_service, monkeypatch):
    """The app's classroom on a real redis-server (as on several replicas) for one test."""
    monkeypatch.setenv(classroom.REDIS_URL_SETTING, redis_service.url)
    classroom.classroom_store.cache_clear()
    yield redis_service
    if redis_service.process is None:
        redis_service.start()
    monkeypatch.delenv(classroom.REDIS_URL_SETTING)
    classroom.classroom_store.cache_clear()


def test_redis_going_away_leaves_pages_working_and_the_room_comes_back(redis_classroom):
    teacher, code = start_room("concepts/beta/beta.py")
    student = fresh({"room": code})
    assert student.title[0].value.startswith("Bayesian updating")

    redis_classroom.stop()                                       # mid-lesson
    for at in (student.run(), teacher.run(), fresh(page="concepts/clt/clt.py")):
        no_exceptions(at)
        assert at.title[0].value                                 # every page is drawn ...
    assert any("out of reach" in w.value for w in student.warning)   # ... with a notice where a room is open
    assert any("out of reach" in w.value for w in [*teacher.warning, *teacher.sidebar.warning])

    redis_classroom.start()                                      # back, but empty: no persistence
    student.run()
    no_exceptions(student)
    assert any("not open just now" in w.value for w in student.warning)
    assert student.session_state["_classroom"].code == code     # still in the room, waiting
    button(teacher.run(), "+1 head").click().run()               # the teacher's next move puts it back
    assert classroom.classroom_store().room(code).view.params["heads"] == "8"
    teacher.run()
    assert any("the answers given before are gone" in w.value for w in teacher.sidebar.warning)  # and says so
    student.run()
    no_exceptions(student)
    assert student.query_params["heads"] == "8"
    assert metric(student, "Posterior mean") == "0.6667"


def test_a_following_student_gets_no_lesson_buttons_and_the_room_link_names_no_language():
    """Back/Next would snap back for a follower, so they are not drawn; the link the teacher hands out names
    no language, so each student arrives in their own browser's."""
    teacher, code = start_room()
    teacher.query_params.update({"lesson": "3-prior-to-posterior", "step": "1"})
    teacher.run()
    assert {"lesson-back", "lesson-next"} <= {b.key for b in teacher.button}
    link = next(c.value for c in teacher.sidebar.code if "room=" in c.value)
    assert link.endswith(f"/?room={code}") and "lang=" not in link
    student = fresh({"room": code})
    no_exceptions(student)
    assert any("step 1 of" in m.value for m in student.markdown)
    assert not {"lesson-back", "lesson-next"} & {b.key for b in student.button}
    button(student, "Explore on my own").click().run()
    assert {"lesson-back", "lesson-next"} <= {b.key for b in student.button}


def test_the_teacher_keeps_the_room_in_the_link_across_pages():
    """A page switch from the sidebar (or a lesson's steps) used to leave /mvn with no room in the link, so a
    reload dropped the teacher out of the room and the class stayed frozen."""
    teacher, code = start_room()
    teacher.query_params.clear()
    teacher.switch_page("concepts/mvn/mvn.py").run()
    no_exceptions(teacher)
    assert teacher.query_params["room"] == code and teacher.query_params["lead"] == "1"
    assert classroom.classroom_store().room(code).view.page == "mvn"


def test_room_starts_are_throttled_per_session(monkeypatch):
    from classroom.rooms import RateLimit

    monkeypatch.setattr(classroom, "_ROOMS_BY_SESSION", RateLimit(1, 600.0))
    teacher, code = start_room("concepts/clt/clt.py")
    button(teacher, "Leave the room").click().run()
    button(teacher, "Start a room").click().run()
    no_exceptions(teacher)
    assert "_classroom" not in teacher.session_state                 # no second room ...
    assert any("You have started 3 rooms" in t.proto.body for t in teacher.get("toast"))   # ... and it says why


def test_a_full_room_refuses_a_new_student_with_a_message(monkeypatch):
    teacher, code = start_room("concepts/clt/clt.py")
    monkeypatch.setattr(classroom, "MAX_MEMBERS", 2)
    classroom.classroom_store().touch_members(code, ["someone", "someone else"])
    student = fresh({"room": code})
    no_exceptions(student)
    assert "_classroom" not in student.session_state
    assert f"Room {shown_code(code)} is full" in errors_text(student) + " ".join(w.value for w in student.warning)


@pytest.mark.parametrize("teacher_lang, student_lang", [("ja", "en"), ("en", "ja")])
def test_a_class_sees_the_teachers_default_prompt_whatever_language_each_student_reads(teacher_lang, student_lang):
    """/sampling's default prompt is written for each language; a room carries the teacher's, so a student who
    reads the other language sees the same prompt, and so the same numbers, as the projector."""
    from concepts.sampling.spec import SPEC

    prompt = SPEC.param("prompt").default_in_language(teacher_lang)
    teacher = fresh({"lang": teacher_lang}, page="concepts/sampling/sampling.py")
    teacher.sidebar.button(key="room-start").click().run()
    no_exceptions(teacher)
    code = teacher.session_state["_classroom"].code
    assert classroom.classroom_store().room(code).view.params["prompt"] == prompt
    student = fresh({"room": code, "lang": student_lang})
    no_exceptions(student)
    assert student.query_params["prompt"] == prompt
    def numbers(at: AppTest) -> list[str]:    # the page's readouts (not the room's count), less their units
        return [re.sub(r"[^\d.,−-]", "", str(m.value)) for m in at.main.metric]
    assert numbers(student) == numbers(teacher) and len(numbers(teacher)) >= 4


@pytest.mark.parametrize("paced, paused, version, announced, shown, behind", [
    (False, False, 7, 7, 7, False), (False, False, 8, 8, 7, True),
    (False, False, 0, 0, 7, True),     # a room put back after the store lost it: its version restarts
    (True, False, 9, 7, 7, False),     # the teacher moved twice while the class goes at its own pace
    (True, False, 9, 7, 9, False),     # ...and the student's own run has seen those versions since
    (True, False, 9, 8, 7, True),      # a change announced since (a wall, a revealed answer) was missed
    (True, True, 9, 9, 7, True),       # a pause was missed: the student's page must say so
])
def test_a_students_safety_net_reruns_only_for_a_change_it_must_show(paced, paused, version, announced, shown,
                                                                     behind):
    room = RoomState("ABCDEFGH", version, None, frozenset(), paused, paced, announced)
    assert missed_a_change(room, shown) is behind
