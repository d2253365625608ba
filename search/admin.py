from django.contrib import admin

from search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Abbreviations take effect on the next search; the index itself does not change."""

    list_display = ["term", "meaning", "note"]
    search_fields = ["term", "meaning", "term_key", "meaning_key"]
    fields = ["term", "meaning", "note"]
