from django.conf import settings

from delegation.province_choice import selected_province


def reader(request):
    """What every reader page's header and footer show.

    ``selected_province`` is queried only if a template shows it; ``site_languages`` keeps the
    settings' lazy names so that each language can be named in itself.
    """
    return {
        "selected_province": lambda: selected_province(request),
        "site_languages": settings.LANGUAGES,
    }
