"""The teacher's report after class (issue 33): what the class answered and what its experiments gave, against
the true values, as a CSV and as a one-page summary to keep.

Made on the teacher's click from what the room's store holds (classroom/store.py): the ids of the questions and
experiments the class answered, and for each the class's answers or results, anonymous (the store keeps them
under random member ids, which the report leaves out). The true values are computed again by the pages' own
maths (ui/questions.py, views/experiments.py). Nothing is written anywhere: the report goes to the teacher's
browser, and the room and its answers expire as the store says (4 idle hours; README, "What the classroom keeps").

Every text in the report is the class's or the lesson's, shown as text: escaped in the HTML page, and in the CSV
a cell that a spreadsheet would read as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import math
from dataclasses import dataclass

import numpy as np

from i18n import N_, _
from classroom.rooms import shown_code
from ui.lessons import Lesson, load_lessons
from ui.pools import POOL_PREFIX, Pool
from ui.questions import Question
from views.experiments import Outcomes, pooled_results

VERDICT_WORDS = {"right": N_("right"), "close": N_("close"), "off": N_("not this time")}


@dataclass(frozen=True)
class ReportItem:
    """One question or experiment the class answered: its place in the lesson, the prompt, the true value and
    the class's entries (anonymous, sorted, as shown) with a verdict for each answer to a question."""
    kind: str                       # "question" or "experiment"
    lesson: str
    step: int
    prompt: str
    truth: str
    entries: tuple[str, ...]
    verdicts: tuple[str, ...]       # per entry; empty for an experiment
    summary: str


def _find_step(item_id: str, lessons: dict[str, Lesson]):
    """(lesson, step number, its question or pool) for a stored id, or None for an id no lesson has now."""
    lesson_id, _colon, number = item_id.removeprefix(POOL_PREFIX).rpartition(":")
    lesson = lessons.get(lesson_id)
    if lesson is None or not number.isdigit() or not 1 <= int(number) <= len(lesson.steps):
        return None
    step = lesson.steps[int(number) - 1]
    asked = step.pool if item_id.startswith(POOL_PREFIX) else step.question
    return (lesson, int(number), asked) if asked is not None and asked.id == item_id else None


def question_item(lesson: Lesson, number: int, question: Question, answers: list[str]) -> ReportItem:
    truth = question.truth()
    shown, verdicts = [], []
    # A stored value that is not an answer is left out, as on the chart.
    for given in question.parsed_answers(sorted(answers)):
        shown.append(question.shown(given))
        verdicts.append(question.verdict(given, truth))
    tally = {verdict: verdicts.count(verdict) for verdict in VERDICT_WORDS}
    summary = _("{count} answers: {right} right, {close} close, {off} not this time").format(
        count=len(shown), right=tally["right"], close=tally["close"], off=tally["off"])
    return ReportItem("question", _(lesson.title), number, _(question.ask), question.shown(truth), tuple(shown),
                      tuple(_(VERDICT_WORDS[verdict]) for verdict in verdicts), summary)


def theory_moments(outcomes: Outcomes) -> tuple[float, float]:
    """The mean and standard deviation of one result under the theory the projector draws."""
    if outcomes.whole:
        weight = outcomes.weight / outcomes.weight.sum()
    else:
        weight = outcomes.weight * np.gradient(outcomes.x)
        weight = weight / weight.sum()
    mean = float(np.sum(weight * outcomes.x))
    return mean, float(math.sqrt(max(0.0, np.sum(weight * (outcomes.x - mean) ** 2))))


def experiment_item(lesson: Lesson, number: int, pool: Pool, texts: list[str]) -> ReportItem:
    outcomes = pool.outcomes()
    results = np.sort(pooled_results(texts, outcomes))
    named = bool(outcomes.names)
    entries = tuple(outcomes.names[int(value)] if named else (str(int(value)) if outcomes.whole else f"{value:.4g}")
                    for value in results)
    if named:
        top = list(zip(outcomes.x[:5], outcomes.weight))
        likely = ", ".join(f"“{outcomes.names[int(k)]}” {100 * p:.0f}%" for k, p in top)
        truth = _("{theory}: {likely}").format(theory=outcomes.theory_name, likely=likely)
        shares = ", ".join(f"“{outcomes.names[int(k)]}” {100 * np.mean(results == k):.0f}%" for k in outcomes.x[:5]) \
            if results.size else "–"
        summary = _("{count} results: {shares}").format(count=results.size, shares=shares)
    else:
        mean, sd = theory_moments(outcomes)
        truth = _("{theory}: mean {mean}, sd {sd}").format(theory=outcomes.theory_name, mean=f"{mean:.4g}",
                                                           sd=f"{sd:.4g}")
        summary = _("{count} results: mean {mean}, sd {sd}").format(
            count=results.size, mean=f"{results.mean():.4g}" if results.size else "–",
            sd=f"{results.std(ddof=1):.4g}" if results.size > 1 else "–")
    return ReportItem("experiment", _(lesson.title), number, _(pool.ask), _plain(truth), entries, (), summary)


def _plain(text: str) -> str:
    """A theory's legend name as plain text (Z<sub>N</sub> -> Z_N)."""
    return text.replace("<sub>", "_").replace("</sub>", "")


def report_items(store, code: str) -> list[ReportItem]:
    """Every question and experiment the room's class answered, in lesson order."""
    lessons = load_lessons()
    items = []
    for item_id in store.asked(code):
        found = _find_step(item_id, lessons)
        if found is None:
            continue
        lesson, number, asked = found
        given = store.answers(code, item_id)
        items.append(experiment_item(lesson, number, asked, given) if isinstance(asked, Pool)
                     else question_item(lesson, number, asked, given))
    return sorted(items, key=lambda item: (item.lesson, item.step, item.kind))


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets an apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def report_csv(items: list[ReportItem]) -> str:
    """One row per answer or result (anonymous): what was asked, where, the true value, the entry, its verdict."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("kind"), _("lesson"), _("step"), _("asked"), _("true value"), _("answer or result"),
                     _("verdict")])
    for item in items:
        kind = _("question") if item.kind == "question" else _("experiment")
        rows = zip(item.entries, item.verdicts or ("",) * len(item.entries)) if item.entries else [("", "")]
        for entry, verdict in rows:
            writer.writerow([_cell(value) for value in (kind, item.lesson, str(item.step), item.prompt, item.truth,
                                                         entry, verdict)])
    return out.getvalue()


def report_html(items: list[ReportItem], code: str, now: dt.datetime | None = None) -> str:
    """A one-page summary to print or keep: each question and experiment with the true value and the class's
    answers or results in a line. Every text escaped."""
    now = now or dt.datetime.now(dt.timezone.utc)
    title = _("Class report: room {code}").format(code=shown_code(code))
    anonymous = _("Anonymous: the class answered without names; no ids are in this report.")
    true_value, the_class = _("True value"), _("The class")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;line-height:1.4}"
             "h2{font-size:1.05em;margin:1.4em 0 .2em}p{margin:.2em 0}.muted{color:#555}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p class='muted'>{html.escape(now.strftime('%Y-%m-%d %H:%M UTC'))} · "
             f"{html.escape(anonymous)}</p>"]
    if not items:
        nothing = _("The class has not answered a question or run an experiment yet.")
        parts.append(f"<p>{html.escape(nothing)}</p>")
    for item in items:
        kind = _("Question") if item.kind == "question" else _("Class experiment")
        where = _("{kind} · {lesson}, step {step}").format(kind=kind, lesson=item.lesson, step=item.step)
        parts += [f"<h2>{html.escape(where)}</h2>", f"<p>{html.escape(item.prompt)}</p>",
                  f"<p><strong>{html.escape(true_value)}:</strong> {html.escape(item.truth)}</p>",
                  f"<p><strong>{html.escape(the_class)}:</strong> {html.escape(item.summary)}</p>"]
        if item.entries:
            shown = ", ".join(item.entries[:60]) + (" …" if len(item.entries) > 60 else "")
            parts.append(f"<p class='muted'>{html.escape(shown)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
