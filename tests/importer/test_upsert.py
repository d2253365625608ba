"""Rows to the database through the services: one transaction, one announcement after it."""

import datetime

import pytest
from django.core.management import CommandError

from delegation.models import Delegation
from importer.reading import ImportFileError, Row, read_rows
from importer.services import procedures_import
from importer.upsert import rows_upsert
from procedures.models import LegalDocument, Procedure
from tests.importer.test_import import record, run_import, write_jsonl


def test_an_import_announces_what_it_wrote_once_it_is_committed(tmp_path, announced, committed):
    earlier = {"code": "9.500002", "level": "Cấp Bộ", "source_date": "2025-02-13"}
    path = write_jsonl(
        tmp_path / "e.jsonl", [record("9.500001"), record("9.500002", earlier_versions=[earlier])]
    )
    with committed():
        report = procedures_import(path=path)
        assert announced == []  # nothing before the commit
    written = Procedure.objects.filter(code__in=["9.500001", "9.500002"])
    assert announced == [sorted(written.values_list("pk", flat=True))]  # one for the whole file
    assert report.procedures["created"] == 2 and report.level_changes["created"] == 1


def test_an_unchanged_import_writes_and_announces_nothing(tmp_path, announced, committed):
    path = write_jsonl(tmp_path / "e.jsonl", [record("9.500003")])
    procedures_import(path=path)
    procedure = Procedure.objects.get(code="9.500003")
    updated_at = procedure.updated_at
    with committed():
        report = procedures_import(path=path)
    assert report.procedures["unchanged"] == 1
    assert Procedure.objects.get(pk=procedure.pk).updated_at == updated_at
    assert announced == []


def test_a_dry_run_and_a_refused_file_announce_nothing(tmp_path, announced, committed):
    path = write_jsonl(tmp_path / "e.jsonl", [record("9.500004")])
    with committed():
        procedures_import(path=path, dry_run=True)
    assert announced == []
    assert not Procedure.objects.filter(code="9.500004").exists()


def test_a_row_the_services_refuse_stops_the_import_with_its_line(tmp_path, announced, committed):
    """The file's checks let an address through that the model's validation refuses."""
    path = write_jsonl(
        tmp_path / "e.jsonl",
        [record("9.500005"), record("9.500006", source_url="https://")],
    )
    before = (Procedure.objects.count(), Delegation.objects.count())
    with committed(), pytest.raises(CommandError) as excinfo:
        run_import(path)
    assert "nothing imported" in str(excinfo.value)
    assert "line 2: source_url:" in str(excinfo.value)
    assert (Procedure.objects.count(), Delegation.objects.count()) == before
    assert announced == []


def test_rows_are_upserted_from_what_reading_gives(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", [record("9.500007")])
    fmt, rows = read_rows(path)
    report = rows_upsert(fmt=fmt, rows=rows, source="tay.jsonl")
    assert report.lines()[:2] == ["rows read: 1", "procedures: created 1, updated 0, unchanged 0"]
    document = Procedure.objects.get(code="9.500007").legal_documents.get(number="99/2099/TT-THU")
    assert document.history.get().history_change_reason == "Nhập từ tệp tay.jsonl"


def test_the_upsert_stops_at_a_row_the_services_refuse(tmp_path):
    """Rows that skipped the checks still meet the model's validation, with their line."""
    rows = [Row(1, record("9.500008")), Row(7, record("9.500009", status="bai-bo"))]
    with pytest.raises(ImportFileError, match="line 7: status: "):
        rows_upsert(fmt="jsonl", rows=rows, source="tay.jsonl")
    assert not Procedure.objects.filter(code__in=["9.500008", "9.500009"]).exists()


def test_two_spellings_of_a_number_make_one_document_with_an_alias(tmp_path):
    path = write_jsonl(
        tmp_path / "e.jsonl",
        [
            record(
                "9.500101",
                legal_basis=[
                    "Luật Bưu chính số 49/2097/QH – Luật Bưu chính số 49/2097/QH ngày 28/6/2097"
                ],
            ),
            record(
                "9.500102", legal_basis=["49/2097/QH15 – Luật 49/2097/QH15 (17-06-2097, Quốc Hội)"]
            ),
        ],
    )
    procedures_import(path=path)
    documents = LegalDocument.objects.filter(number__startswith="49/2097/")
    assert [(d.number, d.alias_list()) for d in documents] == [("49/2097/QH15", ["49/2097/QH"])]
    document = documents.get()
    # the record's own date field outranks the date read from the first citation's words
    assert document.issued_on == datetime.date(2097, 6, 17)
    assert (document.date_source, document.date_source_record) == ("record", "9.500102")
    assert document.issuing_body == "Quốc Hội"
    both = Procedure.objects.filter(code__in=["9.500101", "9.500102"])
    assert {p.legal_documents.get().pk for p in both} == {document.pk}


def test_a_date_from_a_citation_s_words_says_so(tmp_path):
    line = (
        "112/2098/TT-BTC – Thông tư số 112/2098/TT-BTC ngày 15/8/2098 của Bộ Tài chính. "
        "(01-01-2001, Bộ Thông tin và Truyền thông)"
    )
    procedures_import(
        path=write_jsonl(tmp_path / "e.jsonl", [record("9.500103", legal_basis=[line])])
    )
    document = LegalDocument.objects.get(number="112/2098/TT-BTC")
    assert (document.issued_on, document.issuing_body) == (
        datetime.date(2098, 8, 15),
        "Bộ Tài chính",
    )
    assert document.date_source_text() == (
        "lời trích dẫn trong bản ghi (ngày ghi ngay sau số hiệu) 9.500103"
    )
