"""Files to rows: each row keeps the line it starts on, in NFC; nothing touches the database."""

import json
import unicodedata

import pytest

from importer.reading import ImportFileError, read_rows


def test_json_lines_keep_their_line_numbers_across_blank_lines(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(
        json.dumps({"code": "9.300001"}) + "\n\n   \n" + json.dumps({"code": "9.300002"}) + "\n",
        encoding="utf-8",
    )
    fmt, rows = read_rows(path)
    assert fmt == "jsonl"
    assert [(row.line, row.data["code"]) for row in rows] == [(1, "9.300001"), (4, "9.300002")]


def test_every_bad_json_line_is_named(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text('{"code": "9.300003"}\n{oops\n"text"\n', encoding="utf-8")
    with pytest.raises(ImportFileError) as excinfo:
        read_rows(path)
    assert excinfo.value.errors[0].startswith("line 2: invalid JSON")
    assert excinfo.value.errors[1] == "line 3: expected a JSON object"


def test_a_csv_row_starts_on_its_own_line_even_after_a_cell_on_two_lines(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "\ufeffname_vi,field_vi,legal_basis\n"
        'Thủ tục một,Bưu chính,"Nghị định 133/2025/NĐ-CP,\nĐiều 4"\n'
        "  Thủ tục hai  ,Bưu chính,\n",
        encoding="utf-8",
    )
    fmt, rows = read_rows(path)
    assert fmt == "csv"
    assert [row.line for row in rows] == [2, 4]
    assert rows[1].data == {"name_vi": "Thủ tục hai", "field_vi": "Bưu chính", "legal_basis": ""}


def test_text_is_read_in_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Viễn thông")
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"field": decomposed}, ensure_ascii=False), encoding="utf-8")
    _fmt, rows = read_rows(path)
    assert rows[0].data["field"] == unicodedata.normalize("NFC", "Viễn thông")


def test_a_csv_row_with_too_many_cells_is_named(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("name_vi,field_vi\nMột,Bưu chính\nHai,Bưu chính,thừa\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="line 3: more cells than columns"):
        read_rows(path)
