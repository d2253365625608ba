import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegation.models import Delegation
from procedures.models import LegalDocument, Procedure


def test_home_shows_search_and_fields(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="search"' in html
    assert "Viễn thông và Internet" in html


def test_procedure_page_shows_record_delegation_and_guidance(client):
    procedure = Procedure.objects.get(code="1.013899")
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert procedure.name in html
    assert "133/2025/NĐ-CP" in html and "Điều 4 khoản 1" in html
    assert "01/07/2025" in html
    assert "Ai tiếp nhận, ai quyết định" in html  # the published guidance


def test_missing_facts_are_shown_as_not_recorded(client):
    task = Procedure.objects.get(kind=Procedure.Kind.TASK)
    html = client.get(task.get_absolute_url()).content.decode()
    assert "chưa có dữ liệu" in html


def page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_procedure_page_queries_do_not_grow_with_its_data(client, make_procedure, level):
    small = make_procedure()
    big = make_procedure()
    documents = [
        LegalDocument.objects.create(number=f"{n}/2099/TT-THU", slug=f"tt-{n}", kind="thong_tu")
        for n in range(8)
    ]
    big.legal_documents.set(documents)
    for n, document in enumerate(documents):
        Delegation.objects.create(
            procedure=big,
            from_level=level("bo"),
            to_level=level("ubnd-tinh"),
            legal_document=document,
            article=f"Điều {n}",
        )
    assert page_queries(client, big.get_absolute_url()) == page_queries(
        client, small.get_absolute_url()
    )


@pytest.mark.parametrize("name", ["field", "level", "document", "province"])
def test_other_reader_pages_render(client, name):
    from delegation.models import Province
    from procedures.models import AuthorityLevel, Field

    obj = {
        "field": Field.objects.first,
        "level": lambda: AuthorityLevel.objects.get(slug="ubnd-tinh"),
        "document": lambda: LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        "province": Province.objects.first,
    }[name]()
    assert client.get(obj.get_absolute_url()).status_code == 200


def test_document_page_lists_what_it_delegates(client):
    html = client.get(
        LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url()
    ).content.decode()
    assert "Điều 4 khoản 1" in html and "Điều 29" in html


def test_level_page_lists_what_the_province_handles_today(client):
    html = client.get("/cap/ubnd-tinh/?linhvuc=vien-thong-va-internet").content.decode()
    assert "Cấp giấy phép cung cấp dịch vụ viễn thông không có hạ tầng mạng" in html
