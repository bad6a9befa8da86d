from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from expunge.models import AuditEvent, Deletion, Determination, Document, Organisation, StaffMembership, Submission

admin.site.site_header = _("Record clearing portal administration")


class DeterminationInline(admin.TabularInline):
    model = Determination
    extra = 0
    readonly_fields = ["rules_version", "as_of", "created_at", "result"]
    can_delete = False


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "case_index", "form", "status", "rules_version", "generated_at", "failure_reason"]
    readonly_fields = fields
    can_delete = False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the portal writes and nobody edits: they can be read, never added,
    changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    """Read-only: every change to a resident's submission goes through the staff pages,
    which check the organisation and write the audit log."""

    list_display = ["id", "full_name", "county", "organisation", "status", "review_status", "language", "created_at"]
    list_filter = ["status", "review_status", "county", "language"]
    search_fields = ["full_name"]
    readonly_fields = ["access_token_hash", "questionnaire_version", "created_at", "updated_at", "checked_at"]
    inlines = [DeterminationInline, DocumentInline]


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Superusers set up organisations, the counties they serve and their staff. A staff
    member also needs an authenticator (OTP → TOTP devices) to log in."""

    list_display = ["name", "counties", "telephone"]
    search_fields = ["name"]
    fields = ["name", "counties", "telephone", "hours", "address"]
    inlines = [StaffMembershipInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is written by the portal, never edited."""

    list_display = ["created_at", "user", "action", "submission"]
    list_filter = ["action"]
    readonly_fields = ["created_at", "user", "action", "submission", "detail"]


@admin.register(Deletion)
class DeletionAdmin(ReadOnlyAdmin):
    """Read-only: which submissions were deleted, when and why (nothing about the person)."""

    list_display = ["deleted_at", "submission_number", "organisation", "reason", "review_status", "submitted_at"]
    list_filter = ["reason", "organisation"]
    readonly_fields = list_display
