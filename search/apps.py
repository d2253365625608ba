from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self):
        from procedures.signals import procedures_changed
        from search.indexing import refresh_procedures

        def refresh(sender, ids, **kwargs):
            refresh_procedures(ids)

        procedures_changed.connect(refresh, weak=False, dispatch_uid="search-refresh")
