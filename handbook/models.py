"""The handbook: guidance for a procedure or task, kept as revisions from day one."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from handbook.markdown import render_markdown
from procedures.models import NFCModel, Procedure, normalise_fields

# The sections of a handbook entry (DOMAIN.md section 5), in reading order: field name, heading.
# Headings are marked with gettext_noop and translated where they are shown.
SECTIONS = [
    ("receiving_deciding", gettext_noop("Ai tiếp nhận, ai quyết định")),
    ("jurisdiction", gettext_noop("Tỉnh nào có thẩm quyền")),
    ("dossier_checklist", gettext_noop("Hồ sơ cần kiểm tra")),
    ("clock", gettext_noop("Thời hạn giải quyết")),
    ("refusal", gettext_noop("Từ chối và hủy hồ sơ")),
    ("after_decision", gettext_noop("Sau khi có quyết định")),
    ("channels", gettext_noop("Cách thức nộp")),
    ("currency", gettext_noop("Căn cứ và hiệu lực")),
    ("common_errors", gettext_noop("Lỗi thường gặp")),
    ("notes", gettext_noop("Ghi chú")),
]
SECTION_FIELDS = [name for name, _label in SECTIONS]


class GuidanceQuerySet(models.QuerySet):
    def published(self):
        """Guidance that readers can see: it has a current published revision."""
        return self.filter(revisions__status=Revision.Status.PUBLISHED).distinct()


class Guidance(NFCModel):
    """The handbook entry for one procedure or delegated task."""

    procedure = models.OneToOneField(
        Procedure,
        verbose_name=_("thủ tục, nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="guidance",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = GuidanceQuerySet.as_manager()

    class Meta:
        ordering = ["procedure__name"]
        verbose_name = _("hướng dẫn")
        verbose_name_plural = _("hướng dẫn")

    def __str__(self):
        return str(self.procedure)

    def get_absolute_url(self):
        return self.procedure.get_absolute_url()

    def current_revision(self):
        return self.revisions.filter(status=Revision.Status.PUBLISHED).first()


class RevisionQuerySet(models.QuerySet):
    def published(self):
        """The revisions readers see now: one per guidance at most."""
        return self.filter(status=Revision.Status.PUBLISHED)


class Revision(NFCModel):
    """One version of a guidance entry. Published revisions are never edited in place."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        IN_REVIEW = "in_review", _("Chờ duyệt")
        PUBLISHED = "published", _("Đang áp dụng")
        SUPERSEDED = "superseded", _("Đã được thay thế")
        WITHDRAWN = "withdrawn", _("Đã rút")

    class ChangeKind(models.TextChoices):
        MAJOR = "major", _("Thay đổi nội dung (thông báo cho người đọc)")
        MINOR = "minor", _("Sửa lỗi nhỏ (không thông báo)")

    guidance = models.ForeignKey(
        Guidance, verbose_name=_("hướng dẫn"), on_delete=models.CASCADE, related_name="revisions"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(
        _("tóm tắt"), blank=True, help_text=_("Một hai câu: thủ tục này là gì, ai làm.")
    )
    receiving_deciding = models.TextField(_(SECTIONS[0][1]), blank=True)
    jurisdiction = models.TextField(_(SECTIONS[1][1]), blank=True)
    dossier_checklist = models.TextField(_(SECTIONS[2][1]), blank=True)
    clock = models.TextField(_(SECTIONS[3][1]), blank=True)
    refusal = models.TextField(_(SECTIONS[4][1]), blank=True)
    after_decision = models.TextField(_(SECTIONS[5][1]), blank=True)
    channels = models.TextField(_(SECTIONS[6][1]), blank=True)
    currency = models.TextField(_(SECTIONS[7][1]), blank=True)
    common_errors = models.TextField(_(SECTIONS[8][1]), blank=True)
    notes = models.TextField(_(SECTIONS[9][1]), blank=True)

    change_note = models.TextField(_("ghi chú thay đổi"), blank=True)
    change_kind = models.CharField(
        _("loại thay đổi"), max_length=10, choices=ChangeKind.choices, default=ChangeKind.MAJOR
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_revisions",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    published_at = models.DateTimeField(_("xuất bản lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_revisions",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("phiên bản hướng dẫn")
        verbose_name_plural = _("phiên bản hướng dẫn")
        permissions = [("publish_revision", _("Được xuất bản phiên bản hướng dẫn"))]
        constraints = [
            models.UniqueConstraint(
                fields=["guidance"],
                condition=Q(status="published"),
                name="one_published_revision_per_guidance",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "superseded"])
                | Q(published_at__isnull=False),
                name="published_revision_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.guidance} ({self.get_status_display()}, {self.created_at:%d/%m/%Y})"

    def get_absolute_url(self):
        return self.guidance.get_absolute_url()

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            self._refuse_edit_of_published()
        super().save(*args, **kwargs)

    def _refuse_edit_of_published(self) -> None:
        content = ["summary", *SECTION_FIELDS]
        stored = Revision.objects.filter(pk=self.pk).values("status", *content).first()
        if not stored or stored["status"] in (self.Status.DRAFT, self.Status.IN_REVIEW):
            return
        normalise_fields(self)
        if any(stored[f] != getattr(self, f) for f in content):
            raise ValidationError(
                _("Phiên bản đã xuất bản không được sửa trực tiếp; hãy tạo bản nháp mới.")
            )

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, rendered HTML) for each non-empty section, in reading order."""
        return [
            (name, gettext(heading), render_markdown(getattr(self, name)))
            for name, heading in SECTIONS
            if getattr(self, name).strip()
        ]

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)
