from django.conf import settings

from portal.params import FIRST_DAY, LAST_DAY
from portal.province_choice import selected_province


def reader(request):
    """What every reader page's header and footer show, and the days its date inputs accept.

    ``selected_province`` is queried only if a template shows it; ``site_languages`` keeps the
    settings' lazy names so that each language can be named in itself.
    """
    return {
        "selected_province": lambda: selected_province(request),
        "site_languages": settings.LANGUAGES,
        "first_day": FIRST_DAY,
        "last_day": LAST_DAY,
        "contact_email": settings.CAMNANG_CONTACT_EMAIL,
    }
