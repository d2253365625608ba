"""The results page, the JSON API and the suggestions: what officials see, and bad input.

The parameters are the portal's (linhvuc, cap, ngay, hinhthuc, vanban, tinhtrang, trang,
gioihan); the names used before (field, level, on, kind, document, status, page, limit) give the
same answers.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegation.models import Delegation
from procedures.models import Field, LegalDocument, Procedure
from search.indexing import refresh_procedures
from tests.conftest import needs_reference


def made(make_procedure, **values):
    procedure = make_procedure(**values)
    refresh_procedures([procedure.pk])
    return procedure


def kites(make_procedure, count, **values):
    return [
        made(make_procedure, name=f"Cấp phép bay khinh khí cầu loại {n}", **values)
        for n in range(count)
    ]


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return len(ctx.captured_queries)


# The results page ----------------------------------------------------------------------------


def test_results_show_highlights_snippet_and_the_level_handling_it(client, make_procedure, level):
    made(
        make_procedure,
        name="Cấp phép bay khinh khí cầu",
        result="Giấy phép bay khinh khí cầu",
        level=level("ubnd-tinh"),
    )
    html = client.get("/tim-kiem/", {"q": "khinh khi cau"}).content.decode()
    assert "<mark>khinh</mark> <mark>khí</mark> <mark>cầu</mark>" in html
    assert 'class="snippet"' in html and "Giấy phép bay" in html
    assert "UBND cấp tỉnh" in html
    assert "1 kết quả" in html


def test_a_level_not_known_on_the_day_is_shown_as_not_recorded(client, make_procedure):
    made(make_procedure, name="Cấp phép bay khinh khí cầu", level=None)
    html = client.get("/tim-kiem/", {"q": "khinh khi cau"}).content.decode()
    assert "chưa có dữ liệu" in html


def test_pagination_keeps_the_query_and_filters(client, make_procedure):
    kites(make_procedure, 25)
    response = client.get("/tim-kiem/", {"q": "khinh khi cau", "tinhtrang": "con_hieu_luc"})
    html = response.content.decode()
    assert 'aria-current="page">1<' in html
    assert "?q=khinh+khi+cau&amp;tinhtrang=con_hieu_luc&amp;trang=2" in html
    second = client.get(
        "/tim-kiem/", {"q": "khinh khi cau", "tinhtrang": "con_hieu_luc", "trang": 2}
    )
    assert 'aria-current="page">2<' in second.content.decode()
    assert second.content.decode().count("<mark>khinh</mark>") >= 5


def test_old_parameter_names_give_the_same_page_with_links_in_the_new_names(client, make_procedure):
    kites(make_procedure, 25)
    new = client.get("/tim-kiem/", {"q": "khinh khi cau", "tinhtrang": "con_hieu_luc", "trang": 2})
    old = client.get("/tim-kiem/", {"q": "khinh khi cau", "status": "con_hieu_luc", "page": 2})
    assert old.status_code == new.status_code == 200
    assert old.content.decode() == new.content.decode()
    assert "trang=1" in old.content.decode() and "page=" not in old.content.decode()


def test_an_exact_code_goes_straight_to_the_procedure(client, make_procedure):
    procedure = made(make_procedure, name="Cấp phép bay khinh khí cầu", code="9.000123")
    response = client.get("/tim-kiem/", {"q": "9.000123"})
    assert response.status_code == 302
    assert response["Location"] == procedure.get_absolute_url()


def test_an_exact_name_goes_straight_to_the_procedure(client, make_procedure):
    procedure = made(make_procedure, name="Cấp phép bay khinh khí cầu")
    response = client.get("/tim-kiem/", {"q": "cap phep bay khinh khi cau"})
    assert response.status_code == 302
    assert response["Location"] == procedure.get_absolute_url()
    # with a filter chosen, the official stays on the results
    filtered = client.get(
        "/tim-kiem/", {"q": "cap phep bay khinh khi cau", "tinhtrang": "con_hieu_luc"}
    )
    assert filtered.status_code == 200


def test_no_results_says_so_and_how_to_search(client):
    html = client.get("/tim-kiem/", {"q": "zzqxw"}).content.decode()
    assert "Không tìm thấy thủ tục nào" in html
    assert "1.005442" in html  # the hint shows how a code looks


def test_an_empty_query_shows_the_form(client):
    response = client.get("/tim-kiem/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "!!!"}, "dấu câu"),
        ({"q": "x" * 201}, "200"),
        ({"q": "giay phep", "field": "khong-co"}, "Lĩnh vực"),
        ({"q": "giay phep", "level": "huyen"}, "Cấp giải quyết"),
        ({"q": "giay phep", "kind": "bogus"}, "Hình thức"),
        ({"q": "giay phep", "status": "bogus"}, "Tình trạng"),
        ({"q": "giay phep", "document": "khong-co"}, "Văn bản"),
        ({"q": "giay phep", "on": "31/02/2025"}, "Vào ngày"),
        ({"q": "giay phep", "page": "0"}, "Trang"),
        ({"q": "giay phep", "page": "abc"}, "Trang"),
        ({"q": "giay phep", "linhvuc": "khong-co"}, "Lĩnh vực"),
        ({"q": "giay phep", "cap": "huyen"}, "Cấp giải quyết"),
        ({"q": "giay phep", "hinhthuc": "bogus"}, "Hình thức"),
        ({"q": "giay phep", "tinhtrang": "bogus"}, "Tình trạng"),
        ({"q": "giay phep", "vanban": "khong-co"}, "Văn bản"),
        ({"q": "giay phep", "ngay": "31/02/2025"}, "Vào ngày"),
        ({"q": "giay phep", "ngay": "2101-01-01"}, "Vào ngày"),
        ({"q": "giay phep", "trang": "0"}, "Trang"),
        ({"q": "giay phep", "trang": "²"}, "Trang"),
        ({"q": "giay phep", "linhvuc": "không có"}, "Lĩnh vực"),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, params, message):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and message in html


def test_facets_count_the_matches_and_combine(client, make_procedure, level):
    other = Field.objects.create(name="Hàng không thử", slug="hang-khong-thu")
    kites(make_procedure, 3)
    kites(make_procedure, 2, field=other, status=Procedure.Status.ABOLISHED)
    html = client.get("/tim-kiem/", {"q": "khinh khi cau"}).content.decode()
    link = 'href="?q=khinh+khi+cau&amp;linhvuc=hang-khong-thu">Hàng không thử</a>'
    assert f'{link} <span class="count">2</span>' in html
    assert '>Đã bãi bỏ</a> <span class="count">2</span>' in html
    narrowed = client.get(
        "/tim-kiem/", {"q": "khinh khi cau", "linhvuc": "hang-khong-thu", "tinhtrang": "bai_bo"}
    ).content.decode()
    assert "2 kết quả" in narrowed
    assert "bỏ lọc" in narrowed


def test_the_level_filter_reads_the_day(client, make_procedure, level, day):
    procedure = made(make_procedure, name="Cấp phép bay khinh khí cầu", level=level("bo"))
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        effective_from=day("2025-07-01"),
    )
    params = {"q": "khinh khi cau", "cap": "ubnd-tinh"}
    before = client.get("/tim-kiem/", {**params, "ngay": "2025-06-30"}).content.decode()
    after = client.get("/tim-kiem/", {**params, "ngay": "2025-07-01"}).content.decode()
    assert "<mark>khinh</mark>" not in before  # the ministry still handled it that day
    assert "<mark>khinh</mark>" in after


def test_the_kind_and_document_filters(client, make_procedure, level):
    procedure, _other = kites(make_procedure, 2)
    document = LegalDocument.objects.create(
        number="555/2099/NĐ-CP", slug="nd-555", kind="nghi_dinh"
    )
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        kind=Delegation.Kind.DECENTRALISATION,
        legal_document=document,
    )
    for params in [{"hinhthuc": "phan_cap"}, {"vanban": "nd-555"}, {"kind": "phan_cap"}]:
        html = client.get("/tim-kiem/", {"q": "khinh khi cau", **params}).content.decode()
        assert "1 kết quả" in html and "<mark>cầu</mark> loại 0" in html


def test_the_results_page_queries_do_not_grow_with_the_matches(client, make_procedure):
    kites(make_procedure, 2)
    url = "/tim-kiem/?q=khinh+khi+cau"
    few = queries(client, url)
    kites(make_procedure, 30)
    assert queries(client, url) <= few


# The JSON API --------------------------------------------------------------------------------


def test_api_search_returns_the_best_first(client, make_procedure, level):
    procedure = made(
        make_procedure,
        name="Cấp phép bay khinh khí cầu",
        code="9.000321",
        level=level("ubnd-tinh"),
        result="Giấy phép bay khinh khí cầu",
    )
    kites(make_procedure, 3)
    response = client.get("/api/search", {"q": "cap phep bay khinh khi cau", "gioihan": 2})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["query"] == "cap phep bay khinh khi cau"
    assert data["count"] == 4 and data["count_is_exact"] is True
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert first == {
        "code": "9.000321",
        "name": "Cấp phép bay khinh khí cầu",
        "url": "http://testserver" + procedure.get_absolute_url(),
        "field": procedure.field.name,
        "handled_by": "Ủy ban nhân dân cấp tỉnh",
        "snippet": "Giấy phép bay khinh khí cầu",
    }


def test_api_search_takes_the_page_filters(client, make_procedure):
    kites(make_procedure, 2)
    kites(make_procedure, 1, status=Procedure.Status.ABOLISHED)
    for status in ({"tinhtrang": "bai_bo"}, {"status": "bai_bo"}):
        data = json.loads(client.get("/api/search", {"q": "khinh khi cau", **status}).content)
        assert data["count"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "?!"},
        {"q": "x" * 201},
        {"q": "giay", "limit": "0"},
        {"q": "giay", "limit": "51"},
        {"q": "giay", "limit": "abc"},
        {"q": "giay", "limit": "-1"},
        {"q": "giay", "field": "khong-co"},
        {"q": "giay", "on": "hom-nay"},
        {"q": "giay", "status": "bogus"},
        {"q": "giay", "gioihan": "0"},
        {"q": "giay", "gioihan": "²"},
        {"q": "giay", "gioihan": "99999999999999999999"},
        {"q": "giay", "linhvuc": "khong-co"},
        {"q": "giay", "ngay": "9999-12-31"},
        {"q": "giay", "tinhtrang": "bogus"},
    ],
)
def test_api_search_rejects_bad_parameters_with_a_reason(client, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    data = json.loads(response.content)
    assert set(data) == {"error"} and data["error"]


def test_api_search_queries_do_not_grow_with_the_matches(client, make_procedure):
    kites(make_procedure, 2)
    url = "/api/search?q=khinh+khi+cau&gioihan=50"
    few = queries(client, url)
    kites(make_procedure, 30)
    assert queries(client, url) <= few


@needs_reference
def test_api_search_finds_a_citation(client):
    data = json.loads(client.get("/api/search", {"q": "Điều 4 133/2025"}).content)
    assert data["count"] >= 9
    assert data["results"][0]["handled_by"] == "Ủy ban nhân dân cấp tỉnh"


# Suggestions ---------------------------------------------------------------------------------


def test_suggest_completes_names(client, make_procedure):
    procedure = made(make_procedure, name="Cấp phép bay khinh khí cầu", code="9.000777")
    data = json.loads(client.get("/api/suggest", {"q": "khinh khi c"}).content)
    assert data["query"] == "khinh khi c"
    shown = [{k: s[k] for k in ("code", "name", "url")} for s in data["suggestions"]]
    assert {"code": "9.000777", "name": procedure.name, "url": procedure.get_absolute_url()} in (
        shown
    )


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "..."}, {"q": "y" * 201}])
def test_suggest_rejects_a_bad_query(client, params):
    response = client.get("/api/suggest", params)
    assert response.status_code == 400
    assert "error" in json.loads(response.content)


def test_suggest_queries_do_not_grow_with_the_matches(client, make_procedure):
    kites(make_procedure, 2)
    url = "/api/suggest?q=khinh+khi"
    few = queries(client, url)
    kites(make_procedure, 30)
    assert queries(client, url) <= few


def test_search_boxes_offer_suggestions(client):
    html = client.get("/").content.decode()
    assert 'data-suggest="/api/suggest"' in html
    assert "js/search-suggest.js" in html


def test_guided_results_are_marked_and_come_first_among_equals(client):
    from handbook.models import Revision

    guided = (
        Revision.objects.published().national().select_related("guidance__procedure").first()
    ).guidance.procedure
    # Not the whole name: an exact name goes straight to the procedure.
    words = guided.name.split()
    html = client.get("/tim-kiem/", {"q": " ".join(words[: max(3, len(words) - 2)])})
    html = html.content.decode()
    first = html.split('class="result-name"')[1].split("</li>")[0]
    assert "Có hướng dẫn" in first
    # An unguided result carries no badge.
    unguided = html.split('class="result-name"')[2:]
    assert any("Có hướng dẫn" not in row.split("</li>")[0] for row in unguided) or not unguided
