from django.contrib import admin
from django.db import transaction

from search import snapshot
from search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Abbreviations take effect on the next search; the index itself does not change."""

    list_display = ["term", "meaning", "note"]
    search_fields = ["term", "meaning", "term_key", "meaning_key"]
    fields = ["term", "meaning", "note"]

    # Searches read the table from a per-process copy (search/snapshot.py): drop it once the
    # edit is committed (before, another request could take a copy of the old table again).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(snapshot.forget)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(snapshot.forget)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(snapshot.forget)
