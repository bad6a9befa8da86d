"""Writes. Views, tasks and commands change data only through the functions of these
modules, one module per concern; each Celery task sits beside the service it runs (a task:
an id in, one service call, safe to run twice), under the name it has always had, so that
queued messages, CELERY_TASK_ROUTES and the beat schedule keep working.

- submissions: a resident's answers sent, checked by the engine, decided again after staff
  change the facts; the resident's choice to file early.
- documents: a submission's documents kept in line with its result, and rendered.
- review: the staff workspace's review workflow.
- audit: the audit log.
- retention: how long answers are kept, deleting a submission, the nightly purge.
- retries: which failures are transient, and the retry schedule.
"""


class NotAllowed(Exception):
    """The request does not fit the submission's current state, or the user's role."""
