"""The abbreviation table in the admin: editable by staff, with clear errors."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from search.models import Synonym


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="quantri"))
    return client


def test_the_seeded_abbreviations_are_there():
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"UBND", "TTHC", "KH&CN", "CGCN", "SHTT", "TĐC", "CNTT", "GP", "GCN", "VTĐ"} <= terms


def test_an_abbreviation_is_added_in_the_admin(admin_client):
    url = reverse("admin:search_synonym_add")
    response = admin_client.post(url, {"term": "GPBC", "meaning": "giấy phép bưu chính"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="GPBC")
    assert (synonym.term_key, synonym.meaning_key) == ("gpbc", "giay phep buu chinh")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "UBND", "meaning": "Ủy ban nhân dân"}, "đã có nghĩa này"),
        ({"term": "ubnd", "meaning": "uy ban nhan dan"}, "đã có nghĩa này"),
        ({"term": "!!", "meaning": "giấy phép"}, "ít nhất một chữ"),
        ({"term": "GP", "meaning": "gp"}, "phải khác"),
    ],
)
def test_bad_abbreviations_are_form_errors(admin_client, data, message):
    response = admin_client.post(reverse("admin:search_synonym_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
