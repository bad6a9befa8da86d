from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from expunge.models import Determination, Document, Submission

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


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "full_name", "county", "status", "language", "created_at"]
    list_filter = ["status", "county", "language"]
    search_fields = ["full_name"]
    readonly_fields = ["access_token_hash", "questionnaire_version", "created_at", "updated_at", "checked_at"]
    inlines = [DeterminationInline, DocumentInline]
