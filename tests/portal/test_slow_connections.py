"""Slow connections: compressed pages within budget, and a revisit costs a 304."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from delegation.models import Province
from procedures.models import AuthorityLevel, LegalDocument, Procedure

HTML_BUDGET = 30 * 1024  # compressed HTML of a procedure page
PAGE_BUDGET = 60 * 1024  # the page and everything it loads, compressed


def record_size(procedure: Procedure) -> int:
    texts = [procedure.name, procedure.steps, procedure.channels, procedure.fees]
    texts += [procedure.requirements, procedure.time_limit_text, procedure.agency]
    return sum(map(len, texts)) + len(str(procedure.dossier)) + len(str(procedure.legal_basis))


@pytest.fixture
def largest_procedure():
    """The procedure with the longest record (the real data's worst case)."""
    return max(Procedure.objects.all(), key=record_size)


def pages():
    procedure = Procedure.objects.exclude(guidance=None).first()
    return [
        procedure.get_absolute_url(),
        AuthorityLevel.objects.get(slug="ubnd-tinh").get_absolute_url(),
        LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url(),
        Province.objects.get(slug="ha-noi").get_absolute_url(),
        "/linh-vuc/vien-thong-va-internet/",
        "/",
    ]


def test_pages_are_gzipped_for_browsers_that_accept_it(client):
    response = client.get(pages()[0], HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!doctype html>" in gzip.decompress(response.content)


@pytest.mark.parametrize("index", range(6))
def test_a_revisit_costs_a_304(client, index):
    url = pages()[index]
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_the_etag_changes_with_the_content(client, publish_guidance):
    procedure = Procedure.objects.filter(guidance=None).first()
    etag = client.get(procedure.get_absolute_url())["ETag"]
    publish_guidance(procedure, clock="- Thời hạn mới: 3 ngày làm việc.")
    response = client.get(procedure.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Thời hạn mới" in response.content.decode()


def test_the_etag_changes_with_the_language_and_the_province(client):
    url = pages()[0]
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in client.get(url)["Vary"].split(",")}
    etag = client.get(url)["ETag"]
    client.cookies["camnang_tinh"] = "ha-noi"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = client.get(url)["ETag"]
    client.cookies["django_language"] = "en"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_reader_pages_hold_no_per_visit_secret(client):
    """No CSRF token or cookie: the same page is the same bytes, so its ETag can match."""
    first = client.get(pages()[0])
    second = client.get(pages()[0])
    assert first.content == second.content
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "csrftoken" not in first.cookies


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def test_the_largest_procedure_page_is_within_budget(client, largest_procedure):
    response = client.get(largest_procedure.get_absolute_url())
    html = response.content
    assert compressed_size(html) < HTML_BUDGET, compressed_size(html)
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert assets  # the stylesheet
    total = compressed_size(html)
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as f:
            total += compressed_size(f.read())
    assert total < PAGE_BUDGET, total


def test_no_page_loads_anything_from_another_site(client):
    for url in pages():
        html = client.get(url).content.decode()
        tags = re.findall(r"<(?:link|script|img)[^>]*>", html)
        loaded = [t for t in tags if 'rel="canonical"' not in t]
        assets = [re.search(r'(?:href|src)="([^"]+)"', t).group(1) for t in loaded]
        assert all(a.startswith(("/", "data:")) for a in assets), (url, assets)
        assert "@font-face" not in html
