"""Factories for what production makes: answers as the step-by-step questionnaire stores
them, drafts and submissions built from them, organisations, staff and documents."""

import copy

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from expunge.choices import CONVICTION_LIKE
from expunge.models import Document, Draft, Organisation, StaffMembership, Submission, hash_access_token
from expunge.records import JOURNEY_VERSION, search_columns
from expunge.search import name_key
from expunge.selectors import organisation_for_county
from expunge.services.submissions import submission_index

# The facts of the resident most tests start from: a Baltimore City cannabis possession
# conviction whose sentence ended long ago (pardoned in 2024; a petition can be filed now),
# in the words the questionnaire's choices use. journey_answers() turns them into stored
# answers; walk_journey() types them into the pages.
RESIDENT = {
    "full_name": "José Núñez",
    "other_names": "Joe Nunez",
    "date_of_birth": "1990-04-12",
    "address": "100 N. Calvert St\nBaltimore, MD 21202",
    "phone": "410-555-0123",
    "email": "",
    "county": "baltimore_city",
    "court": "district",
    "case_number": "419340011",
    "charge": "cannabis_possession",
    "amount": "not_sure",
    "description": "Other charge",
    "disposition": "guilty",
    "charge_date": "",
    "disposition_date": "2012-05-10",
    "sentence_completed": "2012-05-10",
    "probation": "none",
    "pending_case": "no",
    "convictions_since": "no",
    "consented_at": "2026-11-25T10:00:00+00:00",
    # The facts step's answers (residents.journey.ChargeFactsStep), where it is asked.
    "facts": None,
}
# What walk_journey answers on the facts step when not told otherwise.
NO_TO_EVERY_FACT = {"domestic": "no", "civil_citation": "no", "treatment": "no"}


def journey_answers(**facts) -> dict:
    """Answers as the step-by-step questionnaire stores them (residents.journey), for one
    case with one charge: RESIDENT's facts, with these changed."""
    f = {**RESIDENT, **facts}
    kind = f["charge"]
    charge = {
        "what": {
            "kind": kind,
            "amount": f["amount"] if kind == "cannabis_possession" else "",
            "description": f["description"] if kind == "other" else "",
            "disposition": f["disposition"],
            "charge_date": f["charge_date"] or "",
            "disposition_date": f["disposition_date"] or "",
        }
    }
    if f["disposition"] in CONVICTION_LIKE:
        charge["sentence"] = {"sentence_completed": f["sentence_completed"] or "", "probation": f["probation"]}
    if f["facts"]:
        charge["facts"] = dict(f["facts"])
    answers = {
        "about": {key: f[key] for key in ("full_name", "other_names", "date_of_birth", "phone", "email", "address")},
        "cases": [
            {
                "details": {"county": f["county"], "court": f["court"], "case_number": f["case_number"]},
                "charges": [charge],
            }
        ],
        "situation": {"pending_case": f["pending_case"], "convictions_since": f["convictions_since"]},
    }
    if f["consented_at"]:
        answers["consented_at"] = f["consented_at"]
    return answers


def walk_journey(client, language: str = "en", email: str = "", **overrides):
    """Answer the step-by-step questionnaire as RESIDENT (with overrides) would, through the
    views. Returns the last response (the redirect to the "checking" page)."""
    a = {**RESIDENT, **overrides}
    prefix = f"/{language}"

    def post(url, data):
        response = client.post(url, data)
        assert response.status_code == 302, (
            url,
            response.status_code,
            response.context and response.context.get("form") and response.context["form"].errors,
        )
        return response["Location"]

    about = post(f"{prefix}/apply/", {})
    cases = post(
        about,
        {k: a.get(k) or "" for k in ("full_name", "other_names", "date_of_birth", "phone", "address")}
        | {"email": email},
    )
    case = post(cases, {"action": "add_case"})
    charge = post(case, {"county": a["county"], "court": a["court"], "case_number": a.get("case_number") or ""})
    kind = a["charge"]
    after = post(
        charge,
        {
            "kind": kind,
            "amount": "not_sure" if kind == "cannabis_possession" else "",
            "description": "Other charge" if kind == "other" else "",
            "disposition": a["disposition"],
            "charge_date": "",
            "disposition_date": a.get("disposition_date") or "",
        },
    )
    if a["disposition"] in ("guilty", "pbj"):
        after = post(after, {"sentence_completed": a.get("sentence_completed") or "", "probation": "none"})
    if "/facts/" in after:
        after = post(after, a["facts"] or NO_TO_EVERY_FACT)
    situation = post(after, {"action": "continue"})
    review = post(situation, {"pending_case": a["pending_case"], "convictions_since": "no"})
    assert client.get(review).status_code == 200
    consent = review.replace("/review/", "/consent/")
    response = client.post(consent, {"consent": "on"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


def _column(name):
    return factory.LazyAttribute(lambda o: search_columns(o.answers)[name])


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission as the consent step makes it: journey answers and the columns copied
    from them (services.submissions.submission_submit)."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")

    access_token_hash = factory.LazyAttribute(lambda o: hash_access_token(o.token))
    answers = factory.LazyFunction(journey_answers)
    questionnaire_version = JOURNEY_VERSION
    language = "en"
    full_name = _column("full_name")
    search_name = factory.LazyAttribute(lambda o: name_key(o.full_name))
    date_of_birth = _column("date_of_birth")
    county = _column("county")
    # Routed like submission_submit routes: to the organisation serving the county.
    organisation = factory.LazyAttribute(lambda o: organisation_for_county(o.county))

    @factory.post_generation
    def case_numbers(submission, create, extracted, **kwargs):
        """The case numbers' search rows, as submission_submit writes them."""
        if create:
            submission_index(submission=submission)


class DraftFactory(factory.django.DjangoModelFactory):
    """A draft as the questionnaire leaves it: answered up to consent unless told otherwise."""

    class Meta:
        model = Draft

    class Params:
        token = factory.Sequence(lambda n: f"test-draft-{n:04d}-abcdefghijklmnopqrstuvwxyz")

    access_token_hash = factory.LazyAttribute(lambda o: hash_access_token(o.token))
    answers = factory.LazyFunction(lambda: journey_answers(consented_at=None))
    language = "en"
    expires_at = factory.LazyFunction(lambda: timezone.now() + settings.DRAFT_LINK_LIFETIME)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Baltimore Legal Aid"
    counties = factory.LazyFunction(lambda: ["baltimore_city", "baltimore_county"])


def staff_member(username: str, organisation: Organisation, role: str = StaffMembership.Role.REVIEWER):
    """A member of staff of an organisation, as an administrator sets one up (the second
    factor is added where a test logs in: conftest.verified_login)."""
    user = get_user_model().objects.create_user(username=username, password="correct horse battery staple")
    StaffMembership.objects.create(user=user, organisation=organisation, role=role)
    return user


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document row waiting to be rendered, as documents_sync plans it."""

    class Meta:
        model = Document

    submission = factory.SubFactory(SubmissionFactory)
    kind = Document.Kind.PETITION
    case_index = 0
    form = "CC-DC-CR-072B"
    rules_version = "test"


# Answers from the step-by-step questionnaire as saved (residents.journey): one case, two
# charges, the first charged "in March 2014" (the month only), the second on a known day.
JOURNEY_ANSWERS = {
    "about": {"full_name": "Ana Pérez", "other_names": "", "date_of_birth": "1990-04-12", "address": "1 Main St"},
    "cases": [
        {
            "details": {"county": "baltimore_city", "court": "district", "case_number": ""},
            "charges": [
                {
                    "what": {
                        "kind": "trespass",
                        "disposition": "dismissed",
                        "charge_date": "2014-03",
                        "disposition_date": "2015-01-10",
                    }
                },
                {
                    "what": {
                        "kind": "trespass",
                        "disposition": "dismissed",
                        "charge_date": "2014-03-02",
                        "disposition_date": "2015-01-10",
                    }
                },
            ],
        }
    ],
    "situation": {"pending_case": "no", "convictions_since": "no"},
}


def journey_submission(**fields) -> Submission:
    """A submission of JOURNEY_ANSWERS: one case of two dismissed trespass charges."""
    return SubmissionFactory(answers=copy.deepcopy(JOURNEY_ANSWERS), **fields)
