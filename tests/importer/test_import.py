import csv
import json

import pytest
from django.core.management import CommandError, call_command

from delegation.models import Delegation, LevelChange
from procedures.models import LegalDocument, Procedure
from tests.conftest import REFERENCE_RECORDS, needs_reference


def record(code="9.100001", **overrides):
    data = {
        "code": code,
        "name": f"Cấp giấy phép thử nghiệm {code}",
        "field": "Viễn thông và Internet",
        "level": "Cấp tỉnh",
        "agency": "Ủy ban nhân dân cấp tỉnh",
        "competent_authority": "Ủy ban nhân dân cấp tỉnh",
        "steps": "Bước 1: nộp hồ sơ.",
        "dossier": ["Đơn đề nghị theo Mẫu số 06 (Bản chính: 1; Bản sao: 0)"],
        "time_limit": "15 Ngày làm việc",
        "fees": "",
        "legal_basis": [
            "133/2025/NĐ-CP – Quy định về phân quyền, phân cấp",
            "99/2099/TT-THU – Văn bản thử",
        ],
        "source_url": "https://dichvucong.gov.vn/p/home/thu.html",
        "source_date": "2026-07-18",
        "post_reform": True,
    }
    data.update(overrides)
    return data


def write_jsonl(path, records, raw_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("import_procedures", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_creates_then_is_idempotent(tmp_path):
    path = write_jsonl(tmp_path / "export.jsonl", [record("9.100001"), record("9.100002")])
    first = run_import(path)
    assert "procedures: created 2, updated 0, unchanged 0" in first
    second = run_import(path)
    assert "procedures: created 0, updated 0, unchanged 2" in second
    assert Procedure.objects.filter(code__startswith="9.10000").count() == 2


def test_import_parses_the_record(tmp_path):
    run_import(write_jsonl(tmp_path / "e.jsonl", [record("9.100003")]))
    procedure = Procedure.objects.get(code="9.100003")
    assert procedure.level.slug == "ubnd-tinh"
    assert (procedure.time_limit_value, procedure.time_limit_unit) == (15, "ngay_lam_viec")
    assert procedure.time_limit_text == "15 Ngày làm việc"
    assert procedure.dossier[0]["form"] == "Mẫu số 06"
    assert procedure.fees == ""
    assert set(procedure.legal_documents.values_list("number", flat=True)) == {
        "133/2025/NĐ-CP",
        "99/2099/TT-THU",
    }
    assert procedure.status == Procedure.Status.IN_FORCE
    # The fixture's curated title of Decree 133 is not overwritten by the record's wording.
    assert LegalDocument.objects.get(number="133/2025/NĐ-CP").expires_on.isoformat() == "2027-03-01"


def test_a_changed_record_is_updated(tmp_path):
    path = tmp_path / "e.jsonl"
    run_import(write_jsonl(path, [record("9.100004")]))
    out = run_import(write_jsonl(path, [record("9.100004", time_limit="10 Ngày làm việc")]))
    assert "procedures: created 0, updated 1, unchanged 0" in out
    assert Procedure.objects.get(code="9.100004").time_limit_value == 10


def test_absent_keys_leave_stored_values_alone(tmp_path):
    path = tmp_path / "e.jsonl"
    run_import(write_jsonl(path, [record("9.100005")]))
    partial = {
        "code": "9.100005",
        "name": "Cấp giấy phép thử nghiệm 9.100005",
        "field": "Viễn thông và Internet",
    }
    run_import(write_jsonl(path, [partial]))
    assert Procedure.objects.get(code="9.100005").steps == "Bước 1: nộp hồ sơ."


def test_same_name_with_a_different_code_is_a_different_procedure(tmp_path):
    same_name = "Thủ tục cùng tên ở hai tỉnh"
    run_import(
        write_jsonl(
            tmp_path / "e.jsonl",
            [record("9.100006", name=same_name), record("9.100007", name=same_name)],
        )
    )
    assert Procedure.objects.filter(name=same_name).count() == 2


def test_a_record_without_code_is_matched_by_name_within_its_field(tmp_path):
    path = tmp_path / "e.jsonl"
    run_import(write_jsonl(path, [record("", name="Nhiệm vụ chưa có mã")]))
    out = run_import(write_jsonl(path, [record("", name="NHIEM VU chưa có mã")]))
    assert "procedures: created 0" in out
    assert Procedure.objects.filter(name_key="nhiem vu chua co ma").count() == 1


def test_earlier_version_with_another_level_becomes_an_observed_change(tmp_path):
    earlier = {
        "code": "9.100008",
        "level": "Cấp Bộ",
        "agency": "Cục Viễn thông",
        "decision": "1/QĐ-THU",
        "source_date": "2025-02-13",
        "matched_by": "same code",
    }
    path = write_jsonl(tmp_path / "e.jsonl", [record("9.100008", earlier_versions=[earlier])])
    run_import(path)
    assert not Delegation.objects.filter(procedure__code="9.100008").exists()
    change = LevelChange.objects.get(procedure__code="9.100008")
    assert (change.old_level.slug, change.new_level.slug) == ("bo", "ubnd-tinh")
    assert (change.old_code, change.new_code) == ("9.100008", "9.100008")
    assert change.old_decision == "1/QĐ-THU" and change.matched_by == "same code"
    assert change.old_date.isoformat() == "2025-02-13"
    assert change.new_date.isoformat() == "2026-07-18"
    assert "level changes observed: created 0, updated 0, unchanged 1" in run_import(path)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "line 2: invalid JSON"),
        (json.dumps(record("1.23")), "line 2: code '1.23' is not of the form 1.005442"),
        (json.dumps(record("9.100009")), "line 2: code 9.100009 already on line 1"),
        (json.dumps({"code": "9.100010", "field": "Bưu chính"}), "line 2: missing name"),
        (
            json.dumps(record("9.100011", source_date="18/07/2026")),
            "line 2: source_date '18/07/2026' is not a date",
        ),
        (json.dumps(record("9.100012", dossier="một chuỗi")), "line 2: dossier must be a list"),
        ("[1, 2]", "line 2: expected a JSON object"),
    ],
)
def test_a_bad_row_names_its_line_and_nothing_is_written(tmp_path, bad_line, message):
    before = Procedure.objects.count()
    path = write_jsonl(tmp_path / "e.jsonl", [record("9.100009")], raw_lines=[bad_line])
    with pytest.raises(CommandError) as excinfo:
        run_import(path)
    assert message in str(excinfo.value)
    assert "nothing imported" in str(excinfo.value)
    assert Procedure.objects.count() == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run_import(tmp_path / "khong-co.jsonl")


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_bytes(json.dumps(record("9.100013")).encode() + b"\n\xff\xfe\n")
    with pytest.raises(CommandError, match="line 2: not UTF-8"):
        run_import(path)


def test_dry_run_counts_and_writes_nothing(tmp_path):
    before = Procedure.objects.count()
    out = run_import(write_jsonl(tmp_path / "e.jsonl", [record("9.100014")]), "--dry-run")
    assert "dry run" in out and "procedures: created 1" in out
    assert Procedure.objects.count() == before


CSV_HEADER = [
    "code",
    "name_vi",
    "field_vi",
    "authority_before",
    "authority_after",
    "delegation_type",
    "legal_basis",
    "effective_date",
    "time_limit",
    "fee",
    "source_url",
]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in CSV_HEADER})
    return path


def test_compiled_csv_creates_procedures_and_delegations(tmp_path):
    row = {
        "name_vi": "Cấp giấy phép thử theo danh sách tổng hợp",
        "field_vi": "Tần số vô tuyến điện",
        "authority_before": "Cục Tần số vô tuyến điện (Bộ KH&CN)",
        "authority_after": "UBND cấp tỉnh",
        "delegation_type": "phan_cap",
        "legal_basis": "Nghị định 133/2025/NĐ-CP, Điều 29",
        "effective_date": "2025-07-01",
        "time_limit": "10 ngày kể từ ngày nhận đủ hồ sơ (kiểm tra hợp lệ trong 05 ngày làm việc)",
    }
    path = write_csv(tmp_path / "list.csv", [row])
    out = run_import(path)
    assert "procedures: created 1" in out and "delegations: created 1" in out
    delegation = Delegation.objects.get(procedure__name=row["name_vi"])
    assert delegation.legal_document.number == "133/2025/NĐ-CP"
    assert delegation.article == "Điều 29"
    assert (delegation.from_level.slug, delegation.to_level.slug) == ("bo", "ubnd-tinh")
    assert delegation.kind == "phan_cap"
    procedure = delegation.procedure
    assert procedure.time_limit_value is None  # two numbers: kept as text only
    assert procedure.time_limit_text == row["time_limit"]
    assert "unchanged 1" in run_import(path)


def test_compiled_csv_never_overwrites_a_national_record(tmp_path):
    national = Procedure.objects.filter(code__isnull=False).exclude(time_limit_text="").first()
    if national is None:
        pytest.skip("no national record loaded")
    kept = national.time_limit_text
    path = write_csv(
        tmp_path / "list.csv",
        [
            {
                "code": national.code,
                "name_vi": national.name,
                "field_vi": national.field.name,
                "authority_after": "UBND cấp tỉnh",
                "time_limit": "99 ngày",
            }
        ],
    )
    run_import(path)
    national.refresh_from_db()
    assert national.time_limit_text == kept


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"name_vi": "X", "field_vi": "Bưu chính", "effective_date": "01/07/2025"},
            "line 2: effective_date '01/07/2025' is not a date",
        ),
        (
            {"name_vi": "X", "field_vi": "Bưu chính", "delegation_type": "giao_viec"},
            "line 2: delegation_type 'giao_viec'",
        ),
        ({"name_vi": "", "field_vi": "Bưu chính"}, "line 2: missing name_vi"),
    ],
)
def test_a_bad_csv_row_names_its_line(tmp_path, row, message):
    before = (Procedure.objects.count(), Delegation.objects.count())
    with pytest.raises(CommandError) as excinfo:
        run_import(write_csv(tmp_path / "list.csv", [row]))
    assert message in str(excinfo.value)
    assert (Procedure.objects.count(), Delegation.objects.count()) == before


def test_a_csv_without_the_name_column_is_refused(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("code,field_vi\n1.000001,Bưu chính\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: missing column"):
        run_import(path)


@needs_reference
def test_the_real_export_imports_again_without_changes():
    out = run_import(REFERENCE_RECORDS)
    assert "rows read: 653" in out
    assert "procedures: created 0, updated 0, unchanged 653" in out


@needs_reference
def test_the_real_delegation_list_reads(tmp_path):
    out = run_import(REFERENCE_RECORDS.parent / "procedures.csv", "--dry-run")
    assert "rows read: 20" in out
