"""What officials see on the reader pages."""

import datetime

import pytest

from delegation.models import Delegation, Province
from handbook.models import Revision
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure

TELECOM = "1.013899"  # moved from the ministry to the province on 1 July 2025 (Decree 133, Art. 4)


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_home_shows_search_fields_levels_and_latest_updates(client):
    html = html_of(client, "/")
    assert 'type="search"' in html and 'action="/tim-kiem/"' in html
    assert "Viễn thông và Internet" in html
    assert 'href="/cap/ubnd-xa/"' in html  # "what does my level handle now"
    latest = Revision.objects.published().order_by("-published_at", "-pk").first()
    assert latest.guidance.procedure.get_absolute_url() in html


def test_procedure_page_shows_record_delegation_and_guidance(client, on_day):
    on_day("2026-11-27")
    procedure = Procedure.objects.get(code=TELECOM)
    html = html_of(client, procedure.get_absolute_url())
    assert procedure.name in html
    # the timeline: before and after, who receives, who decides, kind, basis and window
    assert "Từ 01/07/2025: Bộ → UBND cấp tỉnh" in html
    assert "Tiếp nhận, thẩm định</dt><dd>Sở KH&amp;CN" in html
    assert "UBND cấp tỉnh nơi doanh nghiệp đặt trụ sở chính" in html
    assert "Phân quyền" in html
    assert "133/2025/NĐ-CP</a>, Điều 4 khoản 1" in html
    assert "áp dụng đến 01/03/2027 (trừ một số trường hợp)" in html
    assert "28/02/2027" not in html  # the decree says "until 1 March 2027", not this
    # who handles it on the day
    assert 'href="/cap/ubnd-tinh/">Ủy ban nhân dân cấp tỉnh</a>' in html
    # the record's sections
    assert "Trình tự thực hiện" in html and "Thành phần hồ sơ" in html


def test_procedure_page_shows_the_live_guidance_as_numbered_steps(client):
    # The seed guidance is published when the suite's data is loaded: read it as of now.
    html = html_of(client, Procedure.objects.get(code=TELECOM).get_absolute_url())
    assert '<ol class="steps">' in html and "Ai tiếp nhận, ai quyết định" in html
    assert 'type="checkbox"' in html


def test_procedure_page_warns_when_its_basis_expires_within_six_months(client, on_day):
    procedure = Procedure.objects.get(code=TELECOM)
    on_day("2026-11-27")
    html = html_of(client, procedure.get_absolute_url())
    # Its guidance cites the decree, so the "cần rà soát" notice says it, once.
    assert "Cần rà soát" in html and "01/03/2027" in html and "còn 94 ngày" in html
    assert "Lưu ý hiệu lực" not in html
    on_day("2026-08-29")  # 184 days before 1 March 2027: more than six months
    later = html_of(client, procedure.get_absolute_url())
    assert "Lưu ý hiệu lực" not in later and "Cần rà soát" not in later


def test_a_delegation_ending_on_its_own_date_is_warned_about(client, on_day, make_procedure, level):
    procedure = make_procedure()
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        effective_from=datetime.date(2025, 7, 1),
        effective_until=datetime.date(2026, 12, 27),
    )
    on_day("2026-11-27")
    html = html_of(client, procedure.get_absolute_url())
    assert "Lưu ý hiệu lực" in html and "27/12/2026" in html and "Còn 30 ngày" in html


def test_procedure_page_shows_the_handler_of_the_day(client, on_day):
    procedure = Procedure.objects.get(code=TELECOM)
    on_day("2025-06-30")
    assert 'href="/cap/bo/">Bộ, Bộ trưởng' in html_of(client, procedure.get_absolute_url())


def test_missing_facts_are_shown_as_not_recorded(client):
    task = Procedure.objects.get(kind=Procedure.Kind.TASK)
    html = html_of(client, task.get_absolute_url())
    assert "chưa có dữ liệu" in html
    assert 'Mã thủ tục</dt><dd><span class="not-recorded">' in html


def test_procedure_without_guidance_or_delegation_says_so(client, make_procedure):
    procedure = make_procedure()
    html = html_of(client, procedure.get_absolute_url())
    assert "Chưa có hướng dẫn cho thủ tục này" in html
    assert "Chưa ghi nhận phân cấp, phân quyền nào" in html


def test_related_procedures_are_the_variants_delegated_on_the_same_basis(client):
    procedure = Procedure.objects.get(code=TELECOM)
    html = html_of(client, procedure.get_absolute_url())
    related = html.split('id="related-h"')[1].split("</section>")[0]
    renewal = Procedure.objects.get(code="1.013906")  # "Gia hạn giấy phép ..." (same article)
    assert renewal.get_absolute_url() in related
    assert procedure.get_absolute_url() not in related


def test_unknown_procedure_is_404(client):
    assert client.get("/thu-tuc/khong-co-thu-tuc-nay/").status_code == 404


def test_field_page_lists_procedures_with_their_handler_today(client, on_day):
    on_day("2026-11-27")
    html = html_of(client, "/linh-vuc/vien-thong-va-internet/")
    assert Procedure.objects.get(code=TELECOM).get_absolute_url() in html
    assert "UBND cấp tỉnh" in html
    assert 'href="/linh-vuc/vien-thong-va-internet/ban-in/"' in html


def test_field_page_says_when_no_source_confirms_the_handler(client, make_procedure, level):
    """A record that is not the current national one names a level, not who handles it today."""
    field = Field.objects.create(name="Lĩnh vực thử nghiệm", slug="linh-vuc-thu-nghiem")
    make_procedure(field=field, level=level("bo"), status=Procedure.Status.UNCONFIRMED)
    make_procedure(field=field, level=level("ubnd-tinh"))
    html = html_of(client, field.get_absolute_url())
    assert "chưa xác nhận; theo bản ghi: Bộ" in html
    assert "chưa xác nhận; theo bản ghi: UBND cấp tỉnh" not in html
    assert "UBND cấp tỉnh" in html


def test_field_page_is_paginated(client, make_procedure):
    field = Field.objects.create(name="Lĩnh vực thử nghiệm", slug="linh-vuc-thu-nghiem")
    for _ in range(101):
        make_procedure(field=field)
    html = html_of(client, field.get_absolute_url() + "?trang=2")
    assert "Trang 2 /" in html and '<ol class="results" start="101">' in html
    # a page number that is not one falls back to a page, not an error
    assert html_of(client, field.get_absolute_url() + "?trang=abc")


def test_listings_read_the_old_page_name_and_write_the_new_one(client, make_procedure):
    field = Field.objects.create(name="Lĩnh vực thử nghiệm", slug="linh-vuc-thu-nghiem")
    for _ in range(101):
        make_procedure(field=field)
    first = html_of(client, field.get_absolute_url())
    assert "?trang=2" in first and "page=" not in first
    assert html_of(client, field.get_absolute_url() + "?page=2") == html_of(
        client, field.get_absolute_url() + "?trang=2"
    )
    # "²" is no page number: the first page, not an error
    assert "Trang 1 /" in html_of(client, field.get_absolute_url() + "?trang=%C2%B2")


def test_level_page_lists_what_the_province_handles_today(client, on_day):
    on_day("2026-11-27")
    html = html_of(client, "/cap/ubnd-tinh/?linhvuc=vien-thong-va-internet")
    assert "Cấp giấy phép cung cấp dịch vụ viễn thông không có hạ tầng mạng" in html
    assert "trong lĩnh vực Viễn thông và Internet" in html


def test_level_page_takes_a_date(client, on_day):
    on_day("2026-11-27")
    telecom = Procedure.objects.get(code=TELECOM)
    field = "&linhvuc=vien-thong-va-internet"
    before = html_of(client, "/cap/bo/?ngay=2025-06-30" + field)
    after = html_of(client, "/cap/bo/?ngay=2025-07-01" + field)
    assert telecom.get_absolute_url() in before
    assert telecom.get_absolute_url() not in after
    assert "Ngày 30/06/2025, cấp này giải quyết" in before
    assert telecom.get_absolute_url() in html_of(client, "/cap/ubnd-tinh/?ngay=2025-07-01" + field)


def test_level_page_groups_by_field_and_counts_each_field(client):
    html = html_of(client, "/cap/ubnd-tinh/")
    assert '<section class="level-group" aria-labelledby="g-an-toan-buc-xa-va-hat-nhan">' in html
    assert "?ngay=" in html and "linhvuc=vien-thong-va-internet" in html


@pytest.mark.parametrize("bad", ["2025-13-40", "hom-nay", "31/02/2026"])
def test_level_page_with_an_invalid_date_is_a_clear_400(client, bad):
    response = client.get(f"/cap/ubnd-tinh/?ngay={bad}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày không hợp lệ" in html and 'aria-invalid="true"' in html


def test_level_page_with_an_unknown_field_is_a_clear_400(client):
    response = client.get("/cap/ubnd-tinh/?linhvuc=khong-co")
    assert response.status_code == 400
    assert "Không có lĩnh vực này." in response.content.decode()


def test_level_page_accepts_a_day_month_year_date(client):
    assert "Ngày 01/07/2025" in html_of(client, "/cap/ubnd-tinh/?ngay=01/07/2025")


def test_document_page_lists_what_it_delegates_article_by_article(client):
    html = html_of(client, LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url())
    assert "Điều 4 khoản 1" in html and "Điều 29" in html
    # in the document's order: article 4 before article 29, although "2" sorts before "4"
    assert html.index("<h3>Điều 4 khoản 1</h3>") < html.index("<h3>Điều 29</h3>")
    assert 'Áp dụng đến</dt><dd><time datetime="2027-03-01">' in html


def test_document_page_shows_its_validity_on_the_day(client, on_day):
    url = LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url()
    on_day("2026-11-27")
    html = html_of(client, url)
    assert "văn bản ghi áp dụng đến ngày 01/03/2027 (còn 94 ngày)." in html
    assert "Văn bản cũng ghi: trừ một số trường hợp." in html
    on_day("2027-03-01")
    html = html_of(client, url)
    assert "Áp dụng ngày 01/03/2027</dt><dd>không" in html and "Lưu ý hiệu lực" not in html


def test_document_page_lists_the_procedures_citing_it(client, make_procedure):
    document = LegalDocument.objects.create(number="99/2099/TT-THU", slug="tt-99", kind="thong_tu")
    citing = make_procedure()
    citing.legal_documents.add(document)
    html = html_of(client, document.get_absolute_url())
    assert citing.get_absolute_url() in html
    assert "Chưa ghi nhận nội dung phân cấp nào theo văn bản này." in html


def test_province_page_shows_what_local_levels_handle(client, on_day):
    on_day("2026-11-27")
    html = html_of(client, Province.objects.get(slug="ha-noi").get_absolute_url())
    assert "Ủy ban nhân dân cấp tỉnh" in html and "Ủy ban nhân dân cấp xã" in html
    assert Procedure.objects.get(code=TELECOM).get_absolute_url() in html
    assert "Chọn làm tỉnh của tôi" in html
    assert "Bộ, Bộ trưởng" not in html  # central levels are not local


def test_province_page_counts_follow_the_delegations(client, on_day, make_procedure, level):
    on_day("2026-11-27")
    url = Province.objects.get(slug="ha-noi").get_absolute_url()
    commune = AuthorityLevel.objects.get(slug="chu-tich-ubnd-xa")
    row = f'<a href="{commune.get_absolute_url()}">{commune.name}</a></th><td>'
    before = html_of(client, url)
    assert row + "0</td>" in before
    Delegation.objects.create(
        procedure=make_procedure(level=level("ubnd-tinh")),
        from_level=level("ubnd-tinh"),
        to_level=commune,
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        effective_from=datetime.date(2025, 7, 1),
    )
    assert row + "1</td>" in html_of(client, url)


def test_listings_sort_alphabetically_whatever_the_database_collation(client):
    html = html_of(client, "/cap/ubnd-tinh/?ngay=2026-11-27&linhvuc=vien-thong-va-internet")
    assert html.index(">Cấp giấy phép") < html.index(">Chuyển nhượng")
    counts = html.split('class="field-counts"')[1]
    assert counts.index("Tần số vô tuyến điện") < counts.index("Tiêu chuẩn đo lường chất lượng")


def test_a_document_page_says_where_its_date_comes_from_and_not_more_than_its_source(client):
    document = LegalDocument.objects.create(
        number="112/2098/TT-BTC",
        slug="112-2098-tt-btc",
        kind="thong_tu",
        issuing_body="Bộ Tài chính",
        issued_on=datetime.date(2098, 8, 15),
        date_source="title",
        date_source_record="9.500103",
        aliases="112/2098/BTC",
    )
    html = html_of(client, document.get_absolute_url())
    assert "Nguồn: lời trích dẫn trong bản ghi (ngày ghi ngay sau số hiệu) 9.500103" in html
    assert "Nguồn còn viết số hiệu là: 112/2098/BTC" in html
    # no end date in the source: unknown, not "the text sets no time limit"
    assert 'Áp dụng đến</dt><dd><span class="not-recorded">chưa có dữ liệu</span>' in html
    assert "không ghi thời hạn" not in html
