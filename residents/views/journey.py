"""The resident's questionnaire, one step per page (see residents.journey).

The draft's private link (/apply/draft/<token>/…) is the only key to the answers; it is
shown on every page, and emailed when the resident gives an address, so they can come
back later. Every page re-validates the steps before it and sends the resident back to
the first one that is not answered."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from expunge import selectors
from expunge.answers import cases_in_words, situation_in_words
from expunge.models import Draft
from expunge.services.drafts import (
    CARRIED,
    MAX_CASES,
    MAX_CHARGES_PER_CASE,
    REMOVED,
    carried_for,
    draft_add_case,
    draft_add_charge,
    draft_carry_typed,
    draft_change,
    draft_email_resume_link,
    draft_remove_case,
    draft_remove_charge,
    draft_start,
    draft_submit,
    draft_undo_remove,
    results_token_for,
    resume_email_to_send,
)
from expunge.services.retention import retention_days
from portal.limits import link_email_over_limit, over_limit, too_many
from residents import journey
from residents.forms import ConsentForm


def _draft_url(name: str, token: str, **kwargs) -> str:
    return reverse(name, kwargs={"token": token, **kwargs})


def _step_url(token: str, step: journey.Step) -> str:
    return _draft_url(f"public:journey_{step.name}", token, **step.url_kwargs)


def _sent_back_to(token: str, step: journey.Step) -> str:
    """The URL of a step the resident is sent back to because it is not answered, or no
    longer valid: a later answer (a date of birth, the court's decision) can make a saved
    answer wrong. The step then shows what is saved with what is wrong with it."""
    url = _step_url(token, step)
    return url + "?check=1" if step.form_class is not None else url


def _next_url(token: str, answers: dict, step: journey.Step) -> str:
    """The URL of the step a resident goes on to; one already answered is opened checked
    against what changed (a sentence, after a new court decision)."""
    return _sent_back_to(token, step) if step.saved(answers) else _step_url(token, step)


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
    refused = _refusal(request, token, draft, step)
    return (None, refused) if refused else (draft, None)


def _refusal(request, token: str, draft: Draft | None, step: journey.Step) -> HttpResponse | None:
    """Why the resident may not be on this step with this draft (its link closed, or an
    earlier step to answer first), as the response to give; None when they may."""
    closed = _closed(request, draft)
    if closed:
        return closed
    assert draft is not None
    elsewhere = journey.misplaced(draft.answers, step)
    return redirect(_sent_back_to(token, elsewhere)) if elsewhere is not None else None


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
    if over_limit(request, "draft_start"):
        return too_many(request)
    _draft, token = draft_start(language=translation.get_language() or settings.LANGUAGE_CODE)
    return redirect(_step_url(token, journey.AboutStep()))


@never_cache
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The private link as emailed: back to the answers, or, once they are sent, to the
    results (while the draft's link lasts, and unless staff have issued a new results link)."""
    draft = selectors.draft_for_token(token)
    if draft is not None and draft.submission_id and draft.expires_at >= timezone.now():
        results = results_token_for(token)
        try:
            selectors.submission_get_for_resident(token=results)
        except Http404:
            pass  # a new results link was issued since: this one no longer leads there
        else:
            return redirect("public:result", token=results)
    closed = _closed(request, draft)
    if closed:
        return closed
    missing = journey.first_incomplete(draft.answers)
    return redirect(_sent_back_to(token, missing) if missing else _step_url(token, journey.ReviewStep()))


def _form_step(request: HttpRequest, token: str, step: journey.Step) -> HttpResponse:
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    if request.method == "POST":
        form = step.form(draft.answers, request.POST)
        switch_to = request.POST.get("switch_language", "")
        if switch_to in dict(settings.LANGUAGES):
            return _switch_language(request, token, draft, step, form, switch_to)
        if form.is_valid():
            draft = draft_change(draft=draft, change=lambda answers: _store(step, answers, form.answers()))
            following = step.next(draft.answers)
            if isinstance(following, journey.ChargeStep) and not following.is_applicable(draft.answers):
                # A new case goes on to its first charge, made here.
                draft, _charge = draft_add_charge(draft=draft, case_index=following.case)
            return _email_resume_then(request, token, draft, step, _next_url(token, draft.answers, following))
        # Not valid: the page again, with the errors and everything already typed.
    elif request.GET.get("check") == "1":
        # Sent back here: what is saved, checked, so that what is wrong with it shows.
        form = step.form(draft.answers, step.saved(draft.answers))
    else:
        form = step.form(draft.answers, typed=carried_for(draft.answers, step.key))
    back = step.back(draft.answers)
    context = {
        "form": form,
        "step": step,
        "title": step.title,
        "back": _step_url(token, back) if back is not None else None,
        "resume_link": _resume_link(request, token),
        "emailed": request.GET.get("emailed") == "1",
        "case_number": step.case + 1 if step.case is not None else None,
        "charge_number": step.charge + 1 if step.charge is not None else None,
        # The language switch posts this form, so nothing typed is lost (_switch_language).
        "switch_keeps_typed": True,
    }
    return render(request, "residents/journey/step.html", context)


def _email_resume_then(request, token: str, draft: Draft, step: journey.Step, next_url: str) -> HttpResponse:
    """After the About step is saved: the private link goes to a new email address (in the
    language now active), then on to `next_url`, saying so there."""
    emailed = False
    if isinstance(step, journey.AboutStep) and (email := resume_email_to_send(draft)):
        if link_email_over_limit(request, limit="resume_email_draft", owner=str(draft.pk), email=email):
            return too_many(request, saved=True, next_url=next_url)
        emailed = draft_email_resume_link(draft=draft, link=_resume_link(request, token))
    return redirect(next_url + ("?emailed=1" if emailed else ""))


def _store(step: journey.Step, answers: dict, value: dict) -> dict:
    """Save a step's answers; what was carried across a language switch is then done with."""
    answers.pop(CARRIED, None)
    return step.store(answers, value)


def _switch_language(request, token: str, draft: Draft, step: journey.Step, form, language: str) -> HttpResponse:
    """The language switch on a step: what is typed is saved when it is valid, and kept
    as typed when it is not yet; then the same step in the other language. A valid About
    step sends the resume link as Next would, in the language chosen."""
    if form.is_valid():
        draft = draft_change(draft=draft, change=lambda answers: _store(step, answers, form.answers()))
        with translation.override(language):
            response = _email_resume_then(request, token, draft, step, _step_url(token, step))
    else:
        typed = {}
        for name in form.fields:
            values = request.POST.getlist(name)
            if values:
                typed[name] = values if len(values) > 1 else values[0]
        draft_carry_typed(draft=draft, step_key=step.key, typed=typed)
        with translation.override(language):
            response = redirect(_step_url(token, step))
    # As Django's set_language does, so the next pages are in that language too.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def about(request, token):
    return _form_step(request, token, journey.AboutStep())


@never_cache
@require_http_methods(["GET", "POST"])
def case(request, token, case):
    return _form_step(request, token, journey.CaseStep(case))


@never_cache
@require_http_methods(["GET", "POST"])
def charge(request, token, case, charge):
    return _form_step(request, token, journey.ChargeStep(case, charge))


@never_cache
@require_http_methods(["GET", "POST"])
def sentence(request, token, case, charge):
    return _form_step(request, token, journey.SentenceStep(case, charge))


@never_cache
@require_http_methods(["GET", "POST"])
def facts(request, token, case, charge):
    return _form_step(request, token, journey.ChargeFactsStep(case, charge))


@never_cache
@require_http_methods(["GET", "POST"])
def situation(request, token):
    return _form_step(request, token, journey.SituationStep())


def _summary(answers: dict, token: str) -> list[dict]:
    """The cases and charges in plain words, each with a link to change it."""
    summary = cases_in_words(answers)
    for case in summary:
        i = case["index"]
        case["change"] = _step_url(token, journey.CaseStep(i))
        for charge in case["charges"]:
            charge["change"] = _step_url(token, journey.ChargeStep(i, charge["index"]))
            facts = journey.ChargeFactsStep(i, charge["index"])
            charge["change_facts"] = _step_url(token, facts) if facts.is_applicable(answers) else None
    return summary


def _with_progress(summary: list[dict], answers: dict) -> list[dict]:
    """The summary with whether each case and charge is finished (the list of cases shows
    it; "check your answers" is only reached once every one is)."""
    for case in summary:
        i = case["index"]
        case["complete"] = journey.CaseStep(i).is_complete(answers)
        for charge in case["charges"]:
            charge["complete"] = journey.charge_is_complete(answers, i, charge["index"])
    return summary


@never_cache
@require_http_methods(["GET", "POST"])
def cases(request, token):
    """The list of cases: add, change or remove a case or a charge, then continue."""
    step = journey.CasesStep()
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    if request.method == "POST":
        action = request.POST.get("action")
        cases = draft.answers.get("cases", [])
        index = _int(request.POST.get("case"))
        if action == "add_case" or (action == "continue" and not cases):
            draft, index = draft_add_case(draft=draft)
            if index is None:
                return redirect(_step_url(token, step) + "?full=cases")
            return redirect(_step_url(token, journey.CaseStep(index)))
        if action == "add_charge" and index is not None:
            draft, charge = draft_add_charge(draft=draft, case_index=index)
            if charge is not None:
                return redirect(_step_url(token, journey.ChargeStep(index, charge)))
            if 0 <= index < len(cases):
                return redirect(_step_url(token, step) + "?full=charges")
        elif action == "remove_case" and index is not None and 0 <= index < len(cases):
            # Asked first, on the page itself (no JavaScript needed).
            return redirect(_step_url(token, step) + f"?remove={index}#case-{index + 1}")
        elif action == "remove_case_confirmed" and index is not None:
            draft_remove_case(draft=draft, case_index=index)
            return redirect(_step_url(token, step) + "#removed")
        elif action == "remove_charge" and index is not None:
            charge = _int(request.POST.get("charge"))
            if charge is not None:
                draft_remove_charge(draft=draft, case_index=index, charge_index=charge)
                return redirect(_step_url(token, step) + "#removed")
        elif action == "undo_remove":
            draft_undo_remove(draft=draft)
        elif action == "continue":
            missing = journey.first_incomplete(draft.answers, before=journey.SituationStep())
            if missing is None:
                return redirect(_step_url(token, journey.SituationStep()))
            return redirect(_sent_back_to(token, missing))
        return redirect(_step_url(token, step))
    answers = draft.answers
    removed = answers.get(REMOVED) if isinstance(answers.get(REMOVED), dict) else None
    return render(
        request,
        "residents/journey/cases.html",
        {
            "confirm_remove": _int(request.GET.get("remove")),
            "removed": _removed_in_words(removed) if removed else None,
            "title": journey.CasesStep.title,
            "cases": _with_progress(_summary(answers, token), answers),
            "back": _step_url(token, journey.AboutStep()),
            "resume_link": _resume_link(request, token),
            "emailed": request.GET.get("emailed") == "1",
            "full": request.GET.get("full", ""),
            "max_cases": MAX_CASES,
            "max_charges": MAX_CHARGES_PER_CASE,
        },
    )


def _removed_in_words(removed: dict) -> dict:
    """The case or charge removed last, as the undo line names it."""
    value = removed.get("value") or {}
    if removed.get("charge") is None:
        (words,) = cases_in_words({"cases": [value]})
        return {"kind": "case", "number": (removed.get("case") or 0) + 1, "name": words["case_number"]}
    (words,) = cases_in_words({"cases": [{"charges": [value]}]})
    return {"kind": "charge", "number": (removed.get("charge") or 0) + 1, "name": words["charges"][0]["kind"]}


def _int(value) -> int | None:
    """A plain number posted by the page ("3"), or None (never "²", "٣" or "-1")."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdecimal() else None


@never_cache
def review(request, token):
    step = journey.ReviewStep()
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    answers = draft.answers
    about = answers["about"]
    return render(
        request,
        "residents/journey/review.html",
        {
            "title": journey.ReviewStep.title,
            "about": about,
            "cases": _summary(answers, token),
            "situation": situation_in_words(answers),
            "change_about": _step_url(token, journey.AboutStep()),
            "change_situation": _step_url(token, journey.SituationStep()),
            "back": _step_url(token, journey.SituationStep()),
            "next": _step_url(token, journey.ConsentStep()),
            "resume_link": _resume_link(request, token),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request, token):
    step = journey.ConsentStep()
    draft = selectors.draft_for_token(token)
    if request.method == "POST" and draft is not None and draft.submission_id:
        # Sent already (a second click, another tab): to the same results.
        return redirect("public:checking", token=results_token_for(token))
    refused = _refusal(request, token, draft, step)
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
            "title": journey.ConsentStep.title,
            "back": _step_url(token, journey.ReviewStep()),
            "resume_link": _resume_link(request, token),
            "submit_label": _("Check my answers"),
        },
    )
