"""The draft editor refuses what would publish badly: an empty draft, Markdown that does not
render (a table was once published as raw pipes), and it says which constructs are allowed."""

import pytest
from django.urls import reverse

from handbook.markdown import unsupported_markdown
from handbook.models import Revision

TABLE = "| Hồ sơ | Số bản |\n| --- | --- |\n| Đơn | 01 |"


@pytest.fixture
def editor(client, users):
    client.force_login(users["dept_a"])
    return client


def test_an_empty_draft_cannot_be_saved(editor, guidance, hanoi):
    url = reverse("admin:handbook_revision_add")
    data = {"guidance": guidance.pk, "province": hanoi.pk, "change_kind": "major"}
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Bản nháp chưa có nội dung" in response.content.decode()
    assert not Revision.objects.filter(guidance=guidance, province=hanoi).exists()
    # Blank lines only are still empty.
    editor.post(url, {**data, "summary": "  \n  "})
    assert not Revision.objects.filter(guidance=guidance, province=hanoi).exists()
    response = editor.post(url, {**data, "summary": "Tiếp nhận tại Sở."})
    assert response.status_code == 302
    assert Revision.objects.filter(guidance=guidance, province=hanoi).exists()


def test_a_table_is_refused_with_a_reason_on_its_field(editor, guidance, hanoi):
    url = reverse("admin:handbook_revision_add")
    data = {"guidance": guidance.pk, "province": hanoi.pk, "change_kind": "major"}
    response = editor.post(url, {**data, "dossier_checklist": TABLE})
    html = response.content.decode()
    assert response.status_code == 200 and "Bảng (các dòng có dấu |)" in html
    assert not Revision.objects.filter(guidance=guidance, province=hanoi).exists()


def test_the_editor_shows_what_markdown_is_allowed(editor):
    html = editor.get(reverse("admin:handbook_revision_add")).content.decode()
    assert "Định dạng cho phép" in html and "Không dùng được: bảng" in html


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (TABLE, "Bảng"),
        ("a | b |\n|---|---|", "Bảng"),
        ("Xem ![sơ đồ](https://example.org/a.png)", "Hình ảnh"),
        ("Nộp <b>02 bộ</b>", "Thẻ HTML"),
        ("# Hồ sơ", "Tiêu đề"),
        ("## Hồ sơ", "Tiêu đề"),
    ],
)
def test_each_construct_that_would_not_render_is_named(text, problem):
    assert any(p.startswith(problem) for p in unsupported_markdown(text))


@pytest.mark.parametrize(
    "text",
    [
        "**Đậm** và *nghiêng*, một câu có dấu | ở giữa.",
        "- [ ] Đơn đề nghị\n- [x] Bản sao giấy phép",
        "### Tiêu đề nhỏ\n\n1. Bước một\n2. Bước hai",
        "Xem [Nghị định 133/2025/NĐ-CP](https://example.org) và 3 < 5.",
        "> Trích dẫn",
    ],
)
def test_what_renders_passes(text):
    assert unsupported_markdown(text) == []


def test_the_change_note_is_asked_where_the_draft_is_submitted(
    editor, users, guidance, hanoi, make_revision
):
    draft = make_revision(guidance, author=users["dept_a"], province=hanoi, change_note="")
    url = reverse("admin:handbook_revision_transition", args=[draft.pk, "submit"])
    page = editor.get(url).content.decode()
    assert 'name="change_note"' in page and "Ghi chú thay đổi (người đọc thấy)" in page
    # Submitting with nothing written is refused on the same page, with the reason.
    refused = editor.post(url, {"change_note": "  "}, follow=True).content.decode()
    assert "Hãy ghi chú thay đổi trước khi gửi duyệt" in refused
    draft.refresh_from_db()
    assert draft.status == Revision.Status.DRAFT
    editor.post(url, {"change_note": "Bổ sung địa chỉ tiếp nhận tại Hà Nội"})
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert draft.change_note == "Bổ sung địa chỉ tiếp nhận tại Hà Nội"


def test_save_and_preview_shows_the_saved_draft_as_readers_will_see_it(editor, guidance, hanoi):
    url = reverse("admin:handbook_revision_add")
    form = editor.get(url).content.decode()
    assert 'name="_preview" value="Lưu và xem trước như người đọc"' in form
    data = {"guidance": guidance.pk, "province": hanoi.pk, "change_kind": "major"}
    text = "Nộp tại **Sở KH&CN**."
    response = editor.post(url, {**data, "receiving_deciding": text, "_preview": "1"})
    draft = Revision.objects.get(guidance=guidance, province=hanoi)
    preview = reverse("admin:handbook_revision_preview", args=[draft.pk])
    assert response.status_code == 302 and response["Location"] == preview
    html = editor.get(preview).content.decode()
    assert "Xem trước: bản này chưa được xuất bản." in html
    assert "<strong>Sở KH&amp;CN</strong>" in html
    # Saving an edit with the same button shows the edit; a plain save stays in the admin.
    change = reverse("admin:handbook_revision_change", args=[draft.pk])
    fields = {**data, "receiving_deciding": "Nộp tại *Trung tâm Phục vụ hành chính công*."}
    response = editor.post(change, {**fields, "edit_version": draft.version, "_preview": "1"})
    assert response.status_code == 302 and response["Location"] == preview
    assert "<em>Trung tâm Phục vụ hành chính công</em>" in editor.get(preview).content.decode()
    fields.update(edit_version=draft.version + 1, receiving_deciding="Bản khác.")
    response = editor.post(change, fields)
    assert response.status_code == 302 and response["Location"] != preview


def test_the_editor_links_to_the_style_guide_it_renders_from_docs(editor):
    form = editor.get(reverse("admin:handbook_revision_add")).content.decode()
    guide_url = reverse("admin:handbook_revision_style")
    assert f'href="{guide_url}"' in form
    html = editor.get(guide_url).content.decode()
    assert "<h3>Nói rõ nguồn, không nói quá nguồn</h3>" in html
    assert '<strong>"chưa có dữ liệu"</strong>' in html
    # The guide itself keeps to what the editor accepts.
    from django.conf import settings

    text = (settings.BASE_DIR / "docs" / "cach-viet-huong-dan.md").read_text(encoding="utf-8")
    assert unsupported_markdown(text) == []


def test_the_style_guide_is_for_staff_only(client):
    response = client.get(reverse("admin:handbook_revision_style"))
    assert response.status_code == 302 and "/login/" in response["Location"]
