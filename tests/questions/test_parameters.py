"""The question pages read the portal's parameter names; the old names give the same page."""

import pytest

from questions.models import MinistryUnit

URL = "/cau-hoi/"


@pytest.fixture
def signed_in(client, ministry):
    client.force_login(ministry)
    return client


def listed(client, params) -> list[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    return [q.pk for q in response.context["questions"]]


def test_the_question_list_filter_writes_the_new_names(signed_in):
    html = signed_in.get(URL).content.decode()
    for name in ("trangthai", "linhvuc", "donvi", "quahan"):
        assert f'name="{name}"' in html
    assert '<option value="vien-thong-va-internet">' in html  # fields by slug, not by id
    assert 'name="status"' not in html and 'name="field"' not in html


def test_old_names_and_ids_give_the_same_question_list(signed_in, ask, telecom_procedure):
    ask()
    field = telecom_procedure.field
    unit = MinistryUnit.objects.first()
    pairs = [
        ({"trangthai": "new"}, {"status": "new"}),
        ({"quahan": "on"}, {"overdue": "on"}),
        ({"linhvuc": field.slug}, {"field": str(field.pk)}),
        ({"donvi": unit.slug}, {"ministry_unit": str(unit.pk)}),
    ]
    for new, old in pairs:
        assert listed(signed_in, new) == listed(signed_in, old), (new, old)
    everything = listed(signed_in, {})
    assert listed(signed_in, {"trangthai": "new"}) != everything  # each filter narrows
    assert listed(signed_in, {"linhvuc": field.slug}) != everything


def test_the_question_list_is_paginated_with_trang(signed_in, monkeypatch):
    monkeypatch.setattr("questions.views.PAGE_SIZE", 2)
    html = signed_in.get(URL, {"trangthai": "answered"}).content.decode()
    assert "?trangthai=answered&amp;trang=2" in html and "page=" not in html
    second = signed_in.get(URL, {"status": "answered", "page": "2"})
    assert second.context["page"].number == 2


def test_the_ask_page_preselects_the_procedure_named_by_thutuc(client, asker, telecom_procedure):
    client.force_login(asker)
    for name in ("thutuc", "thu_tuc"):
        html = client.get("/cau-hoi/dat-cau-hoi/", {name: telecom_procedure.slug}).content.decode()
        assert f'name="procedure" value="{telecom_procedure.pk}"' in html
    plain = client.get("/cau-hoi/dat-cau-hoi/", {"thutuc": "khong phai slug"})
    assert plain.status_code == 200 and plain.context["preselected"] is None


@pytest.mark.parametrize("name", ["thu_tuc", "thutuc"])
def test_a_nul_in_the_ask_page_query_is_a_400(client, asker, name):
    client.force_login(asker)
    response = client.get("/cau-hoi/dat-cau-hoi/", {name: "\x00"})
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.content.decode()


def test_a_bad_question_list_value_is_refused_before_the_database(signed_in):
    assert signed_in.get(URL, {"linhvuc": "\x00"}).status_code == 400
    response = signed_in.get(URL, {"linhvuc": "khong-co"})
    assert response.status_code == 200 and response.context["filter"].form.errors
