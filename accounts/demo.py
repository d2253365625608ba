"""Demo accounts for local use, one per role. Listed in the README; never for production.

Every name and unit says "tài khoản minh họa", so that no demo answer on a public page reads
as signed by a real person at a real ward (issue 11).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from delegation.models import Province

DEMO_PASSWORD = "camnang-demo-2025"

DEMO_ACCOUNTS = [
    # username, full name, role (group), province slug, unit, is_staff, is_superuser
    (
        "quantri",
        "Quản trị hệ thống (tài khoản minh họa)",
        None,
        None,
        "Bộ Khoa học và Công nghệ",
        True,
        True,
    ),
    (
        "canbo.bo",
        "Cán bộ Bộ (tài khoản minh họa)",
        roles.MINISTRY_STAFF,
        None,
        "Đơn vị của Bộ KH&CN (tài khoản minh họa)",
        True,
        False,
    ),
    (
        "bientap.bo",
        "Biên tập viên Bộ (tài khoản minh họa)",
        roles.MINISTRY_EDITOR,
        None,
        "Đơn vị của Bộ KH&CN (tài khoản minh họa)",
        True,
        False,
    ),
    (
        "canbo.so.hanoi",
        "Cán bộ Sở Hà Nội (tài khoản minh họa)",
        roles.DEPARTMENT_STAFF,
        "ha-noi",
        "Sở KH&CN Hà Nội (tài khoản minh họa)",
        True,
        False,
    ),
    (
        "canbo.so.danang",
        "Cán bộ Sở Đà Nẵng (tài khoản minh họa)",
        roles.DEPARTMENT_STAFF,
        "da-nang",
        "Sở KH&CN Đà Nẵng (tài khoản minh họa)",
        True,
        False,
    ),
    (
        "canbo.xa.hanoi",
        "Cán bộ xã Hà Nội (tài khoản minh họa)",
        roles.COMMUNE_OFFICIAL,
        "ha-noi",
        "UBND phường (tài khoản minh họa), Hà Nội",
        False,
        False,
    ),
    # Communes of a second and a third province, so questions go to different departments.
    (
        "canbo.xa.danang",
        "Cán bộ xã Đà Nẵng (tài khoản minh họa)",
        roles.COMMUNE_OFFICIAL,
        "da-nang",
        "UBND phường (tài khoản minh họa), Đà Nẵng",
        False,
        False,
    ),
    (
        "canbo.xa.nghean",
        "Cán bộ xã Nghệ An (tài khoản minh họa)",
        roles.COMMUNE_OFFICIAL,
        "nghe-an",
        "UBND xã (tài khoản minh họa), Nghệ An",
        False,
        False,
    ),
]


def ensure_demo_accounts() -> list[str]:
    """Create the demo accounts that do not exist yet; existing ones are left as they are."""
    User = get_user_model()
    lines = []
    for username, full_name, role, province_slug, unit, is_staff, is_superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": f"{username}@example.com",  # answers to questions are emailed
                "unit": unit,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
                "province": Province.objects.filter(slug=province_slug).first()
                if province_slug
                else None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if role:
                user.groups.add(Group.objects.get(name=role))
        lines.append(
            f"demo account {username} ({role or 'superuser'}): {'created' if created else 'exists'}"
        )
    return lines
