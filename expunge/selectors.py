"""Reads. Every staff lookup goes through the `*_for_staff` helpers here, so that the
rules about who may see what live in one place."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Case, Count, F, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone, translation

from expunge import search
from expunge.models import (
    Batch,
    BatchDecision,
    Document,
    Draft,
    Organisation,
    PeriodicRun,
    StaffMembership,
    Submission,
    hash_access_token,
)
from expunge.services import periodic


def staff_membership(user: AbstractBaseUser | AnonymousUser) -> StaffMembership | None:
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.staff_membership
    except StaffMembership.DoesNotExist:
        return None


def user_is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Legal-aid staff: members of an organisation, and superusers."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or staff_membership(user)))


def user_is_supervisor(user: AbstractBaseUser | AnonymousUser) -> bool:
    membership = staff_membership(user)
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (membership and membership.role == StaffMembership.Role.SUPERVISOR))
    )


def staff_submissions(*, user) -> QuerySet[Submission]:
    """The one scoping helper: the submissions this user may see. Staff see their own
    organisation's; superusers see all; everyone else sees none. Every staff lookup
    (pages, downloads, exports) starts here."""
    if not user_is_staff_member(user):
        return Submission.objects.none()
    if user.is_superuser:
        return Submission.objects.all()
    return Submission.objects.filter(organisation_id=staff_membership(user).organisation_id)


def submission_list_for_staff(
    *,
    user,
    status: str | None = None,
    review_status: str | None = None,
    outcome: str | None = None,
    county: str | None = None,
    assignee: int | str | None = None,
    created_from=None,
    created_to=None,
    source: str | None = None,
    query: str | None = None,
    sort: str = "received",
) -> QuerySet[Submission]:
    """The queue, filtered and sorted (a key of QUEUE_ORDERS). `assignee` is a user id,
    or "none" for unassigned. The query is a case number when it holds a digit (found
    with or without dashes and spaces), otherwise words of a name, each of which must
    appear, in any order, ignoring case and accents."""
    submissions = staff_submissions(user=user)
    if status:
        submissions = submissions.filter(status=status)
    if review_status:
        submissions = submissions.filter(review_status=review_status)
    if outcome:
        submissions = submissions.filter(outcomes__contains=f",{outcome},")
    if county:
        submissions = submissions.filter(county=county)
    if assignee == "none":
        submissions = submissions.filter(assignee__isnull=True)
    elif assignee:
        submissions = submissions.filter(assignee_id=assignee)
    if created_from:
        submissions = submissions.filter(created_at__date__gte=created_from)
    if created_to:
        submissions = submissions.filter(created_at__date__lte=created_to)
    if source:
        submissions = submissions.filter(source=source)
    if query and search.looks_like_case_number(query):
        submissions = submissions.filter(case_numbers__number=search.case_number_key(query)[:40])
    elif query:
        for word in search.name_words(query):
            submissions = submissions.filter(search_name__contains=word)
    return submissions.select_related("assignee", "organisation").order_by(*QUEUE_ORDERS[sort])


# The queue's sort orders, each ending in the primary key so that pages never overlap.
QUEUE_ORDERS = {
    "received": ("-created_at", "-pk"),
    "received_oldest": ("created_at", "pk"),
    "name": ("search_name", "pk"),
    "county": ("county", "-created_at", "-pk"),
    # The workflow's order (new first), not the alphabet's.
    "status": (
        Case(*(When(review_status=s, then=i) for i, s in enumerate(Submission.Review.values))),
        "-created_at",
        "-pk",
    ),
    "assignee": (F("assignee__username").asc(nulls_last=True), "-created_at", "-pk"),
    "next_eligible": (F("next_eligible_on").asc(nulls_last=True), "pk"),
}


def review_status_counts(*, user) -> dict[str, int]:
    """How many of the user's submissions are in each review status (one query; COUNT(*),
    so that PostgreSQL reads the index on organisation and review status alone)."""
    rows = staff_submissions(user=user).values("review_status").annotate(n=Count("*")).order_by()
    counts = {status: 0 for status in Submission.Review.values}
    counts.update({row["review_status"]: row["n"] for row in rows})
    return counts


def _person_key(name: str, date_of_birth) -> tuple[str, object]:
    """What makes two submissions look like the same person: the name ignoring case and
    spacing, and the date of birth."""
    return " ".join(name.lower().split()), date_of_birth


def possible_duplicates(*, user, submission: Submission) -> list[Submission]:
    """Other submissions in scope that look like the same person (_person_key)."""
    if submission.date_of_birth is None:
        return []
    key = _person_key(submission.full_name, submission.date_of_birth)
    candidates = staff_submissions(user=user).filter(date_of_birth=submission.date_of_birth).exclude(pk=submission.pk)
    return [other for other in candidates if _person_key(other.full_name, other.date_of_birth) == key]


def duplicate_ids(*, user, submissions) -> set[int]:
    """Of these submissions (a page of the queue), the ones that look like the same person
    as another submission in scope. One query, bounded by the page's birth dates."""
    page = [s for s in submissions if s.date_of_birth]
    if not page:
        return set()
    rows = (
        staff_submissions(user=user)
        .filter(date_of_birth__in={s.date_of_birth for s in page})
        .values_list("full_name", "date_of_birth")
    )
    counts: dict[tuple[str, object], int] = {}
    for name, dob in rows:
        key = _person_key(name, dob)
        counts[key] = counts.get(key, 0) + 1
    return {s.pk for s in page if counts.get(_person_key(s.full_name, s.date_of_birth), 0) > 1}


def staff_members(*, user) -> QuerySet:
    """The staff a submission can be assigned to: the user's organisation's members."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not user_is_staff_member(user):
        return User.objects.none()
    if user.is_superuser and not staff_membership(user):
        return User.objects.filter(staff_membership__isnull=False)
    return User.objects.filter(staff_membership__organisation_id=staff_membership(user).organisation_id)


def submission_get_for_staff(*, user, pk: int) -> Submission:
    try:
        return staff_submissions(user=user).select_related("assignee", "organisation").get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404("No such submission") from None


def document_get_for_staff(*, user, submission_pk: int, pk: int) -> Document:
    submission = submission_get_for_staff(user=user, pk=submission_pk)
    try:
        return submission.documents.get(pk=pk, status=Document.Status.READY)
    except Document.DoesNotExist:
        raise Http404("No such document") from None


def periodic_jobs_status(*, now=None) -> list[dict]:
    """Each periodic job with its last run and whether it is late or failed. On the
    embedded default (no broker) nothing is queued, so there is nothing to sweep."""
    now = now or timezone.now()
    runs = {run.job: run for run in PeriodicRun.objects.all()}
    status = []
    for job, label, every in periodic.jobs():
        if job == "sweep-overdue" and settings.CELERY_TASK_ALWAYS_EAGER:
            continue
        run = runs.get(job)
        finished = run.finished_at if run else None
        status.append(
            {
                "label": label,
                "run": run,
                "late": periodic.is_late(finished, every, now),
                "failed": bool(run and run.finished_at and not run.ok),
            }
        )
    return status


def organisation_for_county(county: str | None) -> Organisation | None:
    """The organisation that serves a county (the first by name if several do)."""
    if not county:
        return None
    for organisation in Organisation.objects.order_by("name"):
        if county in organisation.counties:
            return organisation
    return None


def submission_get_for_resident(*, token: str) -> Submission:
    """The resident's link is the only key to their submission."""
    try:
        return Submission.objects.get(access_token_hash=hash_access_token(token))
    except Submission.DoesNotExist:
        raise Http404("No such submission") from None


def document_get_for_resident(*, token: str, pk: int) -> Document:
    submission = submission_get_for_resident(token=token)
    try:
        return submission.documents.get(pk=pk, status=Document.Status.READY)
    except Document.DoesNotExist:
        raise Http404("No such document") from None


def draft_for_token(token: str) -> Draft | None:
    """The draft behind a resident's private link, or None."""
    return Draft.objects.filter(access_token_hash=hash_access_token(token)).first()


def staff_batches(*, user) -> QuerySet[Batch]:
    """The batches this user may see: supervisors see their organisation's; superusers all;
    everyone else none (reviewers work from the queue)."""
    if not user_is_supervisor(user):
        return Batch.objects.none()
    if user.is_superuser:
        return Batch.objects.all()
    return Batch.objects.filter(organisation_id=staff_membership(user).organisation_id)


def batch_progress(batch: Batch) -> dict[str, int | float | None]:
    """People and charges decided so far, the share done, and the seconds left at the pace
    so far (None before there is a pace)."""
    decided = BatchDecision.objects.filter(batch=batch).aggregate(people=Count("*"), charges=Sum("charge_count"))
    people, charges = decided["people"], decided["charges"] or 0
    done = people / batch.people_count if batch.people_count else 0.0
    left = None
    if batch.deciding_at and people:
        elapsed = (timezone.now() - batch.deciding_at).total_seconds()
        left = max(0, round(elapsed / people * (batch.people_count - people)))
    return {"people": people, "charges": charges, "percent": round(done * 100), "seconds_left": left}


def help_for_residents(organisation: Organisation | None, language: str) -> dict:
    """Whom a resident can ask for help, as their results page and cover sheet say it: the
    serving organisation's name, telephone, hours and address where it has set any of
    them; otherwise the portal's own help text (settings.PORTAL_HELP_TEXT in the language,
    or a sentence that names no number). Nothing is invented."""
    if organisation is not None and (organisation.telephone or organisation.hours or organisation.address):
        return {
            "organisation": organisation.name,
            "telephone": organisation.telephone,
            "hours": organisation.hours,
            "address": [line.strip() for line in organisation.address.splitlines() if line.strip()],
            "text": "",
        }
    text = settings.PORTAL_HELP_TEXT.get(language, "")
    if not text:
        with translation.override(language):
            text = translation.gettext(
                "Legal-aid staff read the answers sent from this portal and may contact you by the telephone "
                "number or email address you gave. A lawyer or the clerk of the court can also answer questions "
                "about your case."
            )
    return {"organisation": "", "telephone": "", "hours": "", "address": [], "text": text}
