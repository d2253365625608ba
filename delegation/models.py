"""Provinces and the delegation timeline: who handles a procedure, from when, on what basis."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from procedures.models import AuthorityLevel, LegalDocument, NFCModel, Procedure, SlugManager


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
    """In effect on ``on``: started on or before it and not yet ended.

    A change only observed between two records has no recorded start; it is known to be in
    effect from the date it was observed (``observed_after``).
    """
    p = prefix
    started = Q(**{f"{p}effective_from__lte": on}) | Q(
        **{f"{p}effective_from__isnull": True, f"{p}observed_after__lte": on}
    )
    not_ended = Q(**{f"{p}effective_until__isnull": True}) | Q(**{f"{p}effective_until__gt": on})
    return started & not_ended


def _not_started(on: datetime.date) -> Q:
    """Starts after ``on``, or (observed changes) was not yet seen on ``on``."""
    return Q(effective_from__gt=on) | Q(effective_from__isnull=True, observed_after__gt=on)


class DelegationQuerySet(models.QuerySet):
    def in_effect(self, on: datetime.date):
        """Delegations that apply on ``on``; ``effective_until`` is the first day they do not."""
        return self.filter(_in_effect(on))

    def to_level(self, level: AuthorityLevel, on: datetime.date):
        """Delegations that give ``level`` a procedure or task on ``on``."""
        return self.in_effect(on).filter(to_level=level)

    def for_handler(self):
        """What ``handler_on`` reads of each delegation (the levels included), in one query."""
        return self.select_related("from_level", "to_level").only(
            "procedure_id",
            "from_level",
            "to_level",
            "effective_from",
            "effective_until",
            "observed_after",
            "observed_before",
        )

    def timeline(self):
        """Oldest first, with what a timeline row shows, in one query."""
        return self.select_related("from_level", "to_level", "legal_document").order_by(
            Coalesce("effective_from", "observed_after").asc(nulls_last=True), "pk"
        )


def _handler_rules(on: datetime.date) -> tuple[models.Expression, Exists]:
    """The rules of ``with_handler`` for a procedure that has delegations, and "it has any"."""
    delegations = Delegation.objects.filter(procedure=OuterRef("pk"))
    active = (
        delegations.in_effect(on)
        .order_by(Coalesce("effective_from", "observed_after").desc(), "-pk")
        .values("to_level_id")[:1]
    )
    pending = delegations.filter(_not_started(on)).exclude(
        effective_from__isnull=True, observed_after__isnull=True
    )
    # The level before the first pending change, or NULL when the date falls in the gap of an
    # observed change (then nothing is known).
    first_pending_from = pending.order_by(
        Coalesce("effective_from", "observed_after").asc(), "pk"
    ).annotate(
        known_from_level=models.Case(
            models.When(
                Q(effective_from__isnull=False) | Q(observed_before__gte=on), then="from_level_id"
            ),
            default=None,
            output_field=models.BigIntegerField(),
        )
    )
    rules = Coalesce(
        Subquery(active),
        Subquery(first_pending_from.values("known_from_level")[:1]),
        models.Case(
            models.When(Exists(pending), then=models.Value(None)),
            default="level_id",
            output_field=models.BigIntegerField(),
        ),
        output_field=models.BigIntegerField(),
    )
    return rules, Exists(delegations)


def with_handler(procedures: models.QuerySet, *, on: datetime.date) -> models.QuerySet:
    """Annotate ``handler_level_id``: the level that handles each procedure on ``on``.

    1. The delegation in effect on ``on`` (the latest to start, if several) gives its ``to_level``.
    2. Else, if a delegation has not started yet, the level it moves the procedure from, provided
       the date is known to fall before the change (not in the gap of an observed change).
    3. Else, if no delegation is pending, the level the national record names.
    Otherwise the level is not known on that date (None). Procedures without any delegation (most
    of them) take the first branch of a CASE and cost one index probe, not three subqueries.
    """
    rules, has_delegations = _handler_rules(on)
    return procedures.annotate(
        handler_level_id=models.Case(
            models.When(~has_delegations, then="level_id"),
            default=rules,
            output_field=models.BigIntegerField(),
        )
    )


def procedures_handled_by(level: AuthorityLevel, *, on: datetime.date) -> models.QuerySet:
    """Procedures and tasks that ``level`` handles on ``on``."""
    return with_handler(Procedure.objects.all(), on=on).filter(handler_level_id=level.pk)


def delegation_in_force(delegations, day: datetime.date):
    """The delegation that applies on ``day`` (the latest to start), from a fetched timeline."""
    active = [d for d in delegations if d.applies_on(day)]
    if not active:
        return None
    return max(active, key=lambda d: (d.effective_from or d.observed_after, d.pk))


def handler_on(procedure: Procedure, delegations, on: datetime.date) -> AuthorityLevel | None:
    """The level that handles ``procedure`` on ``on``, from its already fetched ``delegations``.

    The same rules as ``with_handler``, in Python, for a page that already holds the timeline.
    """

    def start(d):
        return d.effective_from or d.observed_after

    active = delegation_in_force(delegations, on)
    if active is not None:
        return active.to_level
    pending = [d for d in delegations if start(d) is not None and start(d) > on]
    if pending:
        first = min(pending, key=lambda d: (start(d), d.pk))
        if first.effective_from is not None or (
            first.observed_before is not None and on <= first.observed_before
        ):
            return first.from_level
        return None
    return procedure.level


class Delegation(NFCModel):
    """A move of a procedure or task from one level of authority to another."""

    class Kind(models.TextChoices):
        DEVOLUTION = "phan_quyen", _("Phân quyền")
        DECENTRALISATION = "phan_cap", _("Phân cấp")
        AUTHORISATION = "uy_quyen", _("Ủy quyền")
        ALLOCATION = "phan_dinh", _("Phân định thẩm quyền")
        ASSIGNMENT = "phan_cong", _("Phân công")

    class Origin(models.TextChoices):
        LEGAL_TEXT = "van_ban", _("Theo văn bản pháp luật")
        OBSERVED = "quan_sat", _("Quan sát từ hai bản ghi TTHC")

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
        _("căn cứ ghi nhận"), max_length=20, choices=Origin.choices, default=Origin.LEGAL_TEXT
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
    observed_before = models.DateField(
        _("còn ở cấp cũ ngày"),
        null=True,
        blank=True,
        help_text=_("Thay đổi quan sát được: ngày của bản ghi cũ, khi thủ tục còn ở cấp cũ."),
    )
    observed_after = models.DateField(
        _("đã ở cấp mới ngày"),
        null=True,
        blank=True,
        help_text=_("Thay đổi quan sát được: ngày của bản ghi mới, khi thủ tục đã ở cấp mới."),
    )
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
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_until__gt=models.F("effective_from")),
                name="delegation_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(observed_after__isnull=True)
                | Q(observed_before__isnull=True)
                | Q(observed_after__gt=models.F("observed_before")),
                name="delegation_observed_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(from_level=models.F("to_level")),
                name="delegation_changes_level",
            ),
        ]

    def __str__(self):
        return f"{self.procedure}: {self.from_level or '?'} → {self.to_level}"

    def clean(self):
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

    def applies_on(self, day: datetime.date) -> bool:
        start = self.effective_from or self.observed_after
        if start is None or start > day:
            return False
        return self.effective_until is None or day < self.effective_until

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the delegation applies, for display ("đến hết ngày")."""
        return self.effective_until - datetime.timedelta(days=1) if self.effective_until else None
