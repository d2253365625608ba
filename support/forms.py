from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.models import Field
from questions.models import MinistryUnit
from support.models import Concern, Proficiency
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


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["procedure", "kind", "reason", "body", "commune"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = delegated_items().order_by("name")


class ProficiencyForm(forms.Form):
    official = forms.ModelChoiceField(None, label=_("Cán bộ"))
    procedure = forms.ModelChoiceField(None, label=_("Nhiệm vụ, thủ tục"))
    level = forms.ChoiceField(choices=Proficiency.Level.choices, label=_("Mức"))

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["procedure"].queryset = delegated_items().order_by("name")
