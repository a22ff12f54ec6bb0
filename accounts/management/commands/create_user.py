import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role
from accounts.services import user_create
from accounts.twofactor import otpauth_uri, totp_enrol


class Command(BaseCommand):
    help = "Create a user with a role. The password is read from standard input."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--secretariat", help="secretariat code (required for an officer)")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        parser.add_argument(
            "--totp",
            action="store_true",
            help="enrol an authenticator now: prints recovery codes, then the otpauth:// URI as the last line",
        )

    def handle(self, *args, username, role, secretariat, password_stdin, totp, **options):
        if not password_stdin:
            raise CommandError("Pass --password-stdin and write the password to standard input.")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input.")
        try:
            with transaction.atomic():
                user = user_create(
                    username=username, role=role, secretariat_code=secretariat, password=password, validate=True
                )
                device, codes = totp_enrol(user=user, via="create_user") if totp else (None, [])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        where = f" of {user.secretariat.code}" if user.secretariat else ""
        self.stdout.write(self.style.SUCCESS(f"Created {user.role} {user.username}{where}."))
        if device is not None:
            self.stdout.write("Recovery codes, each good once; hand them over with the password and keep no copy:")
            for code in codes:
                self.stdout.write(f"  {code}")
            self.stdout.write("Two-factor sign-in is set up. Open this URI (or its QR code) in the authenticator app:")
            self.stdout.write(otpauth_uri(device))
