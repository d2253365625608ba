from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal account: ministry staff, department (Sở) staff or a commune official.

    What a user may do comes from the permissions they hold, through their role's group (see
    accounts/roles.py) or directly; ``province`` says which province's department or commune they
    work for, and limits what department staff may touch.
    """

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    province = models.ForeignKey(
        "delegation.Province",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Bắt buộc với cán bộ Sở và cán bộ cấp xã; để trống với cán bộ Bộ."),
    )
    unit = models.CharField(
        _("đơn vị công tác"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Sở Khoa học và Công nghệ, UBND phường Ba Đình."),
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self):
        return self.full_name or self.username
