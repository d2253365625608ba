"""The editors' admin: scoping by province, the workflow pages, the queue, locking, history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbook.models import SECTION_FIELDS, Edition, Guidance, Revision
from handbook.workflow import allowed_steps
from procedures.models import LegalDocument, Procedure

S = Revision.Status


def login(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def change_url(revision):
    return reverse("admin:handbook_revision_change", args=[revision.pk])


def step_url(revision, step):
    return reverse("admin:handbook_revision_transition", args=[revision.pk, step])


def form_data(revision, **changes):
    data = {f: getattr(revision, f) for f in ["summary", *SECTION_FIELDS, "change_note"]}
    data.update(change_kind=revision.change_kind, edit_version=revision.version)
    data.update(changes)
    return data


@pytest.fixture
def notes(guidance, make_revision, users, hanoi, danang):
    return {
        "a": make_revision(guidance, author=users["dept_a"], province=hanoi, text="Nháp Hà Nội"),
        "b": make_revision(guidance, author=users["dept_b"], province=danang, text="Nháp Đà Nẵng"),
        "ministry": make_revision(guidance, author=users["editor"], text="Nháp của Bộ"),
    }


def test_department_staff_see_only_their_province_in_the_admin(client, users, notes):
    login(client, users, "dept_a")
    html = client.get(reverse("admin:handbook_revision_changelist") + "?q=9.000001").content
    html = html.decode()
    assert change_url(notes["a"]) in html
    assert change_url(notes["b"]) not in html and change_url(notes["ministry"]) not in html
    response = client.get(change_url(notes["b"]))
    assert response.status_code == 302  # the admin treats it as missing
    guidance_page = client.get(
        reverse("admin:handbook_guidance_change", args=[notes["a"].guidance_id])
    ).content.decode()
    assert change_url(notes["a"]) in guidance_page  # the revisions inline is scoped too
    assert change_url(notes["b"]) not in guidance_page
    assert change_url(notes["ministry"]) not in guidance_page


LOGIN, ADMIN_HOME, REVISIONS = "/quan-tri/login/", "/quan-tri/", "/quan-tri/handbook/revision/"


@pytest.mark.parametrize(
    ("role", "sent_to", "changed"),
    [
        ("anonymous", LOGIN, False),
        ("commune", LOGIN, False),  # not staff
        ("dept_a", ADMIN_HOME, False),  # another province's note: "does not exist"
        ("dept_b", REVISIONS, True),
        ("editor", REVISIONS, True),
        ("publisher", REVISIONS, True),
    ],
)
def test_editing_province_b_note_through_the_admin(client, users, notes, role, sent_to, changed):
    note = notes["b"]
    login(client, users, role)
    response = client.post(change_url(note), form_data(note, clock="Sửa qua trang quản trị"))
    assert response.status_code == 302
    assert response["Location"].split("?")[0] == sent_to
    note.refresh_from_db()
    assert (note.clock == "Sửa qua trang quản trị") is changed


@pytest.mark.parametrize(
    ("role", "published"),
    [
        ("anonymous", False),
        ("commune", False),
        ("dept_a", False),
        ("editor", False),
        ("publisher", True),
    ],
)
def test_publishing_through_the_admin_page(
    client, users, guidance, make_revision, hanoi, role, published
):
    note = make_revision(guidance, status=S.IN_REVIEW, author=users["dept_a"], province=hanoi)
    login(client, users, role)
    client.post(step_url(note, "publish"))
    note.refresh_from_db()
    assert (note.status == S.PUBLISHED) is published


def test_department_staff_cannot_create_another_province_note(
    client, users, guidance, danang, hanoi
):
    login(client, users, "dept_a")
    url = reverse("admin:handbook_revision_add")
    data = {"guidance": guidance.pk, "province": danang.pk, "notes": "x", "change_kind": "major"}
    response = client.post(url, data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Revision.objects.filter(province=danang).exists()
    response = client.post(url, {**data, "province": hanoi.pk})
    created = Revision.objects.get(province=hanoi, guidance=guidance)
    assert response.status_code == 302
    assert created.author == users["dept_a"] and list(created.contributors.all()) == [
        users["dept_a"]
    ]


def test_the_full_review_cycle_in_the_admin(client, users, guidance, make_revision, hanoi):
    make_revision(guidance, status=S.PUBLISHED, province=hanoi, text="Bản cũ của Hà Nội")
    dept, editor, publisher = (client.__class__() for _ in range(3))
    login(dept, users, "dept_a")
    login(editor, users, "editor")
    login(publisher, users, "publisher")

    response = dept.post(
        reverse("admin:handbook_revision_start", args=[guidance.pk]), {"province": hanoi.pk}
    )
    draft = Revision.objects.get(guidance=guidance, province=hanoi, status=S.DRAFT)
    assert response.url == change_url(draft) and draft.receiving_deciding == "Bản cũ của Hà Nội"
    dept.post(change_url(draft), form_data(draft, receiving_deciding="Bản mới", change_note="Mới"))
    dept.post(step_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW

    queue = editor.get(reverse("admin:handbook_revisioninreview_changelist")).content.decode()
    assert reverse("admin:handbook_revision_compare", args=[draft.pk]) in queue
    editor.post(step_url(draft, "send-back"), {"comment": ""})
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW  # a send-back needs its comment
    editor.post(step_url(draft, "send-back"), {"comment": "Ghi rõ số nhà"})
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    page = dept.get(change_url(draft)).content.decode()
    assert "Ghi rõ số nhà" in page

    draft.refresh_from_db()
    dept.post(change_url(draft), form_data(draft, receiving_deciding="Bản mới, số 1 Tràng Thi"))
    dept.post(step_url(draft, "submit"))
    compare = publisher.get(reverse("admin:handbook_revision_compare", args=[draft.pk]))
    html = compare.content.decode()
    assert "<del><span" in html and "Tràng Thi" in html and step_url(draft, "publish") in html
    preview = publisher.get(reverse("admin:handbook_revision_preview", args=[draft.pk]))
    assert "Xem trước: bản này chưa được xuất bản" in preview.content.decode()
    response = publisher.post(step_url(draft, "publish"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.PUBLISHED and draft.published_by == users["publisher"]


def test_a_lock_conflict_in_the_admin_keeps_both_texts(client, users, guidance, make_revision):
    draft = make_revision(guidance, author=users["dept_a"])
    dept, editor = client.__class__(), client.__class__()
    login(dept, users, "dept_a")
    login(editor, users, "editor")
    stale = form_data(draft)
    assert dept.post(change_url(draft), {**stale, "clock": "Bản của Sở"}).status_code == 302
    response = editor.post(change_url(draft), {**stale, "clock": "Bản của Bộ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "vừa được Cán bộ Sở Hà Nội (tài khoản minh họa) lưu" in html
        and 'id="edit-conflict"' in html
    )
    assert "Bản của Bộ</textarea>" in html  # the editor's text is still in the form
    draft.refresh_from_db()
    assert draft.clock == "Bản của Sở" and draft.version == 2
    # The re-displayed form carries the new version: saving again is a deliberate overwrite.
    assert 'name="edit_version" value="2"' in html
    overwrite = editor.post(change_url(draft), {**stale, "clock": "Bản của Bộ", "edit_version": 2})
    assert overwrite.status_code == 302
    draft.refresh_from_db()
    assert draft.clock == "Bản của Bộ"


def test_the_review_queue_is_oldest_first_and_for_the_ministry(
    client, users, guidance, make_revision
):
    older = make_revision(guidance, status=S.IN_REVIEW, change_note="Cũ hơn")
    newer = make_revision(guidance, status=S.IN_REVIEW, change_note="Mới hơn")
    Revision.objects.filter(pk=newer.pk).update(submitted_at=older.submitted_at)
    Revision.objects.filter(pk=older.pk).update(
        submitted_at=older.submitted_at.replace(year=older.submitted_at.year - 1)
    )
    login(client, users, "editor")
    html = client.get(reverse("admin:handbook_revisioninreview_changelist")).content.decode()
    assert html.index("Cũ hơn") < html.index("Mới hơn")
    client.force_login(users["dept_a"])
    assert client.get(reverse("admin:handbook_revisioninreview_changelist")).status_code == 403


def test_history_is_visible_to_ministry_staff_only(client, users, guidance, make_revision):
    revision = make_revision(guidance, status=S.PUBLISHED, author=users["dept_a"])
    history_url = reverse("admin:handbook_revision_history", args=[revision.pk])
    login(client, users, "editor")
    html = client.get(history_url).content.decode()
    assert "Gửi duyệt" in html and "Xuất bản" in html
    assert client.get(reverse("admin:handbook_historicalrevision_changelist")).status_code == 200
    guidance.cited_documents.add(LegalDocument.objects.get(number="133/2025/NĐ-CP"))
    guidance_history = reverse("admin:handbook_guidance_history", args=[guidance.pk])
    assert client.get(guidance_history).status_code == 200
    client.force_login(users["dept_a"])
    assert client.get(guidance_history).status_code == 403
    assert client.get(history_url).status_code == 403
    assert client.get(reverse("admin:handbook_historicalrevision_changelist")).status_code == 403
    record = revision.history.first()
    assert client.post(
        reverse("admin:handbook_revision_simple_history", args=[revision.pk, record.pk])
    ).status_code in (403, 405)


def test_guidance_admin_flags_drift_and_offers_drafts(client, users, on_day):
    on_day("2026-11-27")  # within six months of the end of Decree 133/2025
    guidance = Guidance.objects.get(procedure=Procedure.objects.get(code="1.013899"))
    login(client, users, "dept_a")
    listing = client.get(reverse("admin:handbook_guidance_changelist") + "?can_ra_soat=1")
    assert reverse("admin:handbook_guidance_change", args=[guidance.pk]) in listing.content.decode()
    page = client.get(reverse("admin:handbook_guidance_change", args=[guidance.pk]))
    html = page.content.decode()
    assert "133/2025/NĐ-CP ghi áp dụng đến ngày 01/03/2027" in html
    assert 'id="start-note-draft"' in html and ">Đà Nẵng<" not in html


def test_only_publishers_add_editions_in_the_admin(client, users, guidance, make_revision):
    make_revision(guidance, status=S.PUBLISHED)
    login(client, users, "editor")
    url = reverse("admin:handbook_edition_add")
    assert client.get(url).status_code == 403
    client.force_login(users["publisher"])
    response = client.post(url, {"number": "2026.11", "release_notes": "Ấn bản tháng 11"})
    assert response.status_code == 302
    edition = Edition.objects.get(number="2026.11")
    assert edition.published_by == users["publisher"] and edition.revisions.exists()
    again = client.post(url, {"number": "2026.12", "release_notes": "Không có gì mới"}, follow=True)
    assert "Chưa có phiên bản nào" in again.content.decode()
    assert not Edition.objects.filter(number="2026.12").exists()


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_and_audit_log_keep_a_fixed_query_count(client, users, make_procedure, make_revision):
    login(client, users, "publisher")
    urls = [
        reverse("admin:handbook_revisioninreview_changelist"),
        reverse("admin:handbook_historicalrevision_changelist"),
    ]
    first = Guidance.objects.create(procedure=make_procedure())
    make_revision(first, status=S.IN_REVIEW, author=users["dept_a"])
    before = [queries(client, url) for url in urls]
    for _ in range(4):
        more = Guidance.objects.create(procedure=make_procedure())
        make_revision(more, status=S.IN_REVIEW, author=users["dept_b"])
    assert [queries(client, url) for url in urls] == before


def test_the_writer_of_a_scheduled_revision_is_not_offered_to_publish_it(
    guidance, make_revision, users
):
    scheduled = make_revision(guidance, status=Revision.Status.SCHEDULED, author=users["publisher"])
    assert allowed_steps(users["publisher"], scheduled) == ["unschedule"]
    assert allowed_steps(users["publisher_2"], scheduled) == ["publish", "unschedule"]


def test_the_change_page_offers_the_allowed_steps_as_buttons(
    client, users, guidance, make_revision
):
    scheduled = make_revision(guidance, status=Revision.Status.SCHEDULED, author=users["publisher"])
    login(client, users, "publisher")
    html = client.get(change_url(scheduled)).content.decode()
    assert step_url(scheduled, "unschedule") in html
    assert step_url(scheduled, "publish") not in html  # its writer is not offered to publish it
    client.force_login(users["publisher_2"])
    html = client.get(change_url(scheduled)).content.decode()
    assert step_url(scheduled, "unschedule") in html and step_url(scheduled, "publish") in html
    # Editing is a step of the workflow too, but its page is the change form itself.
    assert client.get(step_url(scheduled, "edit")).status_code == 404


def test_a_save_without_edit_version_is_refused(client, users, guidance, make_revision):
    """The lock does not trust the client: a save that omits the version is not written."""
    draft = make_revision(guidance, author=users["dept_a"])
    login(client, users, "dept_a")
    data = form_data(draft, clock="Ghi đè")
    del data["edit_version"]
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "chưa lưu" in response.content.decode()
    draft.refresh_from_db()
    assert draft.clock != "Ghi đè" and draft.version == 1
    # The form now carries the stored version: saving again is a deliberate choice.
    assert f'name="edit_version" value="{draft.version}"' in response.content.decode()


def test_the_service_refuses_a_person_s_edit_without_a_version(users, guidance, make_revision):
    from django.core.exceptions import ValidationError

    from handbook import services

    draft = make_revision(guidance, author=users["dept_a"])
    with pytest.raises(ValidationError, match="edit_version"):
        services.revision_update(
            revision=draft, user=users["dept_a"], data={"clock": "x"}, expected_version=None
        )
