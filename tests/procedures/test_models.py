import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procedures.models import Procedure


def test_code_must_look_like_a_national_code(make_procedure):
    procedure = make_procedure(code="1.23456")
    with pytest.raises(ValidationError) as excinfo:
        procedure.full_clean()
    assert "code" in excinfo.value.message_dict


def test_code_is_unique_when_present(make_procedure):
    make_procedure(code="9.000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procedure(code="9.000001")


def test_many_procedures_may_have_no_code(make_procedure):
    make_procedure(code=None)
    make_procedure(code=None)
    assert (
        Procedure.objects.filter(code__isnull=True, name__startswith="Thủ tục thử nghiệm").count()
        == 2
    )


def test_text_is_stored_nfc(make_procedure):
    decomposed = unicodedata.normalize("NFD", "Cấp giấy phép thử")
    procedure = make_procedure(name=decomposed, steps=decomposed, dossier=[{"name": decomposed}])
    procedure.refresh_from_db()
    assert procedure.name == "Cấp giấy phép thử"
    assert unicodedata.is_normalized("NFC", procedure.steps)
    assert procedure.dossier[0]["name"] == "Cấp giấy phép thử"


def test_slug_is_readable_and_carries_the_code(make_procedure):
    procedure = make_procedure(name="Cấp lại giấy phép bưu chính", code="9.000002")
    assert procedure.slug == "cap-lai-giay-phep-buu-chinh-9-000002"
    assert procedure.get_absolute_url() == "/thu-tuc/cap-lai-giay-phep-buu-chinh-9-000002/"


def test_slugs_stay_unique_for_equal_names(make_procedure):
    first = make_procedure(name="Thủ tục trùng tên")
    second = make_procedure(name="Thủ tục trùng tên")
    assert first.slug != second.slug


def test_time_limit_display_shows_only_parsed_values(make_procedure):
    assert (
        make_procedure(time_limit_value=15, time_limit_unit="ngay_lam_viec").time_limit_display
        == "15 ngày làm việc"
    )
    assert make_procedure(time_limit_text="tuỳ trường hợp").time_limit_display == ""
