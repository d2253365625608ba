"""The province chooser: a cookie, no login; other apps read it with selected_province()."""

from django.test import RequestFactory

from delegation.models import Province
from portal.province_choice import COOKIE_NAME, selected_province
from procedures.models import Procedure


def choose(client, slug: str, next_url: str = "/"):
    return client.post("/chon-tinh/", {"tinh": slug, "next": next_url})


def test_choosing_a_province_sets_a_long_lived_cookie_and_goes_back(client):
    response = choose(client, "ha-noi", next_url="/cap/ubnd-xa/")
    assert response.status_code == 302 and response["Location"] == "/cap/ubnd-xa/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "ha-noi"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_choice_is_shown_on_every_page(client):
    choose(client, "ha-noi")
    home = client.get("/").content.decode()
    assert 'Tỉnh của bạn: <a href="/tinh/ha-noi/">Hà Nội</a>' in home
    procedure = Procedure.objects.exclude(guidance=None).first()
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "Đang xem cho Hà Nội." in page
    assert "Đây là tỉnh bạn đã chọn." in client.get("/tinh/ha-noi/").content.decode()


def test_forgetting_the_choice_deletes_the_cookie(client):
    choose(client, "ha-noi")
    response = choose(client, "")
    assert response.cookies[COOKIE_NAME].value == ""
    assert "Chọn tỉnh của bạn" in client.get("/").content.decode()


def test_an_unknown_province_is_a_form_error_and_keeps_the_cookie(client):
    choose(client, "ha-noi")
    response = choose(client, "atlantis")
    assert response.status_code == 400
    assert "Không có tỉnh, thành phố này trong 34 đơn vị." in response.content.decode()
    assert COOKIE_NAME not in response.cookies


def test_next_must_stay_on_this_site(client):
    response = choose(client, "ha-noi", next_url="https://example.com/phishing")
    assert response["Location"] == "/tinh/ha-noi/"


def test_the_chooser_form_lists_the_34_provinces_and_preselects_the_choice(client):
    choose(client, "hue")
    html = client.get("/chon-tinh/?next=/cap/so/").content.decode()
    chooser = html.split('name="tinh"')[1].split("</select>")[0]
    assert chooser.count("<option value=") == 35  # 34 provinces and "no province"
    assert '<option value="hue" selected>' in html
    assert 'name="next" value="/cap/so/"' in html


def test_selected_province_reads_the_cookie_once_per_request(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = "ha-noi"
    hanoi = Province.objects.get(slug="ha-noi")
    with django_assert_num_queries(1):
        assert selected_province(request) == hanoi
        assert selected_province(request).name == "Hà Nội"


def test_selected_province_is_none_without_a_valid_cookie(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        assert selected_province(request) is None
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = "khong-co"
    assert selected_province(request) is None


def test_the_chooser_works_without_a_csrf_token(client):
    strict = client.__class__(enforce_csrf_checks=True)
    response = strict.post("/chon-tinh/", {"tinh": "ha-noi", "next": "/"})
    assert response.status_code == 302
