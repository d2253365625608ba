"""Handbook test helpers: the demo accounts by role, and revisions in any workflow state."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from delegation.models import Province
from handbook.models import Guidance, Revision
from handbook.services import (
    edition_publish,
    revision_create_draft,
    revision_publish,
    revision_schedule,
    revision_submit,
)

ACCOUNTS = {
    "commune": "canbo.xa.hanoi",
    "dept_a": "canbo.so.hanoi",  # Hà Nội
    "dept_b": "canbo.so.danang",  # Đà Nẵng
    "editor": "bientap.bo",
    "publisher": "canbo.bo",
    "publisher_2": "quantri",
}


@pytest.fixture
def users(db):
    User = get_user_model()
    found = {role: User.objects.get(username=name) for role, name in ACCOUNTS.items()}
    return {"anonymous": AnonymousUser(), **found}


@pytest.fixture
def hanoi(db):
    return Province.objects.get(slug="ha-noi")


@pytest.fixture
def danang(db):
    return Province.objects.get(slug="da-nang")


@pytest.fixture
def guidance(make_procedure):
    return Guidance.objects.create(procedure=make_procedure(code="9.000001"))


@pytest.fixture
def make_revision():
    """make_revision(guidance, status=..., author=..., province=..., text=..., at=...)."""

    def make(
        guidance,
        *,
        status=Revision.Status.DRAFT,
        author=None,
        province=None,
        text="Sở KH&CN tiếp nhận hồ sơ.",
        change_note="Bản thử",
        change_kind=Revision.ChangeKind.MAJOR,
        at=None,
        when=None,
    ):
        revision = revision_create_draft(
            guidance=guidance,
            author=author,
            province=province,
            sections={"receiving_deciding": text},
            change_note=change_note,
            change_kind=change_kind,
        )
        if status == Revision.Status.DRAFT:
            return revision
        revision = revision_submit(revision=revision, user=None)
        if status == Revision.Status.IN_REVIEW:
            return revision
        if status == Revision.Status.SCHEDULED:
            scheduler = get_user_model().objects.get(username="quantri")
            when = when or timezone.now() + datetime.timedelta(hours=1)
            return revision_schedule(revision=revision, user=scheduler, at=when)
        return revision_publish(revision=revision, user=None, at=at)

    return make


@pytest.fixture
def two_editions(guidance, make_revision, users):
    """Edition 2026.10 with the first text, then a major change, then edition 2026.11."""
    first = make_revision(
        guidance, status=Revision.Status.PUBLISHED, text="Văn bản của ấn bản 2026.10"
    )
    one = edition_publish(
        number="2026.10", release_notes="Ấn bản đầu **tiên**", user=users["publisher"]
    )
    second = make_revision(
        guidance,
        status=Revision.Status.PUBLISHED,
        text="Văn bản mới sau ấn bản",
        change_note="Cập nhật thời hạn",
    )
    two = edition_publish(
        number="2026.11", release_notes="Cập nhật tháng 11", user=users["publisher"]
    )
    return one, two, first, second
