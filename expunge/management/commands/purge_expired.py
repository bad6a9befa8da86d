from django.conf import settings
from django.core.management.base import BaseCommand

from expunge.services.periodic import periodic_run
from expunge.services.retention import purge_expired, purge_summary


class Command(BaseCommand):
    help = (
        "Delete what is due for deletion: drafts whose private link has expired, and submissions older than "
        "SUBMISSION_RETENTION_DAYS that staff are not working on. Run it daily (a worker started with "
        "`make worker` runs it every night)."
    )

    def handle(self, *args, **options):
        # Recorded like the nightly task's runs, so that staff see when it last ran.
        counts = periodic_run("purge-expired", purge_expired, purge_summary)
        self.stdout.write(
            f"Deleted {counts['drafts']} expired drafts and {counts['submissions']} submissions older than "
            f"{settings.SUBMISSION_RETENTION.days} days."
        )
