from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from procedures.models import Field, Procedure
from questions.models import MinistryUnit
from support.models import Concern, Proficiency, TrainingEvent
from support.selectors import delegated_items


class OverviewForm(forms.Form):
    """The overview's filters (?linh-vuc=<slug>&don-vi=<slug>); an unknown slug is a form error
    (the page answers 400 with it), never a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh-vuc"] = forms.ModelChoiceField(
            Field.objects.order_by("name"),
            to_field_name="slug",
            required=False,
            label=_("Lĩnh vực"),
            empty_label=_("Mọi lĩnh vực"),
        )
        self.fields["don-vi"] = forms.ModelChoiceField(
            MinistryUnit.objects.all(),
            to_field_name="slug",
            required=False,
            label=_("Đơn vị của Bộ"),
            empty_label=_("Mọi đơn vị"),
        )


class RosterForm(forms.Form):
    event = forms.ModelChoiceField(
        TrainingEvent.objects.order_by("-held_on"), label=_("Hội nghị, tập huấn")
    )
    roster = forms.FileField(
        label=_("Danh sách (CSV)"),
        help_text=_("Các cột: tinh, ho_ten, don_vi, tai_khoan (tài khoản có thể để trống)."),
    )

    def clean_roster(self):
        upload = self.cleaned_data["roster"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("Tệp danh sách tối đa 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Tệp danh sách phải là CSV mã UTF-8.")) from exc


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["procedure", "kind", "reason", "body", "commune"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["procedure"]
        ).queryset = delegated_items().order_by("name")


class ProficiencyForm(forms.Form):
    official = forms.ModelChoiceField(User.objects.none(), label=_("Cán bộ"))
    procedure = forms.ModelChoiceField(Procedure.objects.none(), label=_("Nhiệm vụ, thủ tục"))
    level = forms.ChoiceField(choices=Proficiency.Level.choices, label=_("Mức"))

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = officials
        cast(
            forms.ModelChoiceField, self.fields["procedure"]
        ).queryset = delegated_items().order_by("name")
