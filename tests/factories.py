import copy

import factory

from expunge.models import Submission, hash_access_token
from expunge.records import QUESTIONNAIRE_VERSION, search_columns
from expunge.selectors import organisation_for_county

# Stored answers for a resident with a Baltimore City cannabis possession conviction
# whose sentence ended long ago: pardoned in 2024, petition can be filed now.
ANSWERS = {
    "full_name": "José Núñez",
    "other_names": "Joe Nunez",
    "date_of_birth": "1990-04-12",
    "address": "100 N. Calvert St\nBaltimore, MD 21202",
    "phone": "410-555-0123",
    "county": "baltimore_city",
    "court": "district",
    "case_number": "419340011",
    "charge": "cannabis_possession",
    "disposition": "guilty",
    "disposition_date": "2012-05-10",
    "sentence_completed": "2012-05-10",
    "pending_case": "no",
    "consented_at": "2026-11-25T10:00:00+00:00",
}


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")

    access_token_hash = factory.LazyAttribute(lambda o: hash_access_token(o.token))
    answers = factory.LazyFunction(lambda: dict(ANSWERS))
    questionnaire_version = QUESTIONNAIRE_VERSION
    language = "en"
    full_name = factory.LazyAttribute(lambda o: o.answers["full_name"])
    date_of_birth = factory.LazyAttribute(lambda o: o.answers["date_of_birth"])
    county = factory.LazyAttribute(lambda o: o.answers["county"])
    # Routed like submission_submit routes: to the organisation serving the county.
    organisation = factory.LazyAttribute(lambda o: organisation_for_county(o.answers["county"]))
    case_numbers = factory.LazyAttribute(lambda o: search_columns(o.answers)["case_numbers"])


def walk_journey(client, language: str = "en", email: str = "", **overrides):
    """Answer the step-by-step questionnaire as ANSWERS (with overrides) would, through the
    views. Returns the last response (the redirect to the "checking" page)."""
    a = {**ANSWERS, **overrides}
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
    situation = post(after, {"action": "continue"})
    review = post(situation, {"pending_case": a["pending_case"], "convictions_since": "no"})
    assert client.get(review).status_code == 200
    consent = review.replace("/review/", "/consent/")
    response = client.post(consent, {"consent": "on"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


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
    """A submission of JOURNEY_ANSWERS (the factory's other fields read the short form's)."""
    about = JOURNEY_ANSWERS["about"]
    return SubmissionFactory(
        answers=copy.deepcopy(JOURNEY_ANSWERS),
        full_name=about["full_name"],
        date_of_birth=about["date_of_birth"],
        county="baltimore_city",
        organisation=organisation_for_county("baltimore_city"),
        case_numbers="",
        **fields,
    )
