from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CamnangAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site (config.admin_site)."""

    default_site = "config.admin_site.CamnangAdminSite"


class CamnangAxesConfig(AxesAppConfig):
    """django-axes, named in Vietnamese in the admin (its own name is "Axes")."""

    verbose_name = _("Khóa đăng nhập")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The admin titles each record by str(): django-axes writes it in English ("Access Log
        # for … @ …"), with a UTC timestamp. Said in Vietnamese, in Vietnam's time.
        def titled(kind):
            def __str__(record):
                when = record.attempt_time
                moment = timezone.localtime(when).strftime("%d/%m/%Y %H:%M") if when else ""
                return f"{kind}: {record.username} · {moment}"

            return __str__

        AccessLog.__str__ = titled(_("Đăng nhập"))
        AccessAttempt.__str__ = titled(_("Đăng nhập sai"))
        AccessFailureLog.__str__ = titled(_("Đăng nhập sai"))
