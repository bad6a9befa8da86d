from __future__ import annotations

import hashlib
import secrets

from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from expunge.questionnaire import COUNTY_CHOICES


def private_storage():
    return storages["private"]


def hash_access_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_access_token() -> str:
    """An unguessable token for the resident's link; only its hash is stored."""
    return secrets.token_urlsafe(32)


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

    # Copied from the answers at submit time (services.submission_submit).
    full_name = models.CharField(_("full name"), max_length=200, db_index=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    county = models.CharField(_("county"), max_length=40, choices=COUNTY_CHOICES, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    # Indexes of the cases the resident chose to file now with the General Waiver and
    # Release instead of waiting out the 3 years (services.submission_choose_early_filing).
    early_filing_cases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"#{self.pk} {self.full_name}"

    @property
    def latest_determination(self) -> Determination | None:
        return self.determinations.order_by("-created_at", "-pk").first()


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
    # The version of the form's layout it was drawn with (expunge.court_forms).
    form_revision = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=private_storage, upload_to="documents/", blank=True)
    rules_version = models.CharField(max_length=40)
    generated_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker claims the row; a claim older than TASK_CLAIM_TIMEOUT_SECONDS was
    # left by a worker that died, and may be taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
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
