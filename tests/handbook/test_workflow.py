"""The workflow: every transition allowed and refused, scheduling, locking, the audit trail."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from handbook import services
from handbook.diff import revision_diff
from handbook.markdown import render_markdown
from handbook.models import Revision

S = Revision.Status
TRANSITIONS = {
    "submit": lambda r, u: services.revision_submit(revision=r, user=u),
    "send back": lambda r, u: services.revision_send_back(revision=r, user=u, comment="Thiếu"),
    "publish": lambda r, u: services.revision_publish(revision=r, user=u),
    "schedule": lambda r, u: services.revision_schedule(
        revision=r, user=u, at=timezone.now() + datetime.timedelta(hours=2)
    ),
    "unschedule": lambda r, u: services.revision_unschedule(revision=r, user=u),
    "withdraw": lambda r, u: services.revision_withdraw(revision=r, user=u, reason="Sai"),
    "edit": lambda r, u: services.revision_update(
        revision=r, user=u, data={"clock": "10 ngày"}, expected_version=r.version
    ),
}
# (from status, transition) -> status after; every pair not listed must be refused.
ALLOWED = {
    (S.DRAFT, "submit"): S.IN_REVIEW,
    (S.DRAFT, "edit"): S.DRAFT,
    (S.IN_REVIEW, "send back"): S.DRAFT,
    (S.IN_REVIEW, "publish"): S.PUBLISHED,
    (S.IN_REVIEW, "schedule"): S.SCHEDULED,
    (S.IN_REVIEW, "edit"): S.IN_REVIEW,
    (S.SCHEDULED, "publish"): S.PUBLISHED,
    (S.SCHEDULED, "unschedule"): S.IN_REVIEW,
    (S.PUBLISHED, "withdraw"): S.WITHDRAWN,
}
STARTS = [S.DRAFT, S.IN_REVIEW, S.SCHEDULED, S.PUBLISHED, S.SUPERSEDED, S.WITHDRAWN]


def in_status(status, guidance, make_revision):
    if status == S.SUPERSEDED:
        old = make_revision(guidance, status=S.PUBLISHED)
        make_revision(guidance, status=S.PUBLISHED, text="Bản mới")
        old.refresh_from_db()
        return old
    if status == S.WITHDRAWN:
        revision = make_revision(guidance, status=S.PUBLISHED)
        return services.revision_withdraw(revision=revision, user=None, reason="Hết căn cứ")
    return make_revision(guidance, status=status)


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_every_transition_is_allowed_or_refused(start, transition, guidance, make_revision, users):
    revision = in_status(start, guidance, make_revision)
    assert revision.status == start
    publisher = users["publisher"]
    expected = ALLOWED.get((start, transition))
    if expected is None:
        with pytest.raises(ValidationError) as refused:
            TRANSITIONS[transition](revision, publisher)
        assert "trạng thái" in " ".join(refused.value.messages)
        revision.refresh_from_db()
        assert revision.status == start
    else:
        assert TRANSITIONS[transition](revision, publisher).status == expected


def test_publishing_supersedes_the_live_revision_of_the_same_track(guidance, make_revision, hanoi):
    first = make_revision(guidance, status=S.PUBLISHED)
    note = make_revision(guidance, status=S.PUBLISHED, province=hanoi, text="Ghi chú Hà Nội")
    second = make_revision(guidance, status=S.PUBLISHED, text="UBND tỉnh quyết định.")
    first.refresh_from_db()
    note.refresh_from_db()
    assert first.status == S.SUPERSEDED and first.ended_at == second.published_at
    assert note.status == S.PUBLISHED  # a national change leaves the province's note live
    assert guidance.current_revision() == second


def test_the_database_allows_one_published_revision_per_track(guidance, make_revision, hanoi):
    make_revision(guidance, status=S.PUBLISHED)
    make_revision(guidance, status=S.PUBLISHED, province=hanoi)
    now = timezone.now()
    for province in (None, hanoi):
        with pytest.raises(IntegrityError), transaction.atomic():
            Revision.objects.create(
                guidance=guidance, province=province, status="published", published_at=now
            )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "published"},
        {"status": "superseded", "published_at": "now"},
        {"status": "withdrawn", "published_at": "now", "ended_at": "now"},
        {"status": "scheduled"},
    ],
    ids=["published-no-date", "superseded-no-end", "withdrawn-no-reason", "scheduled-no-time"],
)
def test_the_database_refuses_incoherent_states(guidance, fields):
    now = timezone.now()
    values = {k: now if v == "now" else v for k, v in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(guidance=guidance, **values)


def test_a_published_revision_is_never_edited_in_place(guidance, make_revision):
    revision = make_revision(guidance, status=S.PUBLISHED)
    revision.receiving_deciding = "Sửa trực tiếp"
    with pytest.raises(ValidationError):
        revision.save()
    revision.refresh_from_db()
    assert revision.receiving_deciding == "Sở KH&CN tiếp nhận hồ sơ."


def test_submitting_needs_content_and_a_change_note(guidance, users):
    empty = services.revision_create_draft(guidance=guidance, author=None, sections={})
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        services.revision_submit(revision=empty, user=None)
    no_note = services.revision_create_draft(
        guidance=guidance, author=None, sections={"clock": "5 ngày"}
    )
    with pytest.raises(ValidationError, match="ghi chú thay đổi"):
        services.revision_submit(revision=no_note, user=None)


def test_send_back_needs_a_comment_and_keeps_it(guidance, make_revision, users):
    revision = make_revision(guidance, status=S.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.revision_send_back(revision=revision, user=users["editor"], comment="  ")
    back = services.revision_send_back(
        revision=revision, user=users["editor"], comment="Bổ sung Mẫu số 06"
    )
    assert back.status == S.DRAFT and back.review_comment == "Bổ sung Mẫu số 06"
    again = services.revision_submit(revision=back, user=None)
    assert again.review_comment == "Bổ sung Mẫu số 06"  # kept for the next reviewer
    reasons = list(again.history.values_list("history_change_reason", flat=True))
    assert "Trả lại: Bổ sung Mẫu số 06" in reasons


def test_withdrawing_needs_a_public_reason(guidance, make_revision, users):
    revision = make_revision(guidance, status=S.PUBLISHED)
    with pytest.raises(ValidationError, match="lý do"):
        services.revision_withdraw(revision=revision, user=users["publisher"], reason="")
    withdrawn = services.revision_withdraw(
        revision=revision, user=users["publisher"], reason="Nghị định đã thay thế"
    )
    assert withdrawn.status == S.WITHDRAWN and withdrawn.ended_at is not None
    assert guidance.current_revision() is None


def test_scheduling_refuses_a_past_time(guidance, make_revision, users):
    revision = make_revision(guidance, status=S.IN_REVIEW)
    with pytest.raises(ValidationError, match="tương lai"):
        services.revision_schedule(
            revision=revision, user=users["publisher"], at=timezone.now() - datetime.timedelta(1)
        )


def test_a_scheduled_revision_stays_invisible_until_due(guidance, make_revision, users):
    live = make_revision(guidance, status=S.PUBLISHED, text="Bản cũ")
    when = timezone.now() + datetime.timedelta(hours=3)
    scheduled = make_revision(guidance, status=S.SCHEDULED, text="Bản mới", when=when)
    assert scheduled.published_by == users["publisher_2"]
    assert guidance.current_revision() == live
    assert services.revisions_publish_due(now=when - datetime.timedelta(minutes=1)) == []
    assert guidance.current_revision() == live
    published = services.revisions_publish_due(now=when)
    assert [r.pk for r in published] == [scheduled.pk]
    scheduled.refresh_from_db()
    assert scheduled.status == S.PUBLISHED
    assert scheduled.published_by == users["publisher_2"]  # who approved it, not "the system"
    assert guidance.current_revision() == scheduled


def test_publish_scheduled_command_publishes_what_is_due(guidance, make_revision):
    due = make_revision(guidance, status=S.SCHEDULED, text="Đến giờ")
    later = make_revision(guidance, province=None, status=S.SCHEDULED, text="Chưa đến giờ")
    Revision.objects.filter(pk=due.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == S.PUBLISHED and later.status == S.SCHEDULED
    assert "scheduled revisions published: 1" in out.getvalue()


def test_backdating_before_the_live_revision_or_into_the_future_is_refused(guidance, make_revision):
    make_revision(guidance, status=S.PUBLISHED)
    draft = make_revision(guidance, status=S.IN_REVIEW)
    for at in (
        timezone.now() - datetime.timedelta(days=30),
        timezone.now() + datetime.timedelta(days=1),
    ):
        with pytest.raises(ValidationError):
            services.revision_publish(revision=draft, user=None, at=at)
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW


def test_the_second_save_of_the_same_draft_is_a_conflict_and_loses_nothing(
    guidance, make_revision, users
):
    revision = make_revision(guidance, author=users["dept_a"], province=None)
    opened_by_a = Revision.objects.get(pk=revision.pk)
    opened_by_editor = Revision.objects.get(pk=revision.pk)
    services.revision_update(
        revision=opened_by_a,
        user=users["dept_a"],
        data={"clock": "Bản của Sở"},
        expected_version=opened_by_a.version,
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.revision_update(
            revision=opened_by_editor,
            user=users["editor"],
            data={"clock": "Bản của Bộ"},
            expected_version=opened_by_editor.version,
        )
    assert "Cán bộ Sở Hà Nội (tài khoản minh họa)" in conflict.value.messages[0]  # who saved first
    revision.refresh_from_db()
    assert revision.clock == "Bản của Sở" and revision.version == 2
    # The editor reads the difference and saves deliberately on top of version 2.
    services.revision_update(
        revision=revision, user=users["editor"], data={"clock": "Bản của Bộ"}, expected_version=2
    )
    history = [h.clock for h in revision.history.order_by("history_date", "history_id")]
    assert history == ["", "Bản của Sở", "Bản của Bộ"]  # both texts kept


def test_every_edit_and_state_change_is_recorded_with_who_and_why(guidance, users, hanoi):
    revision = services.revision_create_draft(
        guidance=guidance,
        author=users["dept_a"],
        province=hanoi,
        sections={"channels": "Nộp tại Trung tâm Phục vụ hành chính công Hà Nội"},
        change_note="Ghi chú đầu tiên của Hà Nội",
    )
    steps = [
        (users["dept_a"], lambda r: services.revision_submit(revision=r, user=users["dept_a"])),
        (
            users["editor"],
            lambda r: services.revision_send_back(
                revision=r, user=users["editor"], comment="Ghi rõ địa chỉ"
            ),
        ),
        (
            users["dept_a"],
            lambda r: services.revision_update(
                revision=r,
                user=users["dept_a"],
                data={"channels": "Số 1 Tràng Thi"},
                expected_version=r.version,
            ),
        ),
        (users["dept_a"], lambda r: services.revision_submit(revision=r, user=users["dept_a"])),
        (
            users["publisher"],
            lambda r: services.revision_publish(revision=r, user=users["publisher"]),
        ),
        (
            users["publisher"],
            lambda r: services.revision_withdraw(
                revision=r, user=users["publisher"], reason="Tỉnh đổi địa chỉ"
            ),
        ),
    ]
    for _user, step in steps:
        revision = step(revision)
    records = list(revision.history.order_by("history_date", "history_id"))
    assert [(r.history_user, r.history_change_reason, r.status) for r in records] == [
        (users["dept_a"], "Tạo bản nháp", S.DRAFT),
        (users["dept_a"], "Gửi duyệt", S.IN_REVIEW),
        (users["editor"], "Trả lại: Ghi rõ địa chỉ", S.DRAFT),
        (users["dept_a"], "Sửa: channels", S.DRAFT),
        (users["dept_a"], "Gửi duyệt", S.IN_REVIEW),
        (users["publisher"], "Xuất bản", S.PUBLISHED),
        (users["publisher"], "Rút: Tỉnh đổi địa chỉ", S.WITHDRAWN),
    ]
    assert records[3].channels == "Số 1 Tràng Thi"  # what changed, not only that it did


def test_a_new_draft_starts_from_the_live_text(guidance, make_revision, users, hanoi):
    make_revision(guidance, status=S.PUBLISHED, text="Toàn quốc")
    make_revision(guidance, status=S.PUBLISHED, province=hanoi, text="Riêng Hà Nội")
    national = services.revision_start_draft(guidance=guidance, user=users["editor"])
    note = services.revision_start_draft(guidance=guidance, user=users["dept_a"], province=hanoi)
    assert national.receiving_deciding == "Toàn quốc" and national.province is None
    assert note.receiving_deciding == "Riêng Hà Nội" and note.province == hanoi
    assert note.author == users["dept_a"] and note.status == S.DRAFT


def test_line_ends_from_browsers_are_stored_as_lf(guidance, make_revision, users):
    published = make_revision(guidance, status=S.PUBLISHED, text="- Đơn\n- Bản sao")
    draft = services.revision_start_draft(guidance=guidance, user=users["editor"])
    services.revision_update(
        revision=draft,
        user=users["editor"],
        data={"receiving_deciding": "- Đơn\r\n- Bản sao\r\n- Ảnh"},
        expected_version=draft.version,
    )
    draft.refresh_from_db()
    assert draft.receiving_deciding == "- Đơn\n- Bản sao\n- Ảnh"
    [changed] = [s for s in revision_diff(published, draft) if s.changed]
    assert [c.text for c in changed.chunks if c.op != "equal"] == ["\n- Ảnh"]


def test_unknown_sections_are_refused(guidance):
    with pytest.raises(ValidationError):
        services.revision_create_draft(guidance=guidance, author=None, sections={"gossip": "x"})


def test_checklist_items_become_labelled_disabled_checkboxes():
    html = render_markdown("- [ ] Đơn **Mẫu 06**\n- [x] Bản sao\n    - kèm bản chính")
    assert '<label><input type="checkbox" disabled> Đơn <strong>Mẫu 06</strong></label>' in html
    # a nested list stays outside the label
    assert '<label><input type="checkbox" disabled checked> Bản sao</label><ul>' in html


@pytest.mark.parametrize(
    "written",
    [
        '<input type="text" name="x">',
        '<input type="checkbox">',
        '<input type="submit" formaction="https://evil.example/">',
        '<input type="image" src="https://evil.example/x.png">',
        "<label for=x>nhãn</label><input id=x>",
        "- [ ] <input type=password>",
    ],
)
def test_inputs_a_writer_types_are_removed(written):
    html = render_markdown(written)
    assert "<input" not in html.replace('<input type="checkbox" disabled>', "")
    assert "<label>" not in html.replace('<li class="task"><label>', "")


def test_lists_without_boxes_stay_plain():
    assert "<input" not in render_markdown("- một\n- hai")


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**Lưu ý** [nguồn](https://dichvucong.gov.vn)\n\n- [ ] Đơn đề nghị\n\n"
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    assert "<strong>Lưu ý</strong>" in html
    assert 'href="https://dichvucong.gov.vn"' in html
    assert (
        '<li class="task"><label><input type="checkbox" disabled> Đơn đề nghị</label></li>' in html
    )
    assert "<script" not in html
    assert "javascript:" not in html


def test_seed_guidance_covers_at_least_twenty_procedures():
    published = Revision.objects.published().national()
    assert published.count() >= 20
    assert all(r.receiving_deciding and r.dossier_checklist and r.clock for r in published)


def test_history_reasons_are_stored_in_vietnamese_whatever_the_interface(guidance, users):
    from django.utils import translation

    with translation.override("en"):
        revision = services.revision_create_draft(
            guidance=guidance,
            author=users["dept_a"],
            sections={"channels": "Trực tiếp"},
            change_note="Thêm cách nộp",
        )
        services.revision_submit(revision=revision, user=users["dept_a"])
    reasons = list(
        revision.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Tạo bản nháp", "Gửi duyệt"]


def test_a_section_is_rendered_once_per_process_and_stays_safe():
    from handbook.markdown import _rendered

    text = "Nộp **bản sao** <script>alert(1)</script> (test_a_section_is_rendered_once)"
    first = render_markdown(text)
    hits = _rendered.cache_info().hits
    second = render_markdown(text)
    assert _rendered.cache_info().hits == hits + 1
    assert second == first and "<script" not in second
    assert render_markdown(text + " khác") != first
