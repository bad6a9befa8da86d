"""The staff queue at scale: names found ignoring case, accents and word order, case numbers
with or without dashes, sorting, the source filter, and bulk assignment and status moves
(supervisors only, each item audited). On SQLite and, in CI, on PostgreSQL, where the
trigram index must serve the name search."""

from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expunge import search, selectors
from expunge.models import AuditEvent, CaseNumber, StaffMembership, Submission
from expunge.services.review import BULK_LIMIT
from expunge.services.submissions import next_filing_date, submission_check_eligibility
from tests.conftest import missing_service, verified_login
from tests.factories import OrganisationFactory, SubmissionFactory, journey_answers, staff_member

pytestmark = pytest.mark.django_db
QUEUE = reverse("staff:submission_list")


def person(name, case_number="", **columns):
    return SubmissionFactory(answers=journey_answers(full_name=name, case_number=case_number), **columns)


def names(client, **params) -> list[str]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [s.full_name for s in response.context["page"].object_list]


@pytest.fixture
def supervisor_client(supervisor):
    return verified_login(Client(), supervisor)


def test_name_keys_and_case_number_keys():
    assert search.name_key("  Peña  O'Brien-Núñez ") == "pena obrien nunez"
    assert search.name_key("Nguyễn Thị Minh") == "nguyen thi minh"
    assert search.name_words("WILLIAMS,  keisha") == ["williams", "keisha"]
    assert search.case_number_key("d-024-cr-22-001234") == "D024CR22001234"
    assert search.case_number_key(" 03-K-19-001234 ") == search.case_number_key("03K19001234")
    assert search.looks_like_case_number("03K19001234") and not search.looks_like_case_number("Keisha")


def test_names_are_found_ignoring_case_accents_and_word_order(staff_client):
    person("José Peña")
    person("Keisha Williams")
    person("Keith Williamson")
    assert names(staff_client, q="Pena") == ["José Peña"]
    assert names(staff_client, q="jose PEÑA") == ["José Peña"]
    assert names(staff_client, q="williams keisha") == ["Keisha Williams"]
    assert sorted(names(staff_client, q="willia")) == ["Keisha Williams", "Keith Williamson"]
    assert names(staff_client, q="Keisha Smith") == []


def test_case_numbers_are_found_with_or_without_dashes_and_spaces(staff_client):
    person("Darnell Brown", case_number="03-K-19-001234")
    person("Ana Davis", case_number="D-024-CR-22-001234")
    for typed in ("03K19001234", "03-k-19-001234", "03 K 19 001234"):
        assert names(staff_client, q=typed) == ["Darnell Brown"], typed
    assert names(staff_client, q="03K1900123") == []  # a number is found whole, not by a part


def test_a_corrected_case_number_is_found_and_the_one_given_still_is(staff_client, supervisor):
    from expunge.services.review import review_correct

    submission = person("Latoya Moore", case_number="0B0012345")
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
        review_correct(
            user=supervisor,
            submission=submission,
            case_index=0,
            charge_index=None,
            field="case_number",
            value="0B00-54321",
            verified=True,
        )
    assert names(staff_client, q="0B0054321") == ["Latoya Moore"]
    assert names(staff_client, q="0B0012345") == ["Latoya Moore"]


def test_another_organisations_people_never_appear(staff_client):
    other = OrganisationFactory(name="Western Maryland Legal Aid", counties=["allegany"])
    person("José Peña", case_number="01-K-20-000001", organisation=other)
    assert names(staff_client, q="pena") == []
    assert names(staff_client, q="01K20000001") == []
    assert names(staff_client) == []


def test_the_queue_sorts_by_each_column(staff_client, supervisor, organisation):
    person(
        "Bea Zimmer",
        county="baltimore_county",
        review_status="filed",
        assignee=supervisor,
        next_eligible_on=date(2026, 12, 24),
    )
    person("Álvaro Young", review_status="in_review")
    person("cy Able", review_status="new", next_eligible_on=date(2027, 3, 1))
    assert names(staff_client) == ["cy Able", "Álvaro Young", "Bea Zimmer"]  # newest first
    assert names(staff_client, sort="received_oldest") == ["Bea Zimmer", "Álvaro Young", "cy Able"]
    assert names(staff_client, sort="name") == ["Álvaro Young", "Bea Zimmer", "cy Able"]  # accents, case aside
    assert names(staff_client, sort="county") == ["cy Able", "Álvaro Young", "Bea Zimmer"]
    assert names(staff_client, sort="status") == ["cy Able", "Álvaro Young", "Bea Zimmer"]  # the workflow's order
    assert names(staff_client, sort="assignee")[0] == "Bea Zimmer"  # the unassigned last
    assert names(staff_client, sort="next_eligible") == ["Bea Zimmer", "cy Able", "Álvaro Young"]
    # An unknown order is refused like any other bad filter: the page still answers.
    assert staff_client.get(QUEUE, {"sort": "pk; drop table"}).status_code == 200


def test_the_source_filter(staff_client):
    person("Resident Given")
    person("From Court", source=Submission.Source.COURT_RECORD)
    assert names(staff_client, source="court_record") == ["From Court"]
    assert names(staff_client, source="resident") == ["Resident Given"]
    assert "court record" in staff_client.get(QUEUE).content.decode()


def test_the_next_filing_date_is_the_earliest_date_still_to_come():
    charges = [
        {"outcome": "eligible_now", "eligible_on": "2020-01-01"},
        {"outcome": "eligible_on_date", "eligible_on": "2029-05-01"},
        {"outcome": "pardoned_then_petition", "eligible_on": "2027-02-01"},
        {"outcome": "eligible_on_date", "eligible_on": "2026-11-01"},  # passed by the day it was decided
        {"outcome": "automatically_expunged", "eligible_on": "2026-12-30"},  # no petition to file
        {"outcome": "needs_review", "eligible_on": None},
    ]
    assert next_filing_date(charges, date(2026, 12, 2)) == date(2027, 2, 1)
    assert next_filing_date(charges[:1], date(2026, 12, 2)) is None


def test_queries_per_page_stay_constant(staff_client, supervisor_client):
    for i in range(3):
        person(f"Person {i}", case_number=f"1{i}-K-20-000001")

    def count(client):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE, {"sort": "assignee"}).status_code == 200
        return len(captured)

    few = (count(staff_client), count(supervisor_client))
    for i in range(30):
        person(f"Another {i}")
    assert (count(staff_client), count(supervisor_client)) == few


def test_bulk_assignment_is_for_supervisors_and_audited_per_item(staff_client, supervisor_client, staff_user):
    first, second = person("Ana Davis"), person("Luis Garcia")
    data = {"selected": [first.pk, second.pk], "bulk-assignee": staff_user.pk, "queue": "sort=name&page=1"}
    assert staff_client.post(reverse("staff:bulk_assign"), data).status_code == 403
    assert Submission.objects.filter(assignee__isnull=False).count() == 0

    response = supervisor_client.post(reverse("staff:bulk_assign"), data)
    assert response.status_code == 302 and response["Location"] == QUEUE + "?sort=name&page=1"
    assert set(Submission.objects.values_list("assignee", flat=True)) == {staff_user.pk}
    events = AuditEvent.objects.filter(action=AuditEvent.Action.ASSIGN)
    assert sorted(e.submission_id for e in events) == sorted([first.pk, second.pk])
    assert all(e.detail == {"assignee": "alice", "bulk": True} for e in events)
    page = supervisor_client.get(response["Location"]).content.decode()
    assert f"Assigned 2 submissions (#{first.pk}, #{second.pk})." in page

    # Back to nobody.
    supervisor_client.post(reverse("staff:bulk_assign"), {**data, "bulk-assignee": ""})
    assert set(Submission.objects.values_list("assignee", flat=True)) == {None}


def test_bulk_actions_never_reach_another_organisation(supervisor_client, supervisor):
    other = OrganisationFactory(name="Western Maryland Legal Aid", counties=["allegany"])
    theirs = person("Not Ours", organisation=other)
    ours = person("Ours")
    supervisor_client.post(reverse("staff:bulk_status"), {"selected": [theirs.pk, ours.pk], "bulk-status": "in_review"})
    supervisor_client.post(
        reverse("staff:bulk_assign"), {"selected": [theirs.pk, ours.pk], "bulk-assignee": supervisor.pk}
    )
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert (theirs.review_status, theirs.assignee) == ("new", None)
    assert (ours.review_status, ours.assignee) == ("in_review", supervisor)
    # Assigning to someone outside the organisation is refused by the form.
    outsider = staff_member("olga", other)
    response = supervisor_client.post(
        reverse("staff:bulk_assign"), {"selected": [ours.pk], "bulk-assignee": outsider.pk}, follow=True
    )
    assert "Choose whom to assign them to." in response.content.decode()


def test_bulk_status_moves_what_may_move_and_names_what_was_left(staff_client, supervisor_client):
    new = person("Still New")
    filed = person("Already Filed", review_status="filed")
    data = {"selected": [new.pk, filed.pk], "bulk-status": "in_review"}
    assert staff_client.post(reverse("staff:bulk_status"), data).status_code == 403

    response = supervisor_client.post(reverse("staff:bulk_status"), data, follow=True)
    content = response.content.decode()
    assert f"Moved 1 submission to “In review” (#{new.pk})." in content
    assert f"1 submission cannot move to “In review” from its status and was left as it was (#{filed.pk})." in content
    assert dict(Submission.objects.values_list("pk", "review_status")) == {new.pk: "in_review", filed.pk: "filed"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATUS)
    assert (event.submission_id, event.detail) == (new.pk, {"before": "new", "after": "in_review", "bulk": True})


def test_bulk_mistakes_get_a_message_not_a_500(supervisor_client):
    submission = person("Ana Davis")
    bulk_status, bulk_assign = reverse("staff:bulk_status"), reverse("staff:bulk_assign")
    cases = [
        (bulk_status, {"bulk-status": "in_review"}, "Tick at least one submission first."),
        (bulk_status, {"selected": [submission.pk], "bulk-status": "nonsense"}, "Choose the status to move them to."),
        (bulk_assign, {"selected": ["x", "²", "9" * 30], "bulk-assignee": ""}, "Tick at least one submission first."),
        (bulk_assign, {"selected": [submission.pk], "bulk-assignee": "9999"}, "Choose whom to assign them to."),
    ]
    for url, data, message in cases:
        response = supervisor_client.post(url, data, follow=True)
        assert response.status_code == 200 and message in response.content.decode(), (url, data)


def test_a_bulk_action_is_bounded(supervisor_client, organisation):
    SubmissionFactory.create_batch(BULK_LIMIT + 1)
    ids = list(Submission.objects.values_list("pk", flat=True))
    response = supervisor_client.post(
        reverse("staff:bulk_status"), {"selected": ids, "bulk-status": "in_review"}, follow=True
    )
    assert f"Tick at most {BULK_LIMIT} submissions at a time." in response.content.decode()
    assert not Submission.objects.filter(review_status="in_review").exists()


def test_spanish_staff_pages_translate_the_bulk_messages(supervisor_client):
    submission = person("Ana Davis")
    response = supervisor_client.post(
        reverse("staff:bulk_status"),
        {"selected": [submission.pk], "bulk-status": "in_review"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert "Se movió 1 solicitud a “En revisión”" in response.content.decode()


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: ask whether the index can serve it
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_on_postgresql_the_indexes_can_serve_both_searches(supervisor):
    """The lookups the queue makes, as Django writes them (a `::text` cast and LIKE), can
    use the trigram index and the case-number index. bench/staff.py shows the whole
    queue's plans at 100,000 submissions."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing_service("DATABASE_URL does not point at PostgreSQL")
    person("José Peña", case_number="03-K-19-001234")
    assert "submission_search_name_trgm" in _plan(Submission.objects.filter(search_name__contains="pena"))
    assert "expunge_casenumber_number" in _plan(CaseNumber.objects.filter(number="03K19001234"))
    by_name = selectors.submission_list_for_staff(user=supervisor, query="pena")
    by_number = selectors.submission_list_for_staff(user=supervisor, query="03-K-19-001234")
    assert [s.full_name for s in by_name] == [s.full_name for s in by_number] == ["José Peña"]


def test_reviewers_see_no_bulk_controls(staff_client, supervisor_client):
    person("Ana Davis")
    assert "bulk-status" not in staff_client.get(QUEUE).content.decode()
    assert 'name="bulk-status"' in supervisor_client.get(QUEUE).content.decode()
    assert StaffMembership.objects.count() == 2
