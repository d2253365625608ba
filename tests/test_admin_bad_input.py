"""The admin answers a forged id or a parameter naming no field with a 4xx, never a 500.

Each case here once crashed (found by tests/test_fuzz.py).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from delegation.models import Delegation
from handbook.models import Guidance
from portal.selectors import expiring_bases


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.get(username="quantri"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/procedures/legaldocument/1.014655/history/",
        "/quan-tri/procedures/legaldocument/99999999999999999999/history/",
        "/quan-tri/handbook/revision/abc/history/",
        "/quan-tri/handbook/revision/1/history/abc/",
        "/quan-tri/handbook/revisioninreview/1.014655/change/",
        "/quan-tri/handbook/revisioninreview/²/change/",
        "/quan-tri/delegation/delegation/x/history/",
        "/quan-tri/support/followup/1.014655/history/",
        "/quan-tri/support/proficiency/abc/history/",
        "/quan-tri/support/concern/1/history/x/",
    ],
)
def test_a_forged_id_is_a_404(superuser_client, url):
    assert superuser_client.get(url).status_code == 404


def test_an_empty_to_field_is_a_400(superuser_client):
    response = superuser_client.get(
        "/quan-tri/questions/onlinesession/1/change/", {"_to_field": ""}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "params",
    [{"q": "\x00"}, {"kind__exact": "a\x00"}, {"\x00": "1"}],
)
def test_control_characters_in_the_admin_are_a_400(superuser_client, params):
    response = superuser_client.get("/quan-tri/procedures/procedure/", params)
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.content.decode()


@pytest.mark.parametrize("province", ["abc", "²", "99999999999999999999"])
def test_starting_a_draft_for_a_forged_province_is_a_404(superuser_client, province):
    guidance = Guidance.objects.first()
    response = superuser_client.post(
        f"/quan-tri/handbook/revision/soan-ban-nhap/{guidance.pk}/", {"province": province}
    )
    assert response.status_code == 404


def test_expiring_bases_on_the_last_day_of_the_calendar():
    delegations = list(Delegation.objects.select_related("legal_document")[:50])
    assert expiring_bases(delegations, datetime.date.max) == []
