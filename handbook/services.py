"""Writes to the handbook. The admin, the commands and the views call these, nothing else."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from handbook.models import SECTION_FIELDS, Guidance, Revision
from procedures.models import Procedure
from search.indexing import refresh_procedures

PUBLISH_PERMISSION = "handbook.publish_revision"


def guidance_get_or_create(*, procedure: Procedure) -> Guidance:
    guidance, _created = Guidance.objects.get_or_create(procedure=procedure)
    return guidance


@transaction.atomic
def revision_create_draft(
    *,
    guidance: Guidance,
    author,
    sections: dict[str, str],
    summary: str = "",
    change_note: str = "",
    change_kind: str = Revision.ChangeKind.MAJOR,
) -> Revision:
    """Create a draft revision of ``guidance`` with the given section texts."""
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError(_("Mục không có trong cẩm nang: %s") % ", ".join(sorted(unknown)))
    revision = Revision(
        guidance=guidance,
        author=author,
        summary=summary,
        change_note=change_note,
        change_kind=change_kind,
        status=Revision.Status.DRAFT,
        **sections,
    )
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def revision_publish(*, revision: Revision, user, at=None) -> Revision:
    """Publish ``revision``: the live revision of its guidance becomes superseded.

    Only users with the publish permission may publish; a published revision is not republished.
    """
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền xuất bản hướng dẫn."))
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status not in (Revision.Status.DRAFT, Revision.Status.IN_REVIEW):
        raise ValidationError(
            _("Chỉ xuất bản được bản nháp hoặc bản chờ duyệt (trạng thái hiện tại: %s).")
            % revision.get_status_display()
        )
    when = at or timezone.now()
    Revision.objects.select_for_update().filter(
        guidance_id=revision.guidance_id, status=Revision.Status.PUBLISHED
    ).update(status=Revision.Status.SUPERSEDED)
    revision.status = Revision.Status.PUBLISHED
    revision.published_at = when
    revision.published_by = user
    revision.full_clean()
    revision.save()
    # Search: the published guidance is searchable text; re-index its procedure.
    refresh_procedures([revision.guidance.procedure_id])
    return revision
