"""Query-string filters of the programme and register endpoints (DESIGN §5): codes, never ids.

The register pages read their filter bar with the same FilterSets (the
``*RegisterPageFilter`` classes below): one parser of ``?secretariat= &axis=
&status=`` for the API and the pages, the pages adding ``?group=`` and their
``?kind=`` or ``?category=``.
"""

import django_filters
from django.core.exceptions import BadRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from indicators.models import InitiativeProgress
from initiatives.models import Initiative
from programme.filters import PositiveIntegerFilter, code_filter, period_filter
from programme.models import Axis, Secretariat
from registers.models import (
    Idea,
    IdeaStatus,
    Risk,
    RiskKind,
    RiskStatus,
    SupportCategory,
    SupportRequest,
    SupportStatus,
)
from registers.selectors import RegisterFilters

SECRETARIAT_HELP = _("Secretariat code, e.g. taif.")
AXIS_HELP = _("Axis code, e.g. B.")


class SecretariatFilter(django_filters.FilterSet):
    group = PositiveIntegerFilter(field_name="group", help_text=_("Programme group number, e.g. 2."))

    class Meta:
        model = Secretariat
        fields = ["group"]


class InitiativeFilter(django_filters.FilterSet):
    axis = code_filter(Axis.objects.all(), "axis", AXIS_HELP)
    lead = code_filter(
        Secretariat.objects.all(), "lead_secretariat", _("Code of the secretariat that leads the initiative.")
    )
    participant = code_filter(
        Secretariat.objects.all(), "participants", _("Code of a secretariat taking part in the initiative.")
    )

    class Meta:
        model = Initiative
        fields = ["axis", "lead", "participant"]


class ProgressFilter(django_filters.FilterSet):
    initiative = code_filter(Initiative.objects.all(), "initiative", _("Initiative code, e.g. B-01."))
    secretariat = code_filter(Secretariat.objects.all(), "secretariat", SECRETARIAT_HELP)
    axis = code_filter(Axis.objects.all(), "initiative__axis", AXIS_HELP)
    period = period_filter(_("Reporting period YYYY-Qn, e.g. 2018-Q1."))

    class Meta:
        model = InitiativeProgress
        fields = ["initiative", "secretariat", "axis", "period"]


class RegisterFilter(django_filters.FilterSet):
    secretariat = code_filter(Secretariat.objects.all(), "secretariat", SECRETARIAT_HELP)
    axis = code_filter(Axis.objects.all(), "axis", AXIS_HELP)

    class Meta:
        fields = ["secretariat", "axis", "status"]


class RiskFilter(RegisterFilter):
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, help_text=_("Status of the risk or obstacle."))

    class Meta(RegisterFilter.Meta):
        model = Risk


class SupportRequestFilter(RegisterFilter):
    status = django_filters.ChoiceFilter(choices=SupportStatus.choices, help_text=_("Status of the request."))

    class Meta(RegisterFilter.Meta):
        model = SupportRequest


class IdeaFilter(RegisterFilter):
    status = django_filters.ChoiceFilter(choices=IdeaStatus.choices, help_text=_("Status of the idea."))

    class Meta(RegisterFilter.Meta):
        model = Idea


# --- the register pages' filter bars -------------------------------------------------------------------------------

PAGE_FILTER_KEYS = ("group", "secretariat", "axis", "kind", "status", "category")


class RegisterPageFilterMixin:
    """What a register page needs on top of the API's FilterSet: a :class:`RegisterFilters` or a 400.

    The page's selectors decide what a filter means for their register (a risk
    is listed under every secretariat whose entry was merged into it), so the
    page reads the FilterSet's cleaned values rather than its queryset.
    """

    def register_filters(self) -> RegisterFilters:
        """The cleaned filters; ``BadRequest`` naming each field at fault and why. One query per code given."""
        if not self.is_valid():
            raise BadRequest(
                " ".join(
                    f"{capfirst(self.filters[name].label)}: {' '.join(messages)}"
                    for name, messages in self.errors.items()
                )
            )
        data = self.form.cleaned_data
        axis = data.get("axis")
        return RegisterFilters(
            group=data.get("group"),
            secretariat=data.get("secretariat"),
            axis_id=axis.pk if axis is not None else None,
            kind=data.get("kind") or None,
            status=data.get("status") or None,
            category=data.get("category") or None,
        )

    @property
    def raw(self) -> dict[str, str]:
        """The values as typed, to refill the filter bar."""
        return {key: (self.data.get(key) or "").strip() for key in PAGE_FILTER_KEYS}


def _group_filter():
    return PositiveIntegerFilter(label=_("group"), help_text=_("Programme group number, e.g. 2."))


class RiskRegisterPageFilter(RegisterPageFilterMixin, RiskFilter):
    group = _group_filter()
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=RiskKind.choices)

    class Meta(RiskFilter.Meta):
        fields = ["group", *RiskFilter.Meta.fields, "kind"]


class SupportRequestRegisterPageFilter(RegisterPageFilterMixin, SupportRequestFilter):
    group = _group_filter()
    category = django_filters.ChoiceFilter(label=_("category"), choices=SupportCategory.choices)

    class Meta(SupportRequestFilter.Meta):
        fields = ["group", *SupportRequestFilter.Meta.fields, "category"]


class IdeaRegisterPageFilter(RegisterPageFilterMixin, IdeaFilter):
    group = _group_filter()

    class Meta(IdeaFilter.Meta):
        fields = ["group", *IdeaFilter.Meta.fields]
