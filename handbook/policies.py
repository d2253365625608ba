"""Who may do what to a handbook revision. Services enforce these; the admin asks them too.

Each ``*_refusal`` returns None when the user may act, else the reason, written for that user.
``user=None`` is the system (data loading, the scheduler): it may do anything the workflow allows.

- Department staff (Cán bộ Sở) write drafts of national guidance and of their own province's
  notes, and submit them. They never see or touch another province's notes, and once a draft is
  submitted only the ministry edits it.
- Ministry editors edit any draft or submitted revision and send it back with a comment.
- Ministry publishers do the same, and publish, schedule and withdraw.
- Nobody publishes or schedules a revision they wrote or edited.
"""

from django.utils.translation import gettext as _

from handbook.models import Revision

REVIEW_PERMISSION = "handbook.review_revision"
PUBLISH_PERMISSION = "handbook.publish_revision"


def is_reviewer(user) -> bool:
    """Ministry staff who may edit any draft and review (editor or publisher)."""
    return user is not None and user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def is_publisher(user) -> bool:
    return user is not None and user.is_authenticated and user.has_perm(PUBLISH_PERMISSION)


def _staff_refusal(user, permission: str) -> str | None:
    if not user.is_authenticated:
        return _("Bạn cần đăng nhập.")
    if not user.has_perm(permission):
        return _("Tài khoản của bạn không có quyền soạn hướng dẫn.")
    return None


def create_refusal(user, *, province=None) -> str | None:
    """May ``user`` start a draft of national guidance (province None) or of a province's note?"""
    if user is None:
        return None
    refusal = _staff_refusal(user, "handbook.add_revision")
    if refusal or is_reviewer(user):
        return refusal
    if not user.province_id:
        return _("Tài khoản cán bộ Sở chưa gắn với tỉnh nào; đề nghị quản trị viên bổ sung.")
    if province is not None and getattr(province, "pk", province) != user.province_id:
        return _("Bạn chỉ soạn được ghi chú của tỉnh mình.")
    return None


def edit_refusal(user, revision: Revision) -> str | None:
    """May ``user`` change the text of ``revision`` (whatever its status)?"""
    if user is None:
        return None
    refusal = _staff_refusal(user, "handbook.change_revision")
    if refusal or is_reviewer(user):
        return refusal
    if not user.province_id:
        return _("Tài khoản cán bộ Sở chưa gắn với tỉnh nào; đề nghị quản trị viên bổ sung.")
    if revision.province_id is not None:
        if revision.province_id != user.province_id:
            return _("Bạn chỉ sửa được ghi chú của tỉnh mình.")
    elif revision.author is None or revision.author.province_id != user.province_id:
        return _("Bạn chỉ sửa được bản nháp do Sở của tỉnh mình soạn.")
    if revision.status != Revision.Status.DRAFT:
        return _("Bản này đã gửi duyệt: chỉ cán bộ Bộ sửa được. Nếu cần sửa, đề nghị Bộ trả lại.")
    return None


def submit_refusal(user, revision: Revision) -> str | None:
    """Whoever may edit a draft may submit it."""
    return edit_refusal(user, revision)


def review_refusal(user, revision: Revision) -> str | None:
    """May ``user`` send ``revision`` back to its author?"""
    if user is None or is_reviewer(user):
        return None
    return _("Chỉ biên tập viên và cán bộ Bộ được duyệt, trả lại bản nháp.")


def publish_refusal(user, revision: Revision) -> str | None:
    """May ``user`` publish or schedule ``revision``? Never one they wrote or edited."""
    if user is None:
        return None
    if not is_publisher(user):
        return _("Bạn không có quyền xuất bản hướng dẫn.")
    if revision.author_id == user.pk or revision.contributors.filter(pk=user.pk).exists():
        return _(
            "Bạn đã soạn hoặc sửa bản này; cần một cán bộ Bộ khác duyệt và xuất bản "
            "(nguyên tắc hai người)."
        )
    return None


def withdraw_refusal(user, revision: Revision) -> str | None:
    if user is None or is_publisher(user):
        return None
    return _("Bạn không có quyền rút hướng dẫn đã xuất bản.")
