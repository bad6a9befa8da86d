"""Removing a case asks first (on the page, without JavaScript) and can be undone; a
removed charge can be undone too; what is kept for the undo never goes with the answers."""

from __future__ import annotations

import copy

import pytest
from django.core import mail

from expunge.models import Draft, Submission
from expunge.services.drafts import REMOVED, draft_submit
from tests.factories import DraftFactory, journey_answers

pytestmark = pytest.mark.django_db
TOKEN = "remove-draft-1234567890abcdefghijklmnopqrstu"


def make_two_cases():
    """A draft with two finished cases, one charge each."""
    answers = journey_answers(consented_at=None, case_number="D-024-CR-22-001234")
    second = copy.deepcopy(answers["cases"][0])
    second["details"]["case_number"] = "4B02167750"
    answers["cases"].append(second)
    return DraftFactory(token=TOKEN, answers=answers)


@pytest.fixture
def two_cases():
    return make_two_cases()


CASES = f"/en/apply/draft/{TOKEN}/cases/"


def numbers():
    return [(c.get("details") or {}).get("case_number") for c in Draft.objects.get().answers["cases"]]


def text(response):
    return " ".join(response.content.decode().split())


def test_removing_a_case_asks_first_and_keep_changes_nothing(client, two_cases):
    asked = client.post(CASES, {"action": "remove_case", "case": "1"})
    assert asked.status_code == 302 and asked["Location"] == CASES + "?remove=1#case-2"
    assert numbers() == ["D-024-CR-22-001234", "4B02167750"]
    page = text(client.get(asked["Location"]))
    assert "Remove case 2 and its charge? You can undo it afterwards." in page
    assert 'value="remove_case_confirmed"' in page and "Keep case 2" in page
    assert page.count("Remove case 1") == 1  # the other case keeps its own button


def test_a_removed_case_comes_back_in_its_place_with_its_charges(client, two_cases):
    before = copy.deepcopy(Draft.objects.get().answers["cases"])
    removed = client.post(CASES, {"action": "remove_case_confirmed", "case": "0"})
    assert removed["Location"] == CASES + "#removed"
    assert numbers() == ["4B02167750"]
    page = text(client.get(CASES))
    assert "You removed case 1 (D-024-CR-22-001234)." in page and 'value="undo_remove"' in page

    client.post(CASES, {"action": "undo_remove"})
    draft = Draft.objects.get()
    assert draft.answers["cases"] == before and REMOVED not in draft.answers
    assert "You removed" not in text(client.get(CASES))


def test_a_removed_charge_can_be_undone(client, two_cases):
    client.post(CASES, {"action": "remove_charge", "case": "1", "charge": "0"})
    assert Draft.objects.get().answers["cases"][1]["charges"] == []
    assert "You removed charge 1 (Possession of cannabis (marijuana))." in text(client.get(CASES))
    client.post(CASES, {"action": "undo_remove"})
    assert len(Draft.objects.get().answers["cases"][1]["charges"]) == 1


def test_adding_a_case_ends_the_undo_and_undo_twice_does_nothing(client, two_cases):
    client.post(CASES, {"action": "remove_case_confirmed", "case": "0"})
    client.post(CASES, {"action": "add_case"})
    assert REMOVED not in Draft.objects.get().answers
    client.post(CASES, {"action": "undo_remove"})
    assert len(numbers()) == 2  # the one left and the new, empty one
    assert client.post(CASES, {"action": "undo_remove"}).status_code == 302


def test_spanish(client, two_cases):
    client.post(f"/es/apply/draft/{TOKEN}/cases/", {"action": "remove_case_confirmed", "case": "0"})
    page = text(client.get(f"/es/apply/draft/{TOKEN}/cases/"))
    assert "Quitó el caso 1 (D-024-CR-22-001234)." in page and "Deshacer" in page


def test_what_is_kept_for_the_undo_is_never_sent(client, two_cases):
    client.post(CASES, {"action": "remove_case_confirmed", "case": "1"})
    draft = Draft.objects.get()
    assert REMOVED in draft.answers
    submission, _token = draft_submit(draft=draft, token=TOKEN)
    assert REMOVED not in Submission.objects.get(pk=submission.pk).answers
    assert not mail.outbox
