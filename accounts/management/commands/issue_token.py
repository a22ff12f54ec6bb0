from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Issue an API token for a user; the token acts with the user's role. "
        "The key is printed once, as the last line: only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the user the token acts as")
        parser.add_argument("--name", default="", help="a label to recognise the token in the admin")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}; create it first with create_user.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token for it would be refused.")
        token, key = ApiToken.issue(user=user, name=name or f"{username} token")
        self.stdout.write(
            f"Issued token {token.prefix}… ({token.name}) for {user.username} ({user.role}). "
            "Keep the key below; it cannot be shown again. Revoke it in the admin."
        )
        self.stdout.write(key)
