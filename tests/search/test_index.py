"""The index stays correct after admin edits, imports and publishing (both databases)."""

import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from delegation.models import Delegation, Province
from handbook.services import (
    guidance_get_or_create,
    revision_create_draft,
    revision_publish,
    revision_submit,
    revision_withdraw,
)
from importer.services import procedures_import
from procedures.models import Field, LegalDocument, Procedure
from search.indexing import rebuild, refresh_procedures
from search.models import IndexWord, SearchDocument
from search.services import search_procedures


def found(text):
    return [r.procedure for r in search_procedures(text).results]


def first(text):
    results = found(text)
    return results[0] if results else None


def fts_rows(pk):
    """SQLite: rows the FTS table holds for a procedure (PostgreSQL has none)."""
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts WHERE rowid = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="quantri"))
    return client


@pytest.fixture
def ministry():
    return get_user_model().objects.get(username="canbo.bo")


@pytest.fixture
def editor():
    return get_user_model().objects.get(username="bientap.bo")


def submitted(guidance, editor, text: str):
    """A draft written by ``editor`` and sent for review (a second person then publishes it)."""
    draft = revision_create_draft(
        guidance=guidance, author=editor, sections={"notes": text}, change_note="Thêm ghi chú"
    )
    return revision_submit(revision=draft, user=editor)


def change_form_data(procedure: Procedure, **changes) -> dict:
    """What the admin change form posts for ``procedure``, with ``changes``."""
    data = {
        "code": procedure.code or "",
        "name": procedure.name,
        "slug": procedure.slug,
        "kind": procedure.kind,
        "field": procedure.field_id,
        "status": procedure.status,
        "level": procedure.level_id or "",
        "dossier": json.dumps(procedure.dossier),
        "forms": json.dumps(procedure.forms),
        "legal_basis": json.dumps(procedure.legal_basis),
        "legal_documents": [d.pk for d in procedure.legal_documents.all()],
        "delegations-TOTAL_FORMS": "0",
        "delegations-INITIAL_FORMS": "0",
        "delegations-MIN_NUM_FORMS": "0",
        "delegations-MAX_NUM_FORMS": "1000",
    }
    for attr in ["level_text", "agency", "competent_authority", "receiving_address", "steps"]:
        data[attr] = getattr(procedure, attr)
    for attr in ["channels", "dossier_sets", "time_limit_text", "subjects", "result", "fees"]:
        data[attr] = getattr(procedure, attr)
    for attr in ["requirements", "decision", "promulgating_body", "source_url", "source_repo"]:
        data[attr] = getattr(procedure, attr)
    data["source_path"] = procedure.source_path
    data["time_limit_value"] = procedure.time_limit_value or ""
    data["time_limit_unit"] = procedure.time_limit_unit
    data["source_date"] = procedure.source_date.isoformat() if procedure.source_date else ""
    data.update(changes)
    return data


def test_every_procedure_loaded_for_the_session_is_indexed():
    assert SearchDocument.objects.count() == Procedure.objects.count()
    assert IndexWord.objects.filter(word="giay", name_frequency__gt=0).exists()


def test_an_admin_edit_of_a_procedure_is_searchable_at_once(
    admin_client, make_procedure, committed
):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    data = change_form_data(procedure, name="Cấp phép nuôi chim bồ câu đưa thư")
    with committed():
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert first("nuoi chim bo cau dua thu") == procedure
    assert procedure not in found("khinh khi cau")


def test_an_admin_edit_of_a_field_name_reindexes_its_procedures(
    admin_client, make_procedure, committed
):
    field = Field.objects.create(name="Lĩnh vực thử", slug="linh-vuc-thu")
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu", field=field)
    refresh_procedures([procedure.pk])
    url = reverse("admin:procedures_field_change", args=[field.pk])
    with committed():
        response = admin_client.post(url, {"name": "Hàng không dân dụng", "slug": field.slug})
    assert response.status_code == 302
    assert first("khinh khi cau hang khong dan dung") == procedure


def test_a_procedure_deleted_in_the_admin_leaves_the_index(admin_client, make_procedure):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    refresh_procedures([procedure.pk])
    assert first("khinh khi cau") == procedure
    assert fts_rows(procedure.pk) == (1 if connection.vendor == "sqlite" else 0)
    url = reverse("admin:procedures_procedure_delete", args=[procedure.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert procedure not in found("khinh khi cau")
    assert not SearchDocument.objects.filter(procedure_id=procedure.pk).exists()
    assert fts_rows(procedure.pk) == 0


def test_an_import_indexes_what_it_creates_and_changes(tmp_path, make_procedure, committed):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu", code="9.000001")
    refresh_procedures([procedure.pk])
    records = tmp_path / "records.jsonl"
    rows = [
        {
            "code": "9.000001",
            "name": "Cấp phép bay khinh khí cầu đôi",
            "field": procedure.field.name,
        },
        {"code": "9.000002", "name": "Cấp phép nuôi kỳ lân", "field": procedure.field.name},
    ]
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    with committed():
        procedures_import(path=records)
    assert first("khinh khi cau doi") == procedure
    assert first("nuoi ki lan").code == "9.000002"


def test_a_dry_run_import_leaves_the_index_alone(tmp_path, make_procedure, committed):
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"code": "9.000003", "name": "Cấp phép nuôi kỳ lân", "field": "Bưu chính"}),
        "utf-8",
    )
    with committed():
        procedures_import(path=records, dry_run=True)
    assert "9.000003" not in [p.code for p in found("nuoi ki lan")]


def test_publishing_guidance_makes_its_text_searchable(make_procedure, ministry, editor):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    refresh_procedures([procedure.pk])
    guidance = guidance_get_or_create(procedure=procedure)
    draft = submitted(guidance, editor, "Kiểm tra lồng đèn kéo quân sặc sỡ.")
    assert procedure not in found("long den keo quan sac so")  # drafts are not searched
    revision_publish(revision=draft, user=ministry)
    assert first("long den keo quan sac so") == procedure
    newer = submitted(guidance, editor, "Soi bong bóng xà phòng lấp lánh.")
    revision_publish(revision=newer, user=ministry)
    assert first("bong bong xa phong lap lanh") == procedure
    assert procedure not in found("long den keo quan sac so")  # the superseded text is gone


def test_a_province_note_leaves_the_national_guidance_searchable(make_procedure, ministry, editor):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    guidance = guidance_get_or_create(procedure=procedure)
    note = revision_create_draft(
        guidance=guidance,
        author=editor,
        province=Province.objects.get(slug="ha-noi"),
        sections={"notes": "Hà Nội nhận hồ sơ tại quầy số năm."},
        change_note="Ghi chú Hà Nội",
    )
    revision_publish(revision=revision_submit(revision=note, user=editor), user=ministry)
    revision_publish(
        revision=submitted(guidance, editor, "Kiểm tra lồng đèn kéo quân sặc sỡ."), user=ministry
    )
    assert first("long den keo quan sac so") == procedure
    assert procedure not in found("ha noi nhan ho so tai quay so nam")


def test_withdrawing_guidance_takes_its_text_out(make_procedure, ministry, editor):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    guidance = guidance_get_or_create(procedure=procedure)
    live = revision_publish(
        revision=submitted(guidance, editor, "Kiểm tra lồng đèn kéo quân sặc sỡ."), user=ministry
    )
    assert first("long den keo quan sac so") == procedure
    revision_withdraw(revision=live, user=ministry, reason="Sai đối tượng")
    assert procedure not in found("long den keo quan sac so")


def test_publishing_from_the_admin_action_reindexes(admin_client, make_procedure, editor):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    guidance = guidance_get_or_create(procedure=procedure)
    draft = submitted(guidance, editor, "Kiểm tra lồng đèn kéo quân sặc sỡ.")
    response = admin_client.post(
        reverse("admin:handbook_revision_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert first("long den keo quan sac so") == procedure


def test_published_guidance_cannot_be_deleted_so_its_text_stays_found(
    admin_client, make_procedure, ministry, editor
):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    guidance = guidance_get_or_create(procedure=procedure)
    revision_publish(
        revision=submitted(guidance, editor, "Kiểm tra lồng đèn kéo quân sặc sỡ."), user=ministry
    )
    url = reverse("admin:handbook_guidance_delete", args=[guidance.pk])
    # Revisions are the handbook's record: even a superuser withdraws instead of deleting.
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert first("long den keo quan sac so") == procedure


def test_a_delegation_added_in_the_admin_is_found_by_its_citation(
    admin_client, make_procedure, level, committed
):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu", level=level("bo"))
    other = make_procedure(name="Cấp phép nuôi kỳ lân", level=level("bo"))
    refresh_procedures([procedure.pk, other.pk])
    document = LegalDocument.objects.create(
        number="777/2099/NĐ-CP", slug="nd-777", kind="nghi_dinh"
    )
    url = reverse("admin:delegation_delegation_add")
    data = {
        "procedure": procedure.pk,
        "from_level": level("bo").pk,
        "to_level": level("ubnd-tinh").pk,
        "kind": "phan_cap",
        "origin": "van_ban",
        "legal_document": document.pk,
        "article": "Điều 9 khoản 2",
        "effective_from": "2025-07-01",
    }
    with committed():
        assert admin_client.post(url, data).status_code == 302
    assert first("Điều 9 777/2099") == procedure
    assert first("nd 777 dieu 9 khoan 2") == procedure
    assert first("777/2099/NĐ-CP khinh khi cau") == procedure
    assert found("Điều 8 777/2099") == []
    # moved to another procedure in the admin: the citation follows it
    delegation = Delegation.objects.get(procedure=procedure)
    change = reverse("admin:delegation_delegation_change", args=[delegation.pk])
    with committed():
        assert admin_client.post(change, {**data, "procedure": other.pk}).status_code == 302
    assert found("Điều 9 777/2099") == [other]
    delete = reverse("admin:delegation_delegation_delete", args=[delegation.pk])
    with committed():
        assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert found("Điều 9 777/2099") == []


def test_an_import_of_delegations_indexes_their_citations(tmp_path, make_procedure, committed):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu", code="9.000004")
    refresh_procedures([procedure.pk])
    LegalDocument.objects.create(number="888/2099/NĐ-CP", slug="nd-888", kind="nghi_dinh")
    rows = tmp_path / "delegated.csv"
    rows.write_text(
        "code,name_vi,field_vi,from_level,to_level,delegation_type,legal_document,article,"
        "effective_date\n"
        f'9.000004,Cấp phép bay khinh khí cầu,"{procedure.field.name}",bo,ubnd-tinh,phan_cap,'
        "888/2099/NĐ-CP,Điều 3,2025-07-01\n",
        "utf-8",
    )
    with committed():
        procedures_import(path=rows)
    assert first("Điều 3 nd 888") == procedure


def test_the_handling_level_is_read_live(make_procedure, level, day):
    """A delegation's dates and levels are not indexed: the level shown follows at once."""
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu", level=level("bo"))
    refresh_procedures([procedure.pk])
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        effective_from=day("2025-07-01"),
    )
    result = search_procedures("khinh khi cau", on=day("2026-01-01")).results[0]
    assert result.handled_by == level("ubnd-tinh")


def test_the_rebuild_command_indexes_everything(make_procedure):
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")  # not refreshed on purpose
    assert procedure not in found("khinh khi cau")
    with open(os.devnull, "w") as devnull:
        call_command("rebuild_search_index", stdout=devnull)
    assert first("khinh khi cau") == procedure
    assert SearchDocument.objects.count() == Procedure.objects.count()


def test_the_migration_indexes_an_existing_database(make_procedure):
    """Migration 0004 rebuilds with the historical models; the result is the same index."""
    procedure = make_procedure(name="Cấp phép bay khinh khí cầu")
    state = MigrationExecutor(connection).loader.project_state(("search", "0004_build_index"))
    assert procedure not in found("khinh khi cau")
    assert rebuild(apps=state.apps) == Procedure.objects.count()
    assert first("khinh khi cau") == procedure


def test_every_section_of_the_guidance_is_searched():
    from handbook.models import CONTENT_FIELDS
    from search.indexing import GUIDANCE_TEXT

    assert GUIDANCE_TEXT == CONTENT_FIELDS
