import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from handbook.markdown import render_markdown
from handbook.models import Guidance, Revision
from handbook.services import revision_create_draft, revision_publish


@pytest.fixture
def guidance(make_procedure):
    return Guidance.objects.create(procedure=make_procedure())


@pytest.fixture
def ministry(db):
    return get_user_model().objects.get(username="canbo.bo")


@pytest.fixture
def department(db):
    return get_user_model().objects.get(username="canbo.so.hanoi")


def draft(guidance, author, text="Sở KH&CN tiếp nhận."):
    return revision_create_draft(
        guidance=guidance, author=author, sections={"receiving_deciding": text}
    )


def test_publishing_supersedes_the_live_revision(guidance, ministry):
    first = revision_publish(revision=draft(guidance, ministry), user=ministry)
    second = revision_publish(
        revision=draft(guidance, ministry, "UBND tỉnh quyết định."), user=ministry
    )
    first.refresh_from_db()
    assert first.status == Revision.Status.SUPERSEDED
    assert second.status == Revision.Status.PUBLISHED
    assert second.published_by == ministry and second.published_at is not None
    assert guidance.current_revision() == second


def test_the_database_allows_one_published_revision_per_guidance(guidance, ministry):
    revision_publish(revision=draft(guidance, ministry), user=ministry)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(guidance=guidance, status="published", published_at=timezone.now())


def test_a_published_revision_needs_a_date(guidance):
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(guidance=guidance, status="published")


def test_a_published_revision_is_never_edited_in_place(guidance, ministry):
    revision = revision_publish(revision=draft(guidance, ministry), user=ministry)
    revision.receiving_deciding = "Sửa trực tiếp"
    with pytest.raises(ValidationError):
        revision.save()
    revision.refresh_from_db()
    assert revision.receiving_deciding == "Sở KH&CN tiếp nhận."


def test_department_staff_cannot_publish(guidance, department):
    revision = draft(guidance, department)
    with pytest.raises(PermissionDenied):
        revision_publish(revision=revision, user=department)
    revision.refresh_from_db()
    assert revision.status == Revision.Status.DRAFT


def test_a_published_revision_is_not_published_again(guidance, ministry):
    revision = revision_publish(revision=draft(guidance, ministry), user=ministry)
    with pytest.raises(ValidationError):
        revision_publish(revision=revision, user=ministry)


def test_unknown_sections_are_refused(guidance, ministry):
    with pytest.raises(ValidationError):
        revision_create_draft(guidance=guidance, author=ministry, sections={"gossip": "x"})


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**Lưu ý** [nguồn](https://dichvucong.gov.vn)\n\n- [ ] Đơn đề nghị\n\n"
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    assert "<strong>Lưu ý</strong>" in html
    assert 'href="https://dichvucong.gov.vn"' in html
    assert '<li class="task"><input type="checkbox" disabled=""> Đơn đề nghị</li>' in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_seed_guidance_covers_at_least_twenty_procedures():
    published = Revision.objects.published()
    assert published.count() >= 20
    assert all(r.receiving_deciding and r.dossier_checklist and r.clock for r in published)
