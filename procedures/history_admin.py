"""The admin's history pages (django-simple-history) for every app, refusing a forged id.

django-simple-history filters the history table with the id from the URL as it is, so
``/quan-tri/<app>/<model>/abc/history/`` raised a ValueError (a 500). Here an id that cannot be
the model's primary key (or a version id that cannot be a history id) is a 404.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def primary_key_or_404(field, value):
    """``value`` converted for ``field`` (a primary key), Http404 when it cannot be one: not a
    number, or outside what the column holds."""
    try:
        converted = field.to_python(value)
        field.run_validators(converted)
    except (ValidationError, ValueError, TypeError, OverflowError):
        raise Http404 from None
    return converted


class HistoryAdmin(SimpleHistoryAdmin):
    def history_view(self, request, object_id, extra_context=None):
        primary_key_or_404(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        primary_key_or_404(self.model._meta.pk, object_id)
        history_model = getattr(self.model, self.model._meta.simple_history_manager_attribute).model
        primary_key_or_404(history_model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
