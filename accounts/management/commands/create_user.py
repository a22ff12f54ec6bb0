import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import user_create


class Command(BaseCommand):
    help = "Create a user with a role. The password is read from standard input."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--secretariat", help="secretariat code (required for an officer)")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args, username, role, secretariat, password_stdin, **options):
        if not password_stdin:
            raise CommandError("Pass --password-stdin and write the password to standard input.")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input.")
        try:
            user = user_create(
                username=username, role=role, secretariat_code=secretariat, password=password, validate=True
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        where = f" of {user.secretariat.code}" if user.secretariat else ""
        self.stdout.write(self.style.SUCCESS(f"Created {user.role} {user.username}{where}."))
