from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "province", "unit", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "province"]
    search_fields = ["username", "full_name", "email", "unit"]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (_("Đơn vị"), {"fields": ["full_name", "province", "unit"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Đơn vị"), {"fields": ["full_name", "province", "unit"]}),
    ]
