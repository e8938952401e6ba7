"""The replica's own health answer (ui/health.py, `GET /api/health`): what it says, and that it turns degraded
when the classroom's Redis goes away and ok again when it is back, on a real server (serve.py) with a real
redis-server."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from explorer_devtools.fleet import fleet
from ui import health


def test_a_replica_that_hears_its_classes_is_ok():
    answer = health.report("redis", None, {}, (1, 0), 2)
    assert answer["status"] == "ok" and answer["problems"] == [] and health.http_status(answer) == 200
    assert answer["classroom"] == {"store": "redis", "hearing_moves": True, "trouble": None}
    assert answer["heavy_runs"] == {"running": 1, "queued": 0, "slots": 2}


def test_a_deaf_listener_or_an_internal_off_degrades_it_and_says_why():
    answer = health.report("redis", "ConnectionError: Connection refused", {}, (0, 0), 2)
    assert answer["status"] == "degraded" and health.http_status(answer) == 503
    assert answer["classroom"]["hearing_moves"] is False
    assert "Connection refused" in answer["problems"][0] and "safety net" in answer["problems"][0]

    answer = health.report("this process", None, {"copied runs": "Streamlit 1.70 is not the tested 1.67"}, (0, 0), 2)
    assert answer["status"] == "degraded"
    assert answer["problems"] == ["Streamlit internals: copied runs off (Streamlit 1.70 is not the tested 1.67)"]


def _health(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{url}{health.PATH}", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _wait_for_status(url: str, wanted: str, within_s: float) -> tuple[int, dict]:
    deadline = time.monotonic() + within_s
    while True:
        code, answer = _health(url)
        if answer["status"] == wanted or time.monotonic() > deadline:
            return code, answer
        time.sleep(0.25)


def test_the_health_answer_follows_the_classrooms_redis(redis_service):
    with fleet(replicas=1, env={"PROB_EXPLORER_REDIS_URL": redis_service.url}) as servers:
        code, answer = _wait_for_status(servers.url, "ok", 10)
        assert (code, answer["classroom"]["store"], answer["classroom"]["hearing_moves"]) == (200, "redis", True)
        redis_service.stop()
        try:
            code, answer = _wait_for_status(servers.url, "degraded", 15)
            assert code == 503 and not answer["classroom"]["hearing_moves"], answer
            assert "classroom: not hearing teachers' moves" in answer["problems"][0]
        finally:
            redis_service.start()
        code, answer = _wait_for_status(servers.url, "ok", 20)
        assert code == 200 and answer["problems"] == [], answer
