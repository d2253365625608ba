"""Print views: published guidance compiled with a table of contents; the same as a PDF."""

import contextlib
import re
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer
from threading import Thread

import pytest
from django.contrib.auth import get_user_model

from delegation.models import Province
from handbook.services import revision_create_draft, revision_publish, revision_submit
from portal.pdf import html_to_pdf
from procedures.models import Procedure

TELECOM = "1.013899"


def test_field_print_compiles_published_guidance_with_a_table_of_contents(client, on_day):
    on_day("2026-11-27")
    telecom = Procedure.objects.get(code=TELECOM)
    html = client.get("/linh-vuc/vien-thong-va-internet/ban-in/").content.decode()
    assert f'<a href="#tt-{telecom.slug}">' in html  # in the table of contents
    assert f'<section class="entry" id="tt-{telecom.slug}"' in html
    assert "Ai tiếp nhận, ai quyết định" in html  # its guidance
    assert "Thủ tục của lĩnh vực chưa có hướng dẫn" in html
    # the date and the source URL go in the page margins, so they are on every printed page
    assert '@top-left { content: "Cẩm nang nghiệp vụ · in ngày 27/11/2026"; }' in html
    assert (
        '@bottom-left { content: "http://testserver/linh-vuc/vien-thong-va-internet/ban-in/"; }'
        in html
    )
    # other fields' guidance is not in it
    radio = Procedure.objects.exclude(guidance=None).exclude(field=telecom.field).first()
    assert f'id="tt-{radio.slug}"' not in html


def test_level_print_is_a_checklist_for_the_chosen_date_and_field(client):
    url = "/cap/bo/ban-in/?ngay=2025-06-30&linhvuc=vien-thong-va-internet"
    html = client.get(url).content.decode()
    telecom = Procedure.objects.get(code=TELECOM)
    assert '<ul class="print-checklist">' in html
    # The guided procedure is printed first, as an entry; the list after holds the unguided.
    guided_at = html.index(f'id="tt-{telecom.slug}"')
    checklist = html.split('<ul class="print-checklist">')[1].split("</ul>")[0]
    assert guided_at < html.index('<ul class="print-checklist">')
    assert telecom.name not in checklist and "<li>" in checklist
    assert "thủ tục giải quyết ngày 30/06/2025 · Viễn thông và Internet" in html
    after = client.get("/cap/bo/ban-in/?ngay=2025-07-01&linhvuc=vien-thong-va-internet")
    assert telecom.name not in after.content.decode()


def test_level_print_with_a_bad_date_is_a_400(client):
    response = client.get("/cap/bo/ban-in/?ngay=2025-02-30")
    assert response.status_code == 400 and "Ngày không hợp lệ" in response.content.decode()


def test_handbook_print_holds_every_published_entry(client):
    html = client.get("/ban-in/").content.decode()
    published = Procedure.objects.exclude(guidance=None).filter(
        guidance__revisions__status="published"
    )
    assert published.count() > 0
    for procedure in published:
        assert f'id="tt-{procedure.slug}"' in html


def test_a_province_note_is_not_printed_as_a_second_entry(client):
    telecom = Procedure.objects.get(code=TELECOM)
    note = revision_create_draft(
        guidance=telecom.guidance,
        author=None,
        province=Province.objects.get(slug="ha-noi"),
        sections={"notes": "Hà Nội nhận hồ sơ tại quầy số năm."},
        change_note="Ghi chú Hà Nội",
    )
    revision_publish(revision=revision_submit(revision=note, user=None), user=None)
    for url in ("/ban-in/", "/linh-vuc/vien-thong-va-internet/ban-in/"):
        html = client.get(url).content.decode()
        assert html.count(f'<section class="entry" id="tt-{telecom.slug}"') == 1
        assert "quầy số năm" not in html


def test_print_view_has_no_site_chrome_and_links_back(client):
    html = client.get("/linh-vuc/vien-thong-va-internet/ban-in/").content.decode()
    assert 'class="site-header"' not in html
    assert 'href="/linh-vuc/vien-thong-va-internet/"' in html
    assert 'href="/linh-vuc/vien-thong-va-internet/cam-nang.pdf"' in html


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/linh-vuc/vien-thong-va-internet/cam-nang.pdf", "cam-nang-vien-thong-va-internet.pdf"),
        ("/cap/ubnd-xa/cam-nang.pdf?ngay=2026-01-01", "cam-nang-ubnd-xa-2026-01-01.pdf"),
    ],
)
def test_pdf_download_made_for_a_signed_in_official(client, url, filename):
    client.force_login(get_user_model().objects.get(username="canbo.xa.hanoi"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_fetches_nothing_from_links_in_the_page():
    """An image or stylesheet in the page is never fetched, over HTTP or from disk (the print
    templates inline their stylesheet; nh3 already strips <img> from guidance)."""
    requested = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = html_to_pdf(
            f'<link rel="stylesheet" href="{url}/kieu.css"><link rel="stylesheet" '
            f'href="file:///etc/passwd"><p>Văn bản</p><img src="{url}/anh.png">',
            base_url=url + "/",
        )
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF-")
    assert requested == []


def test_a_long_checklist_is_cut_and_says_how_many_there_are(client, monkeypatch):
    url = "/linh-vuc/vien-thong-va-internet/ban-in/"
    field = Procedure.objects.get(code=TELECOM).field
    without_guidance = Procedure.objects.filter(field=field, guidance=None).count()
    assert without_guidance > 2
    html = client.get(url).content.decode()
    assert not re.search(r"In \d+ trên", html.split('id="danh-muc-h"')[1].split("</section>")[0])
    monkeypatch.setattr("portal.views.printing.PRINT_LIST_LIMIT", 2)
    section = client.get(url).content.decode().split('id="danh-muc-h"')[1].split("</section>")[0]
    assert f"In 2 trên {without_guidance} thủ tục" in section
    assert section.count("<li>") == 2


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects, with its compressed streams inflated (object streams hide the tags)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):  # a stream that is not deflated
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


def test_pdfs_are_tagged_for_screen_readers():
    pdf = html_to_pdf(
        '<html lang="vi"><head><title>Cẩm nang</title></head><body><h1>Thủ tục</h1>'
        "<ul><li>Hồ sơ</li></ul></body></html>",
        base_url="http://testserver/",
    )
    objects = _pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects  # the structure tree a screen reader follows
    assert b"/Marked true" in objects
    assert b"/H1" in objects and b"/LI" in objects
    assert b"/Lang" in objects
