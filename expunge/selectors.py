"""Reads. Every staff lookup goes through the `*_for_staff` helpers here, so that the
rules about who may see what live in one place."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from expunge.models import Document, Submission, hash_access_token


def user_is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Legal-aid staff: members of STAFF_GROUP_NAME, and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=settings.STAFF_GROUP_NAME).exists()


def submission_list_for_staff(*, user, status: str | None = None) -> QuerySet[Submission]:
    # TODO: scope by the reviewer's organisation once organisations exist (staff workspace issue).
    if not user_is_staff_member(user):
        return Submission.objects.none()
    submissions = Submission.objects.all()
    if status:
        submissions = submissions.filter(status=status)
    return submissions


def submission_get_for_staff(*, user, pk: int) -> Submission:
    try:
        return submission_list_for_staff(user=user).get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404("No such submission") from None


def document_get_for_staff(*, user, submission_pk: int, pk: int) -> Document:
    submission = submission_get_for_staff(user=user, pk=submission_pk)
    try:
        return submission.documents.get(pk=pk, status=Document.Status.READY)
    except Document.DoesNotExist:
        raise Http404("No such document") from None


def submission_get_for_resident(*, token: str) -> Submission:
    """The resident's link is the only key to their submission."""
    try:
        return Submission.objects.get(access_token_hash=hash_access_token(token))
    except Submission.DoesNotExist:
        raise Http404("No such submission") from None


def document_get_for_resident(*, token: str, pk: int) -> Document:
    submission = submission_get_for_resident(token=token)
    try:
        return submission.documents.get(pk=pk, status=Document.Status.READY)
    except Document.DoesNotExist:
        raise Http404("No such document") from None
