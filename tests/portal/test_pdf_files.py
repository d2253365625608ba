"""PDFs are built ahead, once per content version, and served as files: an anonymous request
never lays one out (issue 12)."""

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from portal import pdf_files
from portal.views import printing

FIELD_PDF = "/linh-vuc/vien-thong-va-internet/cam-nang.pdf"


@pytest.fixture(autouse=True)
def pdf_root(settings, tmp_path):
    settings.CAMNANG_PDF_ROOT = tmp_path / "pdf"
    return settings.CAMNANG_PDF_ROOT


def build(*urls) -> str:
    out = StringIO()
    call_command("build_pdfs", *urls, stdout=out)
    return out.getvalue()


def test_an_anonymous_request_never_builds_a_pdf(client):
    with mock.patch.object(printing, "html_to_pdf") as layout:
        response = client.get(FIELD_PDF)
    layout.assert_not_called()
    assert response.status_code == 404
    assert "Mở bản in" in response.content.decode()
    assert "/linh-vuc/vien-thong-va-internet/ban-in/" in response.content.decode()


def test_a_built_pdf_is_served_as_a_file_without_laying_it_out(client, pdf_root):
    assert "1 built" in build(FIELD_PDF)
    assert len(list(pdf_root.rglob("*.pdf"))) == 1
    with mock.patch.object(printing, "html_to_pdf") as layout:
        response = client.get(FIELD_PDF)
        content = b"".join(response.streaming_content)
    layout.assert_not_called()
    assert response.status_code == 200 and content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        'attachment; filename="cam-nang-vien-thong-va-internet.pdf"'
    )
    # Built already: the command skips it.
    assert "0 built, 1 already built" in build(FIELD_PDF)


def test_a_new_content_version_needs_a_new_build(client, pdf_root, publish_guidance):
    from procedures.models import Procedure

    build(FIELD_PDF)
    old = pdf_files.content_version()
    publish_guidance(Procedure.objects.get(code="1.013899"), receiving_deciding="Mới.")
    assert pdf_files.content_version() != old
    assert client.get(FIELD_PDF).status_code == 404  # not built for the new content yet
    out = build(FIELD_PDF)
    assert "1 built" in out and "1 older version(s) removed" in out
    assert [p.name for p in pdf_root.iterdir()] == [pdf_files.content_version()]
    assert client.get(FIELD_PDF).status_code == 200


def test_a_signed_in_official_gets_a_pdf_built_and_kept(client, pdf_root):
    client.force_login(get_user_model().objects.get(username="canbo.xa.hanoi"))
    assert client.get(FIELD_PDF).status_code == 200
    assert len(list(pdf_root.rglob("*.pdf"))) == 1
    client.logout()
    assert client.get(FIELD_PDF).status_code == 200  # now a file for everyone


def test_build_pdfs_lists_every_pdf():
    from portal.management.commands.build_pdfs import every_pdf_url

    urls = every_pdf_url()
    assert urls[0] == "/cam-nang.pdf"
    assert FIELD_PDF in urls and "/cap/ubnd-tinh/cam-nang.pdf" in urls


def test_build_pdfs_refuses_what_is_no_pdf():
    with pytest.raises(CommandError, match="not a PDF"):
        build("/tim-kiem/")
    with pytest.raises(CommandError, match="no such page"):
        build("/khong-co/cam-nang.pdf")
