"""Writes to the handbook. The admin, the commands and the views call these, nothing else.

Each step of a revision's workflow (national guidance or a province's note) is checked against
handbook.workflow before anything is written: the state it starts from, then who takes it.

Only two functions change what readers see: ``revision_publish`` and ``revision_withdraw``
(``revisions_publish_due`` publishes through ``revision_publish``). Anything that must follow a
change readers see (a search index, a cache) belongs in those two.

Every change is saved with its author and a reason, so django-simple-history records who did
what and when; a queryset ``update()`` is never used on revisions because it would skip that.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from delegation.models import Province
from handbook import workflow
from handbook.models import (
    CONTENT_FIELDS,
    SECTION_FIELDS,
    Edition,
    Guidance,
    PageFeedback,
    Revision,
)
from procedures.models import Procedure
from procedures.services import attribute_change
from procedures.signals import announce_changed

# What an editor may change in a draft; everything else is set by the workflow.
EDITABLE_FIELDS = [*CONTENT_FIELDS, "change_note", "change_kind"]


class EditConflict(ValidationError):
    """Someone saved the draft after the editor opened it; nothing was written."""

    def __init__(self, current: Revision):
        self.current = current
        who = current.history.first()
        user = who.history_user if who else None
        super().__init__(
            _(
                "Bản nháp này vừa được %(user)s lưu lúc %(time)s, sau khi bạn mở nó. Nội dung "
                "của bạn chưa được lưu và vẫn còn trong biểu mẫu; hãy xem phần khác nhau rồi lưu "
                "lại."
            )
            % {
                "user": user or _("một người khác"),
                "time": date_format(timezone.localtime(current.updated_at), "d/m/Y H:i:s"),
            },
            code="conflict",
        )


def _begin(step: str, revision: Revision, user: User | None) -> Revision:
    """The revision re-read under a row lock, once ``user`` may take ``step`` on it now."""
    revision = (
        Revision.objects.select_for_update(of=("self",))
        .select_related("author", "guidance__procedure", "province")
        .get(pk=revision.pk)
    )
    workflow.check(user, revision, step)
    return revision


def _apply(
    step: str, revision: Revision, user: User | None, reason: str, **changes: object
) -> Revision:
    """Move ``revision`` to the state ``step`` leads to (workflow.TRANSITIONS) with
    ``changes``, and save it with the history entry's author and reason."""
    target = workflow.TRANSITIONS[step].target
    if target is not None:
        revision.status = target
    for name, value in changes.items():
        setattr(revision, name, value)
    return _save(revision, user, reason)


def _save(revision: Revision, user: User | None, reason: str) -> Revision:
    """Save with the history entry's author and reason. Reasons are stored data, so they are
    written in Vietnamese whatever language the editor's interface is in (not translated)."""
    attribute_change(revision, user=user, reason=reason)
    revision.full_clean()
    revision.save()
    return revision


def guidance_get_or_create(*, procedure: Procedure) -> Guidance:
    guidance, _created = Guidance.objects.get_or_create(procedure=procedure)
    return guidance


@transaction.atomic
def revision_create_draft(
    *,
    guidance: Guidance,
    author: User | None,
    sections: dict[str, str],
    summary: str = "",
    change_note: str = "",
    change_kind: str = Revision.ChangeKind.MAJOR,
    province: Province | None = None,
) -> Revision:
    """Create a draft of ``guidance`` (or of ``province``'s note under it) with these texts.

    ``author`` None means the system (data loading). Department staff may only write their own
    province's notes.
    """
    refusal = workflow.create_refusal(author, province=province)
    if refusal:
        raise PermissionDenied(refusal)
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError(_("Mục không có trong cẩm nang: %s") % ", ".join(sorted(unknown)))
    revision = Revision(
        guidance=guidance,
        province=province,
        author=author,
        summary=summary,
        change_note=change_note,
        change_kind=change_kind,
        status=Revision.Status.DRAFT,
        **sections,
    )
    _save(revision, author, "Tạo bản nháp")
    if author is not None:
        revision.contributors.add(author)
    return revision


@transaction.atomic
def revision_start_draft(
    *, guidance: Guidance, user: User, province: Province | None = None
) -> Revision:
    """A new draft that starts from the text readers see now (empty when there is none)."""
    live = Revision.objects.live_of(guidance.pk, province.pk if province else None).first()
    texts = {f: getattr(live, f) for f in CONTENT_FIELDS} if live else {}
    summary = texts.pop("summary", "")
    return revision_create_draft(
        guidance=guidance, author=user, sections=texts, summary=summary, province=province
    )


@transaction.atomic
def revision_update(
    *, revision: Revision, user: User, data: dict[str, str], expected_version: int | None
) -> Revision:
    """Save an editor's changes to a draft or submitted revision (optimistic locking).

    ``expected_version`` is the ``version`` the editor's form was opened with. If someone saved
    since, EditConflict is raised and nothing is written. A person's edit must say it (a save
    that does not could overwrite silently); only the system (``user=None``), which holds no
    stale copy, may pass None.
    """
    if expected_version is None and user is not None:
        raise ValidationError(
            _("Thiếu số phiên bản đã mở (edit_version): chưa lưu, để không ghi đè bản khác."),
            code="missing_version",
        )
    revision = _begin(workflow.EDIT, revision, user)
    if expected_version is not None and expected_version != revision.version:
        raise EditConflict(revision)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Không sửa được trường: %s") % ", ".join(sorted(unknown)))
    changed = [f for f, value in data.items() if getattr(revision, f) != value]
    if not changed:
        return revision
    for field, value in data.items():
        setattr(revision, field, value)
    revision.version += 1
    _save(revision, user, "Sửa: " + ", ".join(changed))
    if user is not None:
        revision.contributors.add(user)
    return revision


@transaction.atomic
def revision_submit(
    *, revision: Revision, user: User | None, change_note: str | None = None
) -> Revision:
    """Send a draft for review. It needs content and a change note; ``change_note``, when
    given (the submit page asks for it), replaces the draft's."""
    revision = _begin(workflow.SUBMIT, revision, user)
    if change_note is not None and change_note.strip():
        revision.change_note = change_note.strip()
    if not revision.has_content():
        raise ValidationError(_("Bản nháp chưa có nội dung."), code="empty")
    if not revision.change_note.strip():
        raise ValidationError(
            _("Hãy ghi chú thay đổi trước khi gửi duyệt: người đọc thấy ghi chú này."),
            code="no_change_note",
        )
    return _apply(workflow.SUBMIT, revision, user, "Gửi duyệt", submitted_at=timezone.now())


@transaction.atomic
def revision_send_back(*, revision: Revision, user: User, comment: str) -> Revision:
    """Return a submitted revision to draft with the reviewer's comment (kept)."""
    revision = _begin(workflow.SEND_BACK, revision, user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Hãy ghi lý do trả lại để người soạn biết cần sửa gì."))
    return _apply(workflow.SEND_BACK, revision, user, f"Trả lại: {comment}", review_comment=comment)


@transaction.atomic
def revision_schedule(*, revision: Revision, user: User, at: datetime.datetime) -> Revision:
    """Approve a submitted revision for publication at ``at`` (a future time)."""
    revision = _begin(workflow.SCHEDULE, revision, user)
    if at is None or at <= timezone.now():
        raise ValidationError(_("Thời điểm xuất bản phải ở tương lai."), code="past")
    when = date_format(timezone.localtime(at), "d/m/Y H:i")
    return _apply(
        workflow.SCHEDULE,
        revision,
        user,
        f"Lên lịch xuất bản lúc {when}",
        scheduled_for=at,
        published_by=user,
    )


@transaction.atomic
def revision_unschedule(*, revision: Revision, user: User) -> Revision:
    """Cancel a scheduled publication; the revision waits in review again."""
    revision = _begin(workflow.UNSCHEDULE, revision, user)
    return _apply(
        workflow.UNSCHEDULE,
        revision,
        user,
        "Hủy lịch xuất bản",
        scheduled_for=None,
        published_by=None,
    )


@transaction.atomic
def revision_publish(
    *, revision: Revision, user: User | None, at: datetime.datetime | None = None
) -> Revision:
    """Publish a reviewed revision now: the live one of its guidance (or note) is superseded.

    Users publish revisions in review or scheduled; ``user`` None (the system) also publishes the
    scheduled ones when due. ``at`` backdates the publication (data loading, tests); it may not
    be in the future (schedule instead) nor before the live revision was published.
    """
    revision = _begin(workflow.PUBLISH, revision, user)
    now = timezone.now()
    when = at or now
    if when > now:
        raise ValidationError(_("Không xuất bản trước được; hãy lên lịch xuất bản."))
    live = (
        Revision.objects.select_for_update()
        .live_of(revision.guidance_id, revision.province_id)
        .first()
    )
    if live is not None:
        if live.published_at > when:
            raise ValidationError(_("Thời điểm xuất bản phải sau bản đang áp dụng."))
        live.status = Revision.Status.SUPERSEDED
        live.ended_at = when
        _save(live, user, f"Được thay thế bởi phiên bản {revision.pk}")
    if user is not None or revision.published_by_id is None:
        revision.published_by = user  # else the scheduler keeps who approved it
    _apply(workflow.PUBLISH, revision, user, "Xuất bản", published_at=when, scheduled_for=None)
    announce_changed([revision.guidance.procedure_id])  # the searchable guidance text changed
    return revision


@transaction.atomic
def revision_withdraw(*, revision: Revision, user: User, reason: str) -> Revision:
    """Withdraw a published revision; readers then see the reason instead of the guidance."""
    revision = _begin(workflow.WITHDRAW, revision, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do rút: người đọc sẽ thấy lý do này."))
    _apply(
        workflow.WITHDRAW,
        revision,
        user,
        f"Rút: {reason}",
        ended_at=timezone.now(),
        withdrawal_reason=reason,
    )
    announce_changed([revision.guidance.procedure_id])
    return revision


def revisions_publish_due(*, now: datetime.datetime | None = None) -> list[Revision]:
    """Publish every scheduled revision whose time has come (``manage.py publish_scheduled``).

    Each is published in its own transaction, so one failure does not hold back the others;
    the approval (who scheduled it) was checked when it was scheduled.
    """
    now = now or timezone.now()
    published = []
    for revision in Revision.objects.due(now=now).order_by("scheduled_for", "pk"):
        published.append(revision_publish(revision=revision, user=None))
    return published


@transaction.atomic
def edition_publish(
    *, number: str, release_notes: str, user: User, at: datetime.datetime | None = None
) -> Edition:
    """Publish an edition: every revision readers see now, frozen under ``number``.

    The revisions published since the previous edition are its changes; an edition without any
    change (nor withdrawal) is refused.
    """
    if user is not None and not workflow.is_publisher(user):
        raise PermissionDenied(_("Bạn không có quyền phát hành ấn bản cẩm nang."))
    when = at or timezone.now()
    previous = Edition.objects.select_for_update().latest_first().first()
    live = Revision.objects.published().filter(published_at__lte=when)
    if previous is not None:
        new = live.filter(published_at__gt=previous.published_at).exists()
        withdrawn = Revision.objects.filter(
            status=Revision.Status.WITHDRAWN, ended_at__gt=previous.published_at
        ).exists()
        if not (new or withdrawn):
            raise ValidationError(
                _("Chưa có phiên bản nào được xuất bản hoặc rút kể từ %(edition)s.")
                % {"edition": previous.title}
            )
        if when <= previous.published_at:
            raise ValidationError(_("Ấn bản mới phải phát hành sau ấn bản trước."))
    number = (number or "").strip()
    edition = Edition(
        number=number,
        release_notes=(release_notes or "").strip(),
        previous=previous,
        published_at=when,
        published_by=user,
    )
    # Stored history reasons are Vietnamese.
    attribute_change(edition, user=user, reason="Phát hành ấn bản")
    edition.full_clean()
    edition.save()
    # By id: the live revisions (with all their text) need not be loaded to be linked.
    edition.revisions.add(*live.values_list("pk", flat=True))
    return edition


def page_feedback_record(*, procedure: Procedure, helpful: bool) -> PageFeedback:
    """Keep one anonymous "was this page useful" answer about ``procedure``'s page."""
    feedback = PageFeedback(procedure=procedure, helpful=helpful)
    feedback.full_clean()
    feedback.save()
    return feedback
