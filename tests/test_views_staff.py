from unittest import mock

import pytest
from django.urls import reverse

from expunge import services
from expunge.models import Document
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered_submission():
    submission = SubmissionFactory()
    with mock.patch("expunge.tasks.render_document.delay"):
        services.submission_check_eligibility(submission_id=submission.pk)
    document = submission.documents.get(kind="petition")
    services.document_render(document=services.document_claim(document_id=document.pk))
    return submission


def staff_urls(submission):
    document = submission.documents.get(kind="petition")
    return [
        reverse("staff:submission_list"),
        reverse("staff:submission_detail", kwargs={"pk": submission.pk}),
        reverse("staff:document_download", kwargs={"submission_pk": submission.pk, "pk": document.pk}),
    ]


def test_staff_pages_need_a_login(client, rendered_submission):
    for url in staff_urls(rendered_submission):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:login"))


def test_a_logged_in_non_staff_user_is_refused(client, django_user_model, rendered_submission):
    client.force_login(django_user_model.objects.create_user(username="mallory", password="x" * 16))
    for url in staff_urls(rendered_submission):
        assert client.get(url).status_code == 403


def test_staff_log_in_with_a_password(client, staff_user):
    response = client.post(reverse("staff:login"), {"username": "alice", "password": "wrong"})
    assert "did not match" in response.content.decode()
    response = client.post(
        reverse("staff:login"), {"username": "alice", "password": "correct horse battery staple"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("staff:submission_list")


def test_staff_see_the_list_and_the_detail(staff_client, rendered_submission):
    content = staff_client.get(reverse("staff:submission_list")).content.decode()
    assert "José Núñez" in content
    assert "Checked" in content
    detail = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": rendered_submission.pk}))
    content = detail.content.decode()
    assert "automatically_expunged" in content
    assert "cannabis_only_charge_cleanup" in content
    assert "cannabis_fee_unverified" in content
    assert "unverified rule" in content
    assert rendered_submission.latest_determination.rules_version in content


def test_staff_filter_the_list_by_status(staff_client, rendered_submission):
    SubmissionFactory(full_name="Still Waiting")
    content = staff_client.get(reverse("staff:submission_list") + "?status=submitted").content.decode()
    assert "Still Waiting" in content
    assert "José Núñez" not in content
    # An unknown status is ignored rather than failing.
    assert staff_client.get(reverse("staff:submission_list") + "?status=nonsense&page=x").status_code == 200


def test_staff_download_the_petition(staff_client, rendered_submission):
    document = rendered_submission.documents.get(kind="petition")
    response = staff_client.get(
        reverse("staff:document_download", kwargs={"submission_pk": rendered_submission.pk, "pk": document.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


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
