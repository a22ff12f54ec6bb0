"""factory_boy factories for every model the tests build."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source, Target
from initiatives.models import Initiative, Participation
from programme.models import Axis, PeriodExtension, ReportingPeriod, Secretariat
from registers.models import Idea, Risk, SupportCategory, SupportRequest

PASSWORD = "correct-horse-battery-staple"


class SecretariatFactory(DjangoModelFactory):
    class Meta:
        model = Secretariat
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sec-{n:03d}")
    name_ar = factory.Sequence(lambda n: f"أمانة رقم {n}")
    name_en = factory.Sequence(lambda n: f"Secretariat {n}")
    region_ar = "منطقة"
    region_en = "Region"
    group = 2


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = Axis
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"X{n}")
    name_ar = factory.Sequence(lambda n: f"محور {n}")
    name_en = factory.Sequence(lambda n: f"Axis {n}")


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"I-{n:03d}")
    name_ar = factory.Sequence(lambda n: f"مبادرة {n}")
    name_en = factory.Sequence(lambda n: f"Initiative {n}")
    axis = factory.SubFactory(AxisFactory)
    weight = Decimal("1")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            for secretariat in extracted:
                Participation.objects.get_or_create(initiative=self, secretariat=secretariat)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name_ar = factory.Sequence(lambda n: f"مؤشر {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "percent"
    polarity = "higher_better"
    source = Source.MANUAL
    weight = Decimal("1")


class ReportingPeriodFactory(DjangoModelFactory):
    """Defaults to an open 2018-Q2; pass year/quarter for others."""

    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["year", "quarter"]

    year = 2018
    quarter = 2
    opens_on = factory.LazyAttribute(lambda p: datetime.date(p.year, 3 * p.quarter - 2, 1))
    closes_on = factory.LazyAttribute(lambda p: p.opens_on + datetime.timedelta(days=120))
    state = "open"


class PeriodExtensionFactory(DjangoModelFactory):
    class Meta:
        model = PeriodExtension

    period = factory.SubFactory(ReportingPeriodFactory)
    secretariat = factory.SubFactory(SecretariatFactory)
    until = datetime.date(2030, 1, 1)


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    secretariat = factory.SubFactory(SecretariatFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    value = Decimal("100")


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    secretariat = factory.SubFactory(SecretariatFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    value = Decimal("50")
    workflow_status = WorkflowStatus.APPROVED


class InitiativeProgressFactory(DjangoModelFactory):
    class Meta:
        model = InitiativeProgress

    initiative = factory.SubFactory(InitiativeFactory)
    secretariat = factory.SubFactory(SecretariatFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    percent_complete = Decimal("50")
    workflow_status = WorkflowStatus.APPROVED


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VIEWER
    password = factory.django.Password(PASSWORD)


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    secretariat = factory.SubFactory(SecretariatFactory)
    title = factory.Sequence(lambda n: f"خطر {n}")
    likelihood = 3
    impact = 3


class SupportRequestFactory(DjangoModelFactory):
    class Meta:
        model = SupportRequest

    secretariat = factory.SubFactory(SecretariatFactory)
    category = SupportCategory.BUDGET
    title = factory.Sequence(lambda n: f"طلب دعم {n}")


class IdeaFactory(DjangoModelFactory):
    class Meta:
        model = Idea

    secretariat = factory.SubFactory(SecretariatFactory)
    title = factory.Sequence(lambda n: f"فكرة {n}")
