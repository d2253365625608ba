from django import forms
from django.utils.translation import gettext_lazy as _

from delegation.models import Province
from portal.params import NumberField, SlugChoiceField


class ProvinceChoiceForm(forms.Form):
    """The province chooser: a province's slug, or nothing to forget the choice."""

    tinh = SlugChoiceField(
        label=_("Tỉnh, thành phố của bạn"),
        queryset=Province.objects.order_by("slug"),
        required=False,
        empty_label=_("Không chọn tỉnh nào"),
        error_messages={"invalid_choice": _("Không có tỉnh, thành phố này trong 34 đơn vị.")},
    )


class SearchForm(forms.Form):
    """The search page's words and page; the filters are ``ProcedureSearchFilter``'s."""

    # Length and content are checked by search.query.validate_query, with its own messages.
    q = forms.CharField(label=_("Từ cần tìm"), required=False)
    trang = NumberField(label=_("Trang"), low=1, high=1000, required=False)
