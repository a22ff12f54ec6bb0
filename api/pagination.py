"""The API's one pagination: ``{count, next, previous, results}``, bounded, and a 400 naming a malformed page.

It lives apart from ``api.base`` because DRF imports the class named in ``DEFAULT_PAGINATION_CLASS``
while ``rest_framework.generics`` loads, and ``api.base`` imports that module.

Deep pages cost what page 1 costs when a client follows ``next``: serving page N
files the ordering key of its last row in the shared cache, under the list's own
SQL (so its filters and the user's scope), the data version and the drafts
version; page N+1 then starts after that key (keyset: ``WHERE (keys) > (last
keys) … LIMIT n``) instead of reading and dropping the ``(N-1)·n`` rows before it
(``OFFSET``). The links keep their page numbers (DESIGN §5), and a page asked for
out of the blue, or after any write that moves either version, is read with
``OFFSET`` as before, so the rows of page N are the same either way. Both
versions, because the ``values/`` and ``progress/`` lists hold an officer's own
drafts (and a returned row leaves the others' lists when saved back to a draft),
and those writes move only the drafts version. Only lists whose every table
moves one of them (:mod:`madinati.dataversion`) take the keyset; the ordering
gains the primary key as a last tie-break, so it is total.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from madinati import dataversion

KEYSET_PREFIX = "keyset_"
BOUNDARY_TIMEOUT = 3600


class KeysetPaginator(Paginator):
    """Django's paginator, whose page N starts after a filed boundary when there is one."""

    def __init__(self, object_list, per_page, *, keys, signature: str | None, version: int, drafts: int):
        super().__init__(object_list, per_page)
        self.keys, self.signature, self.used_keyset = keys, signature, False
        self.version, self.drafts = version, drafts

    def boundary_key(self, number: int) -> str:
        """Page ``number``'s start, for this list (its SQL), page size, data version and drafts version."""
        return dataversion.key("keyset", self.drafts, self.signature, self.per_page, number, version=self.version)

    def page(self, number):
        number = self.validate_number(number)
        boundary = cache.get(self.boundary_key(number)) if self.signature and number > 1 else None
        if boundary is None:
            return super().page(number)
        self.used_keyset = True
        after = Q()
        for i in reversed(range(len(self.keys))):  # (k0 > v0) or (k0 = v0 and (k1 > v1 or (k1 = v1 and …)))
            name, descending = self.keys[i]
            beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": boundary[i]})
            after = beyond if i == len(self.keys) - 1 else beyond | (Q(**{name: boundary[i]}) & after)
        return self._get_page(self.object_list.filter(after)[: self.per_page], number, self)

    def file_boundary(self, page, rows: list) -> None:
        """Where page N+1 starts: the keys of page N's last row (none when a key is null: OFFSET then)."""
        if not self.signature or not rows or not page.has_next():
            return
        values = [getattr(rows[-1], f"{KEYSET_PREFIX}{i}") for i in range(len(self.keys))]
        if any(value is None for value in values):
            return  # a null breaks the comparison
        # Rows read on a replica are never filed: the router vouches for a replica up to the data version
        # only, and a draft saved a moment ago may not be replayed there yet, so a boundary from its rows
        # could sit under a drafts version it does not cover. Only reads on the primary (fresh for both
        # counters by construction) file; a replica still uses what they filed.
        if not (dataversion.fresh_for(self.version) and dataversion.fresh_for_drafts()):
            return
        cache.set(self.boundary_key(page.number + 1), values, timeout=BOUNDARY_TIMEOUT)


def _plain_field(model, path: str) -> bool:
    """A path that ends on a column (``secretariat__code``), not on a relation ordered by its model's
    ``Meta.ordering`` (``secretariat``): only then is the ordering's key the value ``F(path)`` reads."""
    if path == "pk":
        return True
    field = None
    for name in path.split("__"):
        if model is None:
            return False
        try:
            field = model._meta.get_field(name)
        except Exception:
            return False
        if field.is_relation and name == field.attname != field.name:  # period_id: the column itself
            return field.concrete and name == path.split("__")[-1]
        model = field.related_model if field.is_relation else None
    return field is not None and not field.is_relation and field.concrete


def keyset(queryset) -> tuple[object, list[tuple[str, bool]] | None, str | None]:
    """The queryset ordered totally and carrying its keys as ``keyset_<n>``, the keys, and its signature;
    ``(queryset, None, None)`` when it cannot take the keyset (an expression in the ordering, a table that
    does not move the data version)."""
    query = queryset.query
    ordering = list(query.order_by or query.get_meta().ordering or [])
    if not all(isinstance(term, str) and _plain_field(query.model, term.lstrip("-")) for term in ordering):
        return queryset, None, None
    if not {"pk", "-pk", "id", "-id"} & set(ordering):
        ordering.append("pk")
    keys = [(term.lstrip("-"), term.startswith("-")) for term in ordering]
    annotations = {f"{KEYSET_PREFIX}{i}": F(path) for i, (path, _descending) in enumerate(keys)}
    ordered = queryset.order_by(*ordering).annotate(**annotations)
    # The tables that decide which rows and in which order (select_related's joins add columns, never rows);
    # compiling adds the ordering's joins to the alias map, so compile a query of its own.
    deciding = queryset.select_related(None).order_by(*ordering).annotate(**annotations).query
    try:
        sql, params = ordered.query.sql_with_params()
        deciding.sql_with_params()
    except Exception:  # EmptyResultSet and the like: nothing to page through quickly
        return queryset, None, None
    watched = dataversion.watched_tables()
    if not all(join.table_name in watched for join in deciding.alias_map.values()):
        return queryset, None, None
    signature = hashlib.sha256(f"{ordered.db}\n{sql}\n{params!r}".encode()).hexdigest()
    return ordered, [(f"{KEYSET_PREFIX}{i}", descending) for i, (_p, descending) in enumerate(keys)], signature


def is_positive_integer(raw: str) -> bool:
    """ASCII digits with a value of 1 or more (checked without ``int()``, which refuses 4300+ digits)."""
    return raw.isascii() and raw.isdigit() and raw.strip("0") != ""


class ApiPagination(PageNumberPagination):
    """``{count, next, previous, results}``; a malformed ``page`` or ``page_size`` is a 400 naming it."""

    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = gettext_lazy("Page number, from 1.")
    page_size_query_description = gettext_lazy("Rows per page, 1 to 500 (default 50).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        # Above the bound (however many digits: no int() of them) is refused like any other bad size, as documented.
        digits = raw.lstrip("0") if is_positive_integer(raw) else ""
        if not digits or len(digits) > 9 or int(digits) > self.max_page_size:
            message = _("A page size is a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(digits)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, "", "last") and not is_positive_integer(raw):
            raise exceptions.ValidationError({self.page_query_param: [_("A page number is a whole number from 1.")]})
        # Read before the rows, so a boundary never outlives them; both counters in one cache read.
        self.version, self.drafts = dataversion.versions()
        queryset, self.keys, self.signature = keyset(queryset)
        rows = super().paginate_queryset(queryset, request, view)
        if rows is not None:
            self.page.paginator.file_boundary(self.page, rows)
        return rows

    def django_paginator_class(self, object_list, per_page):
        return KeysetPaginator(
            object_list, per_page, keys=self.keys, signature=self.signature, version=self.version, drafts=self.drafts
        )

    def get_paginated_response(self, data):
        # The same links as the body, as headers, so a CSV page can be followed too.
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
