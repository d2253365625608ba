"""The reader pages of changes: word diffs, Atom feeds, editions and their print view."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from handbook import services
from handbook.models import Guidance, Revision
from procedures.models import Field

S = Revision.Status
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_public_diff_page_is_readable_and_accessible(client, guidance, make_revision):
    old = make_revision(guidance, status=S.PUBLISHED, text="Sở KH&CN quyết định.")
    new = make_revision(
        guidance, status=S.PUBLISHED, text="UBND tỉnh quyết định.", change_note="Đổi thẩm quyền"
    )
    url = f"/thu-tuc/{guidance.procedure.slug}/so-sanh/"
    html = client.get(url, {"tu": old.pk, "den": new.pk}).content.decode()
    assert '<del><span class="visually-hidden">[bỏ: </span>Sở KH&amp;CN<span' in html
    assert '<ins><span class="visually-hidden">[thêm: </span>UBND tỉnh<span' in html
    assert "Đổi thẩm quyền" in html and "Không thay đổi:" in html
    # Without "tu", the revision is compared with the one before it.
    assert client.get(url, {"den": new.pk}).content.decode().count("<del><span") == 1


@pytest.mark.parametrize(
    "params",
    [{}, {"den": "abc"}, {"den": "999999"}, {"tu": "1x", "den": "1"}, {"den": "draft"}],
    ids=["missing", "not-a-number", "unknown", "bad-from", "draft"],
)
def test_the_diff_page_refuses_bad_input_with_400(client, guidance, make_revision, params):
    draft = make_revision(guidance)
    if params.get("den") == "draft":
        params = {"den": draft.pk}
    response = client.get(f"/thu-tuc/{guidance.procedure.slug}/so-sanh/", params)
    assert response.status_code == 400
    assert '<p role="alert">' in response.content.decode()


def test_only_revisions_of_the_same_track_are_compared(client, guidance, make_revision, hanoi):
    national = make_revision(guidance, status=S.PUBLISHED)
    note = make_revision(guidance, status=S.PUBLISHED, province=hanoi)
    response = client.get(
        f"/thu-tuc/{guidance.procedure.slug}/so-sanh/", {"tu": national.pk, "den": note.pk}
    )
    assert response.status_code == 400


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def test_feeds_announce_major_changes_per_field_and_province(
    client, make_procedure, make_revision, hanoi, danang
):
    radio = Field.objects.exclude(slug="vien-thong-va-internet").first()
    telecom_guidance = Guidance.objects.create(procedure=make_procedure(name="Thủ tục viễn thông"))
    radio_guidance = Guidance.objects.create(
        procedure=make_procedure(name="Thủ tục vô tuyến", field=radio)
    )
    make_revision(telecom_guidance, status=S.PUBLISHED, change_note="Lớn")
    make_revision(
        telecom_guidance,
        status=S.PUBLISHED,
        change_kind=Revision.ChangeKind.MINOR,
        text="Sửa nhỏ",
        change_note="Chính tả",
    )
    make_revision(radio_guidance, status=S.PUBLISHED, change_note="Vô tuyến")
    make_revision(telecom_guidance, status=S.PUBLISHED, province=hanoi, change_note="HN")
    make_revision(telecom_guidance, status=S.PUBLISHED, province=danang, change_note="ĐN")

    everything = feed_entries(client, "/cap-nhat/atom/")
    assert everything.count("Thủ tục viễn thông") == 1  # the minor one is not announced
    assert "Thủ tục vô tuyến" in everything
    field = feed_entries(client, f"/cap-nhat/linh-vuc/{radio.slug}/atom/")
    assert "Thủ tục vô tuyến" in field and "Thủ tục viễn thông" not in field
    province = feed_entries(client, "/cap-nhat/tinh/ha-noi/atom/")
    assert "Thủ tục viễn thông — ghi chú của Hà Nội" in province
    assert "Thủ tục viễn thông — ghi chú của Đà Nẵng" not in province
    assert "Thủ tục vô tuyến" in province  # national changes apply in every province
    assert client.get("/cap-nhat/tinh/atlantis/atom/").status_code == 404


def test_a_withdrawal_is_dated_in_vietnam_time_in_the_feed(client, guidance, make_revision):
    live = make_revision(guidance, status=S.PUBLISHED, change_note="Lớn")
    services.revision_withdraw(revision=live, user=None, reason="Sai đối tượng")
    # 20:00 UTC on 1 March is 03:00 on 2 March in Vietnam
    Revision.objects.filter(pk=live.pk).update(
        ended_at=datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    )
    body = client.get("/cap-nhat/atom/").content.decode()
    assert "Đã rút ngày 02/03/2026: Sai đối tượng" in body


def test_pages_link_their_feeds(client, guidance, make_revision):
    make_revision(guidance, status=S.PUBLISHED)
    html = client.get(guidance.procedure.get_absolute_url(), {"tinh": "ha-noi"}).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert f'href="/cap-nhat/linh-vuc/{guidance.procedure.field.slug}/atom/"' in html
    assert 'href="/cap-nhat/tinh/ha-noi/atom/"' in html


def test_the_print_version_of_an_old_edition_shows_its_own_revisions(client, two_editions):
    one, _two, _first, _second = two_editions
    html = client.get(f"/an-ban/{one.slug}/ban-in/").content.decode()
    assert "Văn bản của ấn bản 2026.10" in html
    assert "Văn bản mới sau ấn bản" not in html
    assert "Cẩm nang 2026.10" in html


def test_edition_pages_show_release_notes_and_what_changed_since(client, two_editions):
    one, two, _first, second = two_editions
    detail = client.get(two.get_absolute_url()).content.decode()
    assert "Cập nhật tháng 11" in detail and "Cập nhật thời hạn" in detail
    assert "<strong>tiên</strong>" in client.get(one.get_absolute_url()).content.decode()
    since = client.get(f"/an-ban/{one.slug}/thay-doi/").content.decode()
    assert "Cập nhật thời hạn" in since and f"den={second.pk}" in since
    assert "Không có thay đổi nào" in client.get(f"/an-ban/{two.slug}/thay-doi/").content.decode()
    changes = client.get("/cap-nhat/").content.decode()
    assert "Cẩm nang 2026.11" in changes and "Cập nhật thời hạn" in changes


def test_an_edition_counts_its_guidance_entries_not_province_notes(
    client, guidance, make_revision, users, hanoi
):
    make_revision(guidance, status=S.PUBLISHED)
    make_revision(guidance, status=S.PUBLISHED, province=hanoi, text="Ghi chú Hà Nội")
    edition = services.edition_publish(
        number="2026.12", release_notes="Tháng 12", user=users["publisher"]
    )
    entries = edition.revisions.filter(province=None).count()
    assert edition.revisions.count() == entries + 1
    detail = client.get(edition.get_absolute_url()).content.decode()
    assert f"{entries} mục hướng dẫn" in detail


def test_edition_print_refuses_an_unknown_province(client, two_editions):
    assert client.get(f"/an-ban/{two_editions[0].slug}/ban-in/", {"tinh": "x"}).status_code == 400


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_change_pages_keep_a_fixed_query_count(client, make_procedure, make_revision, users):
    publisher = users["publisher"]
    services.edition_publish(number="2025.12", release_notes="x", user=publisher)
    guidance = Guidance.objects.create(procedure=make_procedure())
    make_revision(guidance, status=S.PUBLISHED)
    edition = services.edition_publish(number="2026.01", release_notes="x", user=publisher)
    make_revision(guidance, status=S.PUBLISHED, text="Sau ấn bản")
    urls = [
        "/cap-nhat/",
        "/cap-nhat/atom/",
        f"/an-ban/{edition.slug}/",
        f"/an-ban/{edition.slug}/thay-doi/",
        f"/an-ban/{edition.slug}/ban-in/",
    ]
    before = [queries(client, url) for url in urls]
    for n in range(4):
        more = Guidance.objects.create(procedure=make_procedure())
        make_revision(more, status=S.PUBLISHED, change_note=f"Mới {n}")
        make_revision(guidance, status=S.PUBLISHED, text=f"Bản {n}")
    assert [queries(client, url) for url in urls] == before
    # An edition frozen after the growth holds more entries and changes: its pages cost the same.
    later = services.edition_publish(number="2026.02", release_notes="y", user=publisher)

    def edition_pages(e):
        return [queries(client, f"/an-ban/{e.slug}/{page}") for page in ("", "ban-in/")]

    assert edition_pages(later) == edition_pages(edition)
