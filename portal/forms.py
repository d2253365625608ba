from django import forms
from django.utils.translation import gettext_lazy as _

from delegation.models import Province


class ProvinceChoiceForm(forms.Form):
    """The province chooser: a province's slug, or nothing to forget the choice."""

    tinh = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố của bạn"),
        queryset=Province.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("Không chọn tỉnh nào"),
        error_messages={"invalid_choice": _("Không có tỉnh, thành phố này trong 34 đơn vị.")},
    )
