"""Views that report where their reads would go, for the routing tests (no replica needed)."""

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError, router, transaction
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from accounts.models import User
from madinati import dataversion
from madinati.urls import urlpatterns as project_urlpatterns
from programme.models import Secretariat


def _where():
    return {"figures": router.db_for_read(Secretariat), "users": router.db_for_read(User)}


def dash(request):
    return JsonResponse(_where())


def dash_floor(request):
    """Which data version the request's reads cover once it has read."""
    where = router.db_for_read(Secretariat)
    return JsonResponse({"figures": where, "floor": dataversion.replica_floor.get()})


def dash_in_transaction(request):
    with transaction.atomic():
        return JsonResponse(_where())


def entry(request):
    return JsonResponse(_where())


@csrf_exempt
def save(request):
    """A write (of no row: the statement is what counts)."""
    Secretariat.objects.filter(pk=-1).update(group=1)
    return JsonResponse({"saved": True})


@csrf_exempt
def noop(request):
    """A POST that writes nothing, as a failed form or a language switch."""
    return JsonResponse({"saved": False})


calls = []


def dash_flaky(request):
    """Fails on a replica, as a read does when the replica stops in the middle of it."""
    where = _where()
    calls.append(where["figures"])
    if where["figures"] != "default":
        raise OperationalError("server closed the connection unexpectedly")
    return JsonResponse(where)


urlpatterns = [
    path("ops/dash/", dash, name="dash"),
    path("ops/dash-tx/", dash_in_transaction, name="dash-tx"),
    path("ops/dash-floor/", dash_floor, name="dash-floor"),
    path("ops/dash-flaky/", dash_flaky, name="dash-flaky"),
    path("ops/api/", login_not_required(dash), name="dash-api"),
    path("ops/api-save/", login_not_required(save), name="api-save"),
    path("ops/entry/", entry, name="entry-page"),
    path("ops/save/", save, name="save"),
    path("ops/noop/", noop, name="noop"),
    *project_urlpatterns,
]
