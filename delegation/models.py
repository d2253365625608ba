"""Provinces and the delegation timeline: who handles a procedure, from when, on what basis."""

import datetime
import functools
import operator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from procedures.history import HistoricalRecords
from procedures.models import (
    AuthorityLevel,
    Confidence,
    LegalDocument,
    NFCModel,
    Procedure,
    SlugManager,
)


class Province(NFCModel):
    """One of the 34 provincial-level units in place from 1 July 2025."""

    class Kind(models.TextChoices):
        CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")
        PROVINCE = "tinh", _("Tỉnh")

    name = models.CharField(_("tên"), max_length=100, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    merged_from = models.TextField(
        _("hợp nhất từ"),
        blank=True,
        help_text=_("Các đơn vị cũ hợp thành, như nguồn ghi. Để trống nếu nguồn chưa xác nhận."),
    )
    unchanged = models.BooleanField(
        _("không sáp nhập"), default=False, help_text=_("Giữ nguyên, không hợp nhất với tỉnh khác.")
    )
    admin_center_note = models.TextField(_("trung tâm hành chính"), blank=True)
    commune_units = models.PositiveIntegerField(_("số đơn vị cấp xã"), null=True, blank=True)
    source_url = models.TextField(_("nguồn"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:province", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


def _in_effect(on: datetime.date, prefix: str = "") -> Q:
    """In effect on ``on``: started on or before it and not yet ended."""
    p = prefix
    started = Q(**{f"{p}effective_from__lte": on})
    not_ended = Q(**{f"{p}effective_until__isnull": True}) | Q(**{f"{p}effective_until__gt": on})
    return started & not_ended


class DelegationQuerySet(models.QuerySet):
    def in_effect(self, on: datetime.date):
        """Delegations that apply on ``on``; ``effective_until`` is the first day they do not."""
        return self.filter(_in_effect(on))

    def legal(self):
        """Delegations a legal text states (``confidence`` legal_text)."""
        return self.filter(confidence=Confidence.LEGAL_TEXT)

    def to_level(self, level: AuthorityLevel, on: datetime.date):
        """Delegations that give ``level`` a procedure or task on ``on``."""
        return self.in_effect(on).filter(to_level=level)

    def for_handler(self):
        """What ``handler_on`` reads of each delegation (the levels included), in one query."""
        return self.select_related("from_level", "to_level", "legal_document")

    def timeline(self):
        """Oldest first, with what a timeline row shows, in one query."""
        return self.select_related("from_level", "to_level", "legal_document").order_by(
            models.F("effective_from").asc(nulls_last=True), "pk"
        )


# Decrees 132 and 133/2025 moved authorities on this day; an older record says nothing after it.
REFORM_DAY = datetime.date(2025, 7, 1)


def _record_current(on: datetime.date) -> Q:
    """The procedure's own record is the current national one and dates from ``on`` or before."""
    return Q(status=Procedure.Status.IN_FORCE, level__isnull=False) & (
        Q(source_date__isnull=True) | Q(source_date__lte=on)
    )


def with_handler(procedures: models.QuerySet, *, on: datetime.date) -> models.QuerySet:
    """Annotate ``handler_level_id`` and ``handler_confirmed`` for each procedure on ``on``.

    Confirmed (the same rules as ``handler_on``): the legal-text delegation in effect (the latest
    to start) gives its ``to_level``; before a legal-text delegation starts, the level it moves
    the procedure from; else the level of the current national record, when the record dates
    from ``on`` or before. Otherwise ``handler_level_id`` is the best-known level (a delegation
    from another source in effect, else the record's level) and ``handler_confirmed`` is false:
    lists show it apart ("chưa xác nhận"). Procedures without any delegation (most of them) cost
    one index probe, not three subqueries.
    """
    delegations = Delegation.objects.filter(procedure=OuterRef("pk"))
    legal = delegations.legal()
    active_legal = legal.in_effect(on).order_by("-effective_from", "-pk").values("to_level_id")
    pending_from = (
        legal.filter(effective_from__gt=on, from_level__isnull=False)
        .order_by("effective_from", "pk")
        .values("from_level_id")
    )
    other_active = (
        delegations.exclude(confidence=Confidence.LEGAL_TEXT)
        .in_effect(on)
        .order_by("-effective_from", "-pk")
        .values("to_level_id")
    )
    integer: models.BigIntegerField = models.BigIntegerField()
    record_level = models.Case(
        models.When(_record_current(on), then="level_id"), default=None, output_field=integer
    )
    has_delegations = Exists(delegations)
    confirmed = models.Case(
        models.When(~has_delegations, then=record_level),
        default=Coalesce(
            Subquery(active_legal[:1]),
            Subquery(pending_from[:1]),
            record_level,
            output_field=integer,
        ),
        output_field=integer,
    )
    best = models.Case(
        models.When(~has_delegations, then="level_id"),
        default=Coalesce(Subquery(other_active[:1]), "level_id", output_field=integer),
        output_field=integer,
    )
    return procedures.annotate(confirmed_level_id=confirmed).annotate(
        handler_level_id=Coalesce("confirmed_level_id", best, output_field=integer),
        handler_confirmed=models.ExpressionWrapper(
            Q(confirmed_level_id__isnull=False), output_field=models.BooleanField()
        ),
    )


def _first_in_procedure(condition: Q, *, latest: bool) -> models.QuerySet:
    """The delegations meeting ``condition`` that come first among their procedure's: the latest
    to start (ties: the highest id) or, not ``latest``, the earliest (ties: the lowest id), as
    the subqueries of ``with_handler`` pick them."""
    after = "gt" if latest else "lt"
    rivals = Delegation.objects.filter(condition, procedure_id=OuterRef("procedure_id")).filter(
        Q(**{f"effective_from__{after}": OuterRef("effective_from")})
        | Q(effective_from=OuterRef("effective_from"), **{f"pk__{after}": OuterRef("pk")})
    )
    return Delegation.objects.filter(condition).exclude(Exists(rivals))


def _deciding(on: datetime.date) -> tuple[Q, Q, Q]:
    """The delegations that can decide a procedure's handler on ``on``: legal-text ones in
    effect, legal-text ones still to come that name the level they move it from, and the others
    in effect (a procedure with none of these is handled as its record says)."""
    active_legal = Q(confidence=Confidence.LEGAL_TEXT) & _in_effect(on)
    pending_legal = Q(
        confidence=Confidence.LEGAL_TEXT, effective_from__gt=on, from_level__isnull=False
    )
    active_other = ~Q(confidence=Confidence.LEGAL_TEXT) & _in_effect(on)
    return active_legal, pending_legal, active_other


def _having(condition: Q) -> Q:
    """The procedure has a delegation meeting ``condition``."""
    return Q(Exists(Delegation.objects.filter(condition, procedure_id=OuterRef("pk"))))


def handled_by_parts(level: AuthorityLevel, *, on: datetime.date, confirmed: bool) -> list[Q]:
    """Filters on procedures for disjoint sets whose union is what ``level`` handles on ``on``,
    confirmed or not: the same as ``with_handler(...).filter(handler_level_id=level.pk,
    handler_confirmed=confirmed)``, without working out the handler of every procedure.

    Each set starts from an index (the level's delegations, or the record's level) and tells
    the delegations that decide otherwise apart by anti-joins, so a count at 100,000
    procedures reads only what the level handles, and a listing walked in name order tests
    each row it reads with a few index probes.
    """
    active_legal, pending_legal, active_other = _deciding(on)
    if confirmed:
        winners = _first_in_procedure(active_legal, latest=True).filter(to_level=level)
        coming = _first_in_procedure(pending_legal, latest=False).filter(from_level=level)
        return [
            Q(pk__in=winners.values("procedure_id")),
            Q(pk__in=coming.values("procedure_id")) & ~_having(active_legal),
            _record_current(on) & Q(level=level) & ~_having(active_legal) & ~_having(pending_legal),
        ]
    unconfirmed = ~_record_current(on) & ~_having(active_legal) & ~_having(pending_legal)
    others = _first_in_procedure(active_other, latest=True).filter(to_level=level)
    return [
        unconfirmed & Q(pk__in=others.values("procedure_id")),
        unconfirmed & Q(level=level) & ~_having(active_other),
    ]


def confirmed_counts(
    procedures: models.QuerySet, *, on: datetime.date, levels: list[AuthorityLevel]
) -> dict[int, int]:
    """How many of ``procedures`` each of ``levels`` handles on ``on`` as a source confirms, by
    level id: the counts of ``with_handler(procedures, on=on)`` by ``handler_level_id`` among
    the confirmed, in one query (the three parts of ``handled_by_parts``, grouped by level)."""
    active_legal, pending_legal, _ = _deciding(on)
    # Each delegation's own procedure looked up (by primary key), not the whole list read.
    among = Exists(procedures.filter(pk=OuterRef("procedure_id")))
    by_legal = _first_in_procedure(active_legal, latest=True).filter(among, to_level__in=levels)
    by_coming = (
        _first_in_procedure(pending_legal, latest=False)
        .filter(among, from_level__in=levels)
        .exclude(
            Exists(Delegation.objects.filter(active_legal, procedure_id=OuterRef("procedure_id")))
        )
    )
    by_record = (
        procedures.filter(_record_current(on), level__in=levels)
        .exclude(_having(active_legal))
        .exclude(_having(pending_legal))
    )
    parts = [
        by_legal.order_by().values(handler=models.F("to_level_id")),
        by_coming.order_by().values(handler=models.F("from_level_id")),
        by_record.order_by().values(handler=models.F("level_id")),
    ]
    counted = [part.annotate(count=models.Count("pk")) for part in parts]
    counts: dict[int, int] = {}
    for row in counted[0].union(*counted[1:], all=True):
        counts[row["handler"]] = counts.get(row["handler"], 0) + row["count"]
    return counts


def handled_by(level: AuthorityLevel, *, on: datetime.date, confirmed: bool | None = None) -> Q:
    """A filter on procedures: ``level`` handles them on ``on``, confirmed (or not, or either
    when ``confirmed`` is None); the parts of ``handled_by_parts`` joined by OR."""
    kinds = [True, False] if confirmed is None else [confirmed]
    parts = [q for kind in kinds for q in handled_by_parts(level, on=on, confirmed=kind)]
    return functools.reduce(operator.or_, parts)


def delegation_in_force(delegations, day: datetime.date):
    """The delegation that applies on ``day`` (the latest to start), from a fetched timeline."""
    active = [d for d in delegations if d.applies_on(day)]
    if not active:
        return None
    return max(active, key=lambda d: (d.effective_from, d.pk))


def record_source(procedure: Procedure) -> dict:
    """The procedure's own record as a source: code, date, file (or the compiled list's page)."""
    national = bool(procedure.source_repo or procedure.source_path)
    return {
        "kind": "national_record" if national else "compiled_list",
        "code": procedure.code or None,
        "date": procedure.source_date,
        "file": f"{procedure.source_repo}:{procedure.source_path}" if national else None,
        "url": procedure.source_url or None,
        "current": procedure.status == Procedure.Status.IN_FORCE,
        "level": procedure.level,
    }


@dataclass(frozen=True)
class Handler:
    """Who handles a procedure on ``on``, how sure that is and on what source.

    ``level`` is stated for the day only when a source gives it (``confirmed``: a legal text or
    the current national record); otherwise it is the level the source names (a provincial
    portal, an older record) or None, and the page says what is known and how.
    """

    on: datetime.date
    level: AuthorityLevel | None
    confidence: str
    confirmed: bool
    source: dict
    delegation: "Delegation | None" = None

    @property
    def record_level(self) -> AuthorityLevel | None:
        return self.source.get("level")

    @property
    def record_date(self) -> datetime.date | None:
        return self.source.get("date")

    @property
    def after_reform(self) -> bool:
        """The day read is on or after 01/7/2025, which an older record cannot speak for."""
        return self.on >= REFORM_DAY

    @property
    def in_force_delegation(self) -> "Delegation | None":
        """The legal-text delegation that makes ``level`` the handler on ``on``: it has begun
        and leads to that level. None otherwise (a source other than a legal text, or a
        delegation not yet in force, whose ``from_level`` handles it until it begins)."""
        d = self.delegation
        if d is None or self.confidence != Confidence.LEGAL_TEXT or self.level is None:
            return None
        begun = d.effective_from is None or d.effective_from <= self.on
        return d if begun and d.to_level_id == self.level.pk else None

    @property
    def coming_delegation(self) -> "Delegation | None":
        """A legal-text delegation not yet begun on ``on`` (the level handles it until then)."""
        d = self.delegation
        if d is None or self.confidence != Confidence.LEGAL_TEXT or self.in_force_delegation:
            return None
        return d if d.effective_from and d.effective_from > self.on else None

    @property
    def record_newer(self) -> bool:
        """The record this rests on is dated after the day read."""
        return self.record_date is not None and self.record_date > self.on


def handler_on(procedure: Procedure, delegations, on: datetime.date) -> Handler:
    """Who handles ``procedure`` on ``on``, from its already fetched ``delegations``.

    The same rules as ``with_handler``, in Python, for a page that already holds the timeline.
    """
    legal = [d for d in delegations if d.confidence == Confidence.LEGAL_TEXT]
    active = delegation_in_force(legal, on)
    if active is not None:
        return Handler(on, active.to_level, Confidence.LEGAL_TEXT, True, active.source(), active)
    pending = [d for d in legal if d.effective_from and d.effective_from > on and d.from_level]
    if pending:
        first = min(pending, key=lambda d: (d.effective_from, d.pk))
        return Handler(on, first.from_level, Confidence.LEGAL_TEXT, True, first.source(), first)
    record = record_source(procedure)
    current = (
        procedure.status == Procedure.Status.IN_FORCE
        and procedure.level is not None
        and (procedure.source_date is None or procedure.source_date <= on)
    )
    if current:
        return Handler(on, procedure.level, Confidence.RECORD, True, record)
    other = delegation_in_force([d for d in delegations if d not in legal], on)
    if other is not None:
        return Handler(on, other.to_level, other.confidence, False, other.source(), other)
    return Handler(on, None, Confidence.UNKNOWN, False, record)


class Delegation(NFCModel):
    """A move of a procedure or task from one level of authority to another."""

    class Kind(models.TextChoices):
        DEVOLUTION = "phan_quyen", _("Phân quyền")
        DECENTRALISATION = "phan_cap", _("Phân cấp")
        AUTHORISATION = "uy_quyen", _("Ủy quyền")
        ALLOCATION = "phan_dinh", _("Phân định thẩm quyền")
        ASSIGNMENT = "phan_cong", _("Phân công")

    class Origin(models.TextChoices):
        """The kind of source the delegation was recorded from."""

        LEGAL_TEXT = "van_ban", _("Theo văn bản pháp luật")
        NATIONAL_RECORD = "ban_ghi", _("Theo bản ghi TTHC quốc gia")
        PROVINCIAL_PORTAL = "cong_tinh", _("Theo cổng dịch vụ công cấp tỉnh")
        STAFF = "can_bo", _("Cán bộ nhập")

    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục, nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    from_level = models.ForeignKey(
        AuthorityLevel,
        verbose_name=_("từ cấp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations_out",
        help_text=_("Để trống nếu nguồn không ghi cấp trước đây."),
    )
    to_level = models.ForeignKey(
        AuthorityLevel,
        verbose_name=_("đến cấp"),
        on_delete=models.PROTECT,
        related_name="delegations_in",
    )
    kind = models.CharField(
        _("hình thức"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Ghi đúng nhãn văn bản dùng, không theo báo chí. Để trống nếu chưa xác định."),
    )
    origin = models.CharField(
        _("loại nguồn"), max_length=20, choices=Origin.choices, default=Origin.LEGAL_TEXT
    )
    confidence = models.CharField(
        _("độ tin cậy"),
        max_length=20,
        choices=Confidence.choices,
        blank=True,
        help_text=_(
            "Để trống để suy ra từ loại nguồn: văn bản pháp luật (đã chọn văn bản căn cứ), bản "
            "ghi hoặc cổng dịch vụ công, còn lại là chưa xác nhận."
        ),
    )
    from_body = models.TextField(_("cơ quan trước đây"), blank=True)
    receiving_body = models.TextField(_("cơ quan tiếp nhận, thẩm định"), blank=True)
    deciding_body = models.TextField(_("cơ quan quyết định"), blank=True)
    legal_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("văn bản căn cứ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    article = models.CharField(
        _("điều, khoản"),
        max_length=200,
        blank=True,
        help_text=_('Ví dụ "Điều 4 khoản 1". Để trống nếu chưa xác nhận được điều khoản.'),
    )
    cited_documents = models.ManyToManyField(
        LegalDocument,
        verbose_name=_("văn bản được bản ghi viện dẫn"),
        blank=True,
        related_name="cited_by_delegations",
        help_text=_("Với thay đổi quan sát được: các văn bản bản ghi mới viện dẫn."),
    )
    legal_basis_text = models.TextField(_("căn cứ (nguyên văn)"), blank=True)
    effective_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    effective_until = models.DateField(
        _("thôi áp dụng từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày đầu tiên không còn áp dụng, ví dụ 01/3/2027. Để trống nếu không ghi."),
    )
    source_record_code = models.CharField(
        _("mã bản ghi nguồn"), max_length=20, blank=True, help_text=_("Nguồn là bản ghi TTHC.")
    )
    source_record_date = models.DateField(_("ngày của bản ghi nguồn"), null=True, blank=True)
    source_file = models.TextField(_("tệp nguồn"), blank=True)
    entered_by = models.CharField(
        _("cán bộ nhập nguồn"), max_length=150, blank=True, help_text=_("Nguồn do cán bộ nhập.")
    )
    entered_on = models.DateField(_("ngày nhập nguồn"), null=True, blank=True)
    time_limit_text = models.TextField(_("thời hạn (theo nguồn tổng hợp)"), blank=True)
    source_url = models.TextField(_("nguồn"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    objects = DelegationQuerySet.as_manager()
    # Who handles a procedure, since when and on what basis: every change is kept.
    history = HistoricalRecords(
        m2m_fields=[cited_documents],
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử phân cấp, phân quyền"),
        verbose_name_plural=_("lịch sử phân cấp, phân quyền"),
    )

    class Meta:
        ordering = ["procedure", "effective_from"]
        verbose_name = _("phân cấp, phân quyền")
        verbose_name_plural = _("phân cấp, phân quyền")
        # The procedures delegated on one basis (the related procedures, a document's articles).
        indexes = [
            models.Index(
                fields=["legal_document", "article", "procedure"],
                name="delegation_document_article",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_until__gt=models.F("effective_from")),
                name="delegation_until_after_from",
            ),
            models.CheckConstraint(
                condition=~Q(from_level=models.F("to_level")),
                name="delegation_changes_level",
            ),
        ]

    def __str__(self):
        return f"{self.procedure}: {self.from_level or '?'} → {self.to_level}"

    def derived_confidence(self) -> str:
        """How sure the delegation is, from the kind of source it rests on."""
        if self.origin == self.Origin.LEGAL_TEXT and self.legal_document_id:
            return Confidence.LEGAL_TEXT
        if self.origin in (self.Origin.NATIONAL_RECORD, self.Origin.PROVINCIAL_PORTAL):
            return Confidence.RECORD
        return Confidence.UNKNOWN

    def save(self, *args, **kwargs):
        if not self.confidence:
            self.confidence = self.derived_confidence()
        super().save(*args, **kwargs)

    def clean(self):
        if not self.confidence:
            self.confidence = self.derived_confidence()
        if (
            self.effective_from
            and self.effective_until
            and self.effective_until <= self.effective_from
        ):
            raise ValidationError(
                {"effective_until": _("Ngày thôi áp dụng phải sau ngày bắt đầu áp dụng.")}
            )
        if self.from_level_id and self.from_level_id == self.to_level_id:
            raise ValidationError({"to_level": _("Cấp nhận phải khác cấp giao.")})
        if self.article and not self.legal_document_id:
            raise ValidationError({"article": _("Ghi điều, khoản thì phải chọn văn bản căn cứ.")})
        if self.confidence == Confidence.LEGAL_TEXT and (
            self.origin != self.Origin.LEGAL_TEXT or not self.legal_document_id
        ):
            raise ValidationError(
                {
                    "confidence": _(
                        "Theo văn bản pháp luật: nguồn phải là văn bản pháp luật và phải chọn "
                        "văn bản căn cứ."
                    )
                }
            )
        if self.confidence == Confidence.OBSERVED:
            raise ValidationError(
                {"confidence": _("Thay đổi suy ra từ hai bản ghi không phải phân cấp, phân quyền.")}
            )
        if self.origin == self.Origin.STAFF and not self.entered_by:
            raise ValidationError({"entered_by": _("Ghi tên cán bộ nhập nguồn.")})

    def source(self) -> dict:
        """The source of the delegation, structured (for the page, the API and the admin)."""
        document = self.legal_document
        kinds: dict[str, str] = {
            self.Origin.LEGAL_TEXT: "legal_text",
            self.Origin.NATIONAL_RECORD: "national_record",
            self.Origin.PROVINCIAL_PORTAL: "provincial_portal",
            self.Origin.STAFF: "staff",
        }
        return {
            "kind": kinds.get(self.origin, "unknown"),
            "legal_document": document.number if document else None,
            "article": self.article or None,
            "code": self.source_record_code or None,
            "date": self.source_record_date,
            "file": self.source_file or None,
            "url": self.source_url or None,
            "entered_by": self.entered_by or None,
            "entered_on": self.entered_on,
        }

    def applies_on(self, day: datetime.date) -> bool:
        start = self.effective_from
        if start is None or start > day:
            return False
        return self.effective_until is None or day < self.effective_until

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the delegation applies, for display ("đến hết ngày")."""
        return self.effective_until - datetime.timedelta(days=1) if self.effective_until else None


class LevelChange(NFCModel):
    """A change of level seen between an older record of a procedure and its current one.

    Not a delegation: no source says why or since when the level changed, only that two records
    of the same procedure name different levels. Shown apart ("Thay đổi cấp thực hiện ghi nhận
    từ dữ liệu"), never counted or listed as phân cấp, phân quyền.
    """

    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="level_changes",
    )
    old_code = models.CharField(_("mã bản ghi cũ"), max_length=20, blank=True)
    old_level = models.ForeignKey(
        AuthorityLevel,
        verbose_name=_("cấp theo bản ghi cũ"),
        on_delete=models.PROTECT,
        related_name="level_changes_out",
    )
    old_agency = models.TextField(_("cơ quan theo bản ghi cũ"), blank=True)
    old_decision = models.TextField(_("quyết định công bố bản ghi cũ"), blank=True)
    old_date = models.DateField(
        _("ngày của bản ghi cũ"),
        null=True,
        blank=True,
        help_text=_("Nguồn chỉ cho biết bản ghi không muộn hơn ngày này."),
    )
    old_file = models.TextField(_("tệp bản ghi cũ"), blank=True)
    new_code = models.CharField(_("mã bản ghi mới"), max_length=20, blank=True)
    new_level = models.ForeignKey(
        AuthorityLevel,
        verbose_name=_("cấp theo bản ghi mới"),
        on_delete=models.PROTECT,
        related_name="level_changes_in",
    )
    new_date = models.DateField(_("ngày của bản ghi mới"), null=True, blank=True)
    new_file = models.TextField(_("tệp bản ghi mới"), blank=True)
    matched_by = models.CharField(_("đối chiếu theo"), max_length=100, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(
        verbose_name=_("lịch sử thay đổi cấp ghi nhận từ dữ liệu"),
        verbose_name_plural=_("lịch sử thay đổi cấp ghi nhận từ dữ liệu"),
    )

    class Meta:
        ordering = ["procedure", "old_date", "pk"]
        verbose_name = _("thay đổi cấp ghi nhận từ dữ liệu")
        verbose_name_plural = _("thay đổi cấp ghi nhận từ dữ liệu")
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_level=models.F("new_level")), name="level_change_changes_level"
            ),
        ]

    def __str__(self):
        return f"{self.procedure}: {self.old_level} → {self.new_level} (quan sát)"

    def as_json(self) -> dict:
        def level(value):
            return {"slug": value.slug, "name": value.name}

        return {
            "origin": "observed",
            "confidence": Confidence.OBSERVED.value,
            "legal_basis": None,
            "effective_from": None,
            "effective_until": None,
            "before": {
                "code": self.old_code or None,
                "date": self.old_date.isoformat() if self.old_date else None,
                "date_is_upper_bound": True,
                "level": level(self.old_level),
                "agency": self.old_agency or None,
                "decision": self.old_decision or None,
                "file": self.old_file or None,
            },
            "after": {
                "code": self.new_code or None,
                "date": self.new_date.isoformat() if self.new_date else None,
                "level": level(self.new_level),
                "file": self.new_file or None,
            },
            "matched_by": self.matched_by or None,
        }
