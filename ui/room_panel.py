"""What the classroom draws: the sidebar's room panel, a student's follow banner, the notices.

ui/classroom.py does the work (joining, following, publishing); this module only shows it. A store that
has gone away (StoreUnavailable) costs one notice, and the page goes on on its own.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import streamlit as st

import concepts
import i18n
from i18n import N_, _
from classroom.rooms import LEAD_KEY, ROOM_KEY, shown_code
from classroom.store import NoSuchRoom, RoomState, StoreUnavailable
from ui import classroom, internals, page_state, report, shared_runs
from ui.lessons import load_lessons
from ui.literal import literal
from ui.share import presenting, qr_png

_NOTICE = "_classroom_notice"
_UNREACHABLE = N_("The classroom is out of reach just now, so this page works on its own. Following the "
                  "teacher resumes by itself when it is back.")


PANEL_KEY = "room-panel"     # the sidebar's Classroom panel, open or closed (a test opens it by this key)


def student_link(code: str) -> str:
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    # No language: each student arrives in their browser's preferred one (and may switch); the room's pages,
    # numbers and link names are the same in every language.
    return f"{origin}/?{ROOM_KEY}={code}"


def _missing(code: str) -> None:
    # Not left at once: a store that restarted has lost its rooms until their teachers' next move puts
    # them back, and the student would then be following again without doing anything.
    st.warning(_("Room {code} is not open just now: it may have ended (rooms close after 4 idle hours), or the "
                 "classroom was restarted and your teacher's next move brings it back. This page works on its own "
                 "meanwhile; *Leave the room* in the sidebar if the lesson is over.").format(code=shown_code(code)),
               icon=":material/meeting_room:")


def room_bar(url_path: str) -> None:
    """Before the page: join a room named in the link, move a follower to the teacher's view, and draw
    the banner and the sidebar panel."""
    classroom.run_begins()
    room = None         # the room as the store has it now (paused? students at their own pace?)
    try:
        _join_from_link()
        place = classroom.seat()
        if place is not None and place.leads:
            # At once, not only when the page is drawn: the link already says what the teacher chose, and
            # the students' sessions (on every replica) compute it alongside the teacher's own.
            room = classroom.publish(url_path)
        elif place is not None:
            try:
                room = classroom.follow(url_path)
                if room is not None and room.student_paced:
                    classroom.report_position(place, url_path)
            except NoSuchRoom:
                shared_runs.draws_own()
                _missing(place.code)
    except StoreUnavailable:
        shared_runs.draws_own()
        st.warning(_(_UNREACHABLE), icon=":material/cloud_off:")
    place = classroom.seat()
    paused = room is not None and room.paused
    own_pace = room is not None and room.student_paced
    _keep_room_in_link(place)
    page_state.set_following(place is not None and not place.leads and place.following and not own_pace)
    if _NOTICE in st.session_state:
        shared_runs.draws_own()
        st.info(_(st.session_state.pop(_NOTICE)), icon=":material/cast_for_education:")
    if place is not None and not place.leads and not paused:
        if own_pace:
            _own_pace_banner(place.code)
        else:
            _follow_banner(place)
    _sidebar_panel(classroom.seat(), url_path, paused, own_pace)
    if place is not None and paused:
        if place.leads:
            _paused_notice()
        else:
            _paused_screen(place.code, room.version)
            classroom.run_ends(i18n.language(), presenting())   # the same screen for the class: copied
            st.stop()       # the page itself is not drawn while the class is paused


def _paused_notice() -> None:
    """On the teacher's own page (and so on the projector): the class is paused, and the way back."""
    with st.container(border=True, key="room-paused-notice"):
        st.markdown(":material/pause_circle: " + _("**The class is paused.** Students see a message instead of the "
                                                   "page until you resume."))
        st.button(_("Resume the class"), key="room-resume-top", on_click=classroom.pause_class, args=(False,),
                  icon=":material/play_arrow:", type="primary")


def _paused_screen(code: str, version: int) -> None:
    """What a student sees while the teacher has paused the class: a message in place of the page, which comes
    back at the teacher's view when they resume (a pushed rerun; `_resume_watch` is the safety net)."""
    with st.container(border=True, key="room-paused"):
        st.markdown("### :material/pause_circle: " + _("Your teacher has paused the class"))
        st.markdown(_("Eyes to the front for a moment: the page comes back as soon as your teacher resumes."))
    _resume_watch(code, version)


@st.fragment(run_every=3)
def _resume_watch(code: str, version: int) -> None:
    """A paused student's safety net, like `_missed_moves`: when the room has changed since the pause (a resume
    whose pushed rerun was missed), the whole page runs again."""
    try:
        room = classroom.classroom_store().room(code)
    except StoreUnavailable:
        return
    if room is None or room.version != version:
        st.rerun(scope="app")


def room_publish(url_path: str) -> None:
    """After the page: a teacher's view to the class; a follower's page, when it can be copied to others."""
    try:
        classroom.publish(url_path)
    except StoreUnavailable:
        st.sidebar.warning(_(_UNREACHABLE), icon=":material/cloud_off:")
    classroom.run_ends(i18n.language(), presenting())


def _join_from_link() -> None:
    raw = st.query_params.get(ROOM_KEY)
    place = classroom.seat()
    if not raw or (place is not None and place.code == classroom.normalise_code(raw)):
        return
    if place is not None:
        classroom.leave_room()
    wants_lead = st.query_params.get(LEAD_KEY) == "1"
    problem = classroom.join_room(raw)
    if problem:
        page_state.drop_link_value(ROOM_KEY)
        page_state.drop_link_value(LEAD_KEY)
        st.error(_("{problem} This page works on its own meanwhile.").format(problem=problem),
                 icon=":material/meeting_room:")
    elif wants_lead and not classroom.seat().leads:
        # Kept for the next run too: following the teacher may switch the page before this one is drawn.
        st.session_state[_NOTICE] = N_("This is the teacher's link of the room, but this browser did not start "
                                       "it: you follow the teacher like everyone else.")


def _keep_room_in_link(place: classroom.Seat | None) -> None:
    """The room stays in the address bar whatever page the reader opens (Streamlit's navigation and a
    lesson's steps drop the keys of the page left): a teacher who reloads still leads, a student still follows."""
    if place is None:
        return
    page_state.set_link_value(ROOM_KEY, place.code)
    if place.leads:
        page_state.set_link_value(LEAD_KEY, "1")


def _catch_up() -> None:
    place = classroom.seat()
    if place is not None:
        place.following, place.applied = True, -1


def _explore() -> None:
    place = classroom.seat()
    if place is not None:
        place.following = False


def _own_pace_banner(code: str) -> None:
    """A student while the teacher lets the class move at its own pace: the page and the lesson's Back and Next
    are theirs; the teacher sees how many are at each step."""
    with st.container(border=True, key="room-banner"):
        st.markdown(":material/directions_walk: " + _(
            "Room **{code}** moves at its own pace: go through the lesson's steps with Back and Next, and change "
            "the settings as you like. Your teacher sees how many are at each step, not who.").format(
            code=shown_code(code)))
        _missed_moves(code)


def _follow_banner(place: classroom.Seat) -> None:
    # The button sits under the sentence, not beside it: on a phone a column would cut its label.
    with st.container(border=True, key="room-banner"):
        if place.following:
            st.markdown(":material/cast_for_education: " + _(
                "Following your teacher in room **{code}**: the page shows what they show, with their settings. "
                "To change the settings yourself, explore on your own.").format(
                code=shown_code(place.code)))
            st.button(_("Explore on my own"), key="room-explore", on_click=_explore, icon=":material/explore:")
            _missed_moves(place.code)
        else:
            st.markdown(":material/explore: " + _("Exploring on your own; your class is in room **{code}**.").format(
                code=shown_code(place.code)))
            st.button(_("Catch up with the teacher"), key="room-catch-up", on_click=_catch_up,
                      icon=":material/fast_forward:", type="primary")


@st.fragment(run_every=5)
def _missed_moves(code: str) -> None:
    """A safety net under the pushed reruns: Redis pub/sub delivers at most once, and a push can miss a
    session (a reconnection, a run that ended just then). Every 5 s a follower compares the room's
    version with the one it last moved to, and reruns the page when it is behind."""
    place = classroom.seat()
    if place is None or place.leads or not place.following:
        return
    try:
        room = classroom.classroom_store().room(code)
    except StoreUnavailable:
        return
    if room is not None and room.view is not None and missed_a_change(room, classroom.shown_version(place)):
        st.rerun(scope="app")


def missed_a_change(room: RoomState, shown_version: int) -> bool:
    """Whether a student's page, drawn at `shown_version` of the room, is behind a change it must show. While the
    class moves at its own pace the teacher's own moves are not the class's (the store does not announce them),
    so only a change announced since counts: a pause, the end of own pace, a revealed answer, the wall."""
    if room.student_paced and not room.paused:
        return room.announced > shown_version
    return room.version != shown_version


RESTORED_NOTICE_S = 600.0


def restored_recently(restored_at: float | None, now: float) -> bool:
    """Whether the teacher should still read that the room was put back (for ten minutes after)."""
    return restored_at is not None and now - restored_at < RESTORED_NOTICE_S


@st.fragment(run_every=2)
def _member_count(code: str, url_path: str, own_pace: bool) -> None:
    """The teacher's count of students, every 2 s; also where a view that did not reach the store is sent again."""
    try:
        classroom.publish(url_path, late=True)
        count = classroom.classroom_store().member_count(code)
    except StoreUnavailable:
        st.caption(_("Students: not known while the classroom is out of reach."))
        return
    st.metric(_("Students in the room"), count, help=_("Students with the room open now (updated every 2 s)."))
    if own_pace:
        _where_students_are(classroom.classroom_store().positions(code))
    if classroom.classroom_store().listener_trouble() is not None:
        st.warning(_("Your moves may reach students a few seconds late: this server has lost its live line to the "
                     "classroom and is reconnecting (the server's log says why)."), icon=":material/schedule:")


def _report(code: str, lang: str, as_page: bool) -> str:
    """The class's report (ui/report.py), made when the teacher clicks, in the teacher's language."""
    with i18n.use(lang):
        items = report.report_items(classroom.classroom_store(), code)
        return report.report_html(items, code) if as_page else report.report_csv(items)


def _report_buttons(code: str) -> None:
    """The report after class: the questions and experiments the class answered, with the true values, as a CSV
    and as a one-page summary (made on the click; nothing is kept but what the room's store holds)."""
    lang = i18n.language()
    st.download_button(_("Class report (CSV)"), data=lambda: _report(code, lang, False), file_name=f"class-{code}.csv",
                       mime="text/csv", key="room-report-csv", icon=":material/download:", width="stretch",
                       help=_("Every answer and experiment result of this room, anonymous, with the true values."))
    st.download_button(_("Class report (one page)"), data=lambda: _report(code, lang, True),
                       file_name=f"class-{code}.html", mime="text/html", key="room-report-page",
                       icon=":material/summarize:", width="stretch",
                       help=_("A page to print or keep: each question and experiment, the true value and the "
                              "class's answers in a line."))


def _where_students_are(positions: dict[str, int]) -> None:
    """While the class moves at its own pace: how many students are at each step (anonymous), in lesson order."""
    if not positions:
        st.caption(_("No student has opened a step yet."))
        return
    lines = [_("{where}: {count}").format(where=position_label(position), count=count)
             for position, count in sorted(positions.items(), key=lambda item: position_order(item[0]))]
    st.markdown("\n".join(f"- {literal(line)}" for line in lines))


def position_label(position: str) -> str:
    """A position as the teacher reads it: the lesson's title and step, or the page's title."""
    lesson_id, _colon, step = position.rpartition(":")
    lesson = load_lessons().get(lesson_id) if lesson_id else None
    if lesson is not None and step.isdigit():
        return _("{lesson}, step {step}").format(lesson=_(lesson.title), step=step)
    spec = concepts.specs_by_stem().get(position)
    return _(spec.title) if spec is not None else (_("Home") if position == "home" else position)


def position_order(position: str) -> tuple:
    lesson_id, _colon, step = position.rpartition(":")
    return (lesson_id, int(step)) if step.isdigit() else (position, 0)


def slower_moves_reason() -> str | None:
    """Why this server gets a teacher's moves to students more slowly than it should (Streamlit internals the
    classroom relies on are off: ui/internals.py), or None."""
    off = internals.features_off()
    for feature in (internals.PUSHED_RERUNS, internals.COPIED_RUNS):
        if feature in off:
            return off[feature]
    return None


def _slower_moves_notice() -> None:
    reason = slower_moves_reason()
    if reason is not None:
        st.warning(_("Your moves reach students more slowly on this server: a part of Streamlit the classroom relies "
                     "on is not available here, so students follow at their own next refresh, or each computes "
                     "every move. The server's log says why."), icon=":material/schedule:")


def _sidebar_panel(place: classroom.Seat | None, url_path: str, paused: bool, own_pace: bool) -> None:
    # Opening the panel reruns the page: outside a room its start and join widgets are drawn only while it is open,
    # first-visit work that most readers never look at (like the share panel's).
    with st.sidebar.expander(_("Classroom"), icon=":material/groups:", expanded=place is not None or presenting(),
                             key=PANEL_KEY, on_change="rerun") as panel:
        if place is None:
            if not panel.open:
                return
            st.button(_("Start a room"), key="room-start", on_click=classroom.start_room, width="stretch",
                      icon=":material/podium:", help=_("Students who open its link follow your screen on their own "
                                                      "devices and answer the lesson's questions."))
            with st.form("room-join", border=False):
                code = st.text_input(_("Join a room"), placeholder="ABCD-EFGH", max_chars=12, key="room-code")
                if st.form_submit_button(_("Join"), width="stretch"):
                    problem = classroom.join_room(code or "")
                    if problem:
                        st.error(problem, icon=":material/meeting_room:")
                    else:
                        st.rerun()
            return
        if place.leads:
            classroom.keep_lead_cookie(place)
            st.markdown(_("You lead room **{code}**. Students open:").format(code=shown_code(place.code)))
            link = student_link(place.code)
            st.code(link, language=None, wrap_lines=True)
            st.image(qr_png(link, scale=6), caption=_("Room {code}").format(code=shown_code(place.code)), width=220)
            _member_count(place.code, url_path, own_pace)
            st.toggle(_("Students move at their own pace"), value=own_pace, key="room-own-pace",
                      on_change=lambda: classroom.pace_class(bool(st.session_state.get("room-own-pace"))),
                      help=_("Students go through the lesson's steps themselves, with Back and Next, and you see "
                             "how many are at each step. Off: they follow your screen."))
            if paused:
                st.button(_("Resume the class"), key="room-resume", on_click=classroom.pause_class, args=(False,),
                          width="stretch", icon=":material/play_arrow:", type="primary")
            else:
                st.button(_("Pause the class"), key="room-pause", on_click=classroom.pause_class, args=(True,),
                          width="stretch", icon=":material/pause:",
                          help=_("Every student's screen shows a message instead of the page, for their "
                                 "attention, until you resume."))
            _slower_moves_notice()
            _report_buttons(place.code)
            if restored_recently(place.restored_at, time.time()):
                st.warning(_("The classroom's store lost this room (it restarted, or the room expired) and it has "
                             "been put back: students follow again, but the answers given before are gone."),
                           icon=":material/restart_alt:")
            st.button(_("Leave the room"), key="room-leave", on_click=classroom.leave_room, width="stretch",
                      icon=":material/logout:", help=_("Students keep the last view you showed; the room itself "
                                                      "closes after 4 idle hours."))
        else:
            st.markdown(_("You are in room **{code}**.").format(code=shown_code(place.code)))
            st.button(_("Leave the room"), key="room-leave", on_click=classroom.leave_room, width="stretch",
                      icon=":material/logout:")
