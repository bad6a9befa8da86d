"""Legal-aid staff pages. Every lookup goes through selectors.staff_submissions (the one
scoping helper), so another organisation's submission, document or export answers 404.
Every view of a submission, download, export and change is written to the audit log."""

from __future__ import annotations

import csv
import io
import zipfile
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eligibility import ContractError
from expunge import facts as fact_words
from expunge import records, selectors
from expunge.answers import cases_in_words, situation_in_words
from expunge.explanations import explain_result
from expunge.models import AuditEvent, Document, Submission
from expunge.services import NotAllowed
from expunge.services.audit import audit
from expunge.services.links import results_email, review_send_new_link
from expunge.services.retention import submission_kept_until
from expunge.services.review import (
    BULK_LIMIT,
    TooMany,
    review_add_note,
    review_assign,
    review_bulk_assign,
    review_bulk_set_status,
    review_correct,
    review_mark_duplicate,
    review_moves,
    review_override,
    review_set_status,
)
from expunge.spreadsheets import spreadsheet_safe
from portal.limits import over_limit, too_many
from staff.forms import (
    AssignForm,
    CorrectionForm,
    MergeForm,
    NoteForm,
    OtherCaseForm,
    OverrideForm,
    QueueFilterForm,
    RemoveOtherCaseForm,
    StaffLoginForm,
    StatusForm,
    other_case_key,
)

PAGE_SIZE = 50


def staff_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        # A password alone is not enough: the session must have passed the second factor.
        if not request.user.is_authenticated or not request.user.is_verified():
            return redirect_to_login(request.get_full_path())
        if not selectors.user_is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def supervisor_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not selectors.user_is_supervisor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_required(wrapper)


def _queue(request: HttpRequest, members: list):
    form = QueueFilterForm(request.GET or None, members=members)
    filters = form.filters() if request.GET else {}
    return form, selectors.submission_list_for_staff(user=request.user, **filters)


@staff_required
def submission_list(request: HttpRequest) -> HttpResponse:
    members = list(selectors.staff_members(user=request.user))
    form, submissions = _queue(request, members)
    counts = selectors.review_status_counts(user=request.user)
    # The answers are the heaviest column and the queue does not show them.
    submissions = submissions.defer("answers", "failure_reason", "early_filing_cases")
    page = Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))
    # The rows' labels, looked up once: get_FOO_display hashes every translated label of
    # the field's choices at each call, a good part of the page's time for 50 rows.
    labels = {
        name: dict(Submission._meta.get_field(name).flatchoices) for name in ("county", "review_status", "status")
    }
    for submission in page.object_list:
        submission.county_label = labels["county"].get(submission.county, submission.county)
        submission.review_status_label = labels["review_status"][submission.review_status]
        submission.status_label = labels["status"][submission.status]
    query = request.GET.copy()
    query.pop("page", None)
    is_supervisor = selectors.user_is_supervisor(request.user)
    return render(
        request,
        "staff/submission_list.html",
        {
            "form": form,
            "page": page,
            "counts": [(status, label, counts[status]) for status, label in Submission.Review.choices],
            "duplicates": selectors.duplicate_ids(user=request.user, submissions=page.object_list),
            "querystring": query.urlencode(),
            # Where a bulk action comes back to: this very page.
            "queue": request.GET.urlencode(),
            "is_supervisor": is_supervisor,
            "bulk_assign_form": (AssignForm(members=members, prefix="bulk") if is_supervisor else None),
            "bulk_status_form": StatusForm(moves=Submission.Review.values, prefix="bulk") if is_supervisor else None,
            # A periodic job that stopped (a dead beat process) shows here.
            "jobs": selectors.periodic_jobs_status() if is_supervisor else (),
        },
    )


def _facts_in_words(record: dict, month_only: frozenset[tuple[int, int]]) -> list[dict]:
    """The facts the engine decided on (the answers with every correction), each named and
    in words. A charge date the resident gave as a month (the record holds the month's last
    day, for the engine) says so."""
    cases = []
    for i, case in enumerate(record["cases"]):
        charges = []
        for j, charge in enumerate(case["charges"]):
            rows = []
            for name in fact_words.CHARGE_FACTS:
                words = fact_words.in_words(name, charge.get(name))
                if name == "charge_date" and (i, j) in month_only and charge.get(name):
                    month = date_format(fact_words.parse_date(charge[name]), "YEAR_MONTH_FORMAT")
                    words = _("%(month)s (month only)") % {"month": month}
                rows.append((fact_words.label(name), words))
            charges.append({"number": j + 1, "rows": rows})
        rows = [(fact_words.label(name), fact_words.in_words(name, case.get(name))) for name in fact_words.CASE_FACTS]
        cases.append({"number": i + 1, "rows": rows, "charges": charges})
    return cases


def _person_in_words(record: dict) -> dict:
    """The person's facts the engine decided on, in words, and their other cases, each
    with what its removal needs."""
    person = record.get("person") or {}
    return {
        "rows": [
            (fact_words.label(name), fact_words.in_words(name, person.get(name)))
            for name in ("pending_case", "other_dui_pbj")
        ],
        "other_cases": [
            {
                "words": fact_words.other_case_in_words(case),
                "remove_form": RemoveOtherCaseForm(initial={"index": i, "key": other_case_key(case)}),
            }
            for i, case in enumerate(records.other_cases(record))
        ],
    }


_login_view = auth_views.LoginView.as_view(template_name="staff/login.html", authentication_form=StaffLoginForm)


def login(request: HttpRequest) -> HttpResponse:
    """The staff login (password and authenticator code; django-axes locks a username after
    repeated failures), with a limit per client address well above one person's tries."""
    if request.method == "POST" and over_limit(request, "login_client"):
        return too_many(request)
    return _login_view(request)


def _detail_context(request: HttpRequest, submission: Submission, **forms) -> dict:
    determination = submission.latest_determination
    corrections = list(submission.corrections.select_related("author"))
    record = records.effective_record(submission, corrections)
    facts = _facts_in_words(record, records.month_only_charge_dates(submission, corrections))
    answers = submission.answers
    user = request.user
    members = list(selectors.staff_members(user=user))
    is_supervisor = selectors.user_is_supervisor(user)
    return {
        "submission": submission,
        "results_email": results_email(submission),
        "kept_until": submission_kept_until(submission),
        "determination": determination,
        "cases": explain_result(determination.result) if determination else [],
        "facts": facts,
        "person": _person_in_words(record),
        # The questionnaire's answers in words.
        "answered_cases": cases_in_words(answers),
        "consented_at": parse_datetime(answers.get("consented_at") or ""),
        "situation": situation_in_words(answers),
        "documents": submission.documents.all(),
        "notes": submission.notes.select_related("author"),
        "corrections": [
            {
                "correction": c,
                "fact": fact_words.label(c.field),
                "value": fact_words.in_words(c.field, c.value),
                "case": c.case_index + 1 if c.case_index is not None else None,
                "charge": c.charge_index + 1 if c.charge_index is not None else None,
            }
            for c in corrections
        ],
        "overrides": submission.overrides.select_related("author"),
        "duplicates": selectors.possible_duplicates(user=user, submission=submission),
        "is_supervisor": is_supervisor,
        "status_history": submission.audit_events.filter(action=AuditEvent.Action.STATUS)
        .select_related("user")
        .order_by("created_at", "pk"),
        "audit_events": submission.audit_events.select_related("user")[:200] if is_supervisor else (),
        "status_form": forms.get("status_form") or StatusForm(moves=review_moves(user=user, submission=submission)),
        "assign_form": forms.get("assign_form")
        or AssignForm(members=members, initial={"assignee": submission.assignee_id or ""}),
        "note_form": forms.get("note_form") or NoteForm(),
        "correction_form": forms.get("correction_form") or CorrectionForm(record=record),
        "other_case_form": forms.get("other_case_form") or OtherCaseForm(),
        "override_form": forms.get("override_form")
        or OverrideForm(result=determination.result if determination else {"cases": []}),
        "merge_form": forms.get("merge_form") or MergeForm(),
    }


@staff_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    audit(user=request.user, submission=submission, action=AuditEvent.Action.VIEW)
    return render(request, "staff/submission_detail.html", _detail_context(request, submission))


def _rerender(request, submission, status=400, **forms):
    messages.error(request, _("Please correct the errors below."))
    response = render(request, "staff/submission_detail.html", _detail_context(request, submission, **forms))
    response.status_code = status
    return response


@require_POST
@staff_required
def submission_status(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    form = StatusForm(request.POST, moves=review_moves(user=request.user, submission=submission))
    if not form.is_valid():
        return _rerender(request, submission, status_form=form)
    review_set_status(user=request.user, submission=submission, status=form.cleaned_data["status"])
    messages.success(request, _("Status changed."))
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@supervisor_required
def submission_assign(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    form = AssignForm(request.POST, members=list(selectors.staff_members(user=request.user)))
    if not form.is_valid():
        return _rerender(request, submission, assign_form=form)
    assignee_id = form.cleaned_data["assignee"]
    assignee = get_user_model().objects.get(pk=assignee_id) if assignee_id else None
    review_assign(user=request.user, submission=submission, assignee=assignee)
    messages.success(request, _("Assignment saved."))
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@staff_required
def submission_note(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _rerender(request, submission, note_form=form)
    review_add_note(user=request.user, submission=submission, text=form.cleaned_data["text"])
    messages.success(request, _("Note added."))
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@staff_required
def submission_correct(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    form = CorrectionForm(request.POST, record=records.effective_record(submission))
    if not form.is_valid():
        return _rerender(request, submission, correction_form=form)
    data = form.cleaned_data
    try:
        review_correct(
            user=request.user,
            submission=submission,
            case_index=data["case_index"],
            charge_index=data["charge_index"],
            field=data["name"],
            value=data["typed_value"],
            verified=data["verified"],
        )
    except ContractError as exc:
        form.add_error("value", _("The engine cannot use this value: %(error)s") % {"error": exc})
        return _rerender(request, submission, correction_form=form)
    messages.success(request, _("Correction saved; the result and documents were updated."))
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@staff_required
def submission_other_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one of the person's other cases to the list staff keep of them, or take one off
    it (the resident's "yes, convicted since" among them, once staff know better); either is
    a correction, and the engine decides again."""
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    others = records.other_cases(records.effective_record(submission))
    form = None
    if "remove" in request.POST:
        index = RemoveOtherCaseForm(request.POST).chosen(others)
        if index is None:
            messages.error(request, _("That case is not on the list as it was shown: look at the list again."))
            return redirect("staff:submission_detail", pk=pk)
        others, verified = others[:index] + others[index + 1 :], False
    else:
        form = OtherCaseForm(request.POST)
        if not form.is_valid():
            return _rerender(request, submission, other_case_form=form)
        others, verified = [*others, form.other_case()], form.cleaned_data["verified"]
    try:
        review_correct(
            user=request.user,
            submission=submission,
            case_index=None,
            charge_index=None,
            field="other_dispositions",
            value=others,
            verified=verified,
        )
    except ContractError as exc:
        error = _("The engine cannot use this case: %(error)s") % {"error": exc}
        if form is None:
            messages.error(request, error)
            return redirect("staff:submission_detail", pk=pk)
        form.add_error(None, error)
        return _rerender(request, submission, other_case_form=form)
    messages.success(request, _("The person's other cases were saved; the result and documents were updated."))
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@staff_required
def submission_override(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    determination = submission.latest_determination
    form = OverrideForm(request.POST, result=determination.result if determination else {"cases": []})
    if not form.is_valid():
        return _rerender(request, submission, override_form=form)
    data = form.cleaned_data
    review_override(
        user=request.user,
        submission=submission,
        case_index=data["case"] - 1,
        charge_index=data["charge"] - 1,
        outcome=data["outcome"],
        eligible_on=data["eligible_on"],
        ground=data["ground"],
        reason=data["reason"],
        reason_code=data["reason_code"],
    )
    messages.success(request, _("Override saved; the result and documents were updated."))
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@staff_required
def submission_new_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A new private results link, emailed to the address the resident gave (the old one
    stops working). Any member of staff may send it; it is audited."""
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)

    def link_for(token: str) -> str:
        with translation.override(submission.language):
            return request.build_absolute_uri(reverse("public:result", kwargs={"token": token}))

    try:
        email, queued = review_send_new_link(user=request.user, submission=submission, link_for=link_for)
    except NotAllowed:
        messages.error(request, _("The resident gave no email address, so no new link can be sent."))
    else:
        if not queued:
            messages.error(
                request,
                _(
                    "The email could not be sent just now, so the resident's link was left as it was. "
                    "Try again in a few minutes."
                ),
            )
            return redirect("staff:submission_detail", pk=pk)
        messages.success(
            request,
            _("A new results link is on its way to %(email)s. The old link no longer works.") % {"email": email},
        )
    return redirect("staff:submission_detail", pk=pk)


@require_POST
@supervisor_required
def submission_merge(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _rerender(request, submission, merge_form=form)
    try:
        original = selectors.submission_get_for_staff(user=request.user, pk=form.cleaned_data["original"])
    except Http404:
        # A number mistyped, or another organisation's: said on the form, nothing lost.
        form.add_error("original", _("There is no submission with that number in your organisation."))
        return _rerender(request, submission, merge_form=form)
    try:
        review_mark_duplicate(user=request.user, submission=submission, original=original)
    except NotAllowed:
        form.add_error("original", _("Choose another submission."))
        return _rerender(request, submission, merge_form=form)
    messages.success(request, _("Marked as a duplicate and withdrawn."))
    return redirect("staff:submission_detail", pk=pk)


@staff_required
def document_download(request: HttpRequest, submission_pk: int, pk: int) -> FileResponse:
    document = selectors.document_get_for_staff(user=request.user, submission_pk=submission_pk, pk=pk)
    audit(
        user=request.user,
        submission=document.submission,
        action=AuditEvent.Action.DOWNLOAD,
        document=document.pk,
        kind=document.kind,
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name)


CSV_COLUMNS = [
    "id",
    "full_name",
    "county",
    "case_numbers",
    "status",
    "review_status",
    "outcomes",
    "assignee",
    "created",
]


@supervisor_required
def queue_export(request: HttpRequest) -> HttpResponse:
    """The queue as CSV, with the list's filters. Dates of birth only when asked for."""
    _form, submissions = _queue(request, list(selectors.staff_members(user=request.user)))
    with_dob = request.GET.get("with_dob") == "1"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS[:2] + (["date_of_birth"] if with_dob else []) + CSV_COLUMNS[2:])
    count = 0
    for s in submissions.order_by("pk").prefetch_related("case_numbers").iterator(chunk_size=1000):
        row = [s.pk, s.full_name]
        if with_dob:
            row.append(s.date_of_birth.isoformat() if s.date_of_birth else "")
        row += [
            s.county,
            " ".join(number.number for number in s.case_numbers.all()),
            s.status,
            s.review_status,
            s.outcomes.strip(","),
            s.assignee.get_username() if s.assignee else "",
            s.created_at.isoformat(),
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
        count += 1
    audit(
        user=request.user,
        submission=None,
        action=AuditEvent.Action.EXPORT,
        format="csv",
        rows=count,
        with_dob=with_dob,
        filters=request.GET.urlencode(),
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="queue-{stamp}.csv"'
    return response


def _selected(request: HttpRequest):
    """The submissions ticked in the queue, of those in the user's scope (what is not a
    row's number, or is too long to be one, is left out)."""
    ids = [int(i) for i in request.POST.getlist("selected") if i.isascii() and i.isdecimal() and len(i) <= 18]
    return selectors.staff_submissions(user=request.user).filter(pk__in=ids)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    """To the queue as it was: the same filters, sorting and page."""
    query = QueryDict(request.POST.get("queue", "")).urlencode()
    return redirect(reverse("staff:submission_list") + (f"?{query}" if query else ""))


def _numbers(submissions) -> str:
    return ", ".join(f"#{s.pk}" for s in submissions)


@require_POST
@supervisor_required
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Assign every ticked submission to one member (or to nobody), each audited."""
    form = AssignForm(request.POST, members=list(selectors.staff_members(user=request.user)), prefix="bulk")
    selected = _selected(request)
    if not form.is_valid():
        messages.error(request, _("Choose whom to assign them to."))
    elif not selected.exists():
        messages.error(request, _("Tick at least one submission first."))
    else:
        assignee_id = form.cleaned_data["assignee"]
        assignee = get_user_model().objects.get(pk=assignee_id) if assignee_id else None
        try:
            changed = review_bulk_assign(user=request.user, submissions=selected, assignee=assignee)
        except TooMany:
            messages.error(request, _("Tick at most %(limit)d submissions at a time.") % {"limit": BULK_LIMIT})
        else:
            messages.success(
                request,
                ngettext(
                    "Assigned %(count)d submission (%(numbers)s).",
                    "Assigned %(count)d submissions (%(numbers)s).",
                    len(changed),
                )
                % {"count": len(changed), "numbers": _numbers(changed)},
            )
    return _back_to_queue(request)


@require_POST
@supervisor_required
def bulk_status(request: HttpRequest) -> HttpResponse:
    """Move every ticked submission that may move to the chosen status, each audited;
    say which could not move from where they are."""
    form = StatusForm(request.POST, moves=Submission.Review.values, prefix="bulk")
    selected = _selected(request)
    if not form.is_valid():
        messages.error(request, _("Choose the status to move them to."))
    elif not selected.exists():
        messages.error(request, _("Tick at least one submission first."))
    else:
        status = form.cleaned_data["status"]
        label = Submission.Review(status).label
        try:
            moved, left = review_bulk_set_status(user=request.user, submissions=selected, status=status)
        except TooMany:
            messages.error(request, _("Tick at most %(limit)d submissions at a time.") % {"limit": BULK_LIMIT})
            return _back_to_queue(request)
        if moved:
            messages.success(
                request,
                ngettext(
                    "Moved %(count)d submission to “%(status)s” (%(numbers)s).",
                    "Moved %(count)d submissions to “%(status)s” (%(numbers)s).",
                    len(moved),
                )
                % {"count": len(moved), "status": label, "numbers": _numbers(moved)},
            )
        if left:
            messages.warning(
                request,
                ngettext(
                    "%(count)d submission cannot move to “%(status)s” from its status and was left as it was "
                    "(%(numbers)s).",
                    "%(count)d submissions cannot move to “%(status)s” from their status and were left as they "
                    "were (%(numbers)s).",
                    len(left),
                )
                % {"count": len(left), "status": label, "numbers": _numbers(left)},
            )
    return _back_to_queue(request)


@require_POST
@supervisor_required
def packets_zip(request: HttpRequest) -> HttpResponse:
    """A zip of the ready packets of the selected submissions (in scope only)."""
    submissions = _selected(request)
    packets = Document.objects.filter(
        submission__in=submissions, kind=Document.Kind.PACKET, status=Document.Status.READY
    ).select_related("submission")
    buffer = io.BytesIO()
    included = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for packet in packets:
            with packet.file.open("rb") as handle:
                archive.writestr(packet.download_name, handle.read())
            audit(user=request.user, submission=packet.submission, action=AuditEvent.Action.EXPORT, format="zip")
            included += 1
    if not included:
        messages.error(request, _("None of the selected submissions has a packet ready."))
        return redirect("staff:submission_list")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="packets-{stamp}.zip"'
    return response
