from django.contrib import admin

from search import snapshot
from search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Abbreviations take effect on the next search; the index itself does not change."""

    list_display = ["term", "meaning", "note"]
    search_fields = ["term", "meaning", "term_key", "meaning_key"]
    fields = ["term", "meaning", "note"]

    # Searches read the table from a per-process copy (search/snapshot.py): drop it on edits.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        snapshot.forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        snapshot.forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        snapshot.forget()
