"""An edition prints (and downloads as PDF) exactly the revisions it froze."""

from django.contrib.auth import get_user_model

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

    pdf = client.get(f"/an-ban/{edition.slug}/cam-nang.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"cam-nang-{edition.slug}.pdf" in pdf["Content-Disposition"]


def test_an_unknown_edition_is_a_404(client):
    assert client.get("/an-ban/1999-01/ban-in/").status_code == 404
