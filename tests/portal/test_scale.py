"""Pages that stay bounded however much the corpus holds: a document's articles in parts, the
related procedures of a widely shared basis, a level's unconfirmed procedures."""

import datetime
import re

import pytest

from delegation.models import Delegation
from portal import selectors
from portal.views import listings
from procedures.models import LegalDocument, Procedure
from tests.portal.conftest import count_queries

JULY_2025 = datetime.date(2025, 7, 1)


@pytest.fixture
def small_parts(monkeypatch):
    """Parts (and listing pages) of 4 rows, so that a few delegations make several parts."""
    monkeypatch.setattr(listings, "PAGE_SIZE", 4)


def delegate(procedure, level, *, document, article, to="ubnd-xa"):
    return Delegation.objects.create(
        procedure=procedure,
        from_level=level("ubnd-tinh"),
        to_level=level(to),
        legal_document=document,
        article=article,
        effective_from=JULY_2025,
    )


@pytest.fixture
def decree(make_procedure, level):
    """A decree delegating 6 procedures under "Điều 2", 3 under "Điều 10", 1 under no article:
    10 delegations, the document's order being Điều 2, Điều 10, then the one without."""
    document = LegalDocument.objects.create(number="8/2099/NĐ-CP", slug="nd-8", kind="nghi_dinh")
    for article, names in [
        ("Điều 10", ["Kê khai", "Báo cáo", "Đăng ký"]),
        ("Điều 2", ["Cấp phép", "Gia hạn", "Thu hồi", "Điều chỉnh", "Ấn định", "Xác nhận"]),
        ("", ["Chưa rõ điều"]),
    ]:
        for name in names:
            delegate(make_procedure(name=f"{name} thử"), level, document=document, article=article)
    return document


def part(client, document, number=None) -> str:
    url = document.get_absolute_url() + (f"?phan={number}" if number is not None else "")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    return html.split('id="articles-h"')[1].split('id="citing-h"')[0]


def names_in(html: str) -> list[str]:
    return re.findall(r'<a href="/thu-tuc/[^"]+">([^<]+)</a>', html)


def test_a_document_is_read_in_parts_in_the_documents_order(client, decree, small_parts):
    first, second, third = (part(client, decree, n) for n in (1, 2, 3))
    # Article 2 before article 10; each article's procedures by folded name (Ấn before Cấp).
    assert names_in(first) == ["Ấn định thử", "Cấp phép thử", "Điều chỉnh thử", "Gia hạn thử"]
    assert names_in(second) == ["Thu hồi thử", "Xác nhận thử", "Báo cáo thử", "Đăng ký thử"]
    assert names_in(third) == ["Kê khai thử", "Chưa rõ điều thử"]
    assert "<h3>Điều 2</h3>" in first and "Điều 10" not in first.split("</nav>")[1]
    # An article carried over from the part before says so.
    assert '<h3>Điều 2 <span class="meta">(tiếp theo)</span></h3>' in second
    assert "<h3>Điều 10</h3>" in second
    assert '<h3>Điều 10 <span class="meta">(tiếp theo)</span></h3>' in third
    assert "<h3>Điều, khoản chưa có dữ liệu</h3>" in third


def test_each_part_links_to_the_next_and_the_articles_to_where_they_begin(
    client, decree, small_parts
):
    first, second, third = (part(client, decree, n) for n in (1, 2, 3))
    assert 'href="?phan=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="?phan=1" rel="prev"' in second and 'href="?phan=3" rel="next"' in second
    assert "Phần 3 / 3" in third and 'rel="next"' not in third
    contents = first.split('class="document-contents"')[1].split("</nav>")[0]
    assert "10 nội dung phân cấp, phân quyền, chia thành 3 phần" in contents
    assert '<a href="?phan=1#dieu-1">Điều 2</a> <span class="count">6</span>' in contents
    assert '<a href="?phan=2#dieu-2">Điều 10</a> <span class="count">3</span>' in contents
    assert '<a href="?phan=3#dieu-3">Điều, khoản chưa có dữ liệu</a>' in contents
    assert 'id="dieu-2"' in second and 'id="dieu-2"' not in first


def test_a_part_keeps_the_other_parameters(client, decree, small_parts):
    html = client.get(decree.get_absolute_url() + "?trang=1&phan=2").content.decode()
    assert 'href="?trang=1&amp;phan=3" rel="next"' in html


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 1), ("99", 3), ("²", 1)])
def test_a_part_that_is_no_part_number_shows_the_nearest(client, decree, small_parts, asked, shown):
    response = client.get(decree.get_absolute_url(), {"phan": asked})
    assert response.status_code == 200
    assert f"Phần {shown} / 3" in response.content.decode()


def test_a_short_document_is_one_part_without_contents_or_links(client, decree):
    html = part(client, decree)
    assert len(names_in(html)) == 10
    assert "document-contents" not in html and "Phần 1 /" not in html


def test_every_part_runs_the_same_queries(client, decree, small_parts):
    url = decree.get_absolute_url()
    counts = {count_queries(client, f"{url}?phan={n}") for n in (1, 2, 3)}
    assert len(counts) == 1


def test_the_contents_follow_the_documents_article_order(decree):
    contents = selectors.document_contents(decree, per_part=4)
    assert [(a.article, a.count, a.first_part) for a in contents] == [
        ("Điều 2", 6, 1),
        ("Điều 10", 3, 2),
        ("", 1, 3),
    ]


def test_related_procedures_of_a_widely_shared_basis_are_bounded(
    make_procedure, level, monkeypatch
):
    document = LegalDocument.objects.create(number="9/2099/NĐ-CP", slug="nd-9", kind="nghi_dinh")
    mine = make_procedure(name="Cấp giấy phép hoạt động thử nghiệm")
    delegate(mine, level, document=document, article="Điều 4 khoản 1")
    shared = [make_procedure(name=f"Thủ tục cùng căn cứ {n:02d}") for n in range(12)]
    for other in shared:
        delegate(other, level, document=document, article="Điều 4 khoản 1")
    variant = make_procedure(name="Gia hạn giấy phép hoạt động thử nghiệm")
    monkeypatch.setattr(selectors, "RELATED_CANDIDATES", 5)
    related = selectors.related_procedures(mine)
    # The first five on the basis by name are the candidates; the variant is not on the basis.
    assert [p.pk for p in related] == [p.pk for p in shared[:5]]
    assert all(p.same_basis for p in related) and variant not in related
    assert len(selectors.related_procedures(mine, limit=3)) == 3


def test_variants_fill_the_related_list_after_the_same_basis(make_procedure, level):
    document = LegalDocument.objects.create(number="9/2099/NĐ-CP", slug="nd-9", kind="nghi_dinh")
    mine = make_procedure(name="Cấp giấy phép hoạt động thử nghiệm")
    delegate(mine, level, document=document, article="Điều 4 khoản 1")
    basis = make_procedure(name="Thủ tục cùng căn cứ")
    delegate(basis, level, document=document, article="Điều 4 khoản 1")
    other_article = make_procedure(name="Thủ tục điều khác")
    delegate(other_article, level, document=document, article="Điều 5")
    variant = make_procedure(name="Gia hạn giấy phép hoạt động thử nghiệm")
    related = selectors.related_procedures(mine)
    assert [p.pk for p in related] == [basis.pk, variant.pk]
    assert [p.same_basis for p in related] == [True, False]


def test_a_level_lists_its_first_unconfirmed_procedures_and_counts_them_all(
    client, make_procedure, level, small_parts, on_day
):
    on_day("2026-11-27")
    # Records not in force: the level they name is not confirmed for the day.
    for n in range(6):
        make_procedure(
            name=f"Thủ tục chưa xác nhận {n}",
            level=level("chu-tich-ubnd-xa"),
            status=Procedure.Status.UNCONFIRMED,
        )
    html = client.get("/cap/chu-tich-ubnd-xa/").content.decode()
    unconfirmed = html.split('id="g-unconfirmed"')[1].split("</section>")[0]
    assert "6 thủ tục có bản ghi hoặc nguồn khác ghi cấp này" in unconfirmed
    assert "Dưới đây là 4 thủ tục đầu tiên theo tên; bản in ghi đủ." in unconfirmed
    assert names_in(unconfirmed) == [f"Thủ tục chưa xác nhận {n}" for n in range(4)]
    # None confirmed for the day: the page says so, and still lists the unconfirmed apart.
    assert "Không có thủ tục nào được ghi nhận cho cấp này vào ngày đã chọn." in html


def test_a_provinces_own_records_are_listed_a_page_at_a_time(client, make_procedure, small_parts):
    for n in range(5):
        make_procedure(name=f"Thủ tục riêng thử {n}", promulgating_body="UBND thành phố Hà Nội")
    own = Procedure.objects.local_to("Hà Nội").order_by("name_key", "pk")
    total = own.count()
    first = client.get("/tinh/ha-noi/").content.decode().split('id="own-h"')[1]
    first = first.split("</section>")[0]
    assert f"{total} thủ tục." in first and 'href="?rieng=2#own-h" rel="next"' in first
    assert names_in(first) == [p.name for p in own[:4]]
    second = client.get("/tinh/ha-noi/?rieng=2").content.decode().split('id="own-h"')[1]
    assert names_in(second.split("</section>")[0]) == [p.name for p in own[4:8]]
