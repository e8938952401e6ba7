"""What a replica answers an operator's monitor: is it serving its readers and classes at full speed?

`GET /api/health` (server_app.py mounts it; `streamlit run app.py` has no such route) answers JSON:

    {"status": "ok" | "degraded",
     "problems": ["..."],                          # one English sentence each; empty when ok
     "classroom": {"store": "redis" | "this process", "hearing_moves": true, "trouble": null},
     "streamlit_features_off": {"copied runs": "why"},
     "heavy_runs": {"running": 0, "queued": 0, "slots": 2}}

with HTTP 200 when ok and 503 when degraded. Degraded means the pages still work but a class is served
worse: this replica's classroom listener is not hearing the store (teachers' moves reach its students only
through their few-second safety net, each follower computing its own run), or a Streamlit internal the
classroom or the live controls rely on is off (ui/internals.py). A monitor should alert on it; probes that
decide whether a replica gets traffic stay on Streamlit's `/_stcore/health`, since a Redis outage degrades
every replica at once and taking them all out of service would end the pages too.

Like Streamlit's metrics, the answer is for operators (its reasons can name hosts): the nginx recipe and the
Ingress keep it private.
"""

from __future__ import annotations

from typing import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PATH = "/api/health"


def report(store_kind: str, listener_trouble: str | None, features_off: Mapping[str, str],
           heavy_runs: tuple[int, int], heavy_slots: int) -> dict:
    """The health answer from what the replica knows (pure: the route gathers the inputs)."""
    problems = []
    if listener_trouble is not None:
        problems.append(f"classroom: not hearing teachers' moves ({listener_trouble}); students follow through "
                        "their few-second safety net, each computing its own run")
    problems += [f"Streamlit internals: {name} off ({why})" for name, why in features_off.items()]
    running, queued = heavy_runs
    return {
        "status": "degraded" if problems else "ok",
        "problems": problems,
        "classroom": {"store": store_kind, "hearing_moves": listener_trouble is None, "trouble": listener_trouble},
        "streamlit_features_off": dict(features_off),
        "heavy_runs": {"running": running, "queued": queued, "slots": heavy_slots},
    }


def http_status(answer: dict) -> int:
    return 200 if answer["status"] == "ok" else 503


def current_report() -> dict:
    """This replica's health now. Asking for the classroom store starts its listener if no page has yet, so a
    replica's first health check also starts it hearing."""
    from classroom.store import RedisStore
    from ui import admission, internals
    from ui.classroom import classroom_store

    store = classroom_store()
    return report("redis" if isinstance(store, RedisStore) else "this process", store.listener_trouble(),
                  {feature.name: why for feature, why in internals.features_off().items()},
                  admission.heavy_run_status(), admission.heavy_slots())


async def _endpoint(request: Request) -> JSONResponse:
    answer = current_report()
    return JSONResponse(answer, status_code=http_status(answer), headers={"Cache-Control": "no-store"})


ROUTE = Route(PATH, _endpoint, methods=["GET"])
