"""Rows to errors: every bad row is named with its line, and checking writes nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from importer.reading import Row
from importer.validation import validate_rows


def test_every_problem_of_every_row_is_listed_with_its_line():
    rows = [
        Row(1, {"code": "9.400001", "name": "Một", "field": "Bưu chính"}),
        Row(3, {"code": "9.4", "name": "", "field": "Bưu chính", "forms": "một mẫu"}),
        Row(4, {"code": "9.400001", "name": "Hai", "field": "Bưu chính", "status": "đã xong"}),
    ]
    errors = validate_rows("jsonl", rows)
    assert errors[:3] == [
        "line 3: missing name",
        "line 3: code '9.4' is not of the form 1.005442",
        "line 3: forms must be a list",
    ]
    assert "line 4: code 9.400001 already on line 1" in errors
    assert any(e.startswith("line 4: status 'đã xong' is not one of") for e in errors)
    assert not any(e.startswith("line 1:") for e in errors)


def test_compiled_rows_are_checked_against_the_known_levels():
    row = {"name_vi": "Một", "field_vi": "Bưu chính", "to_level": "ubnd-huyen", "article": "Điều 2"}
    assert validate_rows("csv", [Row(2, row)]) == [
        "line 2: to_level 'ubnd-huyen' is not a known level",
        "line 2: an article needs a legal_document",
    ]
    assert validate_rows("csv", [Row(2, {**row, "to_level": "ubnd-xa", "article": ""})]) == []


def test_checking_writes_nothing():
    rows = [Row(n, {"code": f"9.40001{n}", "name": "X", "field": "Y"}) for n in range(1, 6)]
    with CaptureQueriesContext(connection) as queries:
        assert validate_rows("jsonl", rows) == []
    assert queries.captured_queries  # it reads the levels
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
