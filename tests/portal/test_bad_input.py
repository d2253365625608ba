"""Bad parameters are a 400 that says why, never a 500, on SQLite and on PostgreSQL.

Each case here once crashed: a day past the calendar, "²" taken for a digit, an id too big for
SQLite, a NUL byte that PostgreSQL refuses. The JSON API answers ``{"error": ...}``.
"""

import json

import pytest
from django.http import parse_cookie

from portal.province_choice import COOKIE_NAME
from procedures.models import Procedure

TELECOM = "1.013899"
RADIATION = "1.014666"  # has seed guidance (fixtures/guidance/24-...)


@pytest.fixture
def telecom(db):
    return Procedure.objects.get(code=TELECOM)


def page(client, url, params=None, **extra):
    response = client.get(url, params or {}, **extra)
    return response.status_code, response.content.decode()


def api_error(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 400, (url, params, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert set(data) == {"error"} and data["error"]
    return data["error"]


@pytest.mark.parametrize(
    ("suffix", "params", "reason"),
    [
        ("", {"ngay": "9999-12-31"}, "nằm ngoài khoảng"),
        ("", {"ngay": "0001-01-01"}, "nằm ngoài khoảng"),
        ("", {"ngay": "2101-01-01"}, "nằm ngoài khoảng"),
        ("", {"tinh": "\x00"}, "ký tự điều khiển"),
        ("lich-su/", {"tinh": "\x00"}, "ký tự điều khiển"),
        ("lich-su/", {"tinh": "atlantis"}, "atlantis"),
        ("so-sanh/", {"den": "²"}, "den"),
        ("so-sanh/", {"den": "99999999999999999999"}, "den"),
        ("so-sanh/", {"tu": "99999999999999999999", "den": "1"}, "tu"),
        ("so-sanh/", {"den": "1\x00"}, "ký tự điều khiển"),
    ],
)
def test_procedure_pages_refuse_bad_parameters_with_a_reason(
    client, telecom, suffix, params, reason
):
    status, html = page(client, telecom.get_absolute_url() + suffix, params)
    assert status == 400
    assert reason in html and '<p role="alert">' in html


@pytest.mark.parametrize(
    ("code", "params", "reason"),
    [
        (RADIATION, {"ngay": "0001-01-01"}, "nằm ngoài khoảng"),
        (RADIATION, {"ngay": "9999-12-31"}, "nằm ngoài khoảng"),
        (RADIATION, {"tinh": "\x00"}, "ký tự điều khiển"),
        ("%00", {}, "ký tự điều khiển"),
        ("1.01466", {}, "Mã thủ tục"),
        ("abc", {}, "Mã thủ tục"),
    ],
)
def test_the_procedure_api_refuses_bad_parameters_in_json(client, code, params, reason):
    assert reason in api_error(client, f"/api/procedures/{code}", params)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "giay phep", "limit": "²"},
        {"q": "giay phep", "gioihan": "²"},
        {"q": "giay phep", "gioihan": "99999999999999999999"},
        {"q": "giay\x00phep"},
        {"q": "giay phep", "ngay": "9999-12-31"},
        {"q": "giay phep", "linhvuc": "\x00"},
    ],
)
def test_the_search_api_refuses_bad_parameters_in_json(client, params):
    api_error(client, "/api/search", params)


def test_suggestions_refuse_a_nul_in_json(client):
    api_error(client, "/api/suggest", {"q": "giay\x00"})


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/tim-kiem/", {"q": "giay\x00phep"}),
        ("/tim-kiem/", {"q": "giay phep", "cap": "\x00"}),
        ("/tim-kiem/", {"q": "giay phep", "trang": "²"}),
        ("/cap/ubnd-tinh/", {"linhvuc": "\x00"}),
        ("/cap/ubnd-tinh/", {"ngay": "9999-12-31"}),
        ("/cap/ubnd-tinh/ban-in/", {"ngay": "0001-01-01"}),
        ("/linh-vuc/vien-thong-va-internet/", {"trang": "\x00"}),
        ("/hoi-dap/", {"q": "\x00"}),
        ("/hoi-dap/", {"linhvuc": "\x01"}),
        ("/cap-nhat/", {"x": "\x00"}),
        ("/cap-nhat/atom/", {"x": "\x00"}),
    ],
)
def test_listings_refuse_control_characters_and_days_out_of_range(client, url, params):
    assert page(client, url, params)[0] == 400


@pytest.mark.parametrize("cookie", ['"\\000"', "\x00", "ha noi", "atlantis", '"ha-noi\\012"'])
def test_a_broken_province_cookie_is_ignored(client, telecom, cookie):
    client.cookies[COOKIE_NAME] = cookie
    status, html = page(client, telecom.get_absolute_url())
    assert status == 200 and "Chưa chọn tỉnh." in html
    assert page(client, "/")[0] == 200
    assert page(client, telecom.get_absolute_url() + "lich-su/")[0] == 200


def test_the_cookie_camnang_tinh_quoted_nul_is_ignored(client, telecom):
    """Django unquotes ``camnang_tinh="\\000"`` into a NUL byte, which PostgreSQL refuses."""
    header = f'{COOKIE_NAME}="\\000"'
    assert parse_cookie(header)[COOKIE_NAME] == "\x00"
    response = client.get(telecom.get_absolute_url(), HTTP_COOKIE=header)
    assert response.status_code == 200 and "Chưa chọn tỉnh." in response.content.decode()


def test_the_province_chooser_refuses_a_nul_as_an_unknown_province(client):
    response = client.post("/chon-tinh/", {"tinh": "ha\x00noi", "next": "/"})
    assert response.status_code == 400
    assert "Không có tỉnh, thành phố này trong 34 đơn vị." in response.content.decode()


@pytest.mark.parametrize("day", ["2000-01-01", "2100-12-31"])
def test_the_first_and_last_days_read(client, telecom, day):
    """Nothing behind the pages overflows at the edges of the days accepted."""
    assert page(client, telecom.get_absolute_url(), {"ngay": day})[0] == 200
    response = client.get(f"/api/procedures/{RADIATION}", {"ngay": day, "tinh": "ha-noi"})
    assert response.status_code == 200 and response.json()["as_of"] == day
    assert page(client, "/cap/ubnd-tinh/", {"ngay": day})[0] == 200
    assert page(client, "/cap/ubnd-tinh/ban-in/", {"ngay": day})[0] == 200
    assert page(client, "/tim-kiem/", {"q": "giay phep", "ngay": day, "cap": "ubnd-tinh"})[0] == 200
    assert client.get("/api/search", {"q": "giay phep", "ngay": day}).status_code == 200


def test_date_inputs_offer_only_the_days_accepted(client, telecom):
    bounds = 'min="2000-01-01" max="2100-12-31"'
    assert bounds in page(client, "/cap/ubnd-tinh/")[1]
    assert bounds in page(client, "/tim-kiem/", {"q": "giay phep"})[1]
    assert bounds in page(client, telecom.get_absolute_url())[1]
