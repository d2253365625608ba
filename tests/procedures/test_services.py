"""The record's services validate, save, keep the history and announce only committed writes."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from procedures.models import Field, LegalDocument, Procedure
from procedures.services import field_save, legal_document_save, procedure_save
from procedures.signals import announce_changed_on_commit, announce_together


@pytest.fixture
def telecom():
    return Field.objects.get(slug="vien-thong-va-internet")


def test_renaming_a_field_announces_its_procedures_once_committed(
    make_procedure, announced, committed
):
    field = Field.objects.create(name="Lĩnh vực thử", slug="linh-vuc-thu")
    one, two = make_procedure(field=field), make_procedure(field=field)
    with committed():
        field.name = "Hàng không dân dụng"
        field_save(field=field)
        assert announced == []  # not before the commit
    assert announced == [sorted([one.pk, two.pk])]
    assert Field.objects.get(pk=field.pk).name == "Hàng không dân dụng"


def test_a_field_saved_without_a_new_name_announces_nothing(make_procedure, announced, committed):
    field = Field.objects.create(name="Lĩnh vực thử", slug="linh-vuc-thu")
    make_procedure(field=field)
    with committed():
        field.code = "G99-TT01"
        field_save(field=field)
        field_save(field=Field(name="Lĩnh vực mới", slug="linh-vuc-moi"))
    assert announced == []
    assert Field.objects.get(pk=field.pk).code == "G99-TT01"


def test_a_field_is_validated_before_it_is_saved(telecom):
    with pytest.raises(ValidationError) as excinfo:
        field_save(field=Field(name=telecom.name, slug="trung-ten"))
    assert "name" in excinfo.value.message_dict
    assert not Field.objects.filter(slug="trung-ten").exists()


def test_a_new_procedure_gets_its_slug_and_documents_and_is_announced(
    telecom, announced, committed
):
    decree = LegalDocument.objects.get(number="133/2025/NĐ-CP")
    with committed():
        procedure = procedure_save(
            procedure=Procedure(code="9.200001", name="Cấp phép thử dịch vụ", field=telecom),
            legal_documents=[decree],
        )
    assert procedure.slug == "cap-phep-thu-dich-vu-9-200001"
    assert procedure.name_key == "cap phep thu dich vu"
    assert list(procedure.legal_documents.all()) == [decree]
    assert announced == [[procedure.pk]]


def test_a_procedure_saved_without_documents_keeps_its_documents(
    make_procedure, announced, committed
):
    procedure = make_procedure()
    procedure.legal_documents.set([LegalDocument.objects.get(number="133/2025/NĐ-CP")])
    procedure.steps = "Bước 1: nộp hồ sơ."
    with committed():
        procedure_save(procedure=procedure)
    assert procedure.legal_documents.count() == 1
    assert Procedure.objects.get(pk=procedure.pk).steps == "Bước 1: nộp hồ sơ."
    assert announced == [[procedure.pk]]


def test_a_refused_procedure_is_neither_saved_nor_announced(telecom, announced, committed):
    with committed(), pytest.raises(ValidationError) as excinfo:
        procedure_save(procedure=Procedure(code="1.23", name="Mã sai", field=telecom))
    assert "code" in excinfo.value.message_dict
    assert not Procedure.objects.filter(name="Mã sai").exists()
    assert announced == []


def test_a_write_rolled_back_announces_nothing(make_procedure, announced, committed):
    kept, undone = make_procedure(), make_procedure()
    with committed():
        procedure_save(procedure=kept)
        with pytest.raises(RuntimeError), transaction.atomic():
            procedure_save(procedure=undone)
            raise RuntimeError("the caller gives up")
    assert announced == [[kept.pk]]


def test_writes_announced_together_send_one_signal_after_the_commit(
    make_procedure, announced, committed
):
    one, two, undone = make_procedure(), make_procedure(), make_procedure()
    with committed():
        with announce_together():
            procedure_save(procedure=one)
            announce_changed_on_commit([two.pk, one.pk, None])
            with pytest.raises(RuntimeError), transaction.atomic():
                procedure_save(procedure=undone)
                raise RuntimeError("this row is undone")
        assert announced == []
    assert announced == [sorted([one.pk, two.pk])]


def test_a_block_announced_together_that_fails_announces_nothing(
    make_procedure, announced, committed
):
    procedure = make_procedure()
    with committed(), pytest.raises(RuntimeError), announce_together():
        procedure_save(procedure=procedure)
        raise RuntimeError("the import stops")
    assert announced == []


def test_a_legal_document_keeps_who_changed_it_and_why(announced, committed):
    ministry = get_user_model().objects.get(username="canbo.bo")
    document = LegalDocument(number="555/2099/NĐ-CP", slug="nd-555", kind="nghi_dinh")
    with committed():
        legal_document_save(document=document, reason="Nhập từ tệp thu.jsonl")
        document.title = "Văn bản thử"
        legal_document_save(document=document, user=ministry)
    latest, first = document.history.all()[:2]
    assert (first.history_change_reason, first.history_user) == ("Nhập từ tệp thu.jsonl", None)
    assert (latest.title, latest.history_user, latest.history_change_reason) == (
        "Văn bản thử",
        ministry,
        None,
    )
    assert announced == []  # the index holds documents by id: nothing to refresh


def test_a_legal_document_is_validated_before_it_is_saved():
    with pytest.raises(ValidationError) as excinfo:
        legal_document_save(
            document=LegalDocument(number="556/2099/NĐ-CP", slug="nd-556", kind="sac_lenh")
        )
    assert "kind" in excinfo.value.message_dict
    assert not LegalDocument.objects.filter(number="556/2099/NĐ-CP").exists()
