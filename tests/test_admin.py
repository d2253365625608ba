"""Every model's changelist and change page render for staff; changelists stay at a fixed cost."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegation.models import Delegation
from handbook.models import Guidance, Revision

ADMIN_MODELS = list(admin.site._registry)
# Nobody adds these through the admin: the review queue lists revisions in review, and the
# audit log is written by django-simple-history, sign-in attempts by django-axes, practice
# attempts by the practice page, and concerns are filed by the department on its province's
# support page.
NO_ADD = {
    "handbook.RevisionInReview",
    "handbook.HistoricalRevision",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "support.PracticeAttempt",
    "support.Concern",
}


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.get(username="quantri"))
    return client


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_changelist_and_change_page_render(superuser_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = superuser_client.get(changelist)
    assert response.status_code == 200
    # Models nobody adds through the admin (the review queue, the audit log) answer 403.
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="quantri")
    can_add = admin.site._registry[model].has_add_permission(request)
    assert can_add is (opts.label not in NO_ADD)
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == (200 if can_add else 403)
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:  # rows of some models (editions, holidays) are only made by staff
        response = superuser_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            follow=True,
        )
        assert response.status_code == 200
        assert response.redirect_chain in (
            [],
            [(f"/quan-tri/handbook/revision/{obj.pk}/change/", 302)],
        )


def changelist_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("model", [Delegation, Revision, Guidance], ids=lambda m: m._meta.label)
def test_changelist_queries_do_not_grow_with_rows(superuser_client, model, make_procedure, level):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    before = changelist_queries(superuser_client, url)
    for _ in range(5):
        procedure = make_procedure(level=level("ubnd-tinh"))
        Delegation.objects.create(
            procedure=procedure, from_level=level("bo"), to_level=level("ubnd-tinh")
        )
        guidance = Guidance.objects.create(procedure=procedure)
        Revision.objects.create(guidance=guidance)
    assert changelist_queries(superuser_client, url) == before


def test_procedure_changelist_queries_do_not_grow(superuser_client, make_procedure):
    url = reverse("admin:procedures_procedure_changelist") + "?q=thử+nghiệm"
    make_procedure()
    before = changelist_queries(superuser_client, url)
    for _ in range(5):
        make_procedure()
    assert changelist_queries(superuser_client, url) == before


def test_procedure_change_page_shows_its_delegations(superuser_client):
    delegation = (
        Delegation.objects.select_related("procedure").filter(procedure__code="1.013899").get()
    )
    response = superuser_client.get(
        reverse("admin:procedures_procedure_change", args=[delegation.procedure.pk])
    )
    assert b"delegations-TOTAL_FORMS" in response.content
    assert "Điều 4 khoản 1" in response.content.decode()


def test_department_staff_have_no_publish_action(client):
    client.force_login(get_user_model().objects.get(username="canbo.so.hanoi"))
    response = client.get(reverse("admin:handbook_revision_changelist"))
    assert response.status_code == 200
    assert 'value="publish"' not in response.content.decode()


def test_department_staff_cannot_publish_through_the_admin_action(client):
    client.force_login(get_user_model().objects.get(username="canbo.so.hanoi"))
    guidance = Guidance.objects.first()
    revision = Revision.objects.create(
        guidance=guidance, receiving_deciding="Nháp của Sở", status=Revision.Status.IN_REVIEW
    )
    response = client.post(
        reverse("admin:handbook_revision_changelist"),
        {"action": "publish", "_selected_action": [revision.pk]},
    )
    assert response.status_code in (200, 302)
    revision.refresh_from_db()
    assert revision.status == Revision.Status.IN_REVIEW


def test_ministry_staff_see_the_publish_action(client):
    client.force_login(get_user_model().objects.get(username="canbo.bo"))
    response = client.get(reverse("admin:handbook_revision_changelist"))
    assert 'value="publish"' in response.content.decode()


def test_ministry_staff_publish_through_the_admin_action(client):
    client.force_login(get_user_model().objects.get(username="canbo.bo"))
    guidance = Guidance.objects.first()
    revision = Revision.objects.create(
        guidance=guidance, receiving_deciding="Bản mới của Bộ", status=Revision.Status.IN_REVIEW
    )
    client.post(
        reverse("admin:handbook_revision_changelist"),
        {"action": "publish", "_selected_action": [revision.pk]},
    )
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PUBLISHED


def test_a_published_revision_is_read_only_in_the_admin(superuser_client):
    revision = Revision.objects.published().first()
    response = superuser_client.get(reverse("admin:handbook_revision_change", args=[revision.pk]))
    assert 'name="receiving_deciding"' not in response.content.decode()
