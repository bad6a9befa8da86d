"""The resident's questionnaire, one step per page (see residents.journey).

The draft's private link (/apply/draft/<token>/…) is the only key to the answers; it is
shown on every page, and emailed when the resident gives an address, so they can come
back later. Every page re-validates the steps before it and sends the resident back to
the first one that is not answered."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from expunge import selectors
from expunge.answers import cases_in_words, situation_in_words
from expunge.models import Draft
from expunge.services.drafts import (
    draft_add_case,
    draft_add_charge,
    draft_change,
    draft_email_resume_link,
    draft_remove_case,
    draft_remove_charge,
    draft_start,
    draft_submit,
    results_token_for,
)
from expunge.services.retention import retention_days
from residents import journey
from residents.forms import ConsentForm

STEP_TITLES = {
    "about": gettext_lazy("About you"),
    "cases": gettext_lazy("Your cases"),
    "case": gettext_lazy("Where was the case?"),
    "charge": gettext_lazy("The charge"),
    "sentence": gettext_lazy("The sentence"),
    "situation": gettext_lazy("Your situation now"),
    "review": gettext_lazy("Check your answers"),
    "consent": gettext_lazy("Before we check"),
}


def _draft_url(name: str, token: str, **kwargs) -> str:
    return reverse(name, kwargs={"token": token, **kwargs})


def _step_url(token: str, step: journey.Step) -> str:
    return _draft_url(f"public:journey_{step.name}", token, **step.url_kwargs)


def _sent_back_to(token: str, step: journey.Step) -> str:
    """The URL of a step the resident is sent back to because it is not answered, or no
    longer valid: a later answer (a date of birth, the court's decision) can make a saved
    answer wrong. The step then shows what is saved with what is wrong with it."""
    url = _step_url(token, step)
    return url + "?check=1" if step.name in journey.STEP_FORMS else url


def _closed(request, draft: Draft | None) -> HttpResponse | None:
    """The page for a link that is unknown, expired or already used."""
    if draft is None:
        return render(request, "residents/journey/closed.html", {"reason": "unknown"}, status=404)
    if draft.submission_id:
        return render(request, "residents/journey/closed.html", {"reason": "sent"}, status=410)
    if draft.expires_at < timezone.now():
        return render(request, "residents/journey/closed.html", {"reason": "expired"}, status=410)
    return None


def _guard(request, token: str, step: journey.Step):
    """(draft, None) when the resident may be on this step; (None, response) otherwise."""
    draft = selectors.draft_for_token(token)
    closed = _closed(request, draft)
    if closed:
        return None, closed
    elsewhere = journey.misplaced(draft.answers, step)
    if elsewhere is not None:
        return None, redirect(_sent_back_to(token, elsewhere))
    return draft, None


def _back(token: str, step: journey.Step) -> str | None:
    """Where Back goes from a form step: nowhere from the first; the cases list from a
    case or from your situation; the case from a charge, and the charge from its sentence.
    (The other pages set their own.)"""
    if step.name == "about":
        return None
    if step.name in ("case", "situation"):
        return _step_url(token, journey.Step("cases"))
    if step.name == "charge":
        return _step_url(token, journey.Step("case", step.case))
    if step.name == "sentence":
        return _step_url(token, journey.Step("charge", step.case, step.charge))
    raise ValueError(step.name)


def _resume_link(request, token: str) -> str:
    return request.build_absolute_uri(_draft_url("public:journey_resume", token))


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """A new draft with its own private link; then the first question."""
    if request.method == "GET":
        return render(
            request,
            "residents/journey/start.html",
            retention_days(),
        )
    _draft, token = draft_start(language=translation.get_language() or settings.LANGUAGE_CODE)
    return redirect(_step_url(token, journey.Step("about")))


@never_cache
def resume(request: HttpRequest, token: str) -> HttpResponse:
    draft = selectors.draft_for_token(token)
    closed = _closed(request, draft)
    if closed:
        return closed
    missing = journey.first_incomplete(draft.answers)
    return redirect(_sent_back_to(token, missing) if missing else _step_url(token, journey.Step("review")))


def _form_step(request: HttpRequest, token: str, step: journey.Step) -> HttpResponse:
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    if request.method == "POST":
        form = journey.form_for(step, draft.answers, request.POST)
        if form.is_valid():
            draft = draft_change(draft=draft, change=lambda answers: journey.save(answers, step, form))
            if step.name == "case" and not draft.answers["cases"][step.case].get("charges"):
                # A new case goes on to its first charge.
                draft, charge = draft_add_charge(draft=draft, case_index=step.case)
                return redirect(_step_url(token, journey.Step("charge", step.case, charge)))
            emailed = step.name == "about" and draft_email_resume_link(draft=draft, link=_resume_link(request, token))
            return redirect(_after(token, draft.answers, step) + ("?emailed=1" if emailed else ""))
        # Not valid: the page again, with the errors and everything already typed.
    elif request.GET.get("check") == "1":
        # Sent back here: what is saved, checked, so that what is wrong with it shows.
        form = journey.form_for(step, draft.answers, journey.saved_answers(draft.answers, step))
    else:
        form = journey.form_for(step, draft.answers)
    context = {
        "form": form,
        "step": step,
        "title": STEP_TITLES[step.name],
        "back": _back(token, step),
        "resume_link": _resume_link(request, token),
        "emailed": request.GET.get("emailed") == "1",
        "case_number": step.case + 1 if step.case is not None else None,
        "charge_number": step.charge + 1 if step.charge is not None else None,
    }
    return render(request, "residents/journey/step.html", context)


def _after(token: str, answers: dict, step: journey.Step) -> str:
    """Where a step goes once its answers are saved."""
    if step.name in ("about", "case", "sentence"):
        return _step_url(token, journey.Step("cases"))
    if step.name == "charge":
        sentence = journey.Step("sentence", step.case, step.charge)
        if sentence in journey.steps(answers):
            # A sentence already answered is checked against the court's decision as
            # changed.
            if journey.saved_answers(answers, sentence):
                return _sent_back_to(token, sentence)
            return _step_url(token, sentence)
        return _step_url(token, journey.Step("cases"))
    if step.name == "situation":
        return _step_url(token, journey.Step("review"))
    raise ValueError(step.name)


@never_cache
@require_http_methods(["GET", "POST"])
def about(request, token):
    return _form_step(request, token, journey.Step("about"))


@never_cache
@require_http_methods(["GET", "POST"])
def case(request, token, case):
    return _form_step(request, token, journey.Step("case", case))


@never_cache
@require_http_methods(["GET", "POST"])
def charge(request, token, case, charge):
    return _form_step(request, token, journey.Step("charge", case, charge))


@never_cache
@require_http_methods(["GET", "POST"])
def sentence(request, token, case, charge):
    return _form_step(request, token, journey.Step("sentence", case, charge))


@never_cache
@require_http_methods(["GET", "POST"])
def situation(request, token):
    return _form_step(request, token, journey.Step("situation"))


def _summary(answers: dict, token: str) -> list[dict]:
    """The cases and charges in plain words, each with whether it is finished and a link
    to change it."""
    summary = cases_in_words(answers)
    for case in summary:
        i = case["index"]
        case["complete"] = journey.is_complete(journey.Step("case", i), answers)
        case["change"] = _step_url(token, journey.Step("case", i))
        for charge in case["charges"]:
            step = journey.Step("charge", i, charge["index"])
            charge["complete"] = journey.is_complete(step, answers)
            charge["change"] = _step_url(token, step)
    return summary


@never_cache
@require_http_methods(["GET", "POST"])
def cases(request, token):
    """The list of cases: add, change or remove a case or a charge, then continue."""
    step = journey.Step("cases")
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    if request.method == "POST":
        action = request.POST.get("action")
        cases = draft.answers.get("cases", [])
        index = _int(request.POST.get("case"))
        if action == "add_case" or (action == "continue" and not cases):
            draft, index = draft_add_case(draft=draft)
            return redirect(_step_url(token, journey.Step("case", index)))
        if action == "add_charge" and index is not None:
            draft, charge = draft_add_charge(draft=draft, case_index=index)
            if charge is not None:
                return redirect(_step_url(token, journey.Step("charge", index, charge)))
        elif action == "remove_case" and index is not None:
            draft_remove_case(draft=draft, case_index=index)
        elif action == "remove_charge" and index is not None:
            charge = _int(request.POST.get("charge"))
            if charge is not None:
                draft_remove_charge(draft=draft, case_index=index, charge_index=charge)
        elif action == "continue":
            missing = journey.first_incomplete(draft.answers, before=journey.Step("situation"))
            if missing is None:
                return redirect(_step_url(token, journey.Step("situation")))
            return redirect(_sent_back_to(token, missing))
        return redirect(_step_url(token, step))
    answers = draft.answers
    return render(
        request,
        "residents/journey/cases.html",
        {
            "title": STEP_TITLES["cases"],
            "cases": _summary(answers, token),
            "back": _step_url(token, journey.Step("about")),
            "resume_link": _resume_link(request, token),
            "emailed": request.GET.get("emailed") == "1",
        },
    )


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@never_cache
def review(request, token):
    step = journey.Step("review")
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    answers = draft.answers
    about = answers["about"]
    return render(
        request,
        "residents/journey/review.html",
        {
            "title": STEP_TITLES["review"],
            "about": about,
            "cases": _summary(answers, token),
            "situation": situation_in_words(answers),
            "change_about": _step_url(token, journey.Step("about")),
            "change_situation": _step_url(token, journey.Step("situation")),
            "back": _step_url(token, journey.Step("situation")),
            "next": _step_url(token, journey.Step("consent")),
            "resume_link": _resume_link(request, token),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request, token):
    step = journey.Step("consent")
    if request.method == "POST":
        sent = selectors.draft_for_token(token)
        if sent is not None and sent.submission_id:
            # Sent already (a second click, another tab): to the same results.
            return redirect("public:checking", token=results_token_for(token))
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            _submission, results_token = draft_submit(draft=draft, token=token)
            return redirect("public:checking", token=results_token)
        # Not valid: the page again, with the errors and everything already typed.
    else:
        form = ConsentForm()
    return render(
        request,
        "residents/journey/step.html",
        {
            "form": form,
            "step": step,
            "title": STEP_TITLES["consent"],
            "back": _step_url(token, journey.Step("review")),
            "resume_link": _resume_link(request, token),
            "submit_label": _("Check my answers"),
        },
    )
