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
        "printing its password once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo-staff")

    def handle(self, *args, username, **options):
        organisation, _created = Organisation.objects.get_or_create(
            name="Demo Legal Aid", defaults={"counties": sorted(COUNTY_NAMES)}
        )
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Demo staff login '{username}' already exists (its password was printed when it was created)."
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password)
        StaffMembership.objects.create(user=user, organisation=organisation, role=StaffMembership.Role.SUPERVISOR)
        device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff login created. Username: {username}  Password: {password}")
            + f"\nA supervisor of '{organisation}', which serves every county."
            + f"\nSecond factor: add this key to an authenticator app (TOTP, 6 digits, 30 s): {secret}"
            + f"\n  or open: {device.config_url}"
            + "\nAll of this is shown only this once. Log in at http://127.0.0.1:8000/staff/"
        )
