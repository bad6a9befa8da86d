from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from expunge.choices import COUNTY_CHOICES, OVERRIDE_REASONS


def private_storage():
    return storages["private"]


def hash_access_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_access_token() -> str:
    """An unguessable token for the resident's link; only its hash is stored."""
    return secrets.token_urlsafe(32)


class Draft(models.Model):
    """A resident's answers while they are being given, saved at every step. The resident's
    private link (only its SHA-256 is stored) resumes it until expires_at."""

    access_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    answers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10)
    # The address the resume link was last sent to, so it is sent once per address.
    emailed_to = models.EmailField(blank=True)
    submission = models.OneToOneField(
        "Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Draft {self.pk}"


class Organisation(models.Model):
    """A legal-aid provider. Submissions from the counties it serves are routed to it, and
    its staff see only its submissions (selectors.staff_submissions)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # County codes (expunge.choices.COUNTY_NAMES) this organisation serves.
    counties = models.JSONField(_("counties served"), default=list, blank=True)
    # How residents reach it, shown on their results page and the packet's cover sheet.
    # Blank: the portal's own help text (settings.PORTAL_HELP_TEXT) instead; never a guess.
    telephone = models.CharField(_("telephone"), max_length=40, blank=True)
    hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, help_text=_("For example, Monday to Friday, 9 am to 5 pm")
    )
    address = models.TextField(_("office address"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """Makes a user legal-aid staff of one organisation, with a role."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        # Supervisors also assign, reopen and export.
        SUPERVISOR = "supervisor", _("Supervisor")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REVIEWER)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class Submission(models.Model):
    """One resident's answers (a versioned JSON snapshot) plus the columns staff filter on."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        FAILED = "failed", _("Check failed")

    # The resident's link carries the token; the database keeps only its SHA-256, so a
    # copy of the database does not hand out anyone's petition.
    access_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    answers = models.JSONField()
    questionnaire_version = models.CharField(max_length=20)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)

    class Source(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        COURT_RECORD = "court_record", _("Court record")

    # Who gave the facts: a resident through the questionnaire, or an imported court record.
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.RESIDENT)

    # Copied from the answers at submit time (expunge.services.submissions.submission_submit).
    full_name = models.CharField(_("full name"), max_length=200, db_index=True)
    # The name as the queue searches it (expunge.search.name_key). On PostgreSQL a trigram
    # index (migration 0011) serves searches for any part of it.
    search_name = models.CharField(max_length=200, blank=True, default="", editable=False)
    # Indexed for the possible-duplicate checks (the same name and date of birth).
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True, db_index=True)
    county = models.CharField(_("county"), max_length=40, choices=COUNTY_CHOICES, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # The check was asked for (written with the row, in the same transaction, whether or
    # not the broker took the message): the sweeper asks again for one overdue.
    queued_at = models.DateTimeField(null=True, blank=True)
    # Each try at the check counts, committed before it starts: a check that kills its
    # worker every time stops after TASK_MAX_ATTEMPTS and goes to staff.
    check_attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    # Indexes of the cases the resident chose to file now with the General Waiver and
    # Release instead of waiting out the 3 years (expunge.services.submissions.submission_choose_early_filing).
    early_filing_cases = models.JSONField(default=list, blank=True)

    # Staff review (the staff workspace).
    class Review(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        READY_TO_FILE = "ready_to_file", _("Ready to file")
        FILED = "filed", _("Filed")
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions"
    )
    review_status = models.CharField(
        _("review status"), max_length=20, choices=Review.choices, default=Review.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_submissions",
        verbose_name=_("assigned to"),
    )
    # Denormalised from the latest determination for the queue's filters and sorting:
    # ",eligible_now,needs_review," and the earliest day a charge can be filed that was
    # still to come when it was decided.
    outcomes = models.CharField(max_length=300, blank=True, default="")
    next_eligible_on = models.DateField(_("next filing date"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The staff queue: one organisation's submissions, newest first, and in the
            # other orders staff sort by (selectors.QUEUE_ORDERS) where an index can serve
            # them; the counts by review status read the second one alone.
            models.Index(fields=["organisation", "created_at"], name="submission_queue"),
            models.Index(fields=["organisation", "review_status"], name="submission_by_status"),
            models.Index(fields=["organisation", "search_name", "id"], name="submission_by_name"),
            models.Index(fields=["organisation", "county", "-created_at", "-id"], name="submission_by_county"),
            models.Index(fields=["organisation", "next_eligible_on", "id"], name="submission_by_next_date"),
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"#{self.pk} {self.full_name}"

    @property
    def latest_determination(self) -> Determination | None:
        return self.determinations.order_by("-created_at", "-pk").first()


class CaseNumber(models.Model):
    """One case number of a submission, as the queue searches it (expunge.search.
    case_number_key): the numbers the resident gave and those staff corrected."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="case_numbers")
    number = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="one_row_per_case_number")]

    def __str__(self) -> str:
        return self.number


class Determination(models.Model):
    """The engine's result for a submission, with the rules version and date it used."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="determinations")
    result = models.JSONField()
    rules_version = models.CharField(max_length=40)
    as_of = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")

    def __str__(self) -> str:
        return f"Determination {self.pk} for submission {self.submission_id} ({self.rules_version})"


class Document(models.Model):
    """A generated court document, stored privately. One row per (submission, kind, case):
    re-rendering replaces the file, it never adds a second one."""

    class Kind(models.TextChoices):
        PETITION = "petition", _("Petition for expungement")
        WAIVER = "waiver", _("General Waiver and Release")
        REFERRAL = "referral", _("Letter to the State's Attorney")
        COVER = "cover", _("Cover sheet and instructions")
        PACKET = "packet", _("Whole packet")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be prepared")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case_index = models.PositiveSmallIntegerField()
    form = models.CharField(max_length=30)
    # The version of the form's layout it was drawn with (expunge.packet.court_forms).
    form_revision = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=private_storage, upload_to="documents/", blank=True)
    rules_version = models.CharField(max_length=40)
    generated_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker claims the row; a claim older than TASK_CLAIM_TIMEOUT_SECONDS was
    # left by a worker that died, and may be taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # As for Submission: when rendering was asked for, and how many claims it has had
    # (a document that crashes the renderer every time stops after TASK_MAX_ATTEMPTS).
    queued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["case_index", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind", "case_index"], name="one_document_per_kind_and_case"),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        if self.kind in (self.Kind.COVER, self.Kind.PACKET):
            return f"{self.get_kind_display()} (submission {self.submission_id})"
        return f"{self.get_kind_display()} {self.form} (submission {self.submission_id}, case {self.case_index + 1})"

    @property
    def download_name(self) -> str:
        return f"{self.kind}-{self.submission_id}-case-{self.case_index + 1}.pdf"


class Note(models.Model):
    """A staff member's note on a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note {self.pk} on submission {self.submission_id}"


class Correction(models.Model):
    """A fact staff corrected against the court record. The engine re-runs on the answers
    with every correction applied (expunge.records.effective_record)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="corrections")
    # No case: a fact of the person (expunge.records.CORRECTABLE_PERSON_FIELDS).
    case_index = models.PositiveSmallIntegerField(null=True, blank=True)
    charge_index = models.PositiveSmallIntegerField(null=True, blank=True)  # None: a field of the case
    field = models.CharField(max_length=40)
    value = models.JSONField(null=True)
    verified = models.BooleanField(_("checked against the court record"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        if self.case_index is None:
            return f"{self.field} = {self.value!r} (the person)"
        where = f"case {self.case_index + 1}" + (
            f", charge {self.charge_index + 1}" if self.charge_index is not None else ""
        )
        return f"{self.field} = {self.value!r} ({where})"


class Override(models.Model):
    """A staff decision that replaces the engine's outcome for one charge, with a reason."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="overrides")
    case_index = models.PositiveSmallIntegerField()
    charge_index = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=40)
    eligible_on = models.DateField(null=True, blank=True)
    ground = models.CharField(max_length=40, blank=True)  # a petition ground when the outcome calls for one
    # What the resident reads (expunge.choices.OVERRIDE_REASONS, translated); blank on
    # overrides made before the list existed (the resident reads a general sentence).
    reason_code = models.CharField(_("reason residents read"), max_length=40, blank=True, choices=OVERRIDE_REASONS)
    reason = models.TextField(_("reason"))  # staff's own words, for staff only
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.outcome} (case {self.case_index + 1}, charge {self.charge_index + 1})"


class AuditEvent(models.Model):
    """Who did what to which submission, and when. Written by expunge.services.audit.audit."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded a document")
        EXPORT = "export", _("Exported")
        CORRECT = "correct", _("Corrected a fact")
        OVERRIDE = "override", _("Overrode an outcome")
        STATUS = "status", _("Changed the status")
        ASSIGN = "assign", _("Assigned")
        NOTE = "note", _("Added a note")
        MERGE = "merge", _("Marked as a duplicate")
        NEW_LINK = "new_link", _("Sent a new results link")
        UPLOAD = "upload", _("Uploaded court records")
        DECIDE_AGAIN = "decide_again", _("Decided a batch again")

    # The events outlive what they describe: when a submission is deleted they stay, stripped
    # of personal data, pointing at the deletion record (expunge.services.retention).
    submission = models.ForeignKey(Submission, on_delete=models.SET_NULL, null=True, related_name="audit_events")
    deletion = models.ForeignKey(
        "Deletion", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    # Or a batch of imported court records (its upload, views and downloads). Kept when the
    # batch is purged: the detail holds no personal data.
    batch = models.ForeignKey("Batch", on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events")
    # Nobody for the command line (manage.py import_records), whose events name the system
    # account that ran it in their detail ("command_line").
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        who = self.user if self.user_id else f"the command line ({self.detail.get('command_line', '?')})"
        return f"{self.get_action_display()} by {who} at {self.created_at:%Y-%m-%d %H:%M}"


class Deletion(models.Model):
    """That a submission was deleted, when and why, with nothing about the person: the
    resident deleted it, or its time was up (expunge.services.retention.purge_expired). Kept for the
    organisation's records; the submission's answers, results, papers and notes are gone with
    it, and its audit events point here, stripped of personal data."""

    class Reason(models.TextChoices):
        RESIDENT = "resident", _("Deleted by the resident")
        RETENTION = "retention", _("Deleted when its time was up")

    submission_number = models.PositiveBigIntegerField(_("submission number"))
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    review_status = models.CharField(_("review status"), max_length=20, choices=Submission.Review.choices)
    submitted_at = models.DateTimeField(_("submitted"))
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")

    def __str__(self) -> str:
        return f"#{self.submission_number} {self.get_reason_display()}"


class PeriodicRun(models.Model):
    """The last run of each periodic job (expunge.services.periodic), so that staff see
    when one stopped running."""

    job = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    summary = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["job"]

    def __str__(self) -> str:
        return self.job


class Batch(models.Model):
    """Court records a supervisor imported for many people at once (expunge.services.batches):
    read into people, each decided by the engine in chunks on the `batches` queue, then
    summed up. Stamped with the rules version and the day it was decided as of."""

    class Status(models.TextChoices):
        READING = "reading", _("Reading the files")
        DECIDING = "deciding", _("Deciding")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="batches")
    # None: imported with `manage.py import_records` by someone with the server's keys.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the files' contents in name order: the same files again open this batch.
    digest = models.CharField(max_length=64)
    file_names = models.JSONField(default=list)
    # The uploaded files in private storage until they are read, then deleted.
    stored_files = models.JSONField(default=list, blank=True)
    as_of = models.DateField(_("decided as of"))
    rules_version = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.READING)
    # What the files held: each table's columns (found, mapped, ignored) and the rows refused.
    report = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    rows_in = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    people_count = models.PositiveIntegerField(default=0)
    charge_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # As for submissions: when the next step was asked for (the sweeper asks again for one
    # overdue), when deciding began, and when the summary was ready.
    queued_at = models.DateTimeField(null=True, blank=True)
    deciding_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "digest"], name="one_batch_per_upload")]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")

    def __str__(self) -> str:
        return f"Batch {self.pk} ({self.organisation})"


class BatchPerson(models.Model):
    """One person of a batch: their contract record, where each fact came from and what a
    person must check, written when the files are read; the engine's answer is their
    BatchDecision."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="people")
    key = models.CharField(max_length=300)
    party_id = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.CharField(max_length=10, blank=True)  # YYYY-MM-DD, or YYYY-MM when only that is known
    # Other names the records give (an Aliases column): used to list likely twins, nothing else.
    aliases = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    record = models.JSONField()
    # What a person must check, for each charge of each case ([["unclear_disposition"], []]):
    # with the record, all that deciding and summing up need to read.
    review = models.JSONField(default=list)
    # For staff's eyes and the export: where each fact came from.
    # {"person": {field: source}, "cases": [{"case": {...}, "charges": [{"facts", "computed", "extra"}]}]}
    sources = models.JSONField()
    problems = models.JSONField(default=list, blank=True)
    charge_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "key"], name="one_row_per_batch_person")]

    def __str__(self) -> str:
        return f"{self.name or self.key} (batch {self.batch_id})"


class BatchDecision(models.Model):
    """The engine's answer for one person of a batch, written once by the chunk that
    decided them: its primary key is the person, so a chunk done twice (or by two workers)
    cannot write a second one. A row inserted, not an update of the person's row: the count
    of these is the batch's progress."""

    person = models.OneToOneField(BatchPerson, on_delete=models.CASCADE, primary_key=True, related_name="decision")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="decisions")
    result = models.JSONField()
    # For the list of people: what their charges come to (",now,review,"), and whether a
    # person must look (a charge for review, or their identity).
    categories = models.CharField(max_length=80, blank=True)
    needs_review = models.BooleanField(default=False)
    charge_count = models.PositiveIntegerField(default=0)
    # For each charge of each case, what its answer takes for granted that court records
    # cannot show ([["no_open_case", "no_later_conviction"], []]; services.batches.ASSUMPTIONS).
    # Empty for a batch decided before this was kept.
    assumes = models.JSONField(default=list)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["batch", "needs_review", "person"], name="batch_decision_review")]

    def __str__(self) -> str:
        return f"Decision for {self.person_id} (batch {self.batch_id})"
