"""Staff correct the facts of the person, not of one case: whether a case is open anywhere,
a DUI probation before judgment elsewhere, and the list of the person's other cases
(convictions, PBJs, open cases) found on Case Search, the resident's own "yes, convicted
since" among them. Each is a correction: audited, shown in words, and the engine decides
again."""

from unittest import mock

import pytest
from django.urls import reverse

from expunge.models import AuditEvent, Correction
from expunge.records import apply_corrections, effective_record, other_cases
from expunge.services.submissions import submission_check_eligibility
from staff.forms import other_case_key
from tests.factories import SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db

# An assault PBJ of 2015, probation ended well: a petition can be filed unless the person
# was convicted within 3 years after it (CP §10-105(e)(4)) or has a case open.
PBJ = {
    "charge": "assault_2",
    "disposition": "pbj",
    "disposition_date": "2015-03-01",
    "sentence_completed": "2015-09-01",
    "probation": "satisfactory",
}
THEFT_2016 = {
    "disposition": "guilty",
    "statute": "cr 7-104",
    "description": "Theft under $100",
    "felony": "no",
    "disposition_date": "01/04/2016",
    "sentence_completed": "01/04/2016",
    "verified": "on",
}


def checked(**facts):
    submission = SubmissionFactory(answers=journey_answers(**{**PBJ, **facts}))
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    return submission


def charge(submission):
    submission.refresh_from_db()
    return submission.latest_determination.result["cases"][0]["charges"][0]


def codes(submission):
    return [reason["code"] for reason in charge(submission)["reasons"]]


def _record(submission):
    submission.refresh_from_db()
    return effective_record(submission)


def post(client, submission, name, data):
    url = reverse(f"staff:{name}", kwargs={"pk": submission.pk})
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        return client.post(url, data)


def test_staff_settle_an_unknown_open_case_for_the_person(staff_client):
    submission = checked(pending_case="not_sure")
    assert codes(submission) == ["pending_case_unknown"]
    response = post(staff_client, submission, "submission_correct", {"field": "person.pending_case", "choice": "no"})
    assert response.status_code == 302
    assert charge(submission)["outcome"] == "eligible_now"
    correction = Correction.objects.get(submission=submission)
    assert (correction.case_index, correction.charge_index, correction.field, correction.value) == (
        None,
        None,
        "pending_case",
        False,
    )
    event = submission.audit_events.get(action=AuditEvent.Action.CORRECT)
    assert event.detail["field"] == "pending_case" and event.detail["case"] is None
    page = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "The person: A criminal case open in any court right now = No" in page


def test_a_fact_of_a_case_still_needs_its_case(staff_client):
    submission = checked()
    response = post(staff_client, submission, "submission_correct", {"field": "case.court", "choice": "court:circuit"})
    assert response.status_code == 400
    assert 'id="id_case-error"' in response.content.decode()
    assert not Correction.objects.exists()


def test_the_residents_unnamed_conviction_is_taken_off_once_staff_know_the_cases(staff_client):
    submission = checked(convictions_since="not_sure")
    assert codes(submission) == ["pbj_later_conviction_unclear"]
    detail = reverse("staff:submission_detail", kwargs={"pk": submission.pk})
    page = staff_client.get(detail).content.decode()
    assert (
        "Guilty (convicted): reported by the resident, without its details, date of the decision not known, "
        "a felony: Not known"
    ) in page
    [reported] = other_cases(_record(submission))
    response = post(
        staff_client, submission, "submission_other_cases", {"remove": "1", "index": 0, "key": other_case_key(reported)}
    )
    assert response.status_code == 302
    assert charge(submission)["outcome"] == "eligible_now"
    assert other_cases(_record(submission)) == []
    assert "Other cases, outside these = None" in staff_client.get(detail).content.decode()


def test_a_conviction_found_on_case_search_bars_the_pbj(staff_client):
    submission = checked()
    assert charge(submission)["outcome"] == "eligible_now"
    response = post(staff_client, submission, "submission_other_cases", THEFT_2016)
    assert response.status_code == 302
    assert codes(submission) == ["pbj_later_conviction_bar"]
    [theft] = other_cases(_record(submission))
    assert theft == {
        "statute": "CR 7-104",
        "description": "Theft under $100",
        "felony": False,
        "disposition": "guilty",
        "disposition_date": "2016-01-04",
        "sentence_completed": "2016-01-04",
    }
    assert Correction.objects.get(submission=submission).verified is True
    page = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "Guilty (convicted): Theft under $100 (CR 7-104), decided Jan. 4, 2016" in page
    # Taken off again, the petition comes back.
    post(staff_client, submission, "submission_other_cases", {"remove": "1", "index": 0, "key": other_case_key(theft)})
    assert charge(submission)["outcome"] == "eligible_now"
    assert Correction.objects.filter(submission=submission).count() == 2


def test_a_conviction_after_the_three_years_does_not_bar_it(staff_client):
    submission = checked()
    later = {**THEFT_2016, "disposition_date": "06/01/2019", "sentence_completed": ""}
    assert post(staff_client, submission, "submission_other_cases", later).status_code == 302
    assert charge(submission)["outcome"] == "eligible_now"


def test_an_open_case_elsewhere_bars_every_petition(staff_client):
    submission = checked()
    open_case = {"disposition": "pending", "statute": "CR 5-601", "felony": "unknown"}
    assert post(staff_client, submission, "submission_other_cases", open_case).status_code == 302
    assert codes(submission) == ["pending_case_bar"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"disposition_date": "01/04/2999"}, "disposition_date", "A decision cannot be after today."),
        ({"disposition_date": "2016-13-45"}, "disposition_date", "Enter a date as month/day/year"),
        ({"sentence_completed": "01/01/2015"}, "sentence_completed", "A sentence cannot end before"),
        ({"statute": "", "description": "  "}, "description", "Say what the charge was"),
        ({"disposition": "unknown"}, "disposition", "Select a valid choice"),
    ],
)
def test_a_bad_other_case_names_its_field_and_keeps_what_was_typed(staff_client, change, field, message):
    submission = checked()
    data = {**THEFT_2016, **change}
    response = post(staff_client, submission, "submission_other_cases", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_other_{field}-error"' in page and message in page
    assert 'value="Theft under $100"' in page or field == "description"
    assert not Correction.objects.exists()
    assert charge(submission)["outcome"] == "eligible_now"


def test_a_removal_from_a_list_changed_meanwhile_changes_nothing(staff_client):
    submission = checked()
    post(staff_client, submission, "submission_other_cases", THEFT_2016)
    response = post(staff_client, submission, "submission_other_cases", {"remove": "1", "index": 0, "key": "0" * 16})
    assert response.status_code == 302
    assert len(other_cases(_record(submission))) == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "That case is not on the list as it was shown" in page
    for bad in ({"remove": "1"}, {"remove": "1", "index": "9", "key": "x"}, {"remove": "1", "index": "-1", "key": ""}):
        assert post(staff_client, submission, "submission_other_cases", bad).status_code == 302
    assert Correction.objects.filter(submission=submission).count() == 1


def test_staff_record_a_dui_pbj_elsewhere():
    record = {
        "person": {"pending_case": None, "other_convictions": [{"statute": None}], "other_dui_pbj": None},
        "cases": [],
    }
    corrections = [
        Correction(case_index=None, field="other_dui_pbj", value=True),
        Correction(case_index=None, field="other_dispositions", value=[{"disposition": "pbj", "statute": "TR 21-902"}]),
        Correction(case_index=None, field="date_of_birth", value="2001-01-01"),  # not correctable: skipped
    ]
    corrected = apply_corrections(record, corrections)
    assert corrected["person"] == {
        "pending_case": None,
        "other_convictions": [],
        "other_dui_pbj": True,
        "other_dispositions": [{"disposition": "pbj", "statute": "TR 21-902"}],
    }
    assert record["person"]["other_convictions"] == [{"statute": None}]  # the answers are left as they were


def test_the_person_facts_in_spanish(staff_client):
    submission = checked(pending_case="not_sure")
    post(staff_client, submission, "submission_correct", {"field": "person.other_dui_pbj", "choice": "no"})
    staff_client.cookies["django_language"] = "es"
    page = staff_client.get(
        reverse("staff:submission_detail", kwargs={"pk": submission.pk}), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Otros casos, fuera de estos" in page
    assert "Agregar otro caso de la persona" in page
