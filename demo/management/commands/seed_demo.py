from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User
from accounts.services import user_create
from demo.annual import seed_annual
from demo.elements import seed_elements
from demo.figures import seed_figures, seed_indicators, seed_periods
from demo.meetings import seed_meetings
from demo.plans import seed_plans
from demo.quality import seed_quality_rules
from demo.registers import seed_registers
from demo.reset import ResetRefused, reset_demo
from demo.structure import seed_axes, seed_initiatives, seed_secretariats

DEMO_USERS = [
    ("viewer", Role.VIEWER, None),
    ("reviewer", Role.REVIEWER, None),
    ("taif-officer", Role.OFFICER, "taif"),
    ("jazan-officer", Role.OFFICER, "jazan"),
    ("admin", Role.ADMIN, None),
]
DEMO_PASSWORD = "madinati-demo-2018"


class Command(BaseCommand):
    help = (
        "Load the 17 secretariats, axes A/B/F, the seven indicators, demo initiatives, periods "
        "2017-Q1..2018-Q4 (2018-Q2 open), targets and synthetic figures for group two, and group two's review "
        "meetings (the seed report's, held, with its frozen snapshot). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help=f"Also create one user per role with the password {DEMO_PASSWORD!r} (never in production).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First delete every row marked as demo data (and only those), then seed again. "
            "Refuses, deleting nothing, when data that is not demo data depends on demo rows.",
        )

    @transaction.atomic
    def handle(self, *args, with_demo_users=False, reset=False, **options):
        if reset:
            try:
                deleted = reset_demo()
            except ResetRefused as refusal:
                raise CommandError(str(refusal)) from None
            summary = ", ".join(f"{label} {n}" for label, n in sorted(deleted.items())) or "none"
            self.stdout.write(f"reset: {sum(deleted.values())} demo rows deleted ({summary})")
        steps = [
            ("secretariats", seed_secretariats),
            ("axes", seed_axes),
            ("initiatives", seed_initiatives),
            ("indicators", seed_indicators),
            ("periods", seed_periods),
            ("targets, values and progress", seed_figures),
            ("annual targets and axis targets for the year", seed_annual),
            ("data-quality rules", seed_quality_rules),
            ("plans of the initiatives", seed_plans),
            ("visual-distortion elements treated", seed_elements),
            ("risks, requests and ideas", seed_registers),
            # Last: the meeting of the seed report freezes the figures and registers loaded above.
            ("meetings, actions, workshops and snapshots", seed_meetings),
        ]
        total = 0
        for label, step in steps:
            written = step()
            total += written
            self.stdout.write(f"{label}: {written} written")
        if with_demo_users:
            for username, role, secretariat in DEMO_USERS:
                if not User.objects.filter(username=username).exists():
                    user_create(username=username, role=role, secretariat_code=secretariat, password=DEMO_PASSWORD)
                    total += 1
            self.stdout.write(f"demo users: {', '.join(u for u, _, _ in DEMO_USERS)} (password {DEMO_PASSWORD})")
        self.stdout.write(
            self.style.SUCCESS(f"seed_demo: {total} rows written" if total else "seed_demo: nothing to change")
        )
