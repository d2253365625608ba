"""Editions: published by the service that freezes every live revision, never edited after."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from handbook import services, workflow
from handbook.admin.audit import HistoryForMinistry
from handbook.admin.workflow import error_text
from handbook.models import Edition
from procedures.history_admin import HistoryAdmin


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["number", "release_notes"]


class EditionAdmin(HistoryForMinistry, HistoryAdmin):
    form = EditionForm
    list_display = ["title", "published_at", "published_by", "previous", "public_link"]
    list_select_related = ["published_by", "previous"]
    readonly_fields = ["published_at", "published_by", "previous", "public_link"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["number", "release_notes"]
        return [
            "number",
            "release_notes",
            "previous",
            "published_at",
            "published_by",
            "public_link",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["number", "release_notes", *self.readonly_fields]
        return []

    def has_add_permission(self, request):
        return workflow.is_publisher(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # an edition is frozen once published

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("trang công khai"))
    def public_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("xem"),
            reverse("portal:print-edition", args=[obj.slug]),
            _("bản in"),
        )

    def save_model(self, request, obj, form, change):
        edition = services.edition_publish(
            number=form.cleaned_data["number"],
            release_notes=form.cleaned_data["release_notes"],
            user=request.user,
        )
        # The admin logs and redirects with the form's instance: make it the edition just made.
        obj.pk = edition.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Nothing: the service froze the revisions."""

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return HttpResponseRedirect(request.get_full_path())
