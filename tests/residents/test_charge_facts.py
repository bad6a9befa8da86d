"""The facts that decide a charge's answer (issue: the journey asks what decides the answer):
each question asked only where its answer can change the result, "I'm not sure" leading to
the conditional answer, which the resident can settle on the results page; the amount
split at 1.5 and 2.5 ounces; the arrest's agency, place and tracking number carried to the
petition."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from eligibility import assess
from expunge.models import Draft, Submission
from expunge.packet import documents
from expunge.records import journey_to_record
from residents import journey
from tests.factories import SubmissionFactory, journey_answers, walk_journey

pytestmark = pytest.mark.django_db

ABOUT = {"full_name": "Ana Díaz", "other_names": "", "date_of_birth": "1980-04-12", "address": "1 Main St"}
CASE = {"county": "baltimore_city", "court": "district", "case_number": "4B02167750"}
ASSAULT = {
    "kind": "assault_2",
    "amount": "",
    "description": "",
    "disposition": "guilty",
    "charge_date": "03/01/2015",
    "disposition_date": "06/01/2015",
}


def to_charge(client, case=None, language="en"):
    about = client.post(f"/{language}/apply/", {})["Location"]
    cases = client.post(about, ABOUT)["Location"]
    case_url = client.post(cases, {"action": "add_case"})["Location"]
    return about, client.post(case_url, case or CASE)["Location"]


def after_charge(client, what, sentence=None, case=None):
    """The page after the charge (and its sentence, when asked): the facts step or the list."""
    about, charge = to_charge(client, case)
    after = client.post(charge, what)["Location"]
    if after.endswith("/sentence/"):
        after = client.post(after, sentence or {"sentence_completed": "06/01/2015", "probation": "none"})["Location"]
    return about, after


def stored_charge():
    return Draft.objects.get().answers["cases"][0]["charges"][0]


def record_charge():
    return journey_to_record(Draft.objects.get().answers)["cases"][0]["charges"][0]


# --- Asked only where it matters -------------------------------------------------------


@pytest.mark.parametrize(
    "what, asked",
    [
        (ASSAULT, ["domestic"]),
        ({**ASSAULT, "kind": "theft"}, ["domestic"]),
        ({**ASSAULT, "kind": "other_drug_possession"}, ["domestic"]),
        # Cannabis possession has its own route: the finding changes nothing.
        ({**ASSAULT, "kind": "cannabis_possession", "amount": "up_to_1_5oz"}, []),
        ({**ASSAULT, "kind": "cannabis_possession", "amount": "under_10g"}, ["civil_citation"]),  # charged 2015
        ({**ASSAULT, "kind": "fare_evasion"}, []),  # a nuisance crime: 3 years either way
        ({**ASSAULT, "disposition": "dismissed"}, []),
        ({**ASSAULT, "disposition": "not_guilty"}, []),
        ({**ASSAULT, "disposition": "pbj"}, ["treatment"]),
        ({**ASSAULT, "disposition": "stet"}, ["treatment"]),
        ({**ASSAULT, "disposition": "nolle_prosequi"}, ["treatment"]),
    ],
)
def test_each_fact_is_asked_only_where_it_can_change_the_answer(what, asked):
    stored = {**what, "charge_date": "2015-03-01", "disposition_date": "2015-06-01"}  # as the answers keep them
    assert list(journey.charge_questions(stored)) == asked


def test_a_civil_citation_is_asked_only_for_under_10_grams_charged_from_october_2014_to_june_2023():
    small = {**ASSAULT, "kind": "cannabis_possession", "amount": "under_10g"}
    assert journey.charge_questions({**small, "charge_date": "2014-10-01"}) == ("civil_citation",)
    assert journey.charge_questions({**small, "charge_date": "2023-06"}) == ("civil_citation",)
    assert journey.charge_questions({**small, "charge_date": ""}) == ("civil_citation",)  # could be either
    # Decided before citations existed: it was a crime, whenever it was charged.
    assert journey.charge_questions({**small, "charge_date": "", "disposition_date": "2012-05-10"}) == ()
    assert journey.charge_questions({**small, "charge_date": "", "disposition_date": "2014-10"}) == ("civil_citation",)
    assert journey.charge_questions({**small, "charge_date": "2014-09-30"}) == ()
    assert journey.charge_questions({**small, "charge_date": "2014-09"}) == ()
    assert journey.charge_questions({**small, "charge_date": "2023-07-01"}) == ()
    assert journey.charge_questions({**small, "amount": "up_to_1_5oz", "charge_date": "2019-03-01"}) == ()
    assert journey.charge_questions({**small, "disposition": "nolle_prosequi"}) == ("treatment",)


def test_a_conviction_that_waits_on_a_domestic_finding_gets_the_question_and_its_answer_reaches_the_engine(client):
    about, facts = after_charge(client, ASSAULT)
    assert facts.endswith("/cases/0/charges/0/facts/")
    page = client.get(facts).content.decode()
    assert "Did the judge say this was domestic" in page and "DOMESTIC RLTD" in page
    assert "treatment" not in page and "civil citation" not in page
    assert "I&#x27;m not sure" in page or "I'm not sure" in page
    # Back goes to the sentence, the step before.
    assert about.replace("/about/", "/cases/0/charges/0/sentence/") in page
    # Not answered: the question again, naming it.
    assert "Choose yes, no or “I&#x27;m not sure”" in client.post(facts, {}).content.decode()
    assert client.post(facts, {"domestic": "no"})["Location"].endswith("/cases/")
    assert stored_charge()["facts"] == {"domestic": "no"}
    assert record_charge()["domestically_related"] is False
    client.post(facts, {"domestic": "yes"})
    assert record_charge()["domestically_related"] is True
    client.post(facts, {"domestic": "not_sure"})
    assert record_charge()["domestically_related"] is None


def test_the_facts_step_is_skipped_both_ways_once_it_no_longer_applies(client):
    about, facts = after_charge(client, ASSAULT)
    client.post(facts, {"domestic": "yes"})
    charge = about.replace("/about/", "/cases/0/charges/0/")
    # Now a dismissal: no sentence, no facts; the answer that no longer applies is dropped.
    assert client.post(charge, {**ASSAULT, "disposition": "dismissed"})["Location"].endswith("/cases/")
    assert "facts" not in stored_charge()
    assert client.get(facts)["Location"].endswith("/cases/")
    assert record_charge()["domestically_related"] is None
    # The list of cases counts the charge finished; continuing goes on to the situation.
    assert client.post(about.replace("/about/", "/cases/"), {"action": "continue"})["Location"].endswith("/situation/")


def test_an_unanswered_facts_step_holds_the_journey_and_the_list_shows_the_charge_unfinished(client):
    about, facts = after_charge(client, ASSAULT)
    cases = about.replace("/about/", "/cases/")
    assert client.post(cases, {"action": "continue"})["Location"] == facts + "?check=1"
    assert client.get(about.replace("/about/", "/situation/"))["Location"] == facts + "?check=1"


@pytest.mark.parametrize(
    "disposition, answer, completed, expected",
    [
        ("nolle_prosequi", "no", "", ("nolle_prosequi", None)),
        ("nolle_prosequi", "yes", "04/2016", ("nolle_prosequi_treatment", None)),  # the day is needed
        ("nolle_prosequi", "yes", "04/15/2016", ("nolle_prosequi_treatment", "2016-04-15")),
        # Not sure: a treatment requirement whose end is not known, so a person checks;
        # never a plain nolle, which could be filed (or removed) without it.
        ("nolle_prosequi", "not_sure", "", ("nolle_prosequi_treatment", None)),
        ("stet", "yes", "04/15/2016", ("stet_treatment", "2016-04-15")),
        ("stet", "no", "", ("stet", None)),
    ],
)
def test_a_treatment_requirement_becomes_the_treatment_disposition(client, disposition, answer, completed, expected):
    _about, facts = after_charge(client, {**ASSAULT, "disposition": disposition})
    page = client.get(facts).content.decode()
    assert "treatment" in page and "domestic" not in page
    assert client.post(facts, {"treatment": answer, "treatment_completed": completed})["Location"].endswith("/cases/")
    charge = record_charge()
    assert (charge["disposition"], charge["sentence_completed"]) == expected
    if answer != "yes":
        assert stored_charge()["facts"]["treatment_completed"] == ""  # never kept for "no"


def test_a_pbj_with_treatment_waits_for_the_later_of_probation_and_treatment(client):
    _about, facts = after_charge(
        client, {**ASSAULT, "disposition": "pbj"}, {"sentence_completed": "06/01/2016", "probation": "satisfactory"}
    )
    client.post(facts, {"treatment": "yes", "treatment_completed": "09/01/2016"})
    assert (record_charge()["disposition"], record_charge()["sentence_completed"]) == ("pbj_treatment", "2016-09-01")
    client.post(facts, {"treatment": "yes", "treatment_completed": ""})
    assert record_charge()["sentence_completed"] is None
    client.post(facts, {"treatment": "no"})
    assert (record_charge()["disposition"], record_charge()["sentence_completed"]) == ("pbj", "2016-06-01")


def test_a_treatment_end_in_the_future_is_refused_and_what_was_typed_stays(client):
    _about, facts = after_charge(client, {**ASSAULT, "disposition": "stet"})
    response = client.post(facts, {"treatment": "yes", "treatment_completed": "01/01/2999"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "This date cannot be in the future" in content and 'value="01/01/2999"' in content


def test_a_civil_citation_answer_reaches_the_engine(client):
    small = {
        **ASSAULT,
        "kind": "cannabis_possession",
        "amount": "under_10g",
        "charge_date": "03/01/2019",
        "disposition_date": "03/01/2019",
    }
    _about, facts = after_charge(client, small, {"sentence_completed": "03/01/2019", "probation": "none"})
    assert "civil citation" in client.get(facts).content.decode()
    client.post(facts, {"civil_citation": "yes"})
    assert record_charge()["civil_citation"] is True
    client.post(facts, {"civil_citation": "not_sure"})
    assert record_charge()["civil_citation"] is None


# --- The amounts split at 1.5 and 2.5 ounces --------------------------------------------


@pytest.mark.parametrize(
    "amount, grams",
    [("under_10g", 10.0), ("up_to_1_5oz", 42.5), ("up_to_2_5oz", 70.87), ("over_2_5oz", 71.0), ("not_sure", None)],
)
def test_each_amount_is_exact_for_the_lines_the_law_draws(amount, grams):
    answers = journey_answers(amount=amount)
    assert journey_to_record(answers)["cases"][0]["charges"][0]["cannabis_grams"] == grams


def test_a_conviction_for_1_5_to_2_5_ounces_is_no_longer_a_crime_and_more_is():
    def answer(amount):
        record = journey_to_record(
            journey_answers(amount=amount, disposition_date="2023-09-01", sentence_completed="2030-01-01")
        )
        return assess(record, as_of=timezone.localdate())["cases"][0]["charges"][0]

    civil_only = answer("up_to_2_5oz")
    assert civil_only["outcome"] == "eligible_now"
    assert "no_longer_a_crime_cannabis" in [r["code"] for r in civil_only["reasons"]]
    still_a_crime = answer("over_2_5oz")
    assert still_a_crime["outcome"] != "eligible_now"


def test_the_old_more_than_1_5_ounces_answer_is_read_as_unknown_and_asked_again(client):
    answers = journey_answers(amount="over_1_5oz")
    assert journey_to_record(answers)["cases"][0]["charges"][0]["cannabis_grams"] is None
    assert journey.first_incomplete(answers) == journey.ChargeStep(0, 0)
    draft = Draft.objects.create(access_token_hash="x" * 64, answers=answers, expires_at=timezone.now())
    assert draft.answers["cases"][0]["charges"][0]["what"]["amount"] == "over_1_5oz"


# --- The arrest: agency, place, tracking number, sent on to Circuit Court ---------------


def test_the_arrest_details_are_optional_and_reach_the_record(client):
    about, charge = to_charge(
        client,
        {
            **CASE,
            "tracking_number": " 1261 0549 3393 ",
            "forwarded": "yes",
            "agency": "Baltimore Police Department",
            "place": "Baltimore",
        },
    )
    details = Draft.objects.get().answers["cases"][0]["details"]
    assert details["tracking_number"] == "126105493393"
    case = journey_to_record(Draft.objects.get().answers)["cases"][0]
    assert (case["tracking_number"], case["forwarded_to_circuit"]) == ("126105493393", True)
    # A Circuit Court case is never "sent on"; its answer is not kept.
    client.post(about.replace("/about/", "/cases/0/"), {**CASE, "court": "circuit", "forwarded": "yes"})
    assert journey_to_record(Draft.objects.get().answers)["cases"][0]["forwarded_to_circuit"] is None
    # Nothing typed: unknown, as before the questions existed.
    client.post(about.replace("/about/", "/cases/0/"), CASE)
    case = journey_to_record(Draft.objects.get().answers)["cases"][0]
    assert (case["tracking_number"], case["forwarded_to_circuit"]) == (None, None)


def test_a_bad_tracking_number_is_named_and_nothing_typed_is_lost(client):
    about, _charge = to_charge(client)
    response = client.post(about.replace("/about/", "/cases/0/"), {**CASE, "tracking_number": "12<34", "agency": "BPD"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tracking number (optional): Enter the tracking number using only numbers and letters" in content
    assert 'value="BPD"' in content


def test_the_petition_prints_the_agency_place_and_tracking_number_when_known():
    answers = journey_answers(disposition="dismissed", disposition_date="2012-05-10")
    answers["cases"][0]["details"].update(
        {"agency": "Baltimore Police Department", "place": "Baltimore", "tracking_number": "126105493393"}
    )
    submission = SubmissionFactory(answers=answers)
    from expunge.services.submissions import submission_check_eligibility

    submission_check_eligibility(submission_id=submission.pk)
    inp = documents.packet_input(Submission.objects.get(pk=submission.pk))
    html = documents.document_html("petition", inp, 0)
    assert "<strong>Baltimore Police Department</strong>" in html
    assert "at <strong>Baltimore</strong>, Maryland" in html
    assert "Tracking number: <strong>126105493393</strong>" in html
    # Not known: the blanks stay for the petitioner.
    bare = documents.PacketInput(petitioner=inp.petitioner, record=inp.record, result=inp.result)
    assert 'officer of <span class="blank">' in documents.document_html("petition", bare, 0)


# --- The conditional answer on the results page, settled by the resident ----------------


def conditional_submission(language="en"):
    """A 2015 assault conviction whose domestic finding the resident was not sure of."""
    answers = journey_answers(
        charge="assault_2",
        disposition="guilty",
        disposition_date="2015-06-01",
        sentence_completed="2015-06-01",
        facts={"domestic": "not_sure"},
    )
    submission = SubmissionFactory(answers=answers, language=language, token=f"conditional-{language}-" + "a" * 30)
    from expunge.services.submissions import submission_check_eligibility

    submission_check_eligibility(submission_id=submission.pk)
    return submission, reverse("public:result", kwargs={"token": f"conditional-{language}-" + "a" * 30})


def test_a_conditional_answer_reads_in_plain_words_and_the_resident_settles_it(client):
    submission, result = conditional_submission()
    content = client.get(result).content.decode()
    assert "The answer depends on something we do not know yet" in content
    assert "If the judge did not say it was domestic: you can file now." in content
    assert "If the judge said it was domestic: you can file from June 1, 2030." in content
    assert "Download your petition packet" not in content  # never "file now" while it depends
    settle = reverse(
        "public:settle_fact", kwargs={"token": "conditional-en-" + "a" * 30, "case_index": 0, "charge_index": 0}
    )
    assert f'action="{settle}"' in content

    # Nothing chosen: the page says so, and nothing changes.
    response = client.post(settle, {"fact": "domestically_related"})
    assert "Choose yes or no, then save your answer" in client.get(response["Location"]).content.decode()
    assert submission.determinations.count() == 1
    # A fact the answer does not depend on: refused quietly, nothing changes.
    client.post(settle, {"fact": "felony", "value": "no"})
    client.post(settle, {"fact": "pending_case", "value": "no"})
    assert submission.determinations.count() == 1

    response = client.post(settle, {"fact": "domestically_related", "value": "no"})
    assert response["Location"] == result + "#charge-0-0"
    submission.refresh_from_db()
    assert submission.answers["cases"][0]["charges"][0]["facts"] == {"domestic": "no"}
    charge = submission.latest_determination.result["cases"][0]["charges"][0]
    assert charge["outcome"] == "eligible_now" and charge["alternatives"] == []
    content = client.get(result).content.decode()
    assert "The answer depends on something" not in content and "Save my answer" not in content
    # Settled: posting again changes nothing.
    client.post(settle, {"fact": "domestically_related", "value": "yes"})
    assert submission.determinations.count() == 2


def test_the_conditional_answer_is_in_spanish_on_spanish_pages(client):
    _submission, result = conditional_submission("es")
    content = client.get(result.replace("/en/", "/es/")).content.decode()
    assert "Si el juez no dijo que fue doméstico: puede presentarla ahora." in content
    assert "Si el juez dijo que fue doméstico: puede presentarla a partir del 1 de junio de 2030." in content
    assert "Guardar mi respuesta" in content


def test_a_full_journey_with_i_am_not_sure_leads_to_the_conditional_answer(
    client, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posted = walk_journey(
            client,
            charge="assault_2",
            disposition_date="2015-06-01",
            sentence_completed="2015-06-01",
            facts={"domestic": "not_sure"},
        )
    content = client.get(posted["Location"], follow=True).content.decode()
    assert "If the judge said it was domestic: you can file from June 1, 2030." in content


class TestTheFactsStepNeverFails(HypothesisTestCase):
    """Random data posted to the facts step: a page with the errors, or the next step;
    never a 500."""

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(
        domestic=st.text(max_size=12) | st.sampled_from(["yes", "no", "not_sure"]),
        treatment=st.text(max_size=12) | st.sampled_from(["yes", "no", "not_sure"]),
        completed=st.text(max_size=20) | st.sampled_from(["04/15/2016", "04/2016", "0000-01-01", "²/²/2016"]),
        disposition=st.sampled_from(["guilty", "pbj", "stet", "nolle_prosequi"]),
    )
    def test_random_posts(self, domestic, treatment, completed, disposition):
        _about, facts = after_charge(self.client, {**ASSAULT, "disposition": disposition})
        if not facts.endswith("/facts/"):
            return
        response = self.client.post(
            facts, {"domestic": domestic, "treatment": treatment, "treatment_completed": completed}
        )
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            journey_to_record(Draft.objects.order_by("-pk").first().answers)  # the engine's input holds


def test_a_second_case_can_name_the_first_as_the_same_arrest_and_the_engine_joins_them(client):
    about, charge = to_charge(client)
    assert "same arrest as another case" not in client.get(about.replace("/about/", "/cases/0/")).content.decode()
    client.post(
        charge, {**ASSAULT, "disposition": "nolle_prosequi", "charge_date": "", "disposition_date": "01/05/2019"}
    )
    client.post(about.replace("/about/", "/cases/0/charges/0/facts/"), {"treatment": "no"})
    cases = about.replace("/about/", "/cases/")
    second = client.post(cases, {"action": "add_case"})["Location"]
    page = client.get(second).content.decode()
    assert "same arrest as another case you told us about" in page and "Case 1: 4B02167750" in page
    # A number that is not among the other cases is refused, naming the question.
    response = client.post(
        second, {**CASE, "court": "circuit", "case_number": "C-24-CR-19-000123", "same_arrest": "X1"}
    )
    assert "Choose the cases from the list" in response.content.decode()
    client.post(second, {**CASE, "court": "circuit", "case_number": "C-24-CR-19-000123", "same_arrest": "4B02167750"})
    record = journey_to_record(Draft.objects.get().answers)
    assert record["cases"][1]["related_cases"] == ["4B02167750"]
    assert record["cases"][0]["related_cases"] == []
    # The Circuit case's conviction holds back the District nolle of the same arrest.
    client.post(
        about.replace("/about/", "/cases/1/charges/0/"),
        {**ASSAULT, "charge_date": "", "disposition_date": "06/01/2019"},
    )
    answers = Draft.objects.get().answers
    answers["cases"][1]["charges"][0]["sentence"] = {"sentence_completed": "2019-06-01", "probation": "none"}
    answers["situation"] = {"pending_case": "no", "convictions_since": "no"}
    result = assess(journey_to_record(answers), as_of=timezone.localdate())
    nolle = result["cases"][0]["charges"][0]
    assert nolle["outcome"] not in ("eligible_now", "automatically_expunged")
    # Changing the first case's number leaves the link stale: the second case is asked again.
    client.post(about.replace("/about/", "/cases/0/"), {**CASE, "case_number": "4B09999999"})
    assert journey.first_incomplete(Draft.objects.get().answers) == journey.CaseStep(1)
