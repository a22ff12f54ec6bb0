import time

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from madinati import dataversion, replicas


@login_not_required
@never_cache
def healthz(request):
    """Liveness: load balancers ask this every few seconds; it proves only that the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
def readyz(request):
    """Readiness, for operators and for a proxy deciding whether to send traffic here.

    503 when the primary or the shared cache does not answer: this server cannot
    write, or cannot keep its caches and throttles coherent with the others. A
    replica that is down or lags is reported but is no reason to refuse traffic:
    its reads fall back to the primary.
    """
    primary = _probe(_primary_answers)
    shared_cache = _probe(dataversion.current)
    replica_states = [replicas.check(alias).as_dict() for alias in replicas.aliases()]
    ready = primary["ok"] and shared_cache["ok"]
    body = {
        "status": ("ok" if all(r["ok"] for r in replica_states) else "degraded") if ready else "unavailable",
        "primary": primary,
        "replicas": replica_states,
        "cache": {**shared_cache, "shared": _cache_is_shared()},
    }
    return JsonResponse(body, status=200 if ready else 503)


def _primary_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _probe(call) -> dict:
    started = time.perf_counter()
    try:
        call()
    except Exception as exc:  # noqa: BLE001  database and cache clients raise their own errors
        return {"ok": False, "problem": (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}


def _cache_is_shared() -> bool:
    return "LocMem" not in type(cache).__name__
