from django.core.management.base import BaseCommand

from expunge.services.periodic import periodic_run
from expunge.services.submissions import decide_due


class Command(BaseCommand):
    help = (
        "Decide again, as of today, every submission whose next filing day has come, so its petition is made. "
        "Run it daily (a worker started with `make worker` runs it every night)."
    )

    def handle(self, *args, **options):
        # Recorded like the nightly task's runs, so that staff see when it last ran.
        decided = 0
        while True:
            counts = periodic_run("decide-due", decide_due, lambda c: f"{c['decided']} decided again")
            decided += counts["decided"]
            if not counts["more"]:
                break
        self.stdout.write(f"Decided again {decided} submissions whose filing day has come.")
