from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.twofactor import mfa_reset


class Command(BaseCommand):
    help = (
        "Reset a user's two-factor sign-in: remove their authenticator and recovery codes, so they set up "
        "a new authenticator at their next sign-in (a lost phone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = mfa_reset(user=user, via="reset_mfa")
        self.stdout.write(
            f"{username}: two-factor sign-in reset ({removed} device(s) removed); "
            "they set up an authenticator at their next sign-in."
        )
