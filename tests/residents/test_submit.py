"""Sending the answers is one transaction that locks the draft: however many requests send
one draft (a double click on a slow phone, two tabs), one submission is made and every
request lands on its results."""

from __future__ import annotations

import copy
import threading
from unittest import mock

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from expunge.models import Draft, Submission, hash_access_token, new_access_token
from expunge.services.drafts import results_token_for
from tests.factories import JOURNEY_ANSWERS, DraftFactory


def _finished_draft() -> str:
    """A draft answered up to consent, and its private link's token."""
    token = new_access_token()
    DraftFactory(token=token, answers=copy.deepcopy(JOURNEY_ANSWERS))
    return token


@pytest.mark.django_db(transaction=True)
def test_concurrent_consents_make_one_submission_and_all_land_on_its_results(postgres_and_redis):
    token = _finished_draft()
    consent = reverse("public:journey_consent", kwargs={"token": token})
    results = reverse("public:checking", kwargs={"token": results_token_for(token)})
    senders = 4
    barrier = threading.Barrier(senders)
    responses = []

    def send():
        try:
            client = Client()
            barrier.wait(timeout=30)
            responses.append(client.post(consent, {"consent": "on"}))
        finally:
            connections.close_all()

    with mock.patch("expunge.services.submissions.check_eligibility.apply_async") as queued:
        threads = [threading.Thread(target=send) for _ in range(senders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert [response.status_code for response in responses] == [302] * senders
    assert {response["Location"] for response in responses} == {results}
    submission = Submission.objects.get()
    assert submission.access_token_hash == hash_access_token(results_token_for(token))
    assert queued.call_count == 1
    draft = Draft.objects.get()
    assert draft.submission_id == submission.pk and draft.answers == {}


@pytest.mark.django_db
def test_consent_sent_again_lands_on_the_same_results(client):
    token = _finished_draft()
    consent = reverse("public:journey_consent", kwargs={"token": token})
    with mock.patch("expunge.services.submissions.check_eligibility.apply_async"):
        first = client.post(consent, {"consent": "on"})
        second = client.post(consent, {"consent": "on"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1
    assert client.get(first["Location"]).status_code == 200
