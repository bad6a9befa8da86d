"""The resident's pages: start, questionnaire, "checking your answers", results, download.

The resident's private link (/apply/<token>/…) is the only key to their answers and
petition, so those pages are never cached and never shown to anyone without it."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from eligibility import RULES_VERSION
from eligibility.rules import LEGAL_RULES
from expunge import selectors
from expunge.answers import case_heading, cases_in_words
from expunge.explanations import OUTCOMES, explain_result, reason_text
from expunge.models import Deletion, Document, Submission
from expunge.packet import documents as packet_documents
from expunge.services import NotAllowed
from expunge.services.links import results_email, submission_email_results_link
from expunge.services.retention import retention_days, submission_delete, submission_kept_until
from expunge.services.submissions import submission_choose_early_filing, submission_settle_fact
from portal.limits import link_email_over_limit, too_many
from residents.forms import EmailLinkForm

# After this long the "checking" page says that the answers are safe and the check is late.
SLOW_CHECK = timedelta(minutes=2)


def private_link(view):
    """A page behind the resident's private link: a wrong or mistyped link gets the
    portal's own "page not found", in the resident's language, even where DEBUG would
    show Django's technical page (`make run`)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return render(request, "404.html", status=404)

    return wrapper


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, translating `next` from the language in its own prefix.

    Django resolves `next` with the request's active language, which comes from the
    cookie or the browser; for a Spanish browser on /en/apply/ that fails and the
    resident would stay on the English page."""
    path_language = translation.get_language_from_path(request.POST.get("next", ""))
    if path_language:
        translation.activate(path_language)
    return django_set_language(request)


def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "residents/public/start.html",
        retention_days(),
    )


def how_we_decide(request: HttpRequest) -> HttpResponse:
    """Every legal rule the engine applies, in plain words, generated from the rule data."""
    return render(
        request,
        "residents/public/how_we_decide.html",
        {
            "rules": [{"rule": rule, "text": reason_text(rule.code)} for rule in LEGAL_RULES],
            "outcomes": list(OUTCOMES.values()),
            "not_assessed": reason_text("not_assessed_by_rules"),
            "rules_version": RULES_VERSION,
            "last_reviewed": max(rule.last_reviewed for rule in LEGAL_RULES),
        },
    )


@never_cache
@private_link
def checking(request: HttpRequest, token: str) -> HttpResponse:
    submission = selectors.submission_get_for_resident(token=token)
    if submission.status == Submission.Status.CHECKED:
        # A reader who asked for updates keeps them while the petition is prepared.
        auto = "?auto=1" if request.GET.get("auto") == "1" else ""
        return redirect(reverse("public:result", kwargs={"token": token}) + auto)
    return render(
        request,
        "residents/public/checking.html",
        {
            "submission": submission,
            "failed": submission.status == Submission.Status.FAILED,
            "slow": timezone.now() - submission.created_at > SLOW_CHECK,
            "refresh_seconds": settings.CHECKING_REFRESH_SECONDS,
            "auto_refresh": request.GET.get("auto") == "1",
            "private_link": request.build_absolute_uri(reverse("public:checking", kwargs={"token": token})),
        },
    )


@never_cache
@private_link
def result(request: HttpRequest, token: str) -> HttpResponse:
    submission = selectors.submission_get_for_resident(token=token)
    return _result_page(request, token, submission, EmailLinkForm(initial={"email": results_email(submission)}))


def _named(cases: list[dict], submission: Submission) -> list[dict]:
    """The results' cases headed, and their charges named, as the resident gave them (the
    corrected case number where staff corrected it)."""
    words = cases_in_words(submission.answers)
    if len(words) != len(cases):
        words = []  # answers and results no longer line up: headings by number only
    for index, case in enumerate(cases):
        case_words = words[index] if words else None
        case["heading"] = case_heading(
            case_number=case.get("case_number") or "", case_words=case_words, index=index, count=len(cases)
        )
        names = [c["kind"] for c in case_words["charges"]] if case_words else []
        for charge in case["charges"]:
            charge["name"] = names[charge["charge_index"]] if len(names) == len(case["charges"]) else ""
    return cases


def _results_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("public:result", kwargs={"token": token}))


def _result_page(request: HttpRequest, token: str, submission: Submission, email_form: EmailLinkForm) -> HttpResponse:
    determination = submission.latest_determination
    if determination is None:
        return redirect("public:checking", token=token)
    documents = list(submission.documents.all())
    packet = next((d for d in documents if d.kind == Document.Kind.PACKET), None)
    inp = packet_documents.packet_input(submission)
    plans = [packet_documents.case_plan(inp, index) for index in range(len(inp.result["cases"]))]
    kept_until = submission_kept_until(submission)
    cases = _named(explain_result(determination.result, plans=plans, kept_until=kept_until), submission)
    waiver_choices = [
        {"case_index": index, "heading": cases[index]["heading"]}
        for index in range(len(cases))
        if plans[index].waiver_possible and not plans[index].waiver
    ]
    parts = [d for d in documents if d.kind != Document.Kind.PACKET]
    for document in parts:
        # Each case's documents named by the case's heading ("Case 4B02167750").
        document.case_heading = cases[document.case_index]["heading"] if document.case_index < len(cases) else ""
    return render(
        request,
        "residents/public/result.html",
        {
            "submission": submission,
            "determination": determination,
            "cases": cases,
            "packet": packet,
            "parts": parts,
            "waiver_choices": waiver_choices,
            "documents_in_progress": any(
                d.status in (Document.Status.PENDING, Document.Status.RENDERING) for d in documents
            ),
            "refresh_seconds": settings.CHECKING_REFRESH_SECONDS,
            "auto_refresh": request.GET.get("auto") == "1",
            "token": token,
            "private_link": _results_link(request, token),
            "kept_until": kept_until,
            "unanswered": request.GET.get("unanswered", ""),
            "email_form": email_form,
            "help": selectors.help_for_residents(submission.organisation, translation.get_language() or "en"),
            "link_emailed": request.GET.get("link", ""),
        },
    )


@never_cache
@require_POST
@private_link
def email_link(request: HttpRequest, token: str) -> HttpResponse:
    """The results page's "email me this link": the results link to the address the
    resident gave or types there, sent by a background task. A wrong address gets the page again with the address
    as typed and what is wrong with it."""
    submission = selectors.submission_get_for_resident(token=token)
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        return _result_page(request, token, submission, form)
    email = form.cleaned_data["email"]
    back = reverse("public:result", kwargs={"token": token})
    # Per results link; the address and connection limits are shared with the resume emails.
    if link_email_over_limit(request, limit="results_email_submission", owner=str(submission.pk), email=email):
        return too_many(request, next_url=back)
    queued = submission_email_results_link(
        submission=submission,
        email=email,
        link=_results_link(request, token),
        language=translation.get_language() or submission.language,
    )
    return redirect(back + ("?link=sent" if queued else "?link=not-sent") + "#email-link")


@never_cache
@require_http_methods(["GET", "POST"])
@private_link
def delete(request: HttpRequest, token: str) -> HttpResponse:
    """The resident deletes their answers, results and papers: asked once, then done."""
    submission = selectors.submission_get_for_resident(token=token)
    if request.method == "POST":
        submission_delete(submission=submission, reason=Deletion.Reason.RESIDENT)
        return render(request, "residents/public/deleted.html")
    return render(request, "residents/public/delete.html", {"token": token})


@never_cache
@require_POST
@private_link
def file_early(request: HttpRequest, token: str, case_index: int) -> HttpResponse:
    """The resident chose to file a case now with the General Waiver and Release."""
    submission = selectors.submission_get_for_resident(token=token)
    try:
        submission_choose_early_filing(submission=submission, case_index=case_index)
    except NotAllowed:
        pass  # nothing to do: the results page shows what can be done
    return redirect("public:result", token=token)


@never_cache
@require_POST
@private_link
def settle_fact(request: HttpRequest, token: str, case_index: int, charge_index: int) -> HttpResponse:
    """The resident answers, on the results page, a fact their answer depends on."""
    submission = selectors.submission_get_for_resident(token=token)
    value = {"yes": True, "no": False}.get(request.POST.get("value", ""))
    anchor = f"#charge-{case_index}-{charge_index}"
    if value is None:
        # Nothing chosen: back to the question, which says so.
        return redirect(
            reverse("public:result", kwargs={"token": token}) + f"?unanswered={case_index}-{charge_index}{anchor}"
        )
    try:
        submission_settle_fact(
            submission=submission,
            case_index=case_index,
            charge_index=charge_index,
            fact=request.POST.get("fact", ""),
            value=value,
        )
    except NotAllowed:
        pass  # a stale page: the results page shows the answer as it stands
    return redirect(reverse("public:result", kwargs={"token": token}) + anchor)


@never_cache
@private_link
def document_download(request: HttpRequest, token: str, pk: int) -> FileResponse:
    document = selectors.document_get_for_resident(token=token, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name)
