"""The official record: fields, legal documents, authority levels and procedures.

This app knows nothing of delegations or the handbook; they point at it.
"""

import datetime
import functools
import operator

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from procedures.history import HistoricalRecords
from procedures.text import fold, nfc_value

CODE_PATTERN = r"^[0-9]\.[0-9]{6}$"
code_validator = RegexValidator(
    CODE_PATTERN, _("Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số, ví dụ 1.005442.")
)


def normalise_fields(instance: models.Model) -> None:
    """NFC-normalise the text and JSON fields of ``instance`` in place (also before bulk writes)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            value = getattr(instance, field.attname)
            if value:
                setattr(instance, field.attname, nfc_value(value))


class NFCModel(models.Model):
    """Stores every text and JSON field in Unicode NFC, whatever the keyboard or import sent."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalise_fields(self)
        super().save(*args, **kwargs)


class Confidence(models.TextChoices):
    """How sure a fact that tells an official what to do is, by the kind of source it rests on."""

    LEGAL_TEXT = "legal_text", _("Theo văn bản pháp luật")
    RECORD = "record", _("Theo bản ghi thủ tục")
    OBSERVED = "observed", _("Suy ra từ hai bản ghi")
    UNKNOWN = "unknown", _("Chưa xác nhận")


class SlugManager(models.Manager):
    """Fixtures refer to these rows by slug (natural key), so loading them twice updates them."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Field(NFCModel):
    """A field (lĩnh vực) of the ministry, e.g. "Viễn thông và Internet"."""

    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    code = models.CharField(
        _("mã nhóm"),
        max_length=20,
        blank=True,
        help_text=_(
            "Mã nhóm trên Cổng Dịch vụ công quốc gia, ví dụ G14-TT10. Để trống nếu chưa rõ."
        ),
    )
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_(
            "Mỗi dòng một tên khác của lĩnh vực này trong các nguồn dữ liệu; "
            "khi nhập dữ liệu, tên trùng với một dòng ở đây được xếp vào lĩnh vực này."
        ),
    )

    objects = SlugManager()

    # Set by the home page on the fields it lists (a count of their procedures); not stored.
    procedure_count: int

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:field", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class AuthorityLevel(NFCModel):
    """A rung of the ladder of authority, from the Government down to the commune chair."""

    class Tier(models.TextChoices):
        CENTRAL = "trung_uong", _("Trung ương")
        PROVINCE = "tinh", _("Cấp tỉnh")
        COMMUNE = "xa", _("Cấp xã")

    slug = models.SlugField(_("đường dẫn"), max_length=50, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100, unique=True)
    short_name = models.CharField(_("tên ngắn"), max_length=50)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), unique=True, help_text=_("1 là cấp cao nhất; số càng lớn càng gần cơ sở.")
    )
    tier = models.CharField(_("cấp chính quyền"), max_length=20, choices=Tier.choices)
    description = models.TextField(_("mô tả"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("cấp thẩm quyền")
        verbose_name_plural = _("cấp thẩm quyền")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:level", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class LegalDocumentQuerySet(models.QuerySet):
    def get_by_natural_key(self, number):
        return self.get(number=number)

    def in_force(self, on: datetime.date):
        """Documents that apply on ``on`` (a missing start date is not assumed)."""
        return self.filter(effective_from__lte=on).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=on)
        )

    def expiring(self, *, on: datetime.date, within_days: int = 183):
        """Documents in force on ``on`` whose expiry falls within the next ``within_days``."""
        return self.in_force(on).filter(expires_on__lte=on + datetime.timedelta(days=within_days))


class LegalDocument(NFCModel):
    """A legal text cited as a basis: law, resolution, decree, circular, decision."""

    class Kind(models.TextChoices):
        LAW = "luat", _("Luật")
        NA_RESOLUTION = "nghi_quyet_qh", _("Nghị quyết của Quốc hội")
        GOV_RESOLUTION = "nghi_quyet_cp", _("Nghị quyết của Chính phủ")
        DECREE = "nghi_dinh", _("Nghị định")
        CIRCULAR = "thong_tu", _("Thông tư")
        DECISION = "quyet_dinh", _("Quyết định")
        OTHER = "khac", _("Văn bản khác")

    class Status(models.TextChoices):
        IN_FORCE = "con_hieu_luc", _("Còn hiệu lực")
        AMENDED = "sua_doi", _("Đã được sửa đổi, bổ sung")
        REPLACED = "thay_the", _("Đã được thay thế")
        EXPIRED = "het_hieu_luc", _("Hết hiệu lực")

    number = models.CharField(
        _("số hiệu"), max_length=60, unique=True, help_text=_("Ví dụ 133/2025/NĐ-CP.")
    )
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices)
    title = models.TextField(_("trích yếu"), blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_from = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    expires_on = models.DateField(
        _("ngày hết hiệu lực"),
        null=True,
        blank=True,
        help_text=_(
            "Ngày văn bản thôi áp dụng, ví dụ 01/3/2027 cho Nghị định 132 và 133 năm 2025. "
            "Để trống nếu nguồn không cho biết."
        ),
    )
    expiry_exception = models.CharField(
        _("ngoại lệ về thời hạn"),
        max_length=200,
        blank=True,
        help_text=_(
            "Ngoại lệ văn bản ghi kèm ngày thôi áp dụng, đúng lời văn bản (ví dụ “trừ một số "
            "trường hợp”); hiển thị cạnh ngày đó."
        ),
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        default="",
        help_text=_("Chỉ ghi khi có nguồn (ghi nguồn ở trên); để trống là chưa có dữ liệu."),
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class DateSource(models.TextChoices):
        RECORD = "record", _("phần ngày và cơ quan ban hành của dòng căn cứ trong bản ghi")
        TITLE = "title", _("lời trích dẫn trong bản ghi (ngày ghi ngay sau số hiệu)")

    # Where issued_on and issuing_body were read, when an import set them (empty: staff or
    # the repository's fixture, whose source is source_url).
    date_source = models.CharField(
        _("nguồn ngày ban hành"), max_length=10, choices=DateSource.choices, blank=True
    )
    date_source_record = models.CharField(
        _("bản ghi nguồn của ngày ban hành"), max_length=20, blank=True
    )
    aliases = models.CharField(
        _("cách viết khác của số hiệu"),
        max_length=300,
        blank=True,
        help_text=_(
            "Các cách viết khác mà nguồn dùng, cách nhau bằng dấu phẩy (tìm kiếm theo cả các "
            "cách này)."
        ),
    )

    objects = LegalDocumentQuerySet.as_manager()
    # Validity dates and status drive the "cần rà soát" flags: every change is kept.
    history = HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("lịch sử văn bản pháp luật"),
        verbose_name_plural=_("lịch sử văn bản pháp luật"),
    )

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("portal:document", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.number,)

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]

    def date_source_text(self) -> str:
        """Where the issue date comes from, in words ("" when staff or the fixture set it)."""
        if not self.date_source:
            return ""
        label = str(self.DateSource(self.date_source).label)
        if self.date_source_record:
            return _("%(how)s %(code)s") % {"how": label, "code": self.date_source_record}
        return label

    def applies_on(self, day: datetime.date) -> bool:
        if self.effective_from is None or self.effective_from > day:
            return False
        return self.expires_on is None or day < self.expires_on

    def expires_within(self, day: datetime.date, days: int = 183) -> bool:
        """True when the document applies on ``day`` and expires within ``days`` after it."""
        return (
            self.expires_on is not None
            and self.applies_on(day)
            and self.expires_on <= day + datetime.timedelta(days=days)
        )


# A record published by a provincial People's Committee or its service centre, not by a
# ministry: that province's own procedure (51 of the 2026 records), not the national catalogue.
LOCAL_PUBLISHERS = ("UBND", "Ủy ban nhân dân", "Trung tâm phục vụ hành chính công")
_LOCAL_PUBLISHER = functools.reduce(
    operator.or_, (models.Q(promulgating_body__startswith=p) for p in LOCAL_PUBLISHERS)
)


class ProcedureQuerySet(models.QuerySet):
    def national(self):
        """Records of the national catalogue (published by a ministry, or with no publisher in
        the source), which apply in every province."""
        return self.exclude(_LOCAL_PUBLISHER)

    def local_to(self, province_name: str):
        """A province's own records (published by its People's Committee or service centre)."""
        return self.filter(_LOCAL_PUBLISHER, promulgating_body__icontains=province_name)

    def in_force(self):
        """Procedures whose record is in force (amended ones included)."""
        return self.filter(status__in=Procedure.IN_FORCE_STATUSES)

    def for_listing(self):
        """What a list row needs, in one query."""
        return self.select_related("field", "level").only(
            "code",
            "slug",
            "name",
            "kind",
            "status",
            "source_date",
            "field__name",
            "field__slug",
            "level__name",
            "level__slug",
            "level__short_name",
            "level__rank",
        )


class Procedure(NFCModel):
    """A national procedure record (thủ tục hành chính) or a delegated task that is not one."""

    class Kind(models.TextChoices):
        PROCEDURE = "thu_tuc", _("Thủ tục hành chính")
        TASK = "nhiem_vu", _("Nhiệm vụ, thẩm quyền được phân cấp")

    class Status(models.TextChoices):
        IN_FORCE = "con_hieu_luc", _("Đang áp dụng")
        AMENDED = "sua_doi", _("Đã sửa đổi, bổ sung")
        ABOLISHED = "bai_bo", _("Đã bãi bỏ")
        UNCONFIRMED = "chua_xac_nhan", _("Chưa xác nhận còn áp dụng")

    # A record in force (amended ones included).
    IN_FORCE_STATUSES = (Status.IN_FORCE, Status.AMENDED)

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "ngay_lam_viec", _("ngày làm việc")
        DAYS = "ngay", _("ngày")
        MONTHS = "thang", _("tháng")

    code = models.CharField(
        _("mã thủ tục"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[code_validator],
        help_text=_(
            "Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.005442. Để trống nếu chưa có."
        ),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    name = models.TextField(_("tên thủ tục"))
    name_key = models.CharField(
        _("khóa tên"),
        max_length=1000,
        editable=False,
        db_index=True,
        help_text=_("Tên đã bỏ dấu, dùng để nhận ra cùng một thủ tục khi nhập dữ liệu."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.PROCEDURE)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )

    # Who performs it, as the source record says (as of source_date).
    level = models.ForeignKey(
        AuthorityLevel,
        verbose_name=_("cấp thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
        help_text=_("Cấp thực hiện theo bản ghi nguồn, tại ngày của nguồn."),
    )
    level_text = models.CharField(_("cấp thực hiện (nguyên văn)"), max_length=200, blank=True)
    agency = models.TextField(_("cơ quan thực hiện"), blank=True)
    competent_authority = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    receiving_address = models.TextField(_("địa chỉ tiếp nhận"), blank=True)

    # The record's sections. Empty means "not recorded" and is shown as such.
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    channels = models.TextField(_("cách thức thực hiện"), blank=True)
    dossier = models.JSONField(
        _("thành phần hồ sơ"),
        default=list,
        blank=True,
        help_text=_('Danh sách giấy tờ: {"text", "name", "form", "originals", "copies"}.'),
    )
    dossier_sets = models.CharField(_("số lượng bộ hồ sơ"), max_length=100, blank=True)
    time_limit_value = models.PositiveIntegerField(_("thời hạn (số)"), null=True, blank=True)
    time_limit_unit = models.CharField(
        _("thời hạn (đơn vị)"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    time_limit_text = models.TextField(_("thời hạn giải quyết (nguyên văn)"), blank=True)
    subjects = models.TextField(_("đối tượng thực hiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    fees = models.TextField(_("phí, lệ phí"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    forms = models.JSONField(_("mẫu đơn, tờ khai"), default=list, blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý (nguyên văn)"), default=list, blank=True)
    legal_documents = models.ManyToManyField(
        LegalDocument, verbose_name=_("văn bản căn cứ"), blank=True, related_name="procedures"
    )
    decision = models.CharField(_("quyết định công bố"), max_length=200, blank=True)
    promulgating_body = models.CharField(_("cơ quan công bố"), max_length=200, blank=True)
    # The field as the record names it, kept when it differs from the field it is filed under
    # (pre-reform records say "Công nghệ thông tin, điện tử" where the field is now named
    # "Công nghiệp công nghệ số, công nghệ thông tin, điện tử").
    source_field_name = models.CharField(_("lĩnh vực theo bản ghi"), max_length=300, blank=True)

    # Where every fact comes from.
    source_url = models.URLField(_("nguồn (địa chỉ)"), max_length=1000, blank=True)
    source_date = models.DateField(_("ngày của nguồn"), null=True, blank=True)
    source_repo = models.CharField(_("kho dữ liệu nguồn"), max_length=200, blank=True)
    source_path = models.CharField(_("tệp nguồn"), max_length=300, blank=True)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    # Set on rows that readers list, not stored: delegation.models.with_handler annotates
    # handler_level_id, portal.selectors.attach_handlers sets handler from it.
    handler_level_id: int | None
    handler_confirmed: bool
    handler: "AuthorityLevel | None"

    class Meta:
        ordering = ["field__name", "name"]
        verbose_name = _("thủ tục")
        verbose_name_plural = _("thủ tục")
        indexes = [
            models.Index(fields=["field", "name_key"], name="procedure_field_name_key"),
            # What a level handles as its record says (delegation.models.handled_by_parts),
            # counted and put in name order from the index alone.
            models.Index(
                fields=["level", "status", "field", "source_date", "name_key", "id"],
                name="procedure_level_listing",
            ),
            # The same for the national catalogue alone (a province's counts), and a
            # province's own records (its page lists them).
            models.Index(
                fields=["level", "status", "source_date", "id"],
                condition=~_LOCAL_PUBLISHER,
                name="procedure_national_level",
            ),
            models.Index(
                fields=["promulgating_body", "name_key"],
                condition=_LOCAL_PUBLISHER,
                name="procedure_local_records",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self.name, self.code, Procedure.objects.exclude(pk=self.pk))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:procedure", kwargs={"slug": self.slug})

    @property
    def is_local(self) -> bool:
        """Published by a province, not by a ministry: that province's own procedure."""
        return self.promulgating_body.startswith(LOCAL_PUBLISHERS)

    @property
    def time_limit_display(self) -> str:
        if self.time_limit_value is not None and self.time_limit_unit:
            return f"{self.time_limit_value} {self.get_time_limit_unit_display()}"
        return ""

    @property
    def is_in_force(self) -> bool:
        return self.status in self.IN_FORCE_STATUSES


def base_slug(name: str, code: str | None) -> str:
    """A readable slug: the folded name cut at a word boundary, then the code when there is one."""
    words = slugify(fold(name)).split("-")
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 80:
            break
        slug = f"{slug}-{word}" if slug else word
    if code:
        slug = f"{slug}-{code.replace('.', '-')}"
    return slug or "thu-tuc"


def unique_slug(name: str, code: str | None, others: models.QuerySet, taken=()) -> str:
    """``base_slug`` made unique against ``others`` (and ``taken``) with a numeric suffix."""
    slug = base_slug(name, code)
    candidate, n = slug, 2
    while candidate in taken or others.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def name_key(name: str) -> str:
    """The key that says two records name the same procedure (folded, at most 1000 chars)."""
    return fold(name)[:1000]
