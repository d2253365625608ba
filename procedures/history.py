"""django-simple-history's HistoricalRecords with its own fields named in Vietnamese.

The admin's history lists and the audit log show the historical models' fields by their
verbose names; simple-history gives its fields none ("History date", "History user" in
English), which civil servants and screen readers met in every history view (issue 14).
"""

from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords as BaseHistoricalRecords

VERBOSE_NAMES = {
    "history_id": _("mã bản ghi lịch sử"),
    "history_date": _("thời điểm thay đổi"),
    "history_type": _("loại thay đổi"),
    "history_user": _("người thay đổi"),
    "history_change_reason": _("lý do thay đổi"),
}


class HistoricalRecords(BaseHistoricalRecords):
    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        for name, verbose_name in VERBOSE_NAMES.items():
            field = extra.get(name)
            if field is not None and hasattr(field, "verbose_name"):
                field.verbose_name = verbose_name
        return extra
