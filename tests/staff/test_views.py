import csv
import io
import zipfile
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from expunge.models import AuditEvent, Document, StaffMembership, Submission
from expunge.services.documents import document_claim, document_render
from expunge.services.review import review_add_note
from expunge.services.submissions import submission_check_eligibility, submission_submit
from tests.conftest import verified_login
from tests.factories import OrganisationFactory, SubmissionFactory, journey_answers, journey_submission, staff_member

pytestmark = pytest.mark.django_db


def render_all(submission):
    for document in submission.documents.all():
        document_render(document=document_claim(document_id=document.pk))


@pytest.fixture
def rendered_submission(organisation):
    submission = SubmissionFactory()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    render_all(submission)
    return submission


@pytest.fixture
def supervisor_client(supervisor):
    """A second browser, so that a test can act as a reviewer and a supervisor."""
    return verified_login(Client(), supervisor)


def staff_urls(submission):
    """Every staff URL that names a submission or its documents, with its method."""
    document = submission.documents.get(kind="petition")
    pk = {"pk": submission.pk}
    return [
        ("get", reverse("staff:submission_detail", kwargs=pk)),
        ("get", reverse("staff:document_download", kwargs={"submission_pk": submission.pk, "pk": document.pk})),
        ("post", reverse("staff:submission_status", kwargs=pk)),
        ("post", reverse("staff:submission_assign", kwargs=pk)),
        ("post", reverse("staff:submission_note", kwargs=pk)),
        ("post", reverse("staff:submission_correct", kwargs=pk)),
        ("post", reverse("staff:submission_other_cases", kwargs=pk)),
        ("post", reverse("staff:submission_override", kwargs=pk)),
        ("post", reverse("staff:submission_merge", kwargs=pk)),
    ]


def test_staff_pages_need_a_login(client, rendered_submission):
    for method, url in staff_urls(rendered_submission) + [("get", reverse("staff:submission_list"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("staff:login"))


def test_a_logged_in_non_staff_user_is_refused(client, django_user_model, rendered_submission):
    verified_login(client, django_user_model.objects.create_user(username="mallory", password="x" * 16))
    for method, url in staff_urls(rendered_submission) + [("get", reverse("staff:submission_list"))]:
        assert getattr(client, method)(url).status_code == 403, url


def test_another_organisations_staff_get_404_for_everything(client, django_user_model, rendered_submission):
    """Object-level permissions: every staff URL, view, download and export."""
    elsewhere = OrganisationFactory(name="Western Maryland Legal Aid", counties=["garrett"])
    for role in StaffMembership.Role.values:
        verified_login(client, staff_member(f"other-{role}", elsewhere, role))
        for method, url in staff_urls(rendered_submission):
            response = getattr(client, method)(url, {"original": rendered_submission.pk, "text": "x", "status": "x"})
            assert response.status_code in (404, 403), (role, url, response.status_code)
            if role == StaffMembership.Role.SUPERVISOR:
                assert response.status_code == 404, url
        content = client.get(reverse("staff:submission_list")).content.decode()
        assert "José Núñez" not in content
        if role == StaffMembership.Role.SUPERVISOR:
            exported = client.get(reverse("staff:queue_export")).content.decode()
            assert "José Núñez" not in exported
            response = client.post(reverse("staff:packets_zip"), {"selected": [rendered_submission.pk]})
            assert response.status_code == 302  # nothing of theirs to zip
    assert not AuditEvent.objects.filter(user__username__startswith="other-", submission__isnull=False).exists()


def _device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone")


def _code(device):
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_staff_log_in_with_a_password_and_an_authenticator_code(client, staff_user):
    device = _device(staff_user)
    login = reverse("staff:login")
    password = "correct horse battery staple"
    response = client.post(login, {"username": "alice", "password": "wrong", "otp_token": _code(device)})
    assert "did not match" in response.content.decode()
    # The right password without the code is not enough.
    response = client.post(login, {"username": "alice", "password": password})
    assert response.status_code == 200 and "did not match" in response.content.decode()
    assert client.get(reverse("staff:submission_list")).status_code == 302
    response = client.post(login, {"username": "alice", "password": password, "otp_token": "000000"})
    assert response.status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    response = client.post(login, {"username": "alice", "password": password, "otp_token": _code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:submission_list")


def test_a_password_login_without_the_second_factor_does_not_open_staff_pages(client, staff_user):
    client.force_login(staff_user)  # a session that never passed the code
    response = client.get(reverse("staff:submission_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("staff:login"))


def test_repeated_failures_lock_the_login(client, staff_user, settings):
    device = _device(staff_user)
    login = reverse("staff:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "alice", "password": "wrong", "otp_token": "123456"})
    response = client.post(
        login, {"username": "alice", "password": "correct horse battery staple", "otp_token": _code(device)}
    )
    assert response.status_code == 429
    assert "Login locked" in response.content.decode()


def test_staff_sessions_end_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_submissions_are_routed_to_the_organisation_serving_the_county(organisation):
    submission, _token = submission_submit(answers=journey_answers())
    assert submission.organisation == organisation
    submission, _token = submission_submit(answers=journey_answers(county="garrett"))
    assert submission.organisation is None  # nobody serves Garrett yet: superusers see it


def test_staff_see_the_list_and_the_detail(staff_client, rendered_submission):
    content = staff_client.get(reverse("staff:submission_list")).content.decode()
    assert "José Núñez" in content
    assert "New: 1" in " ".join(content.split()).replace("</a>", "")
    detail = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk}))
    content = detail.content.decode()
    assert "automatically_expunged" in content
    assert "Where the record stands" in content and "<code>criminal_history_removal_required</code>" in content
    assert "cannabis_only_charge_cleanup" in content
    assert "cannabis_fee_unverified" in content
    assert "unverified rule" in content
    assert rendered_submission.latest_determination.rules_version in content
    assert AuditEvent.objects.filter(submission=rendered_submission, action="view").count() == 1


def test_a_charge_date_given_as_a_month_says_so_among_the_facts(staff_client, organisation):
    submission = journey_submission()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    content = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert ">March 2014 (month only)</dd>" in content and ">March 2, 2014</dd>" in content
    assert "2014-03-31" not in content


def test_questionnaire_answers_read_as_words(staff_client, organisation):
    submission = journey_submission()
    submission.answers["consented_at"] = "2026-11-30T21:21:50.244450+00:00"
    submission.save()
    content = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "Ana Pérez" in content and "{&#x27;" not in content  # no raw dictionaries
    assert "Trespass" in content and "Dismissed — the judge threw the charge out" in content
    assert "<td>2014-03</td>" in content  # as the resident gave it
    assert "Case 1: — · Baltimore City · District Court" in " ".join(content.split())
    assert "11/30/2026 4:21 p.m." in content  # consent, in Maryland time


def test_the_queue_filters_and_searches(staff_client, rendered_submission, organisation):
    waiting = SubmissionFactory(answers=journey_answers(full_name="Still Waiting", case_number="D-024-CR-22-001234"))
    list_url = reverse("staff:submission_list")
    content = staff_client.get(list_url + "?outcome=automatically_expunged").content.decode()
    assert "José Núñez" in content and "Still Waiting" not in content
    content = staff_client.get(list_url + "?q=d-024-cr-22-001234").content.decode()
    assert "Still Waiting" in content and "José Núñez" not in content
    content = staff_client.get(list_url + "?q=núñez").content.decode()
    assert "José Núñez" in content
    Submission.objects.filter(pk=waiting.pk).update(review_status="in_review")
    content = staff_client.get(list_url + "?review_status=in_review").content.decode()
    assert "Still Waiting" in content and "José Núñez" not in content
    content = staff_client.get(list_url + "?assignee=none&county=baltimore_city").content.decode()
    assert "Still Waiting" in content and "José Núñez" in content
    # Nonsense in the filters is ignored rather than failing.
    assert staff_client.get(list_url + "?review_status=nonsense&page=x&created_from=yesterday").status_code == 200


def test_possible_duplicates_are_flagged(staff_client, rendered_submission):
    twin = SubmissionFactory(full_name="josé  núñez")  # same person, typed differently; same date of birth
    content = staff_client.get(reverse("staff:submission_list")).content.decode()
    assert content.count("possible duplicate") == 2
    # The detail page finds the same twin the queue flags.
    detail = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk}))
    assert reverse("staff:submission_detail", kwargs={"pk": twin.pk}) in detail.content.decode()


def test_the_review_workflow(staff_client, supervisor_client, supervisor, staff_user, rendered_submission):
    pk = rendered_submission.pk
    detail = reverse("staff:submission_detail", kwargs={"pk": pk})
    status_url = reverse("staff:submission_status", kwargs={"pk": pk})
    assert staff_client.post(status_url, {"status": "filed"}).status_code == 400  # not a move from "new"
    for status in ("in_review", "ready_to_file", "filed", "granted"):
        assert staff_client.post(status_url, {"status": status}).status_code == 302
    rendered_submission.refresh_from_db()
    assert rendered_submission.review_status == "granted"
    assert staff_client.post(status_url, {"status": "in_review"}).status_code == 400  # reviewers cannot reopen
    assert supervisor_client.post(status_url, {"status": "in_review"}).status_code == 302  # supervisors can

    assign_url = reverse("staff:submission_assign", kwargs={"pk": pk})
    assert staff_client.post(assign_url, {"assignee": staff_user.pk}).status_code == 403
    assert supervisor_client.post(assign_url, {"assignee": staff_user.pk}).status_code == 302
    rendered_submission.refresh_from_db()
    assert rendered_submission.assignee == staff_user

    note_url = reverse("staff:submission_note", kwargs={"pk": pk})
    assert staff_client.post(note_url, {"text": ""}).status_code == 400
    staff_client.post(note_url, {"text": "Called the clerk; record confirmed."})
    assert "Called the clerk; record confirmed." in staff_client.get(detail).content.decode()

    actions = list(AuditEvent.objects.filter(submission=rendered_submission).values_list("action", flat=True))
    assert actions.count("status") == 5 and "assign" in actions and "note" in actions
    assert "Audit log" in supervisor_client.get(detail).content.decode()
    assert "Audit log" not in staff_client.get(detail).content.decode()


def test_a_correction_reruns_the_engine_and_regenerates_the_documents(staff_client, rendered_submission):
    url = reverse("staff:submission_correct", kwargs={"pk": rendered_submission.pk})
    before = rendered_submission.latest_determination
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        response = staff_client.post(
            url,
            {
                "case": 1,
                "charge": 1,
                "field": "charge.disposition",
                "choice": "disposition:dismissed",
                "verified": "on",
            },
        )
    assert response.status_code == 302
    after = rendered_submission.latest_determination
    assert after.pk != before.pk
    charge = after.result["cases"][0]["charges"][0]
    assert charge["remedy"]["ground"] == "CP §10-105(a)(2)"
    petition = rendered_submission.documents.get(kind="petition")
    assert (petition.form, petition.status) == ("CC-DC-CR-072A", Document.Status.PENDING)  # queued again
    correction = rendered_submission.corrections.get()
    assert (correction.field, correction.value, correction.verified) == ("disposition", "dismissed", True)
    assert (
        "dismissed"
        in staff_client.get(reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk})).content.decode()
    )


@pytest.mark.parametrize(
    "data, field",
    [
        ({"case": 2, "charge": 1, "field": "charge.disposition", "choice": "disposition:dismissed"}, "case"),
        ({"case": 1, "charge": 9, "field": "charge.disposition", "choice": "disposition:dismissed"}, "charge"),
        ({"case": 1, "charge": "", "field": "charge.disposition", "choice": "disposition:dismissed"}, "charge"),
        ({"case": 1, "charge": 1, "field": "charge.disposition", "choice": "disposition:convicted"}, "choice"),
        # A value typed where the fact has a list, or chosen from another fact's list.
        ({"case": 1, "charge": 1, "field": "charge.disposition", "value": "dismissed"}, "choice"),
        ({"case": 1, "charge": 1, "field": "charge.disposition", "choice": "court:district"}, "choice"),
        ({"case": 1, "charge": 1, "field": "charge.disposition_date", "value": "2019-13-01"}, "value"),
        ({"case": 1, "charge": 1, "field": "charge.disposition_date", "value": "13/27/2019"}, "value"),
        ({"case": 1, "charge": 1, "field": "charge.disposition_date", "value": "0000-01-01"}, "value"),
        ({"case": 1, "charge": 1, "field": "charge.disposition_date", "value": "2099-01-01"}, "value"),
        ({"case": 1, "charge": 1, "field": "charge.felony", "choice": "maybe"}, "choice"),
        ({"case": 1, "charge": 1, "field": "charge.felony", "choice": "court:district"}, "choice"),
        ({"case": 1, "charge": 1, "field": "charge.cannabis_grams", "value": "NaN"}, "value"),
        ({"case": 1, "charge": 1, "field": "charge.cannabis_grams", "value": "inf"}, "value"),
        ({"case": 1, "charge": 1, "field": "charge.cannabis_grams", "value": "-3"}, "value"),
    ],
)
def test_a_bad_correction_names_the_field_and_changes_nothing(staff_client, rendered_submission, data, field):
    url = reverse("staff:submission_correct", kwargs={"pk": rendered_submission.pk})
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode() or f"id_{field}" in response.content.decode()
    assert not rendered_submission.corrections.exists()
    assert rendered_submission.determinations.count() == 1


def test_an_override_needs_a_reason_and_changes_the_result(staff_client, rendered_submission):
    url = reverse("staff:submission_override", kwargs={"pk": rendered_submission.pk})
    data = {"case": 1, "charge": 1, "outcome": "not_eligible", "reason": "", "reason_code": "other_case"}
    assert staff_client.post(url, data).status_code == 400
    assert staff_client.post(url, {**data, "outcome": "eligible_now", "reason": "x"}).status_code == 400  # no ground
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        response = staff_client.post(url, {**data, "reason": "Open warrant found in Case Search."})
    assert response.status_code == 302
    charge = rendered_submission.latest_determination.result["cases"][0]["charges"][0]
    assert charge["outcome"] == "not_eligible"
    assert charge["reasons"][0] == {
        "code": "staff_override",
        "citation": None,
        "verified": True,
        "note": "Open warrant found in Case Search.",
        "reason_code": "other_case",
    }
    assert not rendered_submission.documents.exists()  # nothing to file any more
    assert AuditEvent.objects.filter(submission=rendered_submission, action="override").exists()


def test_supervisors_export_the_queue_without_dates_of_birth_unless_asked(
    staff_client, supervisor_client, rendered_submission
):
    url = reverse("staff:queue_export")
    assert staff_client.get(url).status_code == 403
    rows = list(csv.reader(io.StringIO(supervisor_client.get(url).content.decode())))
    assert "date_of_birth" not in rows[0]
    assert rows[1][1] == "José Núñez" and "1990-04-12" not in rows[1]
    rows = list(csv.reader(io.StringIO(supervisor_client.get(url + "?with_dob=1").content.decode())))
    assert rows[0][2] == "date_of_birth" and rows[1][2] == "1990-04-12"
    assert AuditEvent.objects.filter(action="export", detail__with_dob=True).exists()


def test_supervisors_download_a_zip_of_the_selected_packets(supervisor_client, rendered_submission):
    response = supervisor_client.post(reverse("staff:packets_zip"), {"selected": [rendered_submission.pk]})
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert names == [f"packet-{rendered_submission.pk}-case-1.pdf"]
        assert archive.read(names[0]).startswith(b"%PDF")


def test_supervisors_mark_a_duplicate(supervisor_client, staff_client, rendered_submission):
    twin = SubmissionFactory()
    url = reverse("staff:submission_merge", kwargs={"pk": twin.pk})
    assert staff_client.post(url, {"original": rendered_submission.pk}).status_code == 403
    assert supervisor_client.post(url, {"original": twin.pk}).status_code == 400
    # A mistyped number (or another organisation's): said on the form, not a "page not found".
    mistyped = supervisor_client.post(url, {"original": 987654})
    assert mistyped.status_code == 400
    assert "There is no submission with that number in your organisation." in mistyped.content.decode()
    assert supervisor_client.post(url, {"original": rendered_submission.pk}).status_code == 302
    twin.refresh_from_db()
    assert twin.duplicate_of == rendered_submission and twin.review_status == "withdrawn"


def test_staff_download_the_petition_and_it_is_audited(staff_client, rendered_submission):
    document = rendered_submission.documents.get(kind="petition")
    response = staff_client.get(
        reverse("staff:document_download", kwargs={"submission_pk": rendered_submission.pk, "pk": document.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(submission=rendered_submission, action="download").exists()


def test_a_document_is_only_found_under_its_own_submission(staff_client, rendered_submission):
    other = SubmissionFactory()
    document = rendered_submission.documents.get(kind="petition")
    url = reverse("staff:document_download", kwargs={"submission_pk": other.pk, "pk": document.pk})
    assert staff_client.get(url).status_code == 404


def test_a_document_not_ready_is_not_downloadable(staff_client, rendered_submission):
    document = rendered_submission.documents.get(kind="petition")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING)
    url = reverse("staff:document_download", kwargs={"submission_pk": rendered_submission.pk, "pk": document.pk})
    assert staff_client.get(url).status_code == 404


def test_the_queue_and_detail_pages_make_the_same_number_of_queries_whatever_the_size(
    staff_client, rendered_submission
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    list_url = reverse("staff:submission_list")
    detail_url = reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk})
    small = queries(list_url), queries(detail_url)
    SubmissionFactory.create_batch(60)
    for i in range(3):
        review_add_note(
            user=rendered_submission.organisation.members.first().user, submission=rendered_submission, text=f"n{i}"
        )
    assert (queries(list_url), queries(detail_url)) == small


def test_staff_join_two_cases_of_one_arrest_and_the_decision_follows(staff_client, organisation):
    """A District case nolle'd after the Circuit case of the same arrest ended in a
    conviction the portal cannot clear: joined by their tracking number, the nolle is no
    longer reported as removed by itself."""
    answers = journey_answers(charge="theft", disposition="nolle_prosequi", disposition_date="2022-03-01")
    circuit = journey_answers(
        charge="other",
        description="Robbery",
        disposition="guilty",
        disposition_date="2022-09-01",
        sentence_completed="2023-09-01",
    )["cases"][0]
    circuit["details"] = {"county": "baltimore_city", "court": "circuit", "case_number": "C24CR22000123"}
    answers["cases"].append(circuit)
    submission = SubmissionFactory(answers=answers)
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
        assert submission.latest_determination.result["cases"][0]["charges"][0]["outcome"] == "automatically_expunged"
        url = reverse("staff:submission_correct", kwargs={"pk": submission.pk})
        for case in (1, 2):
            data = {"case": case, "field": "case.tracking_number", "value": "1a 2345678", "verified": "on"}
            assert staff_client.post(url, data).status_code == 302
    result = submission.latest_determination.result
    assert [case["charges"][0]["outcome"] for case in result["cases"]] == ["needs_review", "needs_review"]
    assert result["cases"][0]["charges"][0]["reasons"][0]["code"] == "unit_rule_depends_on_charge"
    assert [c.value for c in submission.corrections.all()] == ["1A2345678", "1A2345678"]
    page = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert ">1A2345678</dd>" in page


def test_staff_record_the_same_arrest_and_a_forwarded_case_in_plain_values(staff_client, rendered_submission):
    url = reverse("staff:submission_correct", kwargs={"pk": rendered_submission.pk})
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        related = {"case": 1, "field": "case.related_cases", "value": "c-24-cr-22-000123, 0B02345678"}
        assert staff_client.post(url, related).status_code == 302
        forwarded = {"case": 1, "field": "case.forwarded_to_circuit", "choice": "yes"}
        assert staff_client.post(url, forwarded).status_code == 302
    assert [c.value for c in rendered_submission.corrections.all()] == [["0B02345678", "C-24-CR-22-000123"], True]
    [charge] = rendered_submission.latest_determination.result["cases"][0]["charges"]
    # Sent on to Circuit Court, and that case is not in the record: a person looks at both.
    assert (charge["outcome"], charge["reasons"][0]["code"]) == ("needs_review", "forwarded_circuit_case_unknown")


def test_staff_correct_facts_in_plain_words_and_dates_as_people_write_them(staff_client, rendered_submission):
    url = reverse("staff:submission_correct", kwargs={"pk": rendered_submission.pk})
    detail = reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk})
    page = staff_client.get(detail).content.decode()
    # The form offers the facts and their values in words, grouped.
    assert '<optgroup label="A charge">' in page and ">The judge said it was domestic</option>" in page
    assert '<optgroup label="What happened in court">' in page
    assert (
        '<option value="disposition:stet_treatment">Stet with a drug or alcohol treatment requirement</option>' in page
    )
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        for data in (
            {"case": 1, "charge": 1, "field": "charge.disposition_date", "value": "3/27/2012"},
            {"case": 1, "charge": 1, "field": "charge.domestically_related", "choice": "no"},
            {"case": 1, "charge": 1, "field": "charge.probation_closed", "choice": "probation_closed:"},
            {"case": 1, "charge": 1, "field": "charge.cannabis_grams", "value": "42,5"},
        ):
            assert staff_client.post(url, data).status_code == 302, data
    assert [c.value for c in rendered_submission.corrections.all()] == ["2012-03-27", False, None, 42.5]
    page = staff_client.get(detail).content.decode()
    # The facts as corrected, in words: the domestic finding shown; dates as people read them.
    assert "Case 1, charge 1: Date of the court&#x27;s decision = March 27, 2012" in page
    assert "The judge said it was domestic</dt>" in page
    assert "Case 1, charge 1: The judge said it was domestic = No" in page
    assert "Case 1, charge 1: How probation ended = Not known" in page
    assert 'Amount of cannabis, in grams</dt><dd class="col-sm-6">42.5 g</dd>' in page


def test_an_override_takes_the_date_as_people_write_it_and_names_the_outcome_in_words(
    staff_client, rendered_submission
):
    url = reverse("staff:submission_override", kwargs={"pk": rendered_submission.pk})
    page = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk})).content.decode()
    assert '<option value="eligible_on_date">Can file from a later date</option>' in page
    data = {
        "case": 1,
        "charge": 1,
        "outcome": "eligible_on_date",
        "ground": "CP §10-105(a)(12)",
        "reason": "Checked.",
        "reason_code": "court_record",
    }
    assert staff_client.post(url, {**data, "eligible_on": "2030-13-01"}).status_code == 400
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        assert staff_client.post(url, {**data, "eligible_on": "06/01/2030"}).status_code == 302
    charge = rendered_submission.latest_determination.result["cases"][0]["charges"][0]
    assert (charge["outcome"], charge["eligible_on"]) == ("eligible_on_date", "2030-06-01")


def test_every_fact_and_value_of_the_contract_has_words_for_staff():
    from eligibility.contract import CHARGE_FIELDS, DISPOSITIONS
    from expunge import facts
    from expunge.records import CORRECTABLE_CASE_FIELDS

    assert set(facts.DISPOSITION_LABELS) == DISPOSITIONS
    assert set(facts.CHARGE_FACTS) == set(CHARGE_FIELDS)
    assert set(facts.CASE_FACTS) == set(CORRECTABLE_CASE_FIELDS)


def test_a_wrong_code_with_the_right_password_counts_and_locks_the_username(client, staff_user, settings):
    device = _device(staff_user)
    login = reverse("staff:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            login, {"username": "alice", "password": "correct horse battery staple", "otp_token": "000000"}
        )
        content = response.content.decode()
        # One message whatever was wrong; nothing says the password was right; it is never echoed.
        assert "Your username, password or code did not match" in content
        assert "Invalid token" not in content and "correct horse battery staple" not in content
    client.post(login, {"username": "alice", "password": "correct horse battery staple", "otp_token": "000000"})
    response = client.post(
        login, {"username": "alice", "password": "correct horse battery staple", "otp_token": _code(device)}
    )
    assert response.status_code == 429


def test_the_username_is_locked_across_addresses(client, staff_user, settings):
    device = _device(staff_user)
    login = reverse("staff:login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "alice", "password": "wrong", "otp_token": "1"}, REMOTE_ADDR=f"10.9.0.{n}")
    response = client.post(
        login,
        {"username": "alice", "password": "correct horse battery staple", "otp_token": _code(device)},
        REMOTE_ADDR="10.9.1.1",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    "language, chosen",
    [
        ("en", "Another case in the record changes the answer for this charge."),
        ("es", "Otro caso del expediente cambia la respuesta para este cargo."),
    ],
)
def test_the_resident_reads_the_reason_chosen_in_their_language_and_never_staffs_words(staff_client, language, chosen):
    token = "override-token-1234567890abcdefghijklmnopqr"
    submission = SubmissionFactory(token=token)
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
        staff_client.post(
            reverse("staff:submission_override", kwargs={"pk": submission.pk}),
            {
                "case": 1,
                "charge": 1,
                "outcome": "not_eligible",
                "reason": "Open warrant, per J.",
                "reason_code": "other_case",
            },
        )
    staff_page = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "Open warrant, per J." in staff_page
    resident = staff_client.get(f"/{language}" + reverse("public:result", kwargs={"token": token})[3:])
    page = " ".join(resident.content.decode().split())
    assert chosen in page
    assert "Open warrant" not in page
