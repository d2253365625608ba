"""Questions from the field: officials ask, the department (Sở) or a ministry unit answers.

Answers may be published as public questions and answers on the procedure page, and promoted to a
handbook draft. The ministry also holds online sessions (monthly, quarterly, per field) where
queued questions are answered; their minutes and materials are published afterwards.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from procedures.models import NFCModel
from procedures.text import fold
from questions.attachments import ALLOWED_TYPES
from questions.matching import shares_a_word
from questions.workdays import OVERDUE_AFTER, due_date, overdue_cutoff, working_days_between

TITLE_MIN, TITLE_MAX = 10, 200
BODY_MIN, BODY_MAX = 20, 4000
ANSWER_MAX = 8000
NOTE_MAX = 2000


class MinistryUnitQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def responsible_for(self, field):
        """The units that answer questions of ``field``; the fallback unit when none does."""
        if field is not None:
            units = self.filter(fields=field)
            if units.exists():
                return units
        return self.filter(is_fallback=True)


class MinistryUnit(NFCModel):
    """A unit of the ministry that answers escalated questions for its fields."""

    name = models.CharField(_("tên đơn vị"), max_length=200, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    fields = models.ManyToManyField(
        "procedures.Field",
        verbose_name=_("lĩnh vực phụ trách"),
        blank=True,
        related_name="ministry_units",
    )
    is_fallback = models.BooleanField(
        _("nhận lĩnh vực chưa có đơn vị"),
        default=False,
        help_text=_(
            "Câu hỏi chung và câu hỏi của lĩnh vực chưa gắn đơn vị nào được chuyển về đây."
        ),
    )
    source = models.TextField(
        _("nguồn"),
        blank=True,
        help_text=_("Tên đơn vị lấy từ đâu (bản ghi thủ tục, văn bản), để kiểm tra lại khi cần."),
    )

    objects = MinistryUnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("đơn vị của Bộ")
        verbose_name_plural = _("đơn vị của Bộ")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Holiday(models.Model):
    """A public holiday: not a working day when the age of a question is counted."""

    date = models.DateField(pgettext_lazy("ngày nghỉ lễ", "ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class Clock:
    """Today and the recorded holidays: what every age and overdue flag is computed from."""

    def __init__(self, today: datetime.date, holidays=frozenset()):
        self.today = today
        self.holidays = frozenset(holidays)

    @classmethod
    def now(cls) -> "Clock":
        today = timezone.localdate()
        return cls(today, Holiday.objects.filter(date__lte=today).values_list("date", flat=True))

    @property
    def overdue_before(self) -> datetime.datetime:
        """Open questions asked before this moment are overdue."""
        cutoff = overdue_cutoff(self.today, self.holidays)
        return timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))

    @staticmethod
    def answer_due(moment: datetime.datetime) -> datetime.date:
        """The last day to answer a question asked at ``moment``: ten working days after its
        day, less the holidays recorded for that span (future ones included)."""
        asked = timezone.localdate(moment)
        # Ten working days never span more than ten weeks, whatever the holidays (Tết included).
        holidays = Holiday.objects.filter(
            date__gt=asked, date__lte=asked + datetime.timedelta(weeks=OVERDUE_AFTER)
        ).values_list("date", flat=True)
        return due_date(asked, frozenset(holidays))

    def working_days_since(self, moment: datetime.datetime, until=None) -> int:
        """Working days from the day of ``moment`` to ``until`` (or today)."""
        end = timezone.localdate(until) if until else self.today
        return working_days_between(timezone.localdate(moment), end, self.holidays)


class OnlineSessionQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime):
        """Scheduled sessions that have not ended yet, soonest first."""
        return self.filter(status=OnlineSession.Status.SCHEDULED, ends_at__gte=now).order_by(
            "starts_at"
        )

    def past(self, now: datetime.datetime):
        """Sessions that have ended, most recent first."""
        return self.filter(status=OnlineSession.Status.SCHEDULED, ends_at__lt=now).order_by(
            "-starts_at"
        )


class OnlineSession(NFCModel):
    """An online session where ministry staff answer the field's questions."""

    class Kind(models.TextChoices):
        MONTHLY = "hang_thang", _("Hằng tháng")
        QUARTERLY = "hang_quy", _("Hằng quý")
        FIELD = "chuyen_de", _("Chuyên đề theo lĩnh vực")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên buổi giải đáp"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    field = models.ForeignKey(
        "procedures.Field",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_sessions",
        help_text=_("Bắt buộc với buổi chuyên đề; để trống với buổi hằng tháng, hằng quý."),
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    meeting_url = models.URLField(
        _("đường dẫn phòng họp trực tuyến"),
        max_length=500,
        help_text=_("Chỉ hiển thị cho người đã đăng nhập."),
    )
    agenda = models.TextField(_("chương trình"), help_text=_("Văn bản thường, mỗi mục một dòng."))
    procedures = models.ManyToManyField(
        "procedures.Procedure",
        verbose_name=_("thủ tục được giải đáp"),
        blank=True,
        related_name="online_sessions",
    )
    host_unit = models.ForeignKey(
        MinistryUnit,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_sessions",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes = models.TextField(
        _("biên bản, kết luận"),
        blank=True,
        help_text=_("Viết sau buổi giải đáp (Markdown). Công bố bằng thao tác “Công bố kết quả”."),
    )
    outcome_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    outcome_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = OnlineSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("buổi giải đáp trực tuyến")
        verbose_name_plural = _("buổi giải đáp trực tuyến")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(kind="chuyen_de") | Q(field__isnull=False),
                name="field_session_has_field",
            ),
            models.CheckConstraint(
                condition=Q(outcome_published_at__isnull=True) | ~Q(minutes=""),
                name="published_outcome_has_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("portal:session", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
        if self.kind == self.Kind.FIELD and not self.field_id:
            errors["field"] = _("Buổi chuyên đề cần chọn lĩnh vực.")
        if errors:
            raise ValidationError(errors)

    @property
    def outcome_published(self) -> bool:
        return self.outcome_published_at is not None


def material_path(instance, filename):
    return f"buoi-giai-dap/{uuid.uuid4().hex}{instance.file_extension}"


class SessionMaterial(NFCModel):
    """A training material of a session: slides, a recording or a document (link or file)."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Bài trình bày")
        RECORDING = "recording", _("Bản ghi hình")
        DOCUMENT = "document", _("Tài liệu")

    session = models.ForeignKey(
        OnlineSession,
        verbose_name=_("buổi giải đáp"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("tên tài liệu"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.FileField(
        _("tệp"),
        upload_to=material_path,
        blank=True,
        help_text=_("PDF, JPEG hoặc PNG, tối đa 20 MB. Bản ghi hình: dùng đường dẫn."),
    )
    file_type = models.CharField(_("loại tệp"), max_length=50, blank=True, editable=False)

    class Meta:
        ordering = ["session", "kind", "title"]
        verbose_name = _("tài liệu buổi giải đáp")
        verbose_name_plural = _("tài liệu buổi giải đáp")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="material_is_link_or_file",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def file_extension(self) -> str:
        return ALLOWED_TYPES.get(self.file_type, "")

    @property
    def href(self) -> str:
        if self.file:
            return reverse("portal:material", kwargs={"pk": self.pk})
        return self.url

    def clean(self):
        if bool(self.url) == bool(self.file):
            raise ValidationError(_("Nhập đường dẫn hoặc tải tệp lên (một trong hai)."))


class QuestionQuerySet(models.QuerySet):
    def open(self):
        """Questions still waiting for an answer."""
        return self.filter(status__in=Question.OPEN)

    def overdue(self, clock: Clock):
        """Open questions asked more than ten working days before ``clock.today``."""
        return self.open().filter(created_at__lt=clock.overdue_before)

    def visible_to(self, actor):
        """What ``actor`` may read: their own; their province's (department); all (ministry)."""
        if actor.is_ministry:
            return self
        condition = Q(asker_id=actor.user_id)
        if actor.is_department and actor.province_id:
            condition |= Q(province_id=actor.province_id)
        return self.filter(condition)

    def published(self):
        """Questions and answers published for every reader."""
        return self.filter(published_at__isnull=False)

    def for_listing(self):
        """What a list row needs, in one query."""
        return self.select_related(
            "asker", "province", "procedure", "field", "ministry_unit", "assignee"
        )

    def search(self, text: str):
        """Published questions sharing a word with ``text``, diacritics ignored (see selectors)."""
        condition = shares_a_word(text)
        return self.published().filter(condition) if condition else self.none()


def attachment_path(instance, filename):
    return f"cau-hoi/{uuid.uuid4().hex}{ALLOWED_TYPES.get(instance.attachment_type, '')}"


class Question(NFCModel):
    """A question from a commune or department official, and its answer."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        ASSIGNED = "assigned", _("Đang xử lý")
        ESCALATED = "escalated", _("Đã chuyển lên Bộ")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã đóng")

    OPEN = (Status.NEW, Status.ASSIGNED, Status.ESCALATED)

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hỏi"),
        on_delete=models.PROTECT,
        related_name="questions_asked",
    )
    asker_unit = models.CharField(
        _("đơn vị người hỏi"),
        max_length=200,
        blank=True,
        help_text=_("Đơn vị của người hỏi lúc gửi (ví dụ UBND phường, Sở KH&CN)."),
    )
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="questions",
        help_text=_("Tỉnh của người hỏi: Sở KH&CN của tỉnh này trả lời trước."),
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("thủ tục, nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    field = models.ForeignKey(
        "procedures.Field",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    title = models.CharField(
        _("câu hỏi ngắn gọn"),
        max_length=TITLE_MAX,
        validators=[MinLengthValidator(TITLE_MIN)],
    )
    body = models.TextField(
        _("nội dung"),
        validators=[MinLengthValidator(BODY_MIN), MaxLengthValidator(BODY_MAX)],
    )
    attachment = models.FileField(_("tệp đính kèm"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    attachment_type = models.CharField(_("loại tệp"), max_length=50, blank=True)
    show_identity = models.BooleanField(
        _("đồng ý công khai tên và đơn vị"),
        default=False,
        help_text=_("Khi câu trả lời được công khai, hiện họ tên và đơn vị của người hỏi."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions_assigned",
    )
    assigned_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    ministry_unit = models.ForeignKey(
        MinistryUnit,
        verbose_name=_("đơn vị của Bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    escalation_note = models.TextField(
        _("lý do chuyển lên Bộ"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    escalated_at = models.DateTimeField(_("chuyển lên Bộ lúc"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chuyển"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    session = models.ForeignKey(
        OnlineSession,
        verbose_name=_("buổi giải đáp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    answer = models.TextField(
        _("câu trả lời"), blank=True, validators=[MaxLengthValidator(ANSWER_MAX)]
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions_answered",
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    public_question = models.TextField(
        _("câu hỏi (bản công khai)"), blank=True, validators=[MaxLengthValidator(BODY_MAX)]
    )
    public_answer = models.TextField(
        _("câu trả lời (bản công khai)"), blank=True, validators=[MaxLengthValidator(ANSWER_MAX)]
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_key = models.TextField(_("khóa tìm kiếm"), blank=True, editable=False)
    promoted_revision = models.ForeignKey(
        "handbook.Revision",
        verbose_name=_("bản nháp hướng dẫn tạo từ câu hỏi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_questions",
    )
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    # Set by questions.selectors.with_age on the rows it returns; not stored.
    age_working_days: int
    overdue: bool

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        # What each allows is checked in questions.workflow; view_question reads every
        # province's questions.
        permissions = [
            ("ask_question", _("Được đặt câu hỏi cho Sở KH&CN của tỉnh mình")),
            (
                "handle_province_questions",
                _(
                    "Được xử lý câu hỏi gửi Sở của tỉnh mình: nhận, trả lời, chuyển lên Bộ, "
                    "đóng, đưa vào cẩm nang"
                ),
            ),
            (
                "answer_escalated",
                _("Được trả lời câu hỏi chuyển lên Bộ, xếp vào buổi giải đáp và đóng câu hỏi"),
            ),
            (
                "publish_question",
                _(
                    "Được công khai câu hỏi, đưa câu trả lời vào cẩm nang và công bố kết quả "
                    "buổi giải đáp"
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["province", "status"], name="question_province_status"),
            models.Index(fields=["status", "created_at"], name="question_status_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"])
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="answered_question_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status="escalated") | Q(ministry_unit__isnull=False),
                name="escalated_question_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(assignee__isnull=False),
                name="assigned_question_has_assignee",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | (Q(status__in=["answered", "closed"]) & ~Q(public_answer="")),
                name="published_question_is_answered",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"pk": self.pk})

    def get_public_url(self):
        return reverse("portal:faq-detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        # Only published text is searchable; the key is padded so words match whole.
        self.search_key = (
            f" {fold(self.public_question)} {fold(self.public_answer)} "
            if self.published_at
            else ""
        )
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def about(self) -> str:
        """What the question is about: a procedure, a delegated task, or a general matter."""
        if self.procedure is None:
            return str(_("Câu hỏi chung"))
        return self.procedure.get_kind_display()

    @property
    def public_asker(self) -> str:
        """Who asked, as readers may see it: name and unit only with the asker's consent."""
        if self.show_identity:
            name = self.asker.full_name or self.asker.get_username()
            parts = [name, self.asker_unit, self.province.name]
            return ", ".join(p for p in parts if p)
        return str(_("Cán bộ tại %(province)s") % {"province": self.province.name})
