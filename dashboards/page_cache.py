"""Whole dashboard pages from the shared cache while the figures and registers behind them stand.

A page is cached as the HTML of its own blocks (title, head, content, scripts), rendered once per
version; the frame around them (the navigation with the user's name and role, the CSRF token of the
sign-out and language forms, the messages) is rendered for every request from ``base.html``. So no
user ever receives bytes rendered for another: what is shared holds no per-user part, and every
dashboard figure is the same for every signed-in user (the pages read only visible rows, never an
officer's drafts: :data:`indicators.choices.VISIBLE_STATUSES`).

The key is the data version (:mod:`madinati.dataversion`: values, progress, targets, calendar,
configuration), the version of the registers and meetings the pages also show (:func:`register_version`,
moved the same way by any write to those tables), the path and its sorted query, the language and
today's date (a quarter opens on a date). The ETag hashes that key with what the frame shows of the
user and the CSRF secret its forms carry, so ``If-None-Match`` is answered with a 304 before any figure
is read. Downloads (``?export=``) and requests inside a transaction (which may hold uncommitted,
unversioned writes) take the ordinary path.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.apps import apps
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.backends.signals import connection_created
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.safestring import mark_safe

from madinati import dataversion

#: The template the page templates extend (``{% extends page_base|default:"base.html" %}``) to give only their blocks.
PARTS_TEMPLATE = "dashboards/page_parts.html"
#: ``base.html`` with the cached blocks poured back in.
FRAME_TEMPLATE = "dashboards/cached_page.html"
PARTS = ("title", "head", "content", "scripts")
MARK = "<!--page-part:{}-->"

#: Apps whose tables the pages show besides the figures (risks, support requests, ideas, follow-up actions, snapshots).
REGISTER_APPS = ("registers", "meetings")
REGISTER_KEY = "pv"


# --------------------------------------------------------------------------- the registers' version


def register_version() -> int:
    version = cache.get(REGISTER_KEY)
    if version is None:
        cache.add(REGISTER_KEY, dataversion._seed(), timeout=None)
        version = cache.get(REGISTER_KEY)
    return int(version)


def bump_registers() -> None:
    try:
        cache.incr(REGISTER_KEY)
    except ValueError:  # never set, or evicted: restart above any value it had
        cache.add(REGISTER_KEY, dataversion._seed(), timeout=None)
        cache.incr(REGISTER_KEY)


_register_tables: set[str] = set()


def _watch_register_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and dataversion.written_table(sql) in _register_tables:
        alias = context["connection"].alias
        conn = connections[alias]
        if not (conn.in_atomic_block and any(entry[1] is bump_registers for entry in conn.run_on_commit)):
            transaction.on_commit(bump_registers, using=alias, robust=True)
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch_register_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_register_writes)


def install() -> None:
    """Move the registers' version on every committed write to their tables (from ``DashboardsConfig.ready()``)."""
    for label in REGISTER_APPS:
        _register_tables.update(model._meta.db_table for model in apps.get_app_config(label).get_models())
    connection_created.connect(_install, dispatch_uid="dashboards.page_cache")
    for conn in connections.all(initialized_only=True):
        _install(None, conn)


# --------------------------------------------------------------------------- keys and ETags


def page_key(request, *, version: int) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    parts = (register_version(), request.path, query, translation.get_language(), timezone.localdate().isoformat())
    return dataversion.key("page", hashlib.sha256(repr(parts).encode()).hexdigest()[:32], version=version)


def page_etag(request, key: str) -> str:
    """The key, and what the frame around the cached blocks shows of this user (and the CSRF secret it masks)."""
    user = request.user
    frame = (
        user.pk,
        getattr(user, "role", ""),
        user.is_staff,
        getattr(user, "secretariat_id", None),
        user.get_full_name() if user.is_authenticated else "",
        request.META.get("CSRF_COOKIE") or "",
    )
    return hashlib.sha256(f"{key}\n{frame!r}".encode()).hexdigest()[:40]


def _cacheable(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.GET.get("export") and not connection.in_atomic_block


# --------------------------------------------------------------------------- the pages


class _NotAPage(Exception):
    """The view answered something other than a page (nothing is stored)."""

    def __init__(self, response):
        self.response = response


def cached_page(view):
    """Serve the view's page from the cache, or a 304 for its ETag, while nothing behind it has changed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        version = dataversion.current()
        key = page_key(request, version=version)
        etag = quote_etag(page_etag(request, key))
        if (not_modified := get_conditional_response(request, etag=etag)) is not None:
            not_modified.headers["ETag"] = etag
            patch_cache_control(not_modified, private=True, no_cache=True)
            return not_modified

        def build():
            request.page_cache_parts = True
            response = view(request, *args, **kwargs)
            parts = getattr(request, "page_parts", None)
            if parts is None or response.status_code != 200:
                raise _NotAPage(response)
            return parts

        try:
            parts = dataversion.cached("page", build, key)
        except _NotAPage as answer:
            return answer.response
        response = render(request, FRAME_TEMPLATE, {name: mark_safe(parts[name]) for name in PARTS})  # noqa: S308
        # A first visit gets its CSRF secret while the frame renders: the ETag names the one its forms carry.
        response.headers["ETag"] = quote_etag(page_etag(request, key))
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapper


def render_page(request, template: str, context: dict):
    """``render()``, or, when :func:`cached_page` asks for it, the page's blocks alone (to cache) in the frame."""
    if not getattr(request, "page_cache_parts", False):
        return render(request, template, context)
    parts = split_parts(render_to_string(template, {**context, "page_base": PARTS_TEMPLATE}, request=request))
    if parts is None:  # a block with a form in it: never shared, rendered whole for this user
        return render(request, template, context)
    request.page_parts = parts
    return render(request, FRAME_TEMPLATE, {name: mark_safe(value) for name, value in parts.items()})  # noqa: S308


def split_parts(html: str) -> dict[str, str] | None:
    """The blocks between the parts template's marks; ``None`` if they hold a CSRF token (never shared)."""
    if "csrfmiddlewaretoken" in html:
        return None
    names = (*PARTS, "end")
    starts = [html.find(MARK.format(name)) for name in names]
    if any(start < 0 for start in starts) or starts != sorted(starts):
        return None
    return {
        name: html[start + len(MARK.format(name)) : end]
        for name, start, end in zip(PARTS, starts, starts[1:], strict=False)
    }
