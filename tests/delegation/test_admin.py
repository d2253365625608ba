"""The admin writes delegations through their services: who did it is kept, search follows."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from delegation.models import Delegation
from procedures.models import LegalDocument
from search.indexing import refresh_procedures
from tests.search.test_index import change_form_data, first


@pytest.fixture
def publisher():
    return get_user_model().objects.get(username="canbo.bo")


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def superuser():
    """Deleting a delegation is for superusers only (no role holds that permission)."""
    return get_user_model().objects.get(username="quantri")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def delegated(make_procedure, level):
    """A procedure with one delegation, indexed."""
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu", level=level("bo"))
    delegation = Delegation.objects.create(
        procedure=procedure, from_level=level("bo"), to_level=level("ubnd-tinh")
    )
    refresh_procedures([procedure.pk])
    return delegation


def inline(prefix: str, delegation: Delegation | None, **values) -> dict:
    """The fields of one delegation form of the procedure page's inline."""
    data = {
        "id": delegation.pk if delegation else "",
        "procedure": delegation.procedure_id if delegation else "",
        "from_level": delegation.from_level_id if delegation else "",
        "to_level": delegation.to_level_id if delegation else "",
        "kind": delegation.kind if delegation else "",
        "origin": delegation.origin if delegation else "van_ban",
        "legal_document": delegation.legal_document_id or "" if delegation else "",
        "article": delegation.article if delegation else "",
        **values,
    }
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_delegations_edited_on_the_procedure_page_go_through_their_services(
    publisher_client, publisher, delegated, level, announced, committed
):
    procedure = delegated.procedure
    document = LegalDocument.objects.create(
        number="777/2099/NĐ-CP", slug="nd-777", kind="nghi_dinh"
    )
    data = change_form_data(procedure)
    data.update(
        {
            "delegations-TOTAL_FORMS": "2",
            "delegations-INITIAL_FORMS": "1",
            **inline("delegations-0", delegated, legal_document=document.pk, article="Điều 9"),
            **inline(
                "delegations-1",
                None,
                from_level=level("ubnd-tinh").pk,
                to_level=level("ubnd-xa").pk,
                kind="phan_cap",
                effective_from="2026-01-01",
            ),
        }
    )
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    with committed():
        response = publisher_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    delegated.refresh_from_db()
    assert (delegated.legal_document, delegated.article) == (document, "Điều 9")
    added = procedure.delegations.exclude(pk=delegated.pk).get()
    assert added.to_level == level("ubnd-xa")
    # Saved by the services: the history names the official, on the edit and on the addition.
    assert delegated.history.latest().history_user == publisher
    assert added.history.get().history_user == publisher
    assert announced and all(ids == [procedure.pk] for ids in announced)
    assert first("Điều 9 777/2099") == procedure


def test_a_delegation_deleted_on_the_procedure_page_is_kept_in_the_history(
    superuser_client, superuser, delegated, committed, announced
):
    procedure = delegated.procedure
    data = change_form_data(procedure)
    data.update(
        {
            "delegations-TOTAL_FORMS": "1",
            "delegations-INITIAL_FORMS": "1",
            **inline("delegations-0", delegated, DELETE="on"),
        }
    )
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    with committed():
        assert superuser_client.post(url, data).status_code == 302
    assert not procedure.delegations.exists()
    last = Delegation.history.filter(id=delegated.pk).latest()
    assert (last.history_type, last.history_user) == ("-", superuser)
    assert [procedure.pk] in announced


def test_deleting_a_delegation_in_the_admin_names_who_did_it(
    superuser_client, superuser, delegated, committed, announced
):
    url = reverse("admin:delegation_delegation_delete", args=[delegated.pk])
    with committed():
        assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    last = Delegation.history.filter(id=delegated.pk).latest()
    assert (last.history_type, last.history_user) == ("-", superuser)
    assert announced == [[delegated.procedure_id]]


def test_deleting_delegations_from_the_list_names_who_did_it(
    superuser_client, superuser, delegated, make_procedure, level, committed, announced
):
    other = Delegation.objects.create(
        procedure=make_procedure(), from_level=level("bo"), to_level=level("ubnd-tinh")
    )
    with committed():
        response = superuser_client.post(
            reverse("admin:delegation_delegation_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [delegated.pk, other.pk],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not Delegation.objects.filter(pk__in=[delegated.pk, other.pk]).exists()
    deletions = Delegation.history.filter(id__in=[delegated.pk, other.pk], history_type="-")
    assert [r.history_user for r in deletions] == [superuser, superuser]
    assert announced == [sorted([delegated.procedure_id, other.procedure_id])]
