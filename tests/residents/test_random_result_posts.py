"""Whatever is posted to the results page's forms (settle a fact, file early with the
waiver, email the link), the answer is a page or a redirect, never a 500."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from expunge.services.links import send_results_link
from expunge.services.submissions import submission_check_eligibility
from tests.factories import SubmissionFactory
from tests.staff.test_random_posts import ODD

TOKEN = "random-result-token-1234567890abcdefghijklm"


class TestRandomResultPostsNeverFail(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.submission = SubmissionFactory(token=TOKEN)
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            submission_check_eligibility(submission_id=cls.submission.pk)

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        form=st.sampled_from(["settle", "file-early", "email-link"]),
        case=st.integers(min_value=0, max_value=40),
        charge=st.integers(min_value=0, max_value=40),
        fact=st.one_of(st.sampled_from(["domestically_related", "felony", "civil_citation"]), ODD),
        value=st.one_of(st.sampled_from(["yes", "no"]), ODD),
    )
    def test_random_posts(self, form, case, charge, fact, value):
        cache.clear()  # the email limits would turn later examples into 429s
        url = {
            "settle": f"/en/apply/{TOKEN}/cases/{case}/charges/{charge}/settle/",
            "file-early": f"/en/apply/{TOKEN}/cases/{case}/file-early/",
            "email-link": f"/en/apply/{TOKEN}/email-link/",
        }[form]
        with (
            mock.patch("expunge.services.documents.render_document.apply_async"),
            mock.patch.object(send_results_link, "apply_async"),
        ):
            response = self.client.post(url, {"fact": fact, "value": value, "email": value})
        assert response.status_code in (200, 302)
