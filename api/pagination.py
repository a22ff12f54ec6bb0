"""The API's one pagination: ``{count, next, previous, results}``, bounded, and a 400 naming a malformed page.

It lives apart from ``api.base`` because DRF imports the class named in ``DEFAULT_PAGINATION_CLASS``
while ``rest_framework.generics`` loads, and ``api.base`` imports that module.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


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
        if not is_positive_integer(raw):
            message = _("A page size is a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        # Anything above the bound (however many digits) is the bound.
        return min(int(raw[:9]) if len(raw) <= 9 else self.max_page_size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, "", "last") and not is_positive_integer(raw):
            raise exceptions.ValidationError({self.page_query_param: [_("A page number is a whole number from 1.")]})
        return super().paginate_queryset(queryset, request, view)

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
