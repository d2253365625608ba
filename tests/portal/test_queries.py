"""Every reader page runs the same number of queries however much data it shows."""

import datetime

import pytest

from delegation.models import Delegation
from portal.province_choice import COOKIE_NAME
from procedures.models import Field, LegalDocument
from tests.portal.conftest import count_queries

JULY_2025 = datetime.date(2025, 7, 1)


@pytest.fixture
def new_field(db):
    return Field.objects.create(name="Lĩnh vực đếm truy vấn", slug="linh-vuc-dem-truy-van")


def delegate(procedure, level, *, to="ubnd-xa", document=None, article=""):
    return Delegation.objects.create(
        procedure=procedure,
        from_level=level("ubnd-tinh"),
        to_level=level(to),
        kind=Delegation.Kind.DECENTRALISATION,
        legal_document=document,
        article=article,
        effective_from=JULY_2025,
        effective_until=datetime.date(2027, 3, 1),
    )


def test_home(client, make_procedure, publish_guidance, new_field):
    before = count_queries(client, "/")
    for _ in range(5):
        publish_guidance(make_procedure(field=new_field))
    assert count_queries(client, "/") == before


def test_procedure_page(client, make_procedure, level, publish_guidance):
    small = make_procedure()
    big = make_procedure()
    documents = [
        LegalDocument.objects.create(number=f"{n}/2099/TT-THU", slug=f"tt-{n}", kind="thong_tu")
        for n in range(8)
    ]
    big.legal_documents.set(documents)
    for n, document in enumerate(documents):
        delegate(big, level, document=document, article=f"Điều {n}")
        delegate(
            make_procedure(name=f"Cấp lại thủ tục thử nghiệm số {n}"),
            level,
            document=document,
            article=f"Điều {n}",
        )
    publish_guidance(big, dossier_checklist="- [ ] Đơn\n- [ ] Bản sao", clock="5 ngày")
    assert count_queries(client, big.get_absolute_url()) == count_queries(
        client, small.get_absolute_url()
    )


def test_procedure_page_with_a_chosen_province(client, make_procedure):
    procedure = make_procedure()
    without = count_queries(client, procedure.get_absolute_url())
    client.cookies[COOKIE_NAME] = "ha-noi"
    assert count_queries(client, procedure.get_absolute_url()) == without + 1


def test_field_page(client, make_procedure, level, new_field):
    url = new_field.get_absolute_url()
    make_procedure(field=new_field)
    before = count_queries(client, url)
    for _ in range(30):
        delegate(make_procedure(field=new_field, level=level("ubnd-tinh")), level)
    assert count_queries(client, url) == before


def test_level_page(client, make_procedure, level, new_field):
    url = "/cap/chu-tich-ubnd-xa/?ngay=2026-01-01"
    make_procedure(field=new_field, level=level("chu-tich-ubnd-xa"))
    before = count_queries(client, url)
    for n in range(30):
        field = new_field if n % 2 else Field.objects.get(slug="buu-chinh")
        delegate(
            make_procedure(field=field, level=level("ubnd-tinh")), level, to="chu-tich-ubnd-xa"
        )
    assert count_queries(client, url) == before
    assert count_queries(client, url + "&linhvuc=" + new_field.slug) == before + 1  # the field


def test_document_page(client, make_procedure, level):
    document = LegalDocument.objects.create(number="7/2099/NĐ-CP", slug="nd-7", kind="nghi_dinh")
    first = make_procedure()
    first.legal_documents.add(document)
    delegate(first, level, document=document, article="Điều 1")
    before = count_queries(client, document.get_absolute_url())
    for n in range(20):
        procedure = make_procedure()
        procedure.legal_documents.add(document)
        delegate(procedure, level, document=document, article=f"Điều {n} khoản 2")
    assert count_queries(client, document.get_absolute_url()) == before


def test_province_page(client, make_procedure, level):
    before = count_queries(client, "/tinh/ha-noi/")
    for _ in range(20):
        delegate(make_procedure(level=level("ubnd-tinh")), level)
    assert count_queries(client, "/tinh/ha-noi/") == before


def test_province_chooser(client):
    before = count_queries(client, "/chon-tinh/")
    client.cookies[COOKIE_NAME] = "ha-noi"
    assert count_queries(client, "/chon-tinh/") == before + 1


@pytest.mark.parametrize(
    "url",
    ["/ban-in/", "/linh-vuc/linh-vuc-dem-truy-van/ban-in/", "/cap/ubnd-xa/ban-in/?ngay=2026-01-01"],
)
def test_print_views(client, make_procedure, level, publish_guidance, new_field, url):
    publish_guidance(make_procedure(field=new_field, level=level("ubnd-xa")))
    before = count_queries(client, url)
    for _ in range(10):
        procedure = make_procedure(field=new_field, level=level("ubnd-xa"))
        publish_guidance(procedure, clock="- 5 ngày làm việc")
        make_procedure(field=new_field, level=level("ubnd-xa"))  # no guidance: the checklist
    assert count_queries(client, url) == before


def test_sitemap(client, make_procedure):
    before = count_queries(client, "/sitemap-thu-tuc.xml")
    for _ in range(20):
        make_procedure()
    assert count_queries(client, "/sitemap-thu-tuc.xml") == before
