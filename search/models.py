"""What search stores: a search document per procedure, the words of the names, and synonyms."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.models import NFCModel, Procedure
from procedures.text import search_form


class SearchDocument(models.Model):
    """The searchable text of one procedure, written only by ``search.indexing``.

    ``name``, ``name_exact`` and ``name_marks`` (search/names.py) serve ranking on both
    databases; ``citations`` lists the legal
    documents (and articles) that delegate the procedure or that its record cites, so that a
    citation is one index look-up that combines with words. On PostgreSQL the weighted vectors
    are what is matched: the whole document (name A, field B, guidance C, record D) and, small
    enough to read at every query, the name and field alone, the guidance alone and the
    citations. SQLite leaves them empty and matches with its FTS5 table ``search_fts`` (name and
    field, guidance, record, citations), which the indexing code writes beside this row.
    """

    procedure = models.OneToOneField(
        Procedure,
        verbose_name=_("thủ tục"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    name = models.TextField(_("tên (dạng so khớp)"))
    name_exact = models.TextField(_("tên (giữ dấu)"))
    sort_key = models.PositiveIntegerField(
        _("thứ tự khi quá nhiều kết quả"),
        help_text=_("Thủ tục đang áp dụng trước, rồi tên ngắn trước."),
    )
    name_marks = models.TextField(
        _("dấu câu của tên"),
        blank=True,
        help_text=_(
            "e12-20: từ 12 đến 19 của tên nằm trong mệnh đề loại trừ (trừ …); b3: dấu câu "
            "ngay trước từ 3."
        ),
    )
    citations = models.TextField(
        _("văn bản viện dẫn"),
        blank=True,
        help_text=_(
            "d12: văn bản 12 phân cấp thủ tục này; d12a4 (k1): theo Điều 4 (khoản 1); "
            "c12: văn bản 12 là căn cứ pháp lý của bản ghi."
        ),
    )
    document_vector = SearchVectorField(null=True)
    name_vector = SearchVectorField(null=True)
    guidance_vector = SearchVectorField(null=True)
    citation_vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        indexes = [models.Index(fields=["sort_key"], name="search_document_sort_key")]

    def __str__(self):
        return self.name


class IndexWord(models.Model):
    """A word of the indexed text and in how many procedures it appears.

    Typos are corrected against these words, and rarer words weigh more in ranking.
    """

    word = models.CharField(_("từ"), max_length=100, primary_key=True)
    frequency = models.PositiveIntegerField(_("số thủ tục có từ này"), default=0, db_index=True)
    name_frequency = models.PositiveIntegerField(
        _("số thủ tục có từ này trong tên hoặc lĩnh vực"), default=0
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("từ trong tên thủ tục")
        verbose_name_plural = _("từ trong tên thủ tục")

    def __str__(self):
        return self.word


class Synonym(NFCModel):
    """An abbreviation or other short form officials type, and what it stands for."""

    term = models.CharField(
        _("từ viết tắt"),
        max_length=50,
        help_text=_('Như cán bộ gõ, ví dụ "UBND" hoặc "KH&CN". Không phân biệt hoa thường, dấu.'),
    )
    meaning = models.CharField(
        _("nghĩa đầy đủ"), max_length=200, help_text=_('Ví dụ "Ủy ban nhân dân".')
    )
    note = models.TextField(_("ghi chú"), blank=True)
    term_key = models.CharField(max_length=50, editable=False, db_index=True)
    meaning_key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["term"]
        verbose_name = _("từ viết tắt, từ đồng nghĩa")
        verbose_name_plural = _("từ viết tắt, từ đồng nghĩa")
        constraints = [
            models.UniqueConstraint(fields=["term_key", "meaning_key"], name="synonym_unique_pair")
        ]

    def __str__(self):
        return f"{self.term} = {self.meaning}"

    def clean(self):
        errors = {}
        if not search_form(self.term):
            errors["term"] = _("Từ viết tắt phải có ít nhất một chữ hoặc số.")
        if not search_form(self.meaning):
            errors["meaning"] = _("Nghĩa đầy đủ phải có ít nhất một chữ hoặc số.")
        elif search_form(self.term) == search_form(self.meaning):
            errors["meaning"] = _("Nghĩa đầy đủ phải khác từ viết tắt.")
        if errors:
            raise ValidationError(errors)
        self.derive_keys()
        # The keys are not on the admin form, so Django would not check this constraint there.
        pair = Synonym.objects.filter(term_key=self.term_key, meaning_key=self.meaning_key)
        if pair.exclude(pk=self.pk).exists():
            raise ValidationError({"meaning": _("Từ viết tắt này đã có nghĩa này.")})

    def derive_keys(self) -> None:
        self.term_key = search_form(self.term)[:50]
        self.meaning_key = search_form(self.meaning)[:200]

    def save(self, *args, **kwargs):
        self.derive_keys()
        super().save(*args, **kwargs)
