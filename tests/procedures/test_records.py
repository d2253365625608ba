import datetime

import pytest

from procedures.records import (
    authority_level_slug,
    document_key,
    level_slug,
    parse_article,
    parse_dossier_item,
    parse_legal_basis,
    parse_time_limit,
    preferred_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Ngày làm việc", (15, "ngay_lam_viec")),
        ("05 ngày làm việc", (5, "ngay_lam_viec")),
        ("30 Ngày", (30, "ngay")),
        ("67 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ.", (67, "ngay_lam_viec")),
        ("18 Tháng", (18, "thang")),
        # Ambiguous: two numbers, or one value per channel. Kept as text only.
        ("05 ngày làm việc xét tính hợp lệ + 15 ngày xét cấp", (None, "")),
        ("Trực tiếp: 18 Tháng\nTrực tiếp: 1 Tháng", (None, "")),
        ("", (None, "")),
        ("Không quy định", (None, "")),
    ],
)
def test_parse_time_limit_only_parses_unambiguous_text(text, expected):
    assert parse_time_limit(text) == expected


def test_parse_dossier_item_reads_counts_and_form_number():
    item = parse_dossier_item(
        "Đơn đề nghị cấp giấy phép theo Mẫu số 06 Phụ lục I Nghị định số 133/2025/NĐ-CP "
        "(Bản chính: 1; Bản sao: 0)"
    )
    assert item["originals"] == 1
    assert item["copies"] == 0
    assert item["form"] == "Mẫu số 06"
    assert item["name"].startswith("Đơn đề nghị cấp giấy phép")


def test_parse_dossier_item_reads_the_older_format():
    item = parse_dossier_item("- 01 Bản chính Đơn đề nghị (Đơn đề nghị.docx)")
    assert item == {
        "text": "- 01 Bản chính Đơn đề nghị (Đơn đề nghị.docx)",
        "name": "Đơn đề nghị",
        "form": "Đơn đề nghị.docx",
        "originals": 1,
        "copies": None,
    }


def test_parse_dossier_item_without_counts_records_none():
    item = parse_dossier_item("Bao gồm")
    assert item["originals"] is None and item["copies"] is None and item["form"] == ""


def test_parse_legal_basis_reads_number_title_date_and_body():
    cited = parse_legal_basis("Luật 04/2011/QH13 – Đo lường (11-11-2011, Quốc Hội)")
    assert cited.number == "04/2011/QH13"
    assert cited.title == "Đo lường"
    assert cited.kind == "luat"
    assert cited.issued_on == datetime.date(2011, 11, 11)
    assert cited.issuing_body == "Quốc Hội"


def test_parse_legal_basis_keeps_the_locality_of_local_documents():
    cited = parse_legal_basis("21/2026/NQ-HĐND (thành phố Đà Nẵng) – Nghị quyết")
    assert cited.number == "21/2026/NQ-HĐND (thành phố Đà Nẵng)"


@pytest.mark.parametrize("line", ["103 – Thông tư", "nghị định 146/2025 – không có ký hiệu"])
def test_parse_legal_basis_returns_none_without_a_full_number(line):
    assert parse_legal_basis(line) is None


def test_parse_article_takes_the_first_reference():
    text = "Nghị định 133/2025/NĐ-CP, Điều 4 khoản 1; khoản 4 Điều 33 Luật Viễn thông 2023"
    assert parse_article(text) == "Điều 4 khoản 1"
    assert parse_article("Thông tư 07/2025/TT-BKHCN") == ""


@pytest.mark.parametrize(
    ("level", "agency", "expected"),
    [
        ("Cấp bộ", "Cục Viễn thông", "bo"),
        ("Cấp Bộ", "Bộ Khoa học và Công nghệ", "bo"),
        ("Cấp tỉnh", "Ủy ban nhân dân cấp tỉnh", "ubnd-tinh"),
        ("Cấp tỉnh", "Sở Khoa học và Công nghệ TP.Đà Nẵng", "so"),
        ("Cấp Tỉnh", "Sở Thông tin và Truyền thông", "so"),
        ("Cấp Tỉnh", "Bộ phận Một cửa Sở Khoa học và Công nghệ", "so"),
        ("Cấp tỉnh", "Chủ tịch ủy ban nhân dân cấp tỉnh", "chu-tich-ubnd-tinh"),
        ("Cấp xã", "UBND cấp xã", "ubnd-xa"),
        ("Chưa xác định", "", None),
    ],
)
def test_level_slug_maps_record_levels(level, agency, expected):
    assert level_slug(level, agency) == expected


def test_authority_level_slug_reads_compiled_authorities():
    assert (
        authority_level_slug("UBND cấp tỉnh nơi doanh nghiệp đặt trụ sở chính (Sở KH&CN tiếp nhận)")
        == "ubnd-tinh"
    )
    assert authority_level_slug("Cục Tần số vô tuyến điện (Bộ KH&CN)") == "bo"
    assert authority_level_slug("") is None


def test_a_placeholder_tail_is_refused_and_the_citation_s_own_date_and_body_kept():
    # 112/2013/TT-BTC as the national records give it: the tail is the portal's placeholder.
    cited = parse_legal_basis(
        "112/2013/TT-BTC – Thông tư số 112/2013/TT-BTC ngày 15/8/2013 của Bộ Tài chính, quy "
        "định mức thu lệ phí tần số vô tuyến điện. (01-01-2001, Bộ Thông tin và Truyền thông)"
    )
    assert cited.issued_on == datetime.date(2013, 8, 15)
    assert cited.issuing_body == "Bộ Tài chính"
    assert cited.date_source == "title"


@pytest.mark.parametrize(
    ("line", "day", "body"),
    [
        (
            "20/2026/NQ-CP – Nghị quyết số 20/2026/NQ-CP ngày 29 tháng 4 năm 2026 của Chính phủ "
            "phân cấp, cắt giảm thủ tục",
            datetime.date(2026, 4, 29),
            "Chính phủ",
        ),
        (
            "287/2016/TT-BTC – Thông tư số 287/2016/TT-BTC ngày 15/11/2016 của Bộ trưởng Bộ Tài "
            "chính quy định mức thu",
            datetime.date(2016, 11, 15),
            "Bộ Tài chính",
        ),
        (
            "06/2020/TT-BKHCN – Thông tư số 06/2020/TT-BKHCN ngày 10/12/2020 của Bộ Khoa học, "
            "Công nghệ và Môi trường quy định chi tiết",
            datetime.date(2020, 12, 10),
            "Bộ Khoa học, Công nghệ và Môi trường",  # as the source says it
        ),
        ("94/2025/QH15 ngày 27/6/2025 – Luật Năng lượng nguyên tử", datetime.date(2025, 6, 27), ""),
    ],
)
def test_a_date_written_right_after_the_number_is_read_from_the_title(line, day, body):
    cited = parse_legal_basis(line)
    assert (cited.issued_on, cited.issuing_body, cited.date_source) == (day, body, "title")


@pytest.mark.parametrize(
    "line",
    [
        # the date belongs to the other document the title names
        "116/2021/TT-BTC – Thông tư số 116/2021/TT-BTC của Bộ Tài chính: Sửa đổi Thông tư số "
        "287/2016/TT-BTC ngày 15 tháng 11 năm 2016",
        "25/2022/NĐ-CP – Nghị định 25/2022/NĐ-CP",
        # a date from another year than the number's is not this document's
        "30/2024/TT-BKHCN – Thông tư số 30/2024/TT-BKHCN ngày 01/01/2001",
    ],
)
def test_no_date_is_made_up_when_the_citation_does_not_give_its_own(line):
    cited = parse_legal_basis(line)
    assert cited.issued_on is None and cited.date_source == ""


def test_the_record_s_own_date_field_is_read_as_such():
    cited = parse_legal_basis("04/2011/QH13 – Luật Đo lường (11-11-2011, Quốc Hội)")
    assert (cited.issued_on, cited.date_source) == (datetime.date(2011, 11, 11), "record")


@pytest.mark.parametrize(
    ("a", "b", "official"),
    [
        ("49/2010/QH", "49/2010/QH12", "49/2010/QH12"),
        ("190/2025/NQ-QH15", "190/2025/QH15", "190/2025/QH15"),
    ],
)
def test_two_spellings_of_one_number_share_a_key_and_the_official_one_wins(a, b, official):
    assert document_key(a) == document_key(b)
    assert preferred_number(a, b) == preferred_number(b, a) == official
    assert document_key("49/2010/QH12") != document_key("49/2011/QH12")
