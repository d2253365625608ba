"""Delegations and legal documents keep every version (django-simple-history), read only."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from delegation.models import Delegation
from procedures.models import LegalDocument
from tests.importer.test_import import record, write_jsonl


@pytest.fixture
def publisher_client(client, db):
    client.force_login(get_user_model().objects.get(username="canbo.bo"))
    return client


def delegation_form(delegation: Delegation, **changes) -> dict:
    data = {
        "procedure": delegation.procedure_id,
        "from_level": delegation.from_level_id,
        "to_level": delegation.to_level_id,
        "kind": delegation.kind,
        "origin": delegation.origin,
        "legal_document": delegation.legal_document_id or "",
        "article": delegation.article,
        "effective_from": delegation.effective_from or "",
        "effective_until": delegation.effective_until or "",
        "confidence": delegation.confidence,
    }
    return {**data, **changes}


def test_an_admin_edit_of_a_delegation_is_kept_with_who_made_it(publisher_client):
    delegation = Delegation.objects.filter(origin="van_ban").order_by("pk").first()
    versions = delegation.history.count()
    change = reverse("admin:delegation_delegation_change", args=[delegation.pk])
    response = publisher_client.post(change, delegation_form(delegation, article="Điều 99"))
    assert response.status_code == 302
    assert delegation.history.count() == versions + 1
    latest, previous = delegation.history.all()[:2]
    assert latest.article == "Điều 99" and previous.article != "Điều 99"
    assert latest.history_user.username == "canbo.bo"
    page = publisher_client.get(
        reverse("admin:delegation_delegation_history", args=[delegation.pk])
    )
    assert page.status_code == 200 and "canbo.bo" in page.content.decode()


def test_a_past_version_is_shown_but_never_restored(publisher_client):
    delegation = Delegation.objects.order_by("pk").first()
    version = delegation.history.earliest()
    url = reverse(
        "admin:delegation_delegation_simple_history", args=[delegation.pk, version.history_id]
    )
    assert publisher_client.get(url).status_code == 200
    before = delegation.history.count()
    response = publisher_client.post(url, delegation_form(delegation, article="Điều 1"))
    assert response.status_code == 405
    assert delegation.history.count() == before


def test_a_legal_document_change_of_validity_is_kept(publisher_client):
    document = LegalDocument.objects.get(number="133/2025/NĐ-CP")
    change = reverse("admin:procedures_legaldocument_change", args=[document.pk])
    data = {
        "number": document.number,
        "slug": document.slug,
        "kind": document.kind,
        "title": document.title,
        "issuing_body": document.issuing_body,
        "issued_on": document.issued_on or "",
        "effective_from": document.effective_from or "",
        "expires_on": "2027-06-01",
        "status": document.status,
        "source_url": document.source_url,
        "notes": document.notes,
    }
    before = document.history.count()
    assert publisher_client.post(change, data).status_code == 302
    assert publisher_client.post(change, {**data, "expires_on": "2027-09-01"}).status_code == 302
    assert document.history.count() == before + 2
    latest, previous = document.history.all()[:2]
    assert (previous.expires_on, latest.expires_on) == (
        datetime.date(2027, 6, 1),
        datetime.date(2027, 9, 1),
    )
    assert latest.history_user.username == "canbo.bo"


def test_an_import_is_named_in_the_history_and_an_unchanged_one_adds_nothing(tmp_path):
    path = write_jsonl(
        tmp_path / "ban-ghi.jsonl",
        [record(legal_basis=["777/2099/NĐ-CP – Văn bản thử"])],
    )
    call_command("import_procedures", str(path), stdout=None)
    document = LegalDocument.objects.get(number="777/2099/NĐ-CP")
    assert [v.history_change_reason for v in document.history.all()] == [
        "Nhập từ tệp ban-ghi.jsonl"
    ]
    call_command("import_procedures", str(path), stdout=None)
    assert document.history.count() == 1
