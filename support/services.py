"""Writes to the support of localities. The admin, the pages and the commands call these only.

Each checks who acts (support.workflow), validates and saves in one transaction; the history of
follow-ups, proficiency and concerns names the user (django-simple-history).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from delegation.models import Province
from handbook.models import SECTION_FIELDS, Revision
from handbook.services import guidance_get_or_create, revision_create_draft
from procedures.models import Procedure
from procedures.services import attribute_change
from procedures.text import fold, nfc
from questions.models import MinistryUnit
from support import workflow
from support.models import (
    Assessment,
    Attendance,
    Concern,
    FieldVisit,
    FollowUp,
    LatestReadiness,
    MonthlyReadiness,
    PracticeAttempt,
    Proficiency,
    Rating,
    TrainingEvent,
    TrialDossier,
)

M = TypeVar("M", bound=Model)

LEVEL_RANK = {level: rank for rank, level in enumerate(Proficiency.Level.values)}


def _actor(user: User | None) -> workflow.Actor:
    return workflow.Actor.of(user)


def _saved(instance: M, *, user: User | None = None, reason: str | None = None) -> M:
    # Fields save() derives from the row are not validated before they exist.
    instance.full_clean(exclude=getattr(instance, "DERIVED", None))
    if hasattr(type(instance), "history"):
        attribute_change(instance, user=user, reason=reason)
    instance.save()
    return instance


# Training events and their rosters


@transaction.atomic
def training_event_save(
    *,
    event: TrainingEvent,
    user: User | None,
    fields: Iterable[Any] | None = None,
    items: Iterable[Any] | None = None,
    guidance: Iterable[Any] | None = None,
    editions: Iterable[Any] | None = None,
) -> TrainingEvent:
    """Create or update a training event and, when given, what it covers and its materials."""
    workflow.require_record(_actor(user))
    _saved(event)
    for name, values in (
        ("fields", fields),
        ("items", items),
        ("guidance", guidance),
        ("editions", editions),
    ):
        if values is not None:
            getattr(event, name).set(values)
    return event


@transaction.atomic
def attendance_save(*, attendance: Attendance, user: User | None) -> Attendance:
    """Record one attendee; department staff only for their own province."""
    workflow.require_province(_actor(user), attendance.province_id)
    if attendance.official_id and not attendance.name:
        attendance.name = str(attendance.official)
    return _saved(attendance)


@transaction.atomic
def attendance_delete(*, attendance: Attendance, user: User | None) -> None:
    """Take one attendee off a roster; department staff only for their own province."""
    workflow.require_province(_actor(user), attendance.province_id)
    attendance.delete()


@dataclass
class RosterResult:
    created: int = 0
    kept: int = 0
    errors: list[str] = field(default_factory=list)


ROSTER_COLUMNS = ("tinh", "ho_ten", "don_vi", "tai_khoan")


def _roster_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in ("tinh", "ho_ten") if c not in header]
    if missing:
        raise ValidationError(
            _("Dòng 1: thiếu cột %(columns)s (cần các cột: %(all)s).")
            % {"columns": ", ".join(missing), "all": ", ".join(ROSTER_COLUMNS)},
            code="header",
        )
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        yield number, {k: nfc((v or "").strip()) for k, v in row.items() if k}


@transaction.atomic
def roster_import(
    *, event: TrainingEvent, text: str, user: User | None, dry_run: bool = False
) -> RosterResult:
    """Import a training roster (CSV: tinh, ho_ten, don_vi, tai_khoan) into ``event``.

    ``tinh`` is a province's slug or name; ``tai_khoan`` an optional username whose official is
    linked (and marked "trained" on the event's items). Nothing is written when any line is
    wrong: the ValidationError lists every line ("Dòng N: ..."). Department staff import only
    their own province's lines. A line already on the roster is kept, not duplicated.
    """
    actor = _actor(user)
    provinces: dict[str, Province] = {}
    for known in Province.objects.all():
        provinces[known.slug] = known
        provinces[fold(known.name)] = known
    users = get_user_model().objects
    result = RosterResult()
    rows = []
    for number, row in _roster_rows(text):
        if not any(row.values()):
            continue
        province = provinces.get(row.get("tinh", "")) or provinces.get(fold(row.get("tinh", "")))
        official = None
        if province is None:
            result.errors.append(
                _("Dòng %(n)d: không có tỉnh “%(value)s”.") % {"n": number, "value": row["tinh"]}
            )
            continue
        if not (actor.can_record or actor.is_department_of(province.pk)):
            result.errors.append(
                _("Dòng %(n)d: bạn chỉ nhập được danh sách của tỉnh mình (dòng ghi %(p)s).")
                % {"n": number, "p": province}
            )
            continue
        if not row.get("ho_ten") and not row.get("tai_khoan"):
            result.errors.append(_("Dòng %(n)d: thiếu họ và tên.") % {"n": number})
            continue
        if row.get("tai_khoan"):
            official = users.filter(username=row["tai_khoan"]).first()
            if official is None:
                result.errors.append(
                    _("Dòng %(n)d: không có tài khoản “%(value)s”.")
                    % {"n": number, "value": row["tai_khoan"]}
                )
                continue
            if official.province_id != province.pk:
                result.errors.append(
                    _("Dòng %(n)d: tài khoản “%(value)s” không thuộc %(p)s.")
                    % {"n": number, "value": row["tai_khoan"], "p": province}
                )
                continue
        name = (row.get("ho_ten") or (official.full_name if official else ""))[:150]
        if len(row.get("don_vi", "")) > 200:
            result.errors.append(_("Dòng %(n)d: tên đơn vị dài quá 200 ký tự.") % {"n": number})
            continue
        rows.append((province, official, name, row.get("don_vi", "")))
    if result.errors:
        raise ValidationError(result.errors, code="roster")
    if not rows:
        raise ValidationError(_("Tệp không có dòng nào."), code="empty")
    for province, official, name, unit in rows:
        attendance, created = Attendance.objects.get_or_create(
            event=event, province=province, name=name, unit=unit, defaults={"official": official}
        )
        if created:
            result.created += 1
        else:
            result.kept += 1
        if official is not None:
            for item in event.items.all():
                _raise_to(
                    official=official,
                    procedure=item,
                    level=Proficiency.Level.TRAINED,
                    source=Proficiency.Source.TRAINING,
                    user=user,
                    on=event.held_on,
                )
    if dry_run:
        transaction.set_rollback(True)
    return result


# Field visits


@transaction.atomic
def visit_save(*, visit: FieldVisit, user: User | None) -> FieldVisit:
    """Create or update a field visit (ministry staff)."""
    workflow.require_record(_actor(user))
    if visit.pk is None and visit.created_by_id is None and user is not None:
        visit.created_by = user
    visit = _saved(visit)
    # The province of a visit is the province of what was recorded on it.
    for assessment in visit.assessments.all():
        assessment_save(assessment=assessment, user=user)
    return visit


@transaction.atomic
def assessment_save(*, assessment: Assessment, user: User | None) -> Assessment:
    """Record an assessment of a delegated item; the latest per province and item is flagged.

    The latest is the one with the latest date (the most recent record on a tie), whatever the
    order they are entered in.
    """
    workflow.require_record(_actor(user))
    if not assessment.assessed_on and assessment.visit_id:
        assessment.assessed_on = assessment.visit.ends_on
    if assessment.created_by_id is None and user is not None:
        assessment.created_by = user
    previous = None
    if assessment.pk:
        previous = (
            Assessment.objects.filter(pk=assessment.pk)
            .values("province", "procedure", "field", "month")
            .get()
        )
    assessment.is_latest = False
    assessment.full_clean(exclude=Assessment.DERIVED)
    assessment.save()
    keys = {(assessment.province_id, assessment.procedure_id)}
    months = {(assessment.province_id, assessment.field_id, assessment.month)}
    if previous:
        keys.add((previous["province"], previous["procedure"]))
        months.add((previous["province"], previous["field"], previous["month"]))
    for province_id, procedure_id in keys:
        _flag_latest(province_id, procedure_id)
    for province_id, field_id, month in months:
        _summarise_month(province_id, field_id, month)
    for province_id, field_id in {(p, f) for p, f, _month in months}:
        _summarise_latest(province_id, field_id)
    assessment.refresh_from_db(fields=["is_latest"])
    return assessment


def _summarise_month(province_id: int, field_id: int, month: datetime.date) -> None:
    counts = Assessment.objects.filter(
        province_id=province_id, field_id=field_id, month=month
    ).aggregate(assessed=Count("pk"), met=Count("pk", filter=Q(overall=Rating.MET)))
    if counts["assessed"]:
        MonthlyReadiness.objects.update_or_create(
            province_id=province_id, field_id=field_id, month=month, defaults=counts
        )
    else:
        MonthlyReadiness.objects.filter(
            province_id=province_id, field_id=field_id, month=month
        ).delete()


def _latest_counts() -> dict[str, Count]:
    return {
        "met": Count("pk", filter=Q(overall=Rating.MET)),
        "partly": Count("pk", filter=Q(overall=Rating.PARTLY)),
        "not_met": Count("pk", filter=Q(overall=Rating.NOT_MET)),
    }


def _summarise_latest(province_id: int, field_id: int) -> None:
    counts = (
        Assessment.objects.current()
        .filter(province_id=province_id, field_id=field_id)
        .aggregate(**_latest_counts())
    )
    if any(counts.values()):
        LatestReadiness.objects.update_or_create(
            province_id=province_id, field_id=field_id, defaults=counts
        )
    else:
        LatestReadiness.objects.filter(province_id=province_id, field_id=field_id).delete()


@transaction.atomic
def readiness_rebuild() -> int:
    """Rebuild the month-by-month summary from every assessment (after a bulk load); returns
    the number of summary rows."""
    MonthlyReadiness.objects.all().delete()
    rows = (
        Assessment.objects.values("province_id", "field_id", "month")
        .annotate(assessed=Count("pk"), met=Count("pk", filter=Q(overall=Rating.MET)))
        .order_by()
    )
    created = len(MonthlyReadiness.objects.bulk_create(MonthlyReadiness(**row) for row in rows))
    LatestReadiness.objects.all().delete()
    latest = (
        Assessment.objects.current()
        .values("province_id", "field_id")
        .annotate(**_latest_counts())
        .order_by()
    )
    LatestReadiness.objects.bulk_create(LatestReadiness(**row) for row in latest)
    return created


def _flag_latest(province_id: int, procedure_id: int) -> None:
    rows = Assessment.objects.filter(province_id=province_id, procedure_id=procedure_id)
    rows.filter(is_latest=True).update(is_latest=False)
    latest = rows.order_by("-assessed_on", "-pk").values_list("pk", flat=True).first()
    if latest is not None:
        rows.filter(pk=latest).update(is_latest=True)


@transaction.atomic
def trial_dossier_save(*, dossier: TrialDossier, user: User | None) -> TrialDossier:
    workflow.require_record(_actor(user))
    return _saved(dossier)


@transaction.atomic
def trial_dossier_promote(*, dossier: TrialDossier, user: User | None) -> Revision:
    """A handbook draft of the dossier's procedure with the errors found added to its "common
    errors"; it then goes through the handbook's review. Never publishes."""
    workflow.require_record(_actor(user))
    dossier = TrialDossier.objects.select_for_update().get(pk=dossier.pk)
    if not dossier.errors_found.strip():
        raise ValidationError(_("Hồ sơ làm thử này không ghi lỗi nào để đưa vào cẩm nang."))
    if dossier.promoted_revision_id is not None:
        raise ValidationError(_("Lỗi của hồ sơ này đã được đưa vào một bản nháp hướng dẫn."))
    guidance = guidance_get_or_create(procedure=dossier.procedure)
    current = guidance.current_revision()
    sections = {name: getattr(current, name) if current else "" for name in SECTION_FIELDS}
    with override(settings.LANGUAGE_CODE):
        visit = dossier.visit
        addition = _("**Phát hiện khi làm thử hồ sơ (%(where)s, %(date)s):** %(errors)s") % {
            "where": visit.where,
            "date": f"{visit.ends_on:%d/%m/%Y}",
            "errors": dossier.errors_found.strip(),
        }
        note = _("Bổ sung lỗi thường gặp từ hồ sơ làm thử số %(n)s (đợt công tác %(visit)s).") % {
            "n": dossier.pk,
            "visit": visit,
        }
    sections["common_errors"] = f"{sections['common_errors'].rstrip()}\n\n{addition}".strip()
    revision = revision_create_draft(
        guidance=guidance,
        author=user,
        sections=sections,
        summary=current.summary if current else "",
        change_note=note,
    )
    dossier.promoted_revision = revision
    dossier.save(update_fields=["promoted_revision"])
    return revision


# Follow-ups


@transaction.atomic
def follow_up_save(*, follow_up: FollowUp, user: User | None) -> FollowUp:
    """Create or update a follow-up; department staff only for their own province."""
    if follow_up.visit is not None and not follow_up.province_id:
        follow_up.province_id = follow_up.visit.province_id
    workflow.require_province(_actor(user), follow_up.province_id)
    return _saved(follow_up, user=user)


@transaction.atomic
def follow_up_step(
    *, follow_up: FollowUp, user: User | None, step: str, at: datetime.datetime | None = None
) -> FollowUp:
    """Take ``step`` (complete, reopen, cancel) on ``follow_up``."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if step not in workflow.FOLLOW_UP_STEPS:
        raise ValidationError(_("Không có thao tác “%s”.") % step, code="step")
    workflow.check(_actor(user), follow_up, step, workflow.FOLLOW_UP_STEPS)
    follow_up.status = workflow.FOLLOW_UP_STEPS[step].target
    if step == workflow.COMPLETE:
        follow_up.done_at, follow_up.done_by = at or timezone.now(), user
    elif step == workflow.REOPEN:
        follow_up.done_at = follow_up.done_by = None
    return _saved(follow_up, user=user, reason=str(workflow.FOLLOW_UP_STEPS[step].verb))


# Proficiency and practice


def _raise_to(
    *,
    official: User,
    procedure: Procedure,
    level: str,
    source: str,
    user: User | None,
    on: datetime.date,
) -> Proficiency | None:
    """Set ``level`` unless the official is already at it or above."""
    current = Proficiency.objects.filter(official=official, procedure=procedure).first()
    if current is not None and LEVEL_RANK[current.level] >= LEVEL_RANK[level]:
        return None
    proficiency = current or Proficiency(official=official, procedure=procedure)
    proficiency.level, proficiency.source, proficiency.set_on = level, source, on
    proficiency.set_by = user
    return _saved(proficiency, user=user)


@transaction.atomic
def proficiency_set(
    *,
    official: User,
    procedure: Procedure,
    level: str,
    user: User | None,
    source: str | None = None,
    on: datetime.date | None = None,
) -> Proficiency:
    """Set an official's level on a delegated item (ministry: any; department: its province's).

    The level may go down too (a team finds the official needs help again); history keeps all.
    """
    actor = _actor(user)
    if not actor.can_set_proficiency(official):
        raise PermissionDenied(
            _("Bạn không có quyền ghi mức thành thạo của cán bộ này (chỉ cán bộ tỉnh mình).")
        )
    if source is None:
        source = Proficiency.Source.VISIT if actor.is_ministry else Proficiency.Source.DEPARTMENT
    proficiency = Proficiency.objects.filter(official=official, procedure=procedure).first()
    proficiency = proficiency or Proficiency(official=official, procedure=procedure)
    proficiency.level, proficiency.source = level, source
    proficiency.set_on = on or timezone.localdate()
    proficiency.set_by = user
    return _saved(proficiency, user=user)


@transaction.atomic
def practice_record(
    *,
    user: User,
    procedure: Procedure,
    correct: int,
    total: int,
    at: datetime.datetime | None = None,
) -> PracticeAttempt:
    """Keep a signed-in official's self-check result; all answers right means "practised"
    (never lowering a higher level)."""
    actor = _actor(user)
    if not actor.can_practise:
        raise PermissionDenied(_("Chỉ cán bộ có tài khoản gắn với một tỉnh mới lưu được kết quả."))
    at = at or timezone.now()
    attempt = PracticeAttempt(
        official=user, procedure=procedure, correct=correct, total=total, taken_at=at
    )
    attempt.full_clean()
    attempt.save()
    if attempt.passed:
        _raise_to(
            official=user,
            procedure=procedure,
            level=Proficiency.Level.PRACTISED,
            source=Proficiency.Source.PRACTICE,
            user=user,
            on=timezone.localdate(at),
        )
    return attempt


# Concerns and requests to return a power


@transaction.atomic
def concern_file(
    *,
    user: User | None,
    procedure: Procedure,
    kind: str,
    reason: str,
    body: str,
    commune: str = "",
    province: Province | None = None,
    at: datetime.datetime | None = None,
) -> Concern:
    """The department files a concern or a request to return ``procedure`` to the ministry.

    The ministry unit responsible for the procedure's field is named at once (questions'
    units), so it is the one that answers.
    """
    actor = _actor(user)
    province_id = province.pk if province is not None else actor.province_id
    if province_id is None or not actor.is_department_of(province_id):
        raise PermissionDenied(
            _("Chỉ cán bộ Sở gửi kiến nghị, đề nghị trả lại cho tỉnh mình (xã gửi qua Sở).")
        )
    concern = Concern(
        province_id=province_id,
        procedure=procedure,
        kind=kind,
        reason=reason,
        body=(body or "").strip(),
        commune=(commune or "").strip(),
        filed_by=user,
        filed_at=at or timezone.now(),
        ministry_unit=MinistryUnit.objects.responsible_for(procedure.field).first(),
    )
    return _saved(concern, user=user)


def _concern_begin(concern: Concern, user: User | None, step: str) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    workflow.check(_actor(user), concern, step, workflow.CONCERN_STEPS)
    concern.status = workflow.CONCERN_STEPS[step].target
    return concern


@transaction.atomic
def concern_accept(
    *, concern: Concern, user: User | None, unit: MinistryUnit | None = None
) -> Concern:
    """A ministry unit takes the concern up (optionally passing it to ``unit``)."""
    concern = _concern_begin(concern, user, workflow.ACCEPT)
    if unit is not None:
        concern.ministry_unit = unit
    return _saved(concern, user=user, reason=str(workflow.CONCERN_STEPS[workflow.ACCEPT].verb))


@transaction.atomic
def concern_answer(
    *,
    concern: Concern,
    user: User | None,
    response_kind: str,
    response: str,
    at: datetime.datetime | None = None,
) -> Concern:
    """The ministry answers with a support plan or a decision."""
    concern = _concern_begin(concern, user, workflow.ANSWER_STEP)
    response = (response or "").strip()
    if not response:
        raise ValidationError(
            {"response": _("Ghi nội dung trả lời (kế hoạch hỗ trợ, quyết định).")}
        )
    concern.response_kind, concern.response = response_kind, response
    concern.answered_at, concern.answered_by = at or timezone.now(), user
    return _saved(concern, user=user, reason=str(workflow.CONCERN_STEPS[workflow.ANSWER_STEP].verb))


@transaction.atomic
def concern_close(
    *, concern: Concern, user: User | None, at: datetime.datetime | None = None
) -> Concern:
    concern = _concern_begin(concern, user, workflow.CLOSE)
    concern.closed_at = at or timezone.now()
    return _saved(concern, user=user, reason=str(workflow.CONCERN_STEPS[workflow.CLOSE].verb))
