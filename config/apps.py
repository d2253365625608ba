from django.contrib.admin.apps import AdminConfig


class CamnangAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site (config.admin_site)."""

    default_site = "config.admin_site.CamnangAdminSite"
