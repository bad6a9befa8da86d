"""Whatever staff (or anyone holding a staff session) post to the correction, override and
filter forms and to the bulk actions, the answer is a page or a redirect, never a 500:
years 0 to 9999, digits of any script, NaN and infinity, very long values. On SQLite and,
in CI, on PostgreSQL."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from expunge.selectors import QUEUE_ORDERS
from expunge.services.submissions import submission_check_eligibility
from staff.forms import OTHER_CASE_DISPOSITIONS, _field_choices, _value_choices
from tests.conftest import verified_login
from tests.factories import OrganisationFactory, SubmissionFactory, staff_member

FIELDS = [value for _group, options in _field_choices() for value, _label in options]
CHOICES = [value for _group, options in _value_choices()[1:] for value, _label in options]
ODD = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=0, max_value=9999).map(lambda year: f"{year:04d}-01-01"),
    st.integers(min_value=0, max_value=9999).map(lambda year: f"01/01/{year:04d}"),
    st.sampled_from(["NaN", "nan", "inf", "-inf", "1e309", "²", "٣", "١٢/٠١/٢٠١٩", "0000-00-00", "9" * 300]),
)


class TestRandomStaffPostsNeverFail(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        organisation = OrganisationFactory()
        cls.user = staff_member("alice", organisation)
        cls.supervisor = staff_member("sam", organisation, "supervisor")
        cls.submission = SubmissionFactory()
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            submission_check_eligibility(submission_id=cls.submission.pk)

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        field=st.sampled_from(FIELDS),
        choice=st.one_of(st.sampled_from(CHOICES), st.text(max_size=20)),
        value=ODD,
        case=st.one_of(st.sampled_from(["1", "2", "0"]), ODD),
        charge=st.one_of(st.sampled_from(["1", "", "9"]), ODD),
    )
    def test_corrections(self, field, choice, value, case, charge):
        verified_login(self.client, self.user)
        url = reverse("staff:submission_correct", kwargs={"pk": self.submission.pk})
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            response = self.client.post(
                url, {"case": case, "charge": charge, "field": field, "choice": choice, "value": value}
            )
        assert response.status_code in (302, 400)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        outcome=st.text(max_size=30),
        eligible_on=ODD,
        ground=st.text(max_size=30),
        reason=ODD,
        reason_code=st.text(max_size=20) | st.sampled_from(["court_record", "other"]),
    )
    def test_overrides(self, outcome, eligible_on, ground, reason, reason_code):
        verified_login(self.client, self.user)
        url = reverse("staff:submission_override", kwargs={"pk": self.submission.pk})
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            response = self.client.post(
                url,
                {
                    "case": "1",
                    "charge": "1",
                    "outcome": outcome,
                    "eligible_on": eligible_on,
                    "ground": ground,
                    "reason": reason,
                    "reason_code": reason_code,
                },
            )
        assert response.status_code in (302, 400)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        disposition=st.one_of(st.sampled_from([code for code, _words in OTHER_CASE_DISPOSITIONS]), ODD),
        statute=ODD,
        description=ODD,
        felony=st.one_of(st.sampled_from(["yes", "no", "unknown"]), ODD),
        decided=ODD,
        ended=ODD,
        remove=st.one_of(st.none(), st.tuples(ODD, ODD)),
    )
    def test_other_cases(self, disposition, statute, description, felony, decided, ended, remove):
        """Another case of the person's added, or one taken off the list."""
        verified_login(self.client, self.user)
        data = {
            "disposition": disposition,
            "statute": statute,
            "description": description,
            "felony": felony,
            "disposition_date": decided,
            "sentence_completed": ended,
        }
        if remove is not None:
            data.update({"remove": "1", "index": remove[0], "key": remove[1]})
        url = reverse("staff:submission_other_cases", kwargs={"pk": self.submission.pk})
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            response = self.client.post(url, data)
        assert response.status_code in (302, 400)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        q=ODD,
        created_from=ODD,
        created_to=ODD,
        page=ODD,
        outcome=st.text(max_size=20),
        sort=st.one_of(st.sampled_from(list(QUEUE_ORDERS)), st.text(max_size=20)),
        source=st.text(max_size=20),
    )
    def test_queue_filters(self, q, created_from, created_to, page, outcome, sort, source):
        verified_login(self.client, self.user)
        response = self.client.get(
            reverse("staff:submission_list"),
            {
                "q": q,
                "created_from": created_from,
                "created_to": created_to,
                "page": page,
                "outcome": outcome,
                "sort": sort,
                "source": source,
            },
        )
        assert response.status_code == 200

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        action=st.sampled_from(["staff:bulk_assign", "staff:bulk_status"]),
        selected=st.lists(st.one_of(ODD, st.integers(min_value=-5, max_value=10**20).map(str)), max_size=5),
        assignee=st.one_of(ODD, st.integers(min_value=-5, max_value=10).map(str)),
        status=st.one_of(st.sampled_from(["in_review", "filed", "withdrawn"]), ODD),
        queue=ODD,
    )
    def test_bulk_actions(self, action, selected, assignee, status, queue):
        verified_login(self.client, self.supervisor)
        data = {"selected": selected, "bulk-assignee": assignee, "bulk-status": status, "queue": queue}
        assert self.client.post(reverse(action), data).status_code == 302

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        url=st.sampled_from(
            ["staff:submission_status", "staff:submission_assign", "staff:submission_note", "staff:submission_merge"]
        ),
        value=st.one_of(ODD, st.integers(min_value=-5, max_value=10**20).map(str), st.sampled_from(["in_review"])),
        extra=ODD,
    )
    def test_the_detail_pages_forms(self, url, value, extra):
        """Status, assignment, notes and merge, by a supervisor (who may do them all)."""
        verified_login(self.client, self.supervisor)
        data = {"status": value, "assignee": value, "text": value, "original": value, "reason": extra}
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            response = self.client.post(reverse(url, kwargs={"pk": self.submission.pk}), data)
        assert response.status_code in (200, 302, 400)
