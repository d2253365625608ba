from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from questions import wording, workflow
from questions.attachments import MATERIAL_MAX_BYTES, check_upload
from questions.models import (
    Holiday,
    MinistryUnit,
    OnlineSession,
    Question,
    QuestionQuerySet,
    SessionMaterial,
)
from questions.services import session_publish_outcome


@admin.register(MinistryUnit)
class MinistryUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "is_fallback"]
    list_filter = ["fields", "is_fallback"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["fields"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"


class SessionMaterialForm(forms.ModelForm):
    class Meta:
        model = SessionMaterial
        fields = ["title", "kind", "url", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.file_type = check_upload(upload, max_bytes=MATERIAL_MAX_BYTES)
        return upload


class SessionMaterialInline(admin.TabularInline):
    model = SessionMaterial
    form = SessionMaterialForm
    extra = 1


@admin.register(OnlineSession)
class OnlineSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "field", "starts_at", "status", "outcome_published_at"]
    list_filter = ["kind", "status", "field"]
    search_fields = ["title", "agenda"]
    autocomplete_fields = ["field", "procedures", "host_unit"]
    list_select_related = ["field"]
    date_hierarchy = "starts_at"
    readonly_fields = ["outcome_published_at", "outcome_published_by"]
    inlines = [SessionMaterialInline]
    actions = ["publish_outcome"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "field", "host_unit", "status"]}),
        (_("Thời gian và phòng họp"), {"fields": ["starts_at", "ends_at", "meeting_url"]}),
        (_("Nội dung"), {"fields": ["agenda", "procedures"]}),
        (
            _("Sau buổi giải đáp"),
            {"fields": ["minutes", "outcome_published_at", "outcome_published_by"]},
        ),
    ]

    @admin.action(description=_("Công bố kết quả (biên bản, tài liệu) các buổi đã chọn"))
    def publish_outcome(self, request, queryset):
        done = 0
        for session in queryset:
            try:
                session_publish_outcome(session=session, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(
                    request,
                    f"{session}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                    messages.ERROR,
                )
        if done:
            self.message_user(
                request,
                ngettext(
                    "Đã công bố kết quả %d buổi giải đáp.",
                    "Đã công bố kết quả %d buổi giải đáp.",
                    done,
                )
                % done,
                messages.SUCCESS,
            )


# The abbreviation table belongs to search, a sibling app this one never imports: its admin form
# is reached by URL, filled in from the query string, and its own permission is asked by name.
SYNONYM_ADD = "admin:search_synonym_add"
ADD_SYNONYM = "search.add_synonym"
MEANING_LENGTH = 200  # Synonym.meaning


class WordingFilter(admin.SimpleListFilter):
    """Answered questions about a procedure: pairs of an official's wording and the record's."""

    title = _("cách hỏi của cán bộ")
    parameter_name = "cach-hoi"

    def lookups(self, request, model_admin):
        return [("goi-y", _("Đã trả lời, có thủ tục: gợi ý từ đồng nghĩa"))]

    def queryset(self, request, queryset):
        if self.value() == "goi-y":
            return queryset.filter(procedure__isnull=False, answered_at__isnull=False)
        return queryset


def synonym_links(question: Question) -> list[tuple[str, str]]:
    """(label, address) of the abbreviation table's form filled in from ``question``: its
    wording where it differs from its procedure's name, and its wording as another name of the
    whole procedure (when each fits the table)."""
    procedure = question.procedure
    if procedure is None or question.answered_at is None:
        return []
    note = gettext("Từ câu hỏi “%(title)s” (thủ tục %(code)s).") % {
        "title": question.title,
        "code": procedure.code or procedure.name[:60],
    }
    url = reverse(SYNONYM_ADD)
    links = []
    term, meaning = wording.suggest_pair(question.title, procedure.name)
    if term:
        label = gettext("Tạo từ đồng nghĩa «%(term)s» = «%(meaning)s»") % {
            "term": term,
            "meaning": meaning,
        }
        links.append(
            (label, f"{url}?{urlencode({'term': term, 'meaning': meaning, 'note': note})}")
        )
    name = wording.alias(question.title)
    if name and len(procedure.name) <= MEANING_LENGTH:
        label = gettext("Tạo tên gọi khác của thủ tục: «%(name)s»") % {"name": name}
        query = urlencode({"term": name, "meaning": procedure.name, "note": note})
        links.append((label, f"{url}?{query}"))
    return links


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """An overview: ministry staff see every question, department staff their province's; each
    is handled (taken, answered, escalated) on its questions page, linked from each row."""

    list_display = [
        "__str__",
        "province",
        "field",
        "status",
        "created_at",
        "answered_at",
        "handling_link",
    ]
    list_filter = ["status", "field", "province", WordingFilter]
    search_fields = ["title", "body", "answer"]
    list_select_related = ["province", "field", "procedure"]
    date_hierarchy = "created_at"
    autocomplete_fields = [
        "asker",
        "province",
        "procedure",
        "field",
        "assignee",
        "ministry_unit",
        "escalated_by",
        "session",
        "answered_by",
        "published_by",
        "promoted_revision",
    ]

    def _actor(self, request) -> workflow.Actor:
        return workflow.Actor.of(request.user)

    def has_view_permission(self, request, obj=None):
        # Department staff hold handle_province_questions, not view_question (which reads every
        # province's questions): they view their province's questions here too.
        actor = self._actor(request)
        if obj is not None:
            return actor.can_view(obj) and (actor.is_ministry or actor.is_department)
        return super().has_view_permission(request, obj) or actor.is_department

    def get_queryset(self, request):
        return cast(QuestionQuerySet, super().get_queryset(request)).visible_to(
            self._actor(request)
        )

    # Staff who may edit the abbreviation table turn an official's wording into a synonym (or
    # another name of the procedure) from the list filtered "cách hỏi của cán bộ" or the form.
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [*shown, "wording_links"] if request.user.has_perm(ADD_SYNONYM) else shown

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "wording_links"] if request.user.has_perm(ADD_SYNONYM) else fields

    @admin.display(description=_("Gợi ý từ đồng nghĩa"))
    def wording_links(self, obj):
        links = synonym_links(obj)
        if not links:
            return "—"
        return format_html_join(
            mark_safe("<br>"), '<a href="{}">{}</a>', ((url, label) for label, url in links)
        )

    @admin.display(description=_("Xử lý"))
    def handling_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), _("Mở trang xử lý câu hỏi")
        )
