"""Query-string filters of the programme and register endpoints (DESIGN §5): codes, never ids."""

import django_filters
from django.utils.translation import gettext_lazy as _

from indicators.models import InitiativeProgress
from initiatives.models import Initiative
from programme.filters import PositiveIntegerFilter, code_filter, period_filter
from programme.models import Axis, Secretariat
from registers.models import Idea, IdeaStatus, Risk, RiskStatus, SupportRequest, SupportStatus

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
