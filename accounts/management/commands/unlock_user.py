from django.core.management.base import BaseCommand

from accounts.lockout import user_unlock


class Command(BaseCommand):
    help = "Unlock an account locked after too many failed sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        removed = user_unlock(username=username)
        if removed:
            self.stdout.write(f"{username}: unlocked ({removed} lockout record(s) removed).")
        else:
            self.stdout.write(f"{username}: no failed sign-ins on record; nothing to unlock.")
