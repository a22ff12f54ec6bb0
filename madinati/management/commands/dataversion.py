"""Print the data version, or move it on after a change the application did not make itself.

Every write through the application moves it (madinati.dataversion). Writes from
outside (a restore, a fix made in psql) do not: run ``manage.py dataversion --bump``
once afterwards, and every app server stops serving figures cached before.
"""

from django.core.management.base import BaseCommand

from madinati import dataversion


class Command(BaseCommand):
    help = "Print the data version; --bump invalidates every cached figure on every app server."

    def add_arguments(self, parser):
        parser.add_argument("--bump", action="store_true", help="move the version on")

    def handle(self, *args, bump: bool, **options):
        version = dataversion.bump() if bump else dataversion.current()
        self.stdout.write(str(version))
