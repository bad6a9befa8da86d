"""The demo organisation and its supervisor login for local use (`make run` calls it).

    python manage.py create_demo_staff [--username demo-staff] [--reset] [--url http://127.0.0.1:8000]

The password and the authenticator key are printed once, when the login is made; `--reset`
(`make run RESET_DEMO=1`) gives the login a new password and a new authenticator key and
prints them again."""

import base64
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from expunge.choices import COUNTY_NAMES
from expunge.models import Organisation, StaffMembership


class Command(BaseCommand):
    help = (
        "Create a demo legal-aid organisation serving every county and a supervisor login for local use, "
        "printing its password once (--reset prints a new one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo-staff")
        parser.add_argument("--reset", action="store_true", help="give the login a new password and authenticator key")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the portal is served")

    def handle(self, *args, username, reset, url, **options):
        organisation, _created = Organisation.objects.get_or_create(
            name="Demo Legal Aid", defaults={"counties": sorted(COUNTY_NAMES)}
        )
        login_url = f"{url.rstrip('/')}/staff/"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not reset:
            self.stdout.write(
                f"Demo staff login '{username}' already exists (its password was printed when it was created). "
                f"For a new password and authenticator key: make run RESET_DEMO=1. Log in at {login_url}"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_user(username=username, password=password)
            StaffMembership.objects.create(user=user, organisation=organisation, role=StaffMembership.Role.SUPERVISOR)
            done = "created"
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            TOTPDevice.objects.filter(user=user).delete()
            done = "reset"
        device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff login {done}. Username: {username}  Password: {password}")
            + f"\nA supervisor of '{user.staff_membership.organisation}'."
            + f"\nSecond factor: add this key to an authenticator app (TOTP, 6 digits, 30 s): {secret}"
            + f"\n  or open: {device.config_url}"
            + f"\nAll of this is shown only this once. Log in at {login_url}"
        )
