import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo legal-aid staff login for local use, printing its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo-staff")

    def handle(self, *args, username, **options):
        group, _ = Group.objects.get_or_create(name=settings.STAFF_GROUP_NAME)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Demo staff login '{username}' already exists (its password was printed when it was created)."
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password)
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff login created. Username: {username}  Password: {password}")
            + "\nIt is shown only this once. Log in at http://127.0.0.1:8000/staff/"
        )
