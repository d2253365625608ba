"""An edition prints (and downloads as PDF) exactly the revisions it froze, with a province's
notes frozen with them on request (?tinh=)."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from delegation.models import Province
from handbook import services
from handbook.models import Guidance, Revision


def publish(guidance, text, editor, publisher):
    revision = services.revision_create_draft(
        guidance=guidance,
        author=editor,
        sections={"receiving_deciding": text},
        change_note=f"Ghi chú: {text}",
    )
    services.revision_submit(revision=revision, user=editor)
    return services.revision_publish(revision=revision, user=publisher)


def test_the_edition_print_shows_the_frozen_text_not_the_current_one(client, make_procedure):
    users = get_user_model().objects
    editor, publisher = users.get(username="bientap.bo"), users.get(username="canbo.bo")
    guidance = Guidance.objects.create(procedure=make_procedure(name="Thủ tục của ấn bản thử"))
    publish(guidance, "Văn bản trong ấn bản", editor, publisher)
    edition = services.edition_publish(number="2026.10", release_notes="Thử", user=publisher)
    publish(guidance, "Văn bản mới sau ấn bản", editor, publisher)
    assert (
        Revision.objects.published()
        .get(guidance=guidance)
        .receiving_deciding.startswith("Văn bản mới")
    )

    html = client.get(f"/an-ban/{edition.slug}/ban-in/").content.decode()
    assert "Văn bản trong ấn bản" in html and "Văn bản mới sau ấn bản" not in html
    assert edition.title in html and "không phải bản hiện hành" in html

    # Built ahead (an anonymous request never builds one), then served as a file.
    call_command("build_pdfs", f"/an-ban/{edition.slug}/cam-nang.pdf", stdout=StringIO())
    pdf = client.get(f"/an-ban/{edition.slug}/cam-nang.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert f"cam-nang-{edition.slug}.pdf" in pdf["Content-Disposition"]


def test_an_unknown_edition_is_a_404(client):
    assert client.get("/an-ban/1999-01/ban-in/").status_code == 404


def test_the_old_edition_print_address_redirects_for_good_with_its_query(client):
    publisher = get_user_model().objects.get(username="canbo.bo")
    edition = services.edition_publish(number="2026.09", release_notes="Thử", user=publisher)
    response = client.get(f"/an-ban/{edition.slug}/in/?tinh=ha-noi")
    assert response.status_code == 301
    assert response["Location"] == f"/an-ban/{edition.slug}/ban-in/?tinh=ha-noi"
    plain = client.get(f"/an-ban/{edition.slug}/in/")
    assert plain.status_code == 301 and plain["Location"] == f"/an-ban/{edition.slug}/ban-in/"


def test_the_edition_print_adds_the_province_notes_it_froze(client, make_procedure):
    users = get_user_model().objects
    editor, publisher = users.get(username="bientap.bo"), users.get(username="canbo.bo")
    hanoi_staff = users.get(username="canbo.so.hanoi")
    hanoi = Province.objects.get(slug="ha-noi")
    guidance = Guidance.objects.create(procedure=make_procedure(name="Thủ tục có ghi chú"))
    publish(guidance, "Văn bản toàn quốc", editor, publisher)
    note = services.revision_create_draft(
        guidance=guidance,
        author=hanoi_staff,
        province=hanoi,
        sections={"receiving_deciding": "Nộp tại số 1 Tràng Thi"},
        change_note="Địa chỉ của Hà Nội",
    )
    services.revision_submit(revision=note, user=hanoi_staff)
    services.revision_publish(revision=note, user=publisher)
    edition = services.edition_publish(number="2026.10", release_notes="Thử", user=publisher)
    later = services.revision_create_draft(
        guidance=guidance,
        author=hanoi_staff,
        province=hanoi,
        sections={"receiving_deciding": "Ghi chú sau ấn bản"},
        change_note="Sau",
    )
    services.revision_submit(revision=later, user=hanoi_staff)
    services.revision_publish(revision=later, user=publisher)
    url = f"/an-ban/{edition.slug}/ban-in/"

    national = client.get(url).content.decode()
    assert "Văn bản toàn quốc" in national and "Tràng Thi" not in national
    with_notes = client.get(url, {"tinh": "ha-noi"}).content.decode()
    assert "Văn bản toàn quốc" in with_notes
    assert "Ghi chú riêng của Hà Nội" in with_notes and "Nộp tại số 1 Tràng Thi" in with_notes
    assert "Ghi chú sau ấn bản" not in with_notes  # not in the edition
    assert "Kèm ghi chú riêng của Hà Nội." in with_notes
    assert f'href="/an-ban/{edition.slug}/cam-nang.pdf?tinh=ha-noi"' in with_notes
    other = client.get(url, {"tinh": "da-nang"}).content.decode()
    assert "Tràng Thi" not in other
    assert client.get(url, {"tinh": "atlantis"}).status_code == 400

    # With a province's notes a PDF is made on request, for a signed-in official only.
    assert client.get(f"/an-ban/{edition.slug}/cam-nang.pdf", {"tinh": "ha-noi"}).status_code == 404
    client.force_login(get_user_model().objects.get(username="canbo.xa.hanoi"))
    pdf = client.get(f"/an-ban/{edition.slug}/cam-nang.pdf", {"tinh": "ha-noi"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"cam-nang-{edition.slug}-ha-noi.pdf" in pdf["Content-Disposition"]
    assert client.get(f"/an-ban/{edition.slug}/cam-nang.pdf", {"tinh": "x"}).status_code == 400
