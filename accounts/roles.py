"""The roles of the portal, as auth groups. A data migration creates them with their permissions."""

from django.utils.translation import gettext_lazy as _

MINISTRY_STAFF = "Cán bộ Bộ"
DEPARTMENT_STAFF = "Cán bộ Sở"
COMMUNE_OFFICIAL = "Cán bộ cấp xã"

ROLE_LABELS = {
    MINISTRY_STAFF: _("Cán bộ Bộ: biên tập và xuất bản cẩm nang"),
    DEPARTMENT_STAFF: _("Cán bộ Sở: soạn bản nháp hướng dẫn, không được xuất bản"),
    COMMUNE_OFFICIAL: _("Cán bộ cấp xã: tra cứu, đặt câu hỏi"),
}


def has_role(user, role: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()
