"""The handbook: guidance for a procedure or task, kept as revisions from day one.

A revision is either national guidance (``province`` empty) or a province's note under that
guidance (``province`` set). Both follow the same review workflow; the database keeps at most one
published revision per guidance and province.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from delegation.models import Province
from handbook.drift import drifting_documents
from handbook.markdown import render_markdown
from procedures.history import HistoricalRecords
from procedures.models import LegalDocument, NFCModel, Procedure, normalise_fields

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
# What a reader reads: the summary and the sections. Diffs and the edit lock compare these.
CONTENT_FIELDS = ["summary", *SECTION_FIELDS]
# The custom permissions of Revision (Meta.permissions); handbook.workflow says what each allows.
PUBLISH_PERMISSION = "handbook.publish_revision"
REVIEW_PERMISSION = "handbook.review_revision"


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the portal's time zone (for the calendar's last day,
    which has no day after it, its last instant)."""
    if day >= datetime.date.max:
        return timezone.make_aware(datetime.datetime.max)
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


class GuidanceQuerySet(models.QuerySet):
    def with_review_flag(self, *, on: datetime.date):
        """Annotate ``needs_review``: a cited legal document drifts on ``on`` (handbook.drift)."""
        return self.annotate(
            needs_review=models.Exists(
                drifting_documents(on=on, procedure=models.OuterRef("procedure_id"))
            )
        )


class Guidance(NFCModel):
    """The handbook entry for one procedure or delegated task."""

    procedure = models.OneToOneField(
        Procedure,
        verbose_name=_("thủ tục, nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="guidance",
    )
    cited_documents = models.ManyToManyField(
        LegalDocument,
        verbose_name=_("văn bản hướng dẫn viện dẫn"),
        blank=True,
        related_name="cited_by_guidance",
        help_text=_(
            "Các văn bản mà hướng dẫn dựa vào, ngoài văn bản căn cứ của phân cấp. Khi một văn bản "
            "ở đây sắp hết hiệu lực, đã hết hiệu lực, được sửa đổi hoặc thay thế, hướng dẫn được "
            "đánh dấu “cần rà soát”."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = GuidanceQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[cited_documents],
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử hướng dẫn"),
        verbose_name_plural=_("lịch sử hướng dẫn"),
    )

    class Meta:
        ordering = ["procedure__name"]
        verbose_name = _("hướng dẫn")
        verbose_name_plural = _("hướng dẫn")

    def __str__(self):
        return str(self.procedure)

    def get_absolute_url(self):
        return self.procedure.get_absolute_url()

    def current_revision(self):
        """The national revision readers see now, or None."""
        return self.revisions.published().national().first()


class RevisionQuerySet(models.QuerySet):
    def published(self):
        """The revisions readers see now: one per guidance and province at most."""
        return self.filter(status=Revision.Status.PUBLISHED)

    def ever_published(self):
        """Revisions that readers saw at some time (live, superseded or withdrawn)."""
        return self.filter(status__in=Revision.EVER_PUBLISHED)

    def live_of(self, guidance_id: int, province_id: int | None):
        """The published revision of that guidance (or that province's note), as a queryset:
        ``.first()`` reads it, ``select_for_update()`` locks it."""
        return self.published().filter(guidance_id=guidance_id, province_id=province_id)

    def for_reader(self, province):
        """National revisions, plus ``province``'s notes when one is given (what a reader who
        chose that province sees)."""
        if province is None:
            return self.national()
        return self.filter(models.Q(province__isnull=True) | models.Q(province=province))

    def national(self):
        """National guidance, not a province's note."""
        return self.filter(province__isnull=True)

    def major(self):
        """Changes announced to readers (minor corrections are not)."""
        return self.filter(change_kind=Revision.ChangeKind.MAJOR)

    def in_force(self, *, on: datetime.date):
        """The revisions readers saw at the end of ``on`` (never one not yet published)."""
        until = min(end_of_day(on), timezone.now())
        return self.ever_published().filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=until), published_at__lte=until
        )

    def sent_back(self):
        """Drafts a reviewer returned with a comment, waiting for their writer."""
        return self.filter(status=Revision.Status.DRAFT).exclude(review_comment="")

    def review_queue(self):
        """Submitted revisions waiting for a reviewer, oldest first."""
        return self.filter(status=Revision.Status.IN_REVIEW).order_by("submitted_at", "pk")

    def due(self, *, now: datetime.datetime):
        """Scheduled revisions whose time has come."""
        return self.filter(status=Revision.Status.SCHEDULED, scheduled_for__lte=now)

    def visible_to(self, user):
        """What ``user`` may open in the admin: every revision for reviewers; for department
        staff their province's notes, published national guidance and their Sở's drafts."""
        if not user.is_authenticated or not user.has_perm("handbook.view_revision"):
            return self.none()
        if user.has_perm(REVIEW_PERMISSION):
            return self
        if not user.province_id:
            return self.none()
        return self.filter(
            Q(province_id=user.province_id)
            | Q(province__isnull=True, status__in=Revision.EVER_PUBLISHED)
            | Q(province__isnull=True, author__province_id=user.province_id)
        )


class Revision(NFCModel):
    """One version of a guidance entry or of a province's note. Published ones are frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        IN_REVIEW = "in_review", _("Chờ duyệt")
        SCHEDULED = "scheduled", _("Đã lên lịch xuất bản")
        PUBLISHED = "published", _("Đang áp dụng")
        SUPERSEDED = "superseded", _("Đã được thay thế")
        WITHDRAWN = "withdrawn", _("Đã rút")

    class ChangeKind(models.TextChoices):
        MAJOR = "major", _("Thay đổi nội dung (thông báo cho người đọc)")
        MINOR = "minor", _("Sửa lỗi nhỏ (không thông báo)")

    EDITABLE = (Status.DRAFT, Status.IN_REVIEW)
    EVER_PUBLISHED = (Status.PUBLISHED, Status.SUPERSEDED, Status.WITHDRAWN)

    guidance = models.ForeignKey(
        Guidance, verbose_name=_("hướng dẫn"), on_delete=models.CASCADE, related_name="revisions"
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("ghi chú của tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handbook_notes",
        help_text=_(
            "Để trống: hướng dẫn toàn quốc. Chọn một tỉnh: ghi chú riêng của tỉnh đó, hiển thị "
            "dưới hướng dẫn toàn quốc cho người đọc đã chọn tỉnh này."
        ),
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

    change_note = models.TextField(
        _("ghi chú thay đổi"),
        blank=True,
        help_text=_(
            "Người đọc thấy ghi chú này trong “Lịch sử cập nhật” (với thay đổi nội dung). "
            "Bắt buộc trước khi gửi duyệt."
        ),
    )
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
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đã soạn hoặc sửa"),
        blank=True,
        related_name="contributed_revisions",
        help_text=_("Những người này không được duyệt, xuất bản bản này."),
    )
    version = models.PositiveIntegerField(
        _("lần lưu"),
        default=1,
        help_text=_("Tăng mỗi lần lưu; hai người cùng sửa thì người lưu sau được báo xung đột."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    review_comment = models.TextField(
        _("ý kiến của người duyệt"),
        blank=True,
        help_text=_("Lý do trả lại lần gần nhất; các lần trước còn trong lịch sử."),
    )
    scheduled_for = models.DateTimeField(_("lên lịch xuất bản lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("xuất bản lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_revisions",
    )
    ended_at = models.DateTimeField(
        _("thôi áp dụng lúc"),
        null=True,
        blank=True,
        help_text=_("Lúc bản này được thay thế hoặc bị rút."),
    )
    withdrawal_reason = models.TextField(
        _("lý do rút"), blank=True, help_text=_("Người đọc thấy lý do này.")
    )

    objects = RevisionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("nhật ký thay đổi phiên bản"),
        verbose_name_plural=_("nhật ký thay đổi phiên bản"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("phiên bản hướng dẫn")
        verbose_name_plural = _("phiên bản hướng dẫn")
        permissions = [
            ("publish_revision", _("Được xuất bản, lên lịch và rút phiên bản hướng dẫn")),
            ("review_revision", _("Được sửa mọi bản nháp, duyệt và trả lại phiên bản hướng dẫn")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["guidance"],
                condition=Q(status="published", province__isnull=True),
                name="one_published_revision_per_guidance",
            ),
            models.UniqueConstraint(
                fields=["guidance", "province"],
                condition=Q(status="published", province__isnull=False),
                name="one_published_note_per_guidance_province",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "superseded", "withdrawn"])
                | Q(published_at__isnull=False),
                name="published_revision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["superseded", "withdrawn"]) | Q(ended_at__isnull=False),
                name="ended_revision_has_end",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="withdrawn_revision_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_for__isnull=False),
                name="scheduled_revision_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["guidance", "province", "status"]),
            # "Latest updates" (home page, feeds): the newest published national revisions
            # without sorting every published one.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status="published", province__isnull=True),
                name="latest_published_national",
            ),
        ]

    def __str__(self):
        what = str(self.guidance)
        if self.province_id:
            what = gettext("%(guidance)s — ghi chú của %(province)s") % {
                "guidance": what,
                "province": self.province,
            }
        return f"{what} ({self.get_status_display()}, {self.created_at:%d/%m/%Y})"

    def get_absolute_url(self):
        return self.guidance.get_absolute_url()

    def save(self, *args, **kwargs):
        # Browsers send textareas with CRLF line ends; stored text uses LF, so a diff between a
        # revision typed in the admin and one loaded from a file shows only real changes.
        for name in [*CONTENT_FIELDS, "change_note", "review_comment", "withdrawal_reason"]:
            value = getattr(self, name)
            if "\r" in value:
                setattr(self, name, value.replace("\r\n", "\n").replace("\r", "\n"))
        if self.pk and not kwargs.get("force_insert"):
            self._refuse_edit_of_published()
        super().save(*args, **kwargs)

    def _refuse_edit_of_published(self) -> None:
        stored = Revision.objects.filter(pk=self.pk).values("status", *CONTENT_FIELDS).first()
        if not stored or stored["status"] in self.EDITABLE:
            return
        normalise_fields(self)
        if any(stored[f] != getattr(self, f) for f in CONTENT_FIELDS):
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

    def has_content(self) -> bool:
        return any(getattr(self, f).strip() for f in CONTENT_FIELDS)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def was_published(self) -> bool:
        return self.status in self.EVER_PUBLISHED

    @property
    def is_major(self) -> bool:
        return self.change_kind == self.ChangeKind.MAJOR


class RevisionInReview(Revision):
    """The review queue: revisions waiting for a ministry reviewer, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("bản chờ duyệt")
        verbose_name_plural = _("hàng chờ duyệt")


EDITION_NUMBER = re.compile(r"^\d{4}\.\d{2}$")


class EditionQuerySet(models.QuerySet):
    def latest_first(self):
        """Newest edition first."""
        return self.order_by("-published_at", "-pk")


class Edition(NFCModel):
    """A numbered edition of the handbook ("Cẩm nang 2025.11"): a frozen set of revisions.

    ``revisions`` holds every revision readers saw when the edition was published, so its printed
    version can be rebuilt at any time; the ones published after ``previous`` are its changes.
    """

    number = models.CharField(
        _("số ấn bản"),
        max_length=7,
        unique=True,
        validators=[
            RegexValidator(EDITION_NUMBER, _("Số ấn bản có dạng năm.tháng, ví dụ 2025.11."))
        ],
        help_text=_("Năm.tháng, ví dụ 2025.11; tên hiển thị là “Cẩm nang 2025.11”."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=10, unique=True, editable=False)
    release_notes = models.TextField(
        _("ghi chú phát hành"), help_text=_("Markdown: những thay đổi chính của ấn bản này.")
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("ấn bản trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
    )
    revisions = models.ManyToManyField(
        Revision, verbose_name=_("các phiên bản trong ấn bản"), related_name="editions"
    )
    published_at = models.DateTimeField(_("phát hành lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phát hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_editions",
    )

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử ấn bản"),
        verbose_name_plural=_("lịch sử ấn bản"),
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("ấn bản cẩm nang")
        verbose_name_plural = _("ấn bản cẩm nang")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = self.number.replace(".", "-")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:edition", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return gettext("Cẩm nang %(number)s") % {"number": self.number}

    def changes(self):
        """The revisions of this edition published since the previous edition."""
        revisions = self.revisions.all()
        if self.previous is not None:
            revisions = revisions.filter(published_at__gt=self.previous.published_at)
        return revisions


class PageFeedback(models.Model):
    """One anonymous answer to "Trang này có hữu ích không?" on a procedure page.

    Nothing identifies the reader (no account, address or free text); the ministry's dashboard
    counts the answers per procedure. The per-address limit is portal's (``limits.py``).
    """

    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="page_feedback",
    )
    helpful = models.BooleanField(_("hữu ích"))
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("phản hồi về trang thủ tục")
        verbose_name_plural = _("phản hồi về trang thủ tục")
        indexes = [models.Index(fields=["procedure", "created_at"])]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {'+' if self.helpful else '-'}"
