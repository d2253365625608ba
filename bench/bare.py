"""A bare Django view for bench/serve.py: one HttpResponse, no middleware, no database.

    gunicorn --config deploy/gunicorn.conf.py bench.bare:application

It is the ceiling the portal's pages are measured against: the same app server, workers and
machine, with Django doing nothing but routing one URL.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        SECRET_KEY="bench-bare-view-only",
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )


def bare(request):
    return HttpResponse("bare view\n", content_type="text/plain")


urlpatterns = [path("", bare)]
application = get_wsgi_application()
