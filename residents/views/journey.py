"""The resident's questionnaire, one step per page (see residents.journey).

The draft's private link (/apply/draft/<token>/…) is the only key to the answers; it is
shown on every page, and emailed when the resident gives an address, so they can come
back later. Every page re-validates the steps before it and sends the resident back to
the first one that is not answered."""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from expunge import selectors
from expunge.answers import cases_in_words, situation_in_words
from expunge.models import Draft, hash_access_token, new_access_token
from expunge.services.retention import retention_days
from expunge.services.submissions import submission_submit
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


# Draft links are made of URL-safe characters only (secrets.token_urlsafe), which reverse()
# leaves as they are; any other token is reversed in full.
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_TOKEN_MARK = "~token~"


@lru_cache(maxsize=1024)
def _around_token(name: str, kwargs: tuple, language: str | None, script_prefix: str, urlconf) -> tuple[str, str]:
    """A draft page's URL, reversed once for each language (and script prefix and
    URLconf): the text before its token and after it. Every page links to two or three
    of these, and reversing is the costliest part of making a link."""
    before, after = reverse(name, urlconf=urlconf, kwargs={"token": _TOKEN_MARK, **dict(kwargs)}).split(_TOKEN_MARK)
    return before, after


def _draft_url(name: str, token: str, **kwargs) -> str:
    if not _TOKEN.fullmatch(token):
        return reverse(name, kwargs={"token": token, **kwargs})
    before, after = _around_token(
        name, tuple(kwargs.items()), translation.get_language(), get_script_prefix(), get_urlconf()
    )
    return before + token + after


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
    elsewhere = journey.misplaced_saved(draft.answers_json, step)
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


def _maybe_email(request, draft: Draft, token: str) -> bool:
    """Send the resume link to the address the resident gave, once per address."""
    email = (draft.answers.get("about") or {}).get("email")
    if not email or email == draft.emailed_to:
        return False
    send_mail(
        _("Your link to come back to your answers"),
        _(
            "You started checking your record on the Maryland record clearing portal. To come back to your "
            "answers, open this private link (it works until %(day)s; keep it to yourself):\n\n%(link)s\n\n"
            "If you did not ask for this, you can ignore this message."
        )
        % {
            "link": _resume_link(request, token),
            # The last day in Maryland, in the resident's language ("December 30, 2026").
            "day": formats.date_format(timezone.localdate(draft.expires_at), "DATE_FORMAT"),
        },
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    draft.emailed_to = email
    draft.save(update_fields=["emailed_to", "updated_at"])
    return True


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
    token = new_access_token()
    Draft.objects.create(
        access_token_hash=hash_access_token(token),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        expires_at=timezone.now() + settings.DRAFT_LINK_LIFETIME,
    )
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
            draft.answers = journey.save(draft.answers, step, form)
            draft.save(update_fields=["answers", "updated_at"])
            emailed = step.name == "about" and _maybe_email(request, draft, token)
            return redirect(_after(token, draft, step) + ("?emailed=1" if emailed else ""))
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


def _after(token: str, draft: Draft, step: journey.Step) -> str:
    answers = draft.answers
    if step.name == "about":
        return _step_url(token, journey.Step("cases"))
    if step.name == "case":
        if not answers["cases"][step.case].get("charges"):
            answers["cases"][step.case]["charges"] = [{}]
            draft.save(update_fields=["answers", "updated_at"])
            return _step_url(token, journey.Step("charge", step.case, 0))
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
    if step.name == "sentence":
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
    today = timezone.localdate()
    for case in summary:
        i = case["index"]
        case["complete"] = journey.is_complete(journey.Step("case", i), answers, today)
        case["change"] = _step_url(token, journey.Step("case", i))
        for charge in case["charges"]:
            step = journey.Step("charge", i, charge["index"])
            charge["complete"] = journey.is_complete(step, answers, today)
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
    answers = draft.answers
    if request.method == "POST":
        action = request.POST.get("action")
        all_cases = list(answers.get("cases", []))
        index = _int(request.POST.get("case"))
        if action == "add_case" or (action == "continue" and not all_cases):
            all_cases.append({})
            answers["cases"] = all_cases
            draft.save(update_fields=["answers", "updated_at"])
            return redirect(_step_url(token, journey.Step("case", len(all_cases) - 1)))
        if action == "add_charge" and index is not None and index < len(all_cases):
            all_cases[index].setdefault("charges", []).append({})
            draft.save(update_fields=["answers", "updated_at"])
            return redirect(_step_url(token, journey.Step("charge", index, len(all_cases[index]["charges"]) - 1)))
        if action == "remove_case" and index is not None and index < len(all_cases):
            del all_cases[index]
            answers["cases"] = all_cases
            draft.save(update_fields=["answers", "updated_at"])
            return redirect(_step_url(token, step))
        charge_index = _int(request.POST.get("charge"))
        if action == "remove_charge" and index is not None and index < len(all_cases):
            charges = all_cases[index].get("charges", [])
            if charge_index is not None and charge_index < len(charges):
                del charges[charge_index]
                draft.save(update_fields=["answers", "updated_at"])
            return redirect(_step_url(token, step))
        if action == "continue":
            missing = journey.first_incomplete(answers, before=journey.Step("situation"))
            if missing is None:
                return redirect(_step_url(token, journey.Step("situation")))
            return redirect(_sent_back_to(token, missing))
        return redirect(_step_url(token, step))
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
    draft, refused = _guard(request, token, step)
    if refused:
        return refused
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            answers = {**draft.answers, "consented_at": timezone.now().isoformat()}
            submission, results_token = submission_submit(answers=answers, language=draft.language)
            # The submission holds the answers now; the draft keeps only the fact that
            # its link was used, until the link expires and the nightly purge deletes it.
            draft.submission = submission
            draft.answers = {}
            draft.save(update_fields=["submission", "answers", "updated_at"])
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
