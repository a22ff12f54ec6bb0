from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from initiatives.models import Secretariat


def home(request):
    """Programme overview: the secretariats of a group (the dashboards fill it in)."""
    groups = list(Secretariat.objects.values_list("group", flat=True).distinct().order_by("group"))
    try:
        group = int(request.GET.get("group", ""))
    except ValueError:
        group = 2 if 2 in groups else (groups[0] if groups else None)
    secretariats = Secretariat.objects.filter(group=group).order_by("code")
    return render(request, "home.html", {"groups": groups, "group": group, "secretariats": secretariats})


@login_not_required
@never_cache
def healthz(request):
    """Load balancers ask this; it proves the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
