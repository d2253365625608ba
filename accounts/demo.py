"""Demo accounts for local use, one per role. Listed in the README; never for production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from delegation.models import Province

DEMO_PASSWORD = "camnang-demo-2025"

DEMO_ACCOUNTS = [
    # username, full name, role (group), province slug, unit, is_staff, is_superuser
    ("quantri", "Quản trị hệ thống", None, None, "Bộ Khoa học và Công nghệ", True, True),
    ("canbo.bo", "Nguyễn Văn Bộ", roles.MINISTRY_STAFF, None, "Vụ Pháp chế, Bộ KH&CN", True, False),
    (
        "bientap.bo",
        "Phạm Thị Biên Tập",
        roles.MINISTRY_EDITOR,
        None,
        "Văn phòng Bộ KH&CN",
        True,
        False,
    ),
    (
        "canbo.so.hanoi",
        "Trần Thị Sở",
        roles.DEPARTMENT_STAFF,
        "ha-noi",
        "Sở KH&CN Hà Nội",
        True,
        False,
    ),
    (
        "canbo.so.danang",
        "Hoàng Văn Đà",
        roles.DEPARTMENT_STAFF,
        "da-nang",
        "Sở KH&CN Đà Nẵng",
        True,
        False,
    ),
    (
        "canbo.xa.hanoi",
        "Lê Văn Xã",
        roles.COMMUNE_OFFICIAL,
        "ha-noi",
        "UBND phường Ba Đình",
        False,
        False,
    ),
    # Communes of a second and a third province, so questions go to different departments.
    (
        "canbo.xa.danang",
        "Hoàng Văn Nẵng",
        roles.COMMUNE_OFFICIAL,
        "da-nang",
        "UBND phường (tài khoản minh họa), Đà Nẵng",
        False,
        False,
    ),
    (
        "canbo.xa.nghean",
        "Vũ Thị An",
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
