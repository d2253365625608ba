"""Static files as production serves them: hashed, pre-compressed, cached for a year."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware


@pytest.fixture
def collected(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


def test_pages_link_hashed_files_that_whitenoise_serves_compressed_for_a_year(collected):
    url = Template("{% load static %}{% static 'css/site.css' %}").render(Context())
    assert (
        url.startswith("/static/css/site.")
        and url.endswith(".css")
        and url != "/static/css/site.css"
    )
    assert (collected / (url.removeprefix("/static/") + ".gz")).exists()

    whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponse("not a static file"))
    response = whitenoise(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    unhashed = whitenoise(RequestFactory().get("/static/css/site.css"))
    assert "immutable" not in unhashed.get("Cache-Control", "")
    assert staticfiles_storage.url("js/print.js") != "/static/js/print.js"
