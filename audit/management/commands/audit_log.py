import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware

from audit import selectors
from audit.models import Action


def _instant(raw: str, option: str):
    value = parse_datetime(raw)
    if value is None:
        raise CommandError(f"{option} {raw!r} is not an ISO date-time (e.g. 2018-04-01T00:00 or 2018-04-01T00:00Z).")
    return make_aware(value, get_current_timezone()) if is_naive(value) else value


class Command(BaseCommand):
    help = "Print the audit trail from --since on, oldest first; --json prints one JSON object per line."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="ISO date-time; without an offset, Riyadh time")
        parser.add_argument("--until", help="ISO date-time, exclusive")
        parser.add_argument("--user", default="", help="user name")
        parser.add_argument("--action", default="", choices=["", *Action.values])
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, since, until, user, action, **options):
        queryset = selectors.entries(
            since=_instant(since, "--since"),
            until=_instant(until, "--until") if until else None,
            username=user,
            action=action,
        ).order_by("at", "id")
        for entry in queryset.iterator():
            row = selectors.as_dict(entry)
            if options["json"]:
                self.stdout.write(_dumps(row))
            else:
                self.stdout.write(
                    f"{row['at']}  {row['action']:<18} {row['outcome']:<8} {row['username'] or '-':<20} "
                    f"{row['object_repr']} {row['path']}"
                )


def _dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)
