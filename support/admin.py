"""Data entry for the support of localities. Every save calls support.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from procedures.history_admin import HistoryAdmin
from support import services
from support.models import (
    Assessment,
    Attendance,
    Concern,
    FieldVisit,
    FollowUp,
    PracticeAttempt,
    Proficiency,
    TrainingEvent,
    TrialDossier,
)

SAVERS = {
    Assessment: lambda obj, user: services.assessment_save(assessment=obj, user=user),
    TrialDossier: lambda obj, user: services.trial_dossier_save(dossier=obj, user=user),
    FollowUp: lambda obj, user: services.follow_up_save(follow_up=obj, user=user),
    Attendance: lambda obj, user: services.attendance_save(attendance=obj, user=user),
}


def _report(modeladmin, request, exc):
    modeladmin.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)


class ServiceInlinesMixin:
    """Inline rows are saved through their service, with the user who saves the form."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            # Only attendance rows can be deleted inline (the other inlines refuse deletion).
            services.attendance_delete(attendance=obj, user=request.user)
        for obj in instances:
            if isinstance(obj, FollowUp) and not obj.province_id:
                obj.province_id = form.instance.province_id
            SAVERS[type(obj)](obj, request.user)
        formset.save_m2m()


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["procedure", "assessed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].required = False
        self.fields["assessed_on"].help_text = _("Để trống: ngày kết thúc đợt công tác.")


class AssessmentInline(admin.StackedInline):
    model = Assessment
    form = AssessmentForm
    extra = 1
    can_delete = False
    autocomplete_fields = ["procedure"]
    fields = [
        "procedure",
        "assessed_on",
        ("staff", "staff_note"),
        ("conditions", "conditions_note"),
        ("systems", "systems_note"),
        ("documents", "documents_note"),
    ]


class TrialDossierInline(admin.StackedInline):
    model = TrialDossier
    extra = 1
    can_delete = False
    autocomplete_fields = ["procedure"]
    fields = ["procedure", "went_well", "errors_found", "promoted_revision"]
    readonly_fields = ["promoted_revision"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    can_delete = False
    autocomplete_fields = ["owner_unit"]
    fields = ["title", "owner", "owner_unit", "due_on", "status"]
    readonly_fields = ["status"]


@admin.register(FieldVisit)
class FieldVisitAdmin(ServiceInlinesMixin, admin.ModelAdmin):
    list_display = ["__str__", "province", "place", "starts_on", "ends_on", "is_demo"]
    list_filter = ["unit", "place", "is_demo", "province"]
    search_fields = ["members", "commune", "province__name", "unit__name"]
    autocomplete_fields = ["unit", "province"]
    list_select_related = ["unit", "province"]
    date_hierarchy = "starts_on"
    inlines = [AssessmentInline, TrialDossierInline, FollowUpInline]
    fields = [
        "unit",
        "members",
        ("starts_on", "ends_on"),
        "province",
        ("place", "commune"),
        "notes",
        "is_demo",
    ]

    def save_model(self, request, obj, form, change):
        services.visit_save(visit=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # its assessments make the latest flags and the monthly summary


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["procedure", "province", "assessed_on", "overall", "is_latest"]
    list_filter = ["overall", "is_latest", "procedure__field", "province"]
    search_fields = ["procedure__name", "procedure__code"]
    autocomplete_fields = ["visit", "procedure"]
    list_select_related = ["procedure", "province"]
    readonly_fields = ["province", "overall", "is_latest", "created_by"]
    date_hierarchy = "assessed_on"

    def save_model(self, request, obj, form, change):
        services.assessment_save(assessment=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # a newer assessment supersedes it; history stays


@admin.register(TrialDossier)
class TrialDossierAdmin(admin.ModelAdmin):
    list_display = ["procedure", "visit", "promoted_revision"]
    search_fields = ["procedure__name", "errors_found"]
    autocomplete_fields = ["visit", "procedure"]
    list_select_related = ["procedure", "visit__province", "visit__unit", "promoted_revision"]
    readonly_fields = ["promoted_revision"]
    actions = ["promote"]

    def save_model(self, request, obj, form, change):
        services.trial_dossier_save(dossier=obj, user=request.user)

    @admin.action(description=_("Đưa lỗi phát hiện vào cẩm nang (tạo bản nháp hướng dẫn)"))
    def promote(self, request, queryset):
        done = 0
        for dossier in queryset:
            try:
                services.trial_dossier_promote(dossier=dossier, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                _report(self, request, exc)
        if done:
            self.message_user(
                request, _("Đã tạo %(n)d bản nháp hướng dẫn.") % {"n": done}, messages.SUCCESS
            )


@admin.register(FollowUp)
class FollowUpAdmin(HistoryAdmin):
    list_display = ["title", "province", "owner", "owner_unit", "due_on", "status"]
    list_filter = ["status", "owner", "is_demo", "province"]
    search_fields = ["title"]
    autocomplete_fields = ["visit", "province", "owner_unit"]
    list_select_related = ["province", "owner_unit"]
    readonly_fields = ["status", "done_at", "done_by"]
    actions = ["complete"]

    def save_model(self, request, obj, form, change):
        services.follow_up_save(follow_up=obj, user=request.user)

    @admin.action(description=_("Đánh dấu hoàn thành"))
    def complete(self, request, queryset):
        for follow_up in queryset:
            try:
                services.follow_up_step(follow_up=follow_up, user=request.user, step="complete")
            except (PermissionDenied, ValidationError) as exc:
                _report(self, request, exc)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["province", "official"]


class RosterForm(forms.ModelForm):
    roster = forms.FileField(
        label=_("nhập danh sách (CSV)"),
        required=False,
        help_text=_("Các cột: tinh, ho_ten, don_vi, tai_khoan (tài khoản có thể để trống)."),
    )

    class Meta:
        model = TrainingEvent
        fields = ["title", "held_on", "format", "organiser", "fields", "items", "guidance"]
        fields += ["editions", "notes", "is_demo"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(ServiceInlinesMixin, admin.ModelAdmin):
    form = RosterForm
    list_display = ["title", "held_on", "format", "organiser", "is_demo"]
    list_filter = ["format", "organiser", "is_demo"]
    search_fields = ["title"]
    autocomplete_fields = ["organiser", "fields", "items", "guidance"]
    filter_horizontal = ["editions"]
    list_select_related = ["organiser"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]

    def save_model(self, request, obj, form, change):
        services.training_event_save(event=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        upload = form.cleaned_data.get("roster")
        if upload:
            try:
                text = upload.read().decode("utf-8-sig")
                result = services.roster_import(event=form.instance, text=text, user=request.user)
            except UnicodeDecodeError:
                self.message_user(request, _("Tệp danh sách phải là CSV mã UTF-8."), messages.ERROR)
            except (PermissionDenied, ValidationError) as exc:
                _report(self, request, exc)
            else:
                self.message_user(
                    request,
                    _("Danh sách: thêm %(created)d, đã có %(kept)d.")
                    % {"created": result.created, "kept": result.kept},
                    messages.SUCCESS,
                )


@admin.register(Proficiency)
class ProficiencyAdmin(HistoryAdmin):
    list_display = ["official", "procedure", "level", "source", "set_on", "province"]
    list_filter = ["level", "source", "province"]
    search_fields = ["official__username", "official__full_name", "procedure__name"]
    autocomplete_fields = ["official", "procedure"]
    list_select_related = ["official", "procedure", "province"]
    fields = ["official", "procedure", "level", "source", "set_on"]

    def save_model(self, request, obj, form, change):
        saved = services.proficiency_set(
            official=obj.official,
            procedure=obj.procedure,
            level=obj.level,
            source=obj.source,
            on=obj.set_on,
            user=request.user,
        )
        obj.pk = saved.pk


@admin.register(PracticeAttempt)
class PracticeAttemptAdmin(admin.ModelAdmin):
    list_display = ["official", "procedure", "correct", "total", "taken_at"]
    search_fields = ["official__username", "procedure__name"]
    list_select_related = ["official", "procedure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConcernAnswerForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["ministry_unit", "response_kind", "response"]


@admin.register(Concern)
class ConcernAdmin(HistoryAdmin):
    form = ConcernAnswerForm
    list_display = ["procedure", "province", "kind", "reason", "status", "filed_at"]
    list_filter = ["status", "kind", "reason", "ministry_unit", "province"]
    search_fields = ["body", "procedure__name"]
    list_select_related = ["procedure", "province"]
    autocomplete_fields = ["ministry_unit"]
    readonly_fields = ["province", "procedure", "kind", "reason", "body", "commune", "status"]
    fields = [*readonly_fields, "ministry_unit", "response_kind", "response"]
    actions = ["accept", "close"]

    def has_add_permission(self, request):
        return False  # the department files them on its province's page

    def save_model(self, request, obj, form, change):
        if obj.response.strip() and obj.is_open:
            services.concern_answer(
                concern=obj,
                user=request.user,
                response_kind=obj.response_kind,
                response=obj.response,
            )
        elif "ministry_unit" in form.changed_data and obj.status == Concern.Status.NEW:
            services.concern_accept(concern=obj, user=request.user, unit=obj.ministry_unit)

    @admin.action(description=_("Nhận xem xét"))
    def accept(self, request, queryset):
        for concern in queryset:
            try:
                services.concern_accept(concern=concern, user=request.user)
            except (PermissionDenied, ValidationError) as exc:
                _report(self, request, exc)

    @admin.action(description=_("Đóng kiến nghị đã trả lời"))
    def close(self, request, queryset):
        for concern in queryset:
            try:
                services.concern_close(concern=concern, user=request.user)
            except (PermissionDenied, ValidationError) as exc:
                _report(self, request, exc)
