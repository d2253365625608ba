"""CORS: the read-only JSON API is shared with any origin, nothing else is (issue 15)."""

import pytest


@pytest.mark.parametrize(
    "url", ["/api/procedures", "/api/suggest?q=gi%E1%BA%A5y", "/api/search?q=x"]
)
def test_the_api_answers_any_origin(client, url):
    response = client.get(url, HTTP_ORIGIN="https://tinh.example.vn")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_under_api_is_answered(client):
    response = client.options("/api/procedures", HTTP_ORIGIN="https://tinh.example.vn")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("url", ["/", "/admin/", "/cau-hoi/", "/ho-tro-dia-phuong/"])
def test_pages_and_admin_are_not_shared(client, url):
    response = client.get(url, HTTP_ORIGIN="https://tinh.example.vn")
    assert "Access-Control-Allow-Origin" not in response


def test_a_write_method_under_api_is_not_shared(client):
    response = client.post("/api/procedures", HTTP_ORIGIN="https://tinh.example.vn")
    assert "Access-Control-Allow-Origin" not in response
