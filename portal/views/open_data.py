"""Open data (issue 15): ``/du-lieu/`` lists the files of the newest build of
``manage.py build_exports`` (portal/exports.py) with their dictionary, and
``/du-lieu/<file>`` serves them. Nothing is built on request.
"""

import datetime
import hashlib
import json

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from portal import exports
from portal.pdf_files import content_version


def _dictionary(build: exports.Build) -> dict:
    """The dictionary of that build (the files it describes), else the code's own."""
    try:
        data = json.loads((build.folder / exports.DICTIONARY_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    return data if isinstance(data, dict) and "files" in data else exports.dictionary()


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The files of the newest build: size, rows, SHA-256, the dictionary, the licence."""
    build = exports.current_build()
    context: dict = {"build": build, "licence": exports.LICENCE}
    if build is not None:
        manifest = build.manifest
        try:
            generated = datetime.datetime.fromisoformat(str(manifest.get("generated_at")))
        except ValueError:
            generated = None
        dictionary = _dictionary(build)["files"]
        context.update(
            version=build.version,
            generated_at=generated,
            current=build.version == content_version(),
            licence=manifest.get("licence") or exports.LICENCE,
            sources=manifest.get("sources") or [],
            files=[
                {
                    **entry,
                    "url": reverse("portal:open-data-file", args=[entry["name"]]),
                    "description": exports.DESCRIPTIONS.get(entry["name"]),
                }
                for entry in build.files
                if entry.get("name") in exports.DATA_FILES
            ],
            manifest_url=reverse("portal:open-data-file", args=[exports.MANIFEST_JSON]),
            dictionary=dictionary,
        )
    response = render(request, "portal/open_data.html", context)
    # A new build changes the page without a content change: never kept whole in the page
    # cache; a revisit is still a 304 by its ETag.
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def open_data_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """One file of the newest build, named in its manifest (or the manifest itself); its ETag
    is its SHA-256, so a revisit with ``If-None-Match`` is a 304."""
    build = exports.current_build()
    if build is None:
        raise Http404("Chưa có dữ liệu mở.")
    path = build.folder / name
    if name == exports.MANIFEST_JSON:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # replaced by a new build meanwhile
            raise Http404("Không có tệp này.") from None
    else:
        entry = build.entry(name)
        if entry is None or name not in exports.DATA_FILES or not path.is_file():
            raise Http404("Không có tệp này.")
        digest = str(entry["sha256"])
    etag = f'"{digest}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        patch_cache_control(not_modified, no_cache=True)
        return not_modified
    try:
        stream = path.open("rb")
    except OSError:  # replaced by a new build meanwhile
        raise Http404("Không có tệp này.") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=name,
        content_type=exports.content_type(name),
    )
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response
