"""Support for localities until they are proficient in what was delegated to them.

The ministry's units train the provinces (training events and their rosters), visit departments
(Sở KH&CN) and communes to assess readiness and coach officials on trial dossiers (field visits,
assessments on four dimensions, trial dossiers, follow-up actions), track each official's
proficiency per delegated item, and answer concerns and requests to hand a power back.

Every write goes through support/services.py; the steps and who may take them are in
support/workflow.py.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from procedures.history import HistoricalRecords
from procedures.models import NFCModel

TEXT_MAX = 4000

DEMO_HELP = _("Dữ liệu minh họa: luôn hiển thị kèm nhãn “minh họa”.")


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class TrainingEvent(NFCModel):
    """A training conference or an online session for the provinces."""

    class Format(models.TextChoices):
        IN_PERSON = "truc_tiep", _("Trực tiếp")
        ONLINE = "truc_tuyen", _("Trực tuyến")
        BOTH = "ket_hop", _("Trực tiếp và trực tuyến")

    title = models.CharField(_("tên hội nghị, lớp tập huấn"), max_length=200)
    held_on = models.DateField(_("ngày tổ chức"))
    format = models.CharField(_("hình thức"), max_length=20, choices=Format.choices)
    organiser = models.ForeignKey(
        "questions.MinistryUnit",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="training_events",
    )
    fields = models.ManyToManyField(
        "procedures.Field", verbose_name=_("lĩnh vực"), blank=True, related_name="+"
    )
    items = models.ManyToManyField(
        "procedures.Procedure",
        verbose_name=_("nhiệm vụ, thủ tục được phân cấp"),
        blank=True,
        related_name="training_events",
    )
    guidance = models.ManyToManyField(
        "handbook.Guidance",
        verbose_name=_("tài liệu: mục cẩm nang"),
        blank=True,
        related_name="training_events",
    )
    editions = models.ManyToManyField(
        "handbook.Edition",
        verbose_name=_("tài liệu: ấn bản cẩm nang"),
        blank=True,
        related_name="training_events",
    )
    notes = models.TextField(_("ghi chú"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    is_demo = models.BooleanField(_("minh họa"), default=False, help_text=DEMO_HELP)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("hội nghị, tập huấn")
        verbose_name_plural = _("hội nghị, tập huấn")

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Attendance(NFCModel):
    """One attendee of a training event: an official with an account, or a name on the roster."""

    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("hội nghị, tập huấn"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    unit = models.CharField(_("đơn vị"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "province__name", "name"]
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "province", "name", "unit"], name="attendance_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.province})"


class FieldVisit(NFCModel):
    """A field visit ("đợt công tác") of a ministry unit to a province's department or commune."""

    class Place(models.TextChoices):
        DEPARTMENT = "so", _("Sở KH&CN")
        COMMUNE = "xa", _("UBND cấp xã")

    unit = models.ForeignKey(
        "questions.MinistryUnit",
        verbose_name=_("đơn vị của Bộ"),
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    members = models.TextField(
        _("thành viên đoàn"), help_text=_("Mỗi người một dòng: họ tên, chức vụ.")
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    place = models.CharField(
        _("nơi làm việc"), max_length=10, choices=Place.choices, default=Place.DEPARTMENT
    )
    commune = models.CharField(
        _("tên xã, phường"),
        max_length=200,
        blank=True,
        help_text=_("Bắt buộc khi làm việc với xã."),
    )
    notes = models.TextField(_("ghi chú"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("minh họa"), default=False, help_text=DEMO_HELP)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("đợt công tác")
        verbose_name_plural = _("đợt công tác")
        permissions = [
            ("record_visit", _("Được ghi đợt công tác, đánh giá, hồ sơ làm thử ở mọi tỉnh")),
            ("view_readiness", _("Được xem tổng quan sẵn sàng và trang hỗ trợ của mọi tỉnh")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="visit_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="xa") | ~Q(commune=""), name="commune_visit_names_commune"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.where} ({self.starts_on:%d/%m/%Y})"

    @property
    def where(self) -> str:
        if self.place == self.Place.COMMUNE:
            return f"{self.commune}, {self.province}"
        return str(_("Sở KH&CN %(province)s") % {"province": self.province})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.place == self.Place.COMMUNE and not self.commune.strip():
            errors["commune"] = _("Ghi tên xã, phường nơi đoàn làm việc.")
        if errors:
            raise ValidationError(errors)


class Rating(models.TextChoices):
    MET = "dap_ung", _("Đáp ứng")
    PARTLY = "mot_phan", _("Đáp ứng một phần")
    NOT_MET = "chua_dap_ung", _("Chưa đáp ứng")


# The worst rating wins: an item is ready only when every dimension is.
RATING_ORDER = {Rating.NOT_MET: 0, Rating.PARTLY: 1, Rating.MET: 2}

DIMENSIONS = [
    ("staff", _("Năng lực cán bộ")),
    ("conditions", _("Điều kiện làm việc")),
    ("systems", _("Hệ thống dữ liệu, công cụ")),
    ("documents", _("Văn bản hướng dẫn nghiệp vụ")),
]


class AssessmentQuerySet(models.QuerySet):
    def current(self) -> "AssessmentQuerySet":
        """The latest assessment of each province and delegated item (not Django's
        ``latest()``, which returns one row)."""
        return self.filter(is_latest=True)


def _rating_field(label):
    return models.CharField(label, max_length=20, choices=Rating.choices)


def _note_field(label):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(TEXT_MAX)])


class Assessment(NFCModel):
    """How ready a province is for one delegated item, on the ministry's four dimensions."""

    visit = models.ForeignKey(
        FieldVisit,
        verbose_name=_("đợt công tác"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("nhiệm vụ, thủ tục được phân cấp"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("ngày đánh giá"))
    staff = _rating_field(_("năng lực cán bộ"))
    staff_note = _note_field(_("ghi chú về cán bộ"))
    conditions = _rating_field(_("điều kiện làm việc"))
    conditions_note = _note_field(_("ghi chú về điều kiện làm việc"))
    systems = _rating_field(_("hệ thống dữ liệu, công cụ"))
    systems_note = _note_field(_("ghi chú về hệ thống, công cụ"))
    documents = _rating_field(_("văn bản hướng dẫn nghiệp vụ"))
    documents_note = _note_field(_("ghi chú về văn bản"))
    # Derived in save() (the visit's province, the item's field, the worst rating, the month), so
    # the overview reads one table.
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="assessments",
        editable=False,
    )
    field = models.ForeignKey(
        "procedures.Field",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    overall = models.CharField(
        _("kết quả chung"), max_length=20, choices=Rating.choices, editable=False
    )
    month = models.DateField(_("tháng"), editable=False)
    # Kept by services.assessment_save: one latest row per province and item.
    is_latest = models.BooleanField(_("mới nhất"), default=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    DERIVED = ["province", "field", "overall", "month"]

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("đánh giá mức sẵn sàng")
        verbose_name_plural = _("đánh giá mức sẵn sàng")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "procedure"], name="one_assessment_per_item_per_visit"
            ),
            models.UniqueConstraint(
                fields=["province", "procedure"],
                condition=Q(is_latest=True),
                name="one_latest_assessment",
            ),
        ]
        indexes = [
            models.Index(
                fields=["is_latest", "field", "province", "procedure", "overall"],
                name="assessment_latest",
            ),
            models.Index(fields=["month", "field", "province", "overall"], name="assessment_month"),
        ]

    def __str__(self):
        return f"{self.procedure} – {self.province_or_visit} ({self.assessed_on:%d/%m/%Y})"

    @property
    def province_or_visit(self):
        return self.province if self.province_id else self.visit.province

    def save(self, *args, **kwargs):
        self.province_id = self.visit.province_id
        self.field_id = self.procedure.field_id
        self.overall = min(
            (getattr(self, name) for name, _label in DIMENSIONS), key=RATING_ORDER.__getitem__
        )
        self.month = first_of_month(self.assessed_on)
        super().save(*args, **kwargs)

    def ratings(self) -> list[tuple[str, str, str]]:
        """(dimension, rating label, note) for the four dimensions."""
        return [
            (
                str(label),
                getattr(self, f"get_{name}_display")(),
                getattr(self, f"{name}_note"),
            )
            for name, label in DIMENSIONS
        ]


class MonthlyReadiness(models.Model):
    """How many assessments of a province and field were made in a month, and how many were
    "đáp ứng": kept by services.assessment_save so that the overview's month-by-month table
    reads a few thousand rows, not every assessment."""

    province = models.ForeignKey(
        "delegation.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.CASCADE
    )
    field = models.ForeignKey(
        "procedures.Field", verbose_name=_("lĩnh vực"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("tháng"))
    assessed = models.PositiveIntegerField(_("số đánh giá"))
    met = models.PositiveIntegerField(_("số đánh giá đáp ứng"))

    class Meta:
        ordering = ["month", "province", "field"]
        verbose_name = _("tổng hợp đánh giá theo tháng")
        verbose_name_plural = _("tổng hợp đánh giá theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "province", "field"], name="one_summary_per_month"
            ),
            models.CheckConstraint(
                condition=Q(met__lte=models.F("assessed")), name="summary_met_within_assessed"
            ),
        ]

    def __str__(self):
        return f"{self.province} {self.field} {self.month:%m/%Y}: {self.met}/{self.assessed}"


class LatestReadiness(models.Model):
    """The latest assessments of a province in a field, counted by rating: kept by
    services.assessment_save so that the overview by field reads 34 x fields rows."""

    province = models.ForeignKey(
        "delegation.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.CASCADE
    )
    field = models.ForeignKey(
        "procedures.Field", verbose_name=_("lĩnh vực"), on_delete=models.CASCADE, related_name="+"
    )
    met = models.PositiveIntegerField(_("đáp ứng"))
    partly = models.PositiveIntegerField(_("đáp ứng một phần"))
    not_met = models.PositiveIntegerField(_("chưa đáp ứng"))

    class Meta:
        ordering = ["province", "field"]
        verbose_name = _("tổng hợp đánh giá mới nhất")
        verbose_name_plural = _("tổng hợp đánh giá mới nhất")
        constraints = [
            models.UniqueConstraint(fields=["province", "field"], name="one_latest_summary")
        ]

    def __str__(self):
        return f"{self.province} {self.field}: {self.met}/{self.partly}/{self.not_met}"


class TrialDossier(NFCModel):
    """A dossier handled for practice during a visit ("làm thử, học thật")."""

    visit = models.ForeignKey(
        FieldVisit,
        verbose_name=_("đợt công tác"),
        on_delete=models.CASCADE,
        related_name="trial_dossiers",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="trial_dossiers",
    )
    went_well = _note_field(_("làm tốt"))
    errors_found = _note_field(_("lỗi phát hiện"))
    promoted_revision = models.ForeignKey(
        "handbook.Revision",
        verbose_name=_("bản nháp hướng dẫn tạo từ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="source_trial_dossiers",
    )

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("hồ sơ làm thử")
        verbose_name_plural = _("hồ sơ làm thử")

    def __str__(self):
        return f"{self.procedure} ({self.visit.province})"


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def overdue(self, today: datetime.date):
        """Open actions whose due date has passed on ``today``."""
        return self.open().filter(due_on__lt=today)


class FollowUp(NFCModel):
    """An action agreed during a visit, owned by a ministry unit or the province's department."""

    # Not a column: the steps the viewer may take, set by the province page's view.
    steps: list[str]

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    class Owner(models.TextChoices):
        DEPARTMENT = "so", _("Sở KH&CN của tỉnh")
        UNIT = "bo", _("Đơn vị của Bộ")

    visit = models.ForeignKey(
        FieldVisit,
        verbose_name=_("đợt công tác"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    title = models.CharField(_("việc cần làm"), max_length=300)
    owner = models.CharField(_("bên thực hiện"), max_length=5, choices=Owner.choices)
    owner_unit = models.ForeignKey(
        "questions.MinistryUnit",
        verbose_name=_("đơn vị của Bộ thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text=_("Bắt buộc khi bên thực hiện là đơn vị của Bộ."),
    )
    due_on = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    is_demo = models.BooleanField(_("minh họa"), default=False, help_text=DEMO_HELP)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử việc cần làm"),
        verbose_name_plural=_("lịch sử việc cần làm"),
    )

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("việc cần làm sau đợt công tác")
        verbose_name_plural = _("việc cần làm sau đợt công tác")
        permissions = [
            (
                "handle_province_support",
                _(
                    "Cán bộ Sở: xem trang hỗ trợ của tỉnh mình, cập nhật việc cần làm, danh sách "
                    "tập huấn, gửi kiến nghị"
                ),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner="bo") | Q(owner_unit__isnull=False),
                name="unit_follow_up_names_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False),
                name="done_follow_up_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.owner == self.Owner.UNIT and not self.owner_unit_id:
            raise ValidationError({"owner_unit": _("Chọn đơn vị của Bộ thực hiện việc này.")})
        visit = self.visit if self.visit_id else None
        if visit is not None and self.province_id and visit.province_id != self.province_id:
            raise ValidationError({"province": _("Tỉnh phải là tỉnh của đợt công tác.")})

    @property
    def owner_display(self) -> str:
        if self.owner == self.Owner.UNIT and self.owner_unit_id:
            return str(self.owner_unit)
        return str(_("Sở KH&CN %(province)s") % {"province": self.province})

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class Proficiency(NFCModel):
    """How far one official has come on one delegated item; every change is kept."""

    class Level(models.TextChoices):
        TRAINED = "1_tap_huan", _("Đã được tập huấn")
        PRACTISED = "2_lam_thu", _("Đã làm thử hồ sơ")
        ASSISTED = "3_co_ho_tro", _("Đã xử lý hồ sơ thật, có hỗ trợ")
        PROFICIENT = "4_thanh_thao", _("Tự xử lý thành thạo")

    class Source(models.TextChoices):
        VISIT = "doan_cong_tac", _("Đoàn công tác của Bộ")
        DEPARTMENT = "so", _("Sở KH&CN")
        PRACTICE = "lam_thu", _("Bài tự kiểm tra trên cổng")
        TRAINING = "tap_huan", _("Hội nghị, tập huấn")

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="proficiencies",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("nhiệm vụ, thủ tục được phân cấp"),
        on_delete=models.PROTECT,
        related_name="proficiencies",
    )
    level = models.CharField(_("mức"), max_length=20, choices=Level.choices)
    source = models.CharField(_("ghi nhận qua"), max_length=20, choices=Source.choices)
    set_on = models.DateField(_("ngày ghi nhận"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Derived in save(): the official's province when the level was set, the item's field.
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="proficiencies",
        editable=False,
    )
    field = models.ForeignKey(
        "procedures.Field",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    DERIVED = ["province", "field"]

    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử mức thành thạo"),
        verbose_name_plural=_("lịch sử mức thành thạo"),
    )

    class Meta:
        ordering = ["official", "procedure"]
        verbose_name = _("mức thành thạo")
        verbose_name_plural = _("mức thành thạo")
        permissions = [
            (
                "set_proficiency",
                _("Được ghi mức thành thạo của cán bộ (cán bộ Sở: cán bộ tỉnh mình)"),
            ),
            ("practise", _("Được làm bài tự kiểm tra và xem tiến độ của mình")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "procedure"], name="one_proficiency_per_item"
            )
        ]
        indexes = [
            models.Index(
                fields=["field", "province", "procedure", "level"], name="proficiency_overview"
            )
        ]

    def __str__(self):
        return f"{self.official} – {self.procedure}: {self.get_level_display()}"

    def save(self, *args, **kwargs):
        if self.official.province_id is None:
            raise ValidationError(_("Cán bộ chưa gắn với tỉnh nào: không ghi được mức thành thạo."))
        self.province_id = self.official.province_id
        self.field_id = self.procedure.field_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.official_id and not self.official.province_id:
            raise ValidationError(
                {"official": _("Tài khoản cán bộ chưa gắn với tỉnh nào; cập nhật tài khoản.")}
            )


class PracticeAttempt(models.Model):
    """One self-check taken by a signed-in official on a procedure's practice page."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="practice_attempts",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="practice_attempts",
    )
    correct = models.PositiveSmallIntegerField(_("số câu đúng"))
    total = models.PositiveSmallIntegerField(_("số câu"))
    taken_at = models.DateTimeField(_("làm lúc"))

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("bài tự kiểm tra")
        verbose_name_plural = _("bài tự kiểm tra")
        constraints = [
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("total")), name="attempt_correct_within_total"
            )
        ]

    def __str__(self):
        return f"{self.official} – {self.procedure}: {self.correct}/{self.total}"

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.correct == self.total


class ConcernQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Concern.OPEN)

    def overdue(self, clock):
        """Open concerns filed more than ten working days before ``clock.today`` (as questions)."""
        return self.open().filter(filed_at__lt=clock.overdue_before)


class Concern(NFCModel):
    """A concern about a delegated item, or a formal request to hand it back to the ministry."""

    # Not a column: the steps the viewer may take, set by the province page's view.
    steps: list[str]

    class Kind(models.TextChoices):
        CONCERN = "kien_nghi", _("Kiến nghị, lo ngại")
        RETURN = "tra_lai", _("Đề nghị trả lại nhiệm vụ cho Bộ")

    class Reason(models.TextChoices):
        STAFF = "can_bo", _("Thiếu cán bộ, năng lực")
        TOOLS = "cong_cu", _("Thiếu công cụ, trang thiết bị")
        DATA = "du_lieu", _("Thiếu dữ liệu, hệ thống")
        LEGAL = "phap_ly", _("Quy định chưa rõ")
        VOLUME = "khoi_luong", _("Khối lượng hồ sơ lớn")

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        IN_REVIEW = "in_review", _("Bộ đang xem xét")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã đóng")

    class Response(models.TextChoices):
        SUPPORT_PLAN = "ke_hoach_ho_tro", _("Kế hoạch hỗ trợ")
        ACCEPTED = "chap_thuan", _("Quyết định: chấp thuận trả lại")
        REFUSED = "khong_chap_thuan", _("Quyết định: không chấp thuận, kèm hỗ trợ")

    OPEN = (Status.NEW, Status.IN_REVIEW)

    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("nhiệm vụ, thủ tục được phân cấp"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    body = models.TextField(_("nội dung"), validators=[MaxLengthValidator(TEXT_MAX)])
    commune = models.CharField(
        _("xã, phường đề nghị"),
        max_length=200,
        blank=True,
        help_text=_("Khi Sở chuyển kiến nghị của một xã, phường."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("gửi lúc"))
    ministry_unit = models.ForeignKey(
        "questions.MinistryUnit",
        verbose_name=_("đơn vị của Bộ phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    response_kind = models.CharField(
        _("hình thức trả lời"), max_length=20, choices=Response.choices, blank=True
    )
    response = models.TextField(
        _("trả lời của Bộ"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    is_demo = models.BooleanField(_("minh họa"), default=False, help_text=DEMO_HELP)

    objects = ConcernQuerySet.as_manager()
    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử kiến nghị"),
        verbose_name_plural=_("lịch sử kiến nghị"),
    )

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("kiến nghị, đề nghị trả lại")
        verbose_name_plural = _("kiến nghị, đề nghị trả lại")
        permissions = [
            (
                "answer_concern",
                _("Được nhận xem xét và trả lời kiến nghị, đề nghị trả lại của các tỉnh"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"])
                | (Q(answered_at__isnull=False) & ~Q(response="") & ~Q(response_kind="")),
                name="answered_concern_has_response",
            ),
            models.CheckConstraint(
                condition=~Q(response_kind="chap_thuan") | Q(kind="tra_lai"),
                name="only_return_requests_are_accepted",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.procedure} ({self.province})"

    def get_absolute_url(self):
        return reverse("support:province", kwargs={"slug": self.province.slug}) + "#kien-nghi"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, clock) -> bool:
        return self.is_open and self.filed_at < clock.overdue_before
