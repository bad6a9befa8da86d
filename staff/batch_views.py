"""Bulk import in the staff workspace: supervisors upload court records, watch a batch
being decided (the page refreshes itself, no JavaScript needed), read its summary, look at
each person's facts beside where they came from, and download the per-charge export. Every
upload, view and download is audited; another organisation's batch is a 404."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from expunge import exports, selectors
from expunge import facts as fact_words
from expunge.courtrecords import reading
from expunge.courtrecords.problems import message as problem_message
from expunge.models import AuditEvent, Batch, BatchDecision, BatchPerson
from expunge.services import batches
from expunge.services.audit import audit
from staff.batch_words import ASSUMPTION_LABELS, CATEGORY_LABELS, court_label, summary_rows
from staff.forms import BatchUploadForm
from staff.views import supervisor_required

# People listed per page of a batch.
PEOPLE_PER_PAGE = 50
# How often the progress page reloads itself, when the reader asks it to.
PROGRESS_REFRESH_SECONDS = 5


def _batch(request: HttpRequest, pk: int) -> Batch:
    batch = selectors.staff_batches(user=request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def _list(request: HttpRequest, form: BatchUploadForm, status: int = 200) -> HttpResponse:
    membership = selectors.staff_membership(request.user)
    return render(
        request,
        "staff/batch_list.html",
        {
            "form": form,
            "batches": selectors.staff_batches(user=request.user)[:100],
            "can_upload": membership is not None,
            "max_mb": round(settings.BATCH_MAX_FILE_BYTES / 1e6),
        },
        status=status,
    )


@supervisor_required
def batch_list(request: HttpRequest) -> HttpResponse:
    return _list(request, BatchUploadForm())


@supervisor_required
@require_POST
def batch_upload(request: HttpRequest) -> HttpResponse:
    form = BatchUploadForm(request.POST, request.FILES)
    membership = selectors.staff_membership(request.user)
    if membership is None:
        form.add_error(None, _("Only a member of an organisation can import records for it."))
        return _list(request, form, status=400)
    if not form.is_valid():
        return _list(request, form, status=400)
    uploads = form.cleaned_data["files"]
    too_large = [f.name for f in uploads if f.size > settings.BATCH_MAX_FILE_BYTES]
    if too_large:
        form.add_error(
            "files",
            _("%(file)s is too large (at most %(limit)s MB). Split it into smaller files.")
            % {"file": too_large[0], "limit": round(settings.BATCH_MAX_FILE_BYTES / 1e6)},
        )
        return _list(request, form, status=400)
    files = [(upload.name, upload.read()) for upload in uploads]
    try:
        batch, created = batches.batch_create(
            organisation=membership.organisation, user=request.user, files=files, as_of=form.cleaned_data["as_of"]
        )
    except reading.FileRefused as refused:
        form.add_error("files", str(refused))
        return _list(request, form, status=400)
    if not created:
        messages.info(request, _("These files were imported before: here is the batch they made."))
    return redirect("staff:batch_detail", pk=batch.pk)


@supervisor_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress while the batch is being decided (refreshing itself when asked); the
    summary once it is done. Audited, except the progress page's own reloads."""
    batch = _batch(request, pk)
    in_progress = batch.status in (Batch.Status.READING, Batch.Status.DECIDING)
    if not (in_progress and request.GET.get("auto") == "1"):
        audit(user=request.user, submission=None, batch=batch, action=AuditEvent.Action.VIEW)
    context = {"batch": batch, "report": batch.report, "problem_message": problem_message}
    if in_progress:
        context["progress"] = selectors.batch_progress(batch)
        # Refreshing itself only when the reader asks for it (WCAG 2.2.1: a page that
        # reloads on its own moves a screen reader back to its top).
        context["refresh_seconds"] = PROGRESS_REFRESH_SECONDS
        context["auto_refresh"] = PROGRESS_REFRESH_SECONDS if request.GET.get("auto") == "1" else None
        return render(request, "staff/batch_progress.html", context)
    if batch.status == Batch.Status.DONE:
        context.update(summary_rows(batch.summary))
        context["twins"] = _twins(request, batch)
        context["can_decide_again"] = batches.batch_can_decide_again(batch)
    context["refused"] = [
        {**problem, "message": problem_message(problem["code"])} for problem in batch.report.get("refused", [])
    ]
    return render(request, "staff/batch_summary.html", context)


@require_POST
@supervisor_required
def batch_decide_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide the batch again as of today and under today's rules (audited); then its
    progress page, as after an upload."""
    batch = _batch(request, pk)
    if batches.batch_decide_again(batch_id=batch.pk, user=request.user):
        messages.success(request, _("The batch is being decided again, as of today."))
    else:
        messages.error(
            request, _("This batch cannot be decided again now: it is still being decided, or is up to date.")
        )
    return redirect("staff:batch_detail", pk=batch.pk)


def _twins(request: HttpRequest, batch: Batch) -> list[dict]:
    """The summary's groups of possibly the same person, as people and submissions (only
    those this user may see)."""
    groups = batch.summary.get("twins", {}).get("groups", [])
    people = BatchPerson.objects.filter(batch=batch, pk__in={pk for g in groups for pk in g["people"]}).only(
        "pk", "name", "date_of_birth", "party_id", "batch_id"
    )
    by_pk = {person.pk: person for person in people}
    submissions = selectors.staff_submissions(user=request.user).filter(
        pk__in={pk for g in groups for pk in g["submissions"]}
    )
    submission_by_pk = {s.pk: s for s in submissions.only("pk", "full_name")}
    return [
        {
            "people": [by_pk[pk] for pk in g["people"] if pk in by_pk],
            "submissions": [submission_by_pk[pk] for pk in g["submissions"] if pk in submission_by_pk],
        }
        for g in groups
    ]


@supervisor_required
def batch_people(request: HttpRequest, pk: int) -> HttpResponse:
    """The people of a batch, those a person must look at first."""
    batch = _batch(request, pk)
    show = "all" if request.GET.get("show") == "all" else "review"
    decisions = BatchDecision.objects.filter(batch=batch).select_related("person").order_by("person_id")
    if show == "review":
        decisions = decisions.filter(needs_review=True)
    page = Paginator(
        decisions.defer("result", "person__record", "person__sources", "person__problems"), PEOPLE_PER_PAGE
    )
    page = page.get_page(request.GET.get("page"))
    page.object_list = [
        {
            "person": decision.person,
            "labels": [CATEGORY_LABELS[c] for c in batches.CATEGORIES if f",{c}," in decision.categories],
            "review": f",{batches.REVIEW}," in decision.categories,
        }
        for decision in page.object_list
    ]
    audit(user=request.user, submission=None, batch=batch, action=AuditEvent.Action.VIEW, people=show)
    return render(
        request,
        "staff/batch_people.html",
        {"batch": batch, "page": page, "show": show},
    )


@supervisor_required
def batch_person(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """One person of a batch: each charge's facts beside the file, row, column and raw
    value they were read from, what a person must check, and the answer."""
    batch = _batch(request, pk)
    person = BatchPerson.objects.filter(batch=batch, pk=person_pk).select_related("decision").first()
    if person is None or not hasattr(person, "decision"):
        raise Http404
    audit(user=request.user, submission=None, batch=batch, action=AuditEvent.Action.VIEW, person=person.pk)
    cases = []
    charges = list(batches.person_charges(person, person.decision.result, batch.as_of, assumes=person.decision.assumes))
    for case_index, case in enumerate(person.record["cases"]):
        of_case = [c for c in charges if c[0] is case]
        case_sources = person.sources["cases"][case_index]["case"]
        cases.append(
            {
                "case": case,
                "court": court_label(case.get("court")),
                "facts": _facts(case, case_sources, CASE_FACT_SOURCES),
                "charges": [
                    {
                        "charge": charge,
                        "facts": _facts(charge, sources["facts"], FACT_SOURCES),
                        "computed": sources["computed"],
                        "extra": sources["extra"],
                        "review": [(code, problem_message(code)) for code in review],
                        "outcome": outcome,
                        "category": CATEGORY_LABELS[category],
                        "assumes": [ASSUMPTION_LABELS[code] for code in assumed],
                    }
                    for _case, charge, sources, outcome, review, category, assumed in of_case
                ],
            }
        )
    return render(
        request,
        "staff/batch_person.html",
        {
            "batch": batch,
            "person": person,
            "person_facts": _person_facts(person, person.sources["person"]),
            "cases": cases,
            "flags": [(flag, problem_message(flag)) for flag in person.flags],
            "problems": [{**p, "message": problem_message(p["code"])} for p in person.problems],
        },
    )


# Which source each fact of the engine's record was read from (courtrecords.people).
CASE_FACT_SOURCES = {
    "case_number": "case_number",
    "court": "court_system",
    "county": "location",
    "tracking_number": "tracking_number",
}
FACT_SOURCES = {
    "statute": "statute",
    "description": "description",
    "substance": "description",
    "cannabis_grams": "description",
    "felony": "charge_class",
    "domestically_related": "disposition",
    "charge_date": "offense_date",
    "disposition": "disposition",
    "disposition_date": "disposition_date",
    "sentence_completed": "sentence_completed",
    "civil_citation": None,  # from the case's type
}


def _facts(record: dict, sources: dict, fact_sources: dict[str, str | None]) -> list[tuple[str, str, str, list]]:
    """Each fact of a charge or case in words (as the staff pages name them), beside the
    file, row, column and raw value it was read from."""
    rows = []
    for fact, source_field in fact_sources.items():
        source = sources.get(source_field) if source_field else None
        if source is None and record.get(fact) is None:
            continue
        rows.append((fact, fact_words.label(fact), fact_words.in_words(fact, record.get(fact)), source or []))
    return rows


def _person_facts(person: BatchPerson, sources: dict) -> list[tuple[str, str, str, list]]:
    """The person's PartyID, name, date of birth and other names, each beside its source."""
    facts = [
        ("party_id", "PartyID", person.party_id),
        ("name", _("Name"), person.name),
        ("date_of_birth", _("Date of birth"), person.date_of_birth),
        ("aliases", _("Other names (Aliases)"), "; ".join(person.aliases)),
    ]
    return [
        (fact, label, value or "—", sources.get(fact, [])) for fact, label, value in facts if value or fact in sources
    ]


@supervisor_required
def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The per-charge export, CSV or .xlsx, audited."""
    batch = _batch(request, pk)
    if batch.status != Batch.Status.DONE:
        messages.error(request, _("The export is ready once every charge is decided."))
        return redirect("staff:batch_detail", pk=batch.pk)
    kind = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    if kind == "xlsx":
        buffer = io.BytesIO()
        count = exports.write_xlsx(batch, buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        text = io.StringIO()
        count = exports.write_csv(batch, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}-charges.{kind}"'
    audit(user=request.user, submission=None, batch=batch, action=AuditEvent.Action.EXPORT, format=kind, rows=count)
    return response


TEMPLATE_FIELDS = [
    "party_id",
    "name",
    "date_of_birth",
    "case_number",
    "court_system",
    "location",
    "case_status",
    "tracking_number",
    "charge_no",
    "cjis_code",
    "statute",
    "description",
    "charge_class",
    "offense_date",
    "agency",
    "disposition",
    "disposition_date",
    "jail_years",
    "probation_years",
    "pbj_end_date",
    "probation_end_date",
]
TEMPLATE_EXAMPLE = (
    'P1,"SMITH, JOHN",04/12/1980,4B02167750,District Court,Baltimore City,CLOSED,126105493393,1,1 0573,'
    "CR.5.601.(a)(1),CDS: POSSESSION-MARIHUANA,Misdemeanor,03/02/2012,Baltimore City Police,GUILTY,"
    "05/10/2012,0,1,,"
)


@supervisor_required
def batch_template(request: HttpRequest) -> HttpResponse:
    """The CSV template: one row per charge, with the column names the importer reads."""
    text = io.StringIO()
    text.write(",".join(reading.DISPLAY_NAMES[field] for field in TEMPLATE_FIELDS) + "\n")
    text.write(TEMPLATE_EXAMPLE + "\n")
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="court-records-template.csv"'
    return response
