"""Legal-aid staff pages. Every lookup goes through the selectors' *_for_staff helpers."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from expunge import selectors
from expunge.explanations import explain_result
from expunge.models import Submission


def staff_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.user_is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


@staff_required
def submission_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in Submission.Status.values:
        status = None
    submissions = selectors.submission_list_for_staff(user=request.user, status=status).prefetch_related("documents")
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "expunge/staff/submission_list.html",
        {"page": page, "status": status, "statuses": Submission.Status.choices},
    )


@staff_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_staff(user=request.user, pk=pk)
    determination = submission.latest_determination
    return render(
        request,
        "expunge/staff/submission_detail.html",
        {
            "submission": submission,
            "determination": determination,
            "cases": explain_result(determination.result) if determination else [],
            "documents": submission.documents.all(),
        },
    )


@staff_required
def document_download(request: HttpRequest, submission_pk: int, pk: int) -> FileResponse:
    document = selectors.document_get_for_staff(user=request.user, submission_pk=submission_pk, pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name)
