"""``portal/openapi.json`` describes the JSON API as it answers (issue 15).

The schema is kept by hand. These tests keep it true: it is valid OpenAPI 3.1; the real answers
of every documented path (successes with several parameter combinations, and each error status)
validate against the schema documented for their status, whose objects refuse keys they do not
list; every ``api/...`` URL pattern is documented and every documented path exists; and
``/api/schema`` and ``/api/docs`` serve it.
"""

import copy
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import validate as validate_spec
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from delegation.models import Delegation, LevelChange
from handbook.drift import drift_condition
from handbook.models import Guidance, Revision
from handbook.services import revision_withdraw
from portal import urls as portal_urls
from portal.params import LEGACY_NAMES
from portal.views import api
from procedures.models import Field, LegalDocument, Procedure
from questions.models import Question

SCHEMA_FILE = Path(settings.BASE_DIR) / "portal" / "openapi.json"
DOCUMENT = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
URI = "urn:camnang:openapi"
REGISTRY = Registry().with_resource(
    URI, Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
)
# Not described in the schema: they are the schema and its page.
SELF = {"api-schema", "api-docs"}


# Helpers ------------------------------------------------------------------------------------


def _pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _at(pointer: str):
    node = DOCUMENT
    for part in pointer.lstrip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def openapi_path(route: str) -> str:
    """A Django route as an OpenAPI path: ``api/procedures/<str:code>`` is
    ``/api/procedures/{code}``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def documented_path(url: str) -> str:
    """The documented path that serves ``url`` (through Django's own URL resolution)."""
    return openapi_path(resolve(url.split("?", 1)[0]).route)


def validator_for(path: str, status: int) -> Draft202012Validator:
    """The validator of the JSON body ``path`` documents for ``status``; fails the test when
    the schema documents no such status there."""
    assert path in DOCUMENT["paths"], f"{path} is not documented in portal/openapi.json"
    responses = DOCUMENT["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{path} answered {status}, which the schema does not list"
    pointer = _pointer("paths", path, "get", "responses", str(status))
    response = _at(pointer)
    if "$ref" in response:
        pointer = response["$ref"].removeprefix("#")
    pointer += _pointer("content", "application/json", "schema")
    _at(pointer)  # the response documents a JSON body
    return Draft202012Validator(
        {"$ref": f"{URI}#{pointer}"},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def check(client, url: str, status: int) -> dict:
    """GET ``url``: it answers ``status`` in JSON, valid against the schema; the body."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), url
    body = response.json()
    errors = sorted(
        validator_for(documented_path(url), status).iter_errors(body), key=lambda e: e.path
    )
    assert not errors, (url, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]])
    return body


def api_patterns() -> dict[str, str]:
    """{URL name: OpenAPI path} of every ``api/...`` pattern of ``portal.urls``."""
    found = {}
    for pattern in portal_urls.urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("api/"):
            found[pattern.name] = openapi_path(route)
    return found


# (a) the document ---------------------------------------------------------------------------


def test_the_document_is_valid_openapi_3_1():
    validate_spec(DOCUMENT)
    assert DOCUMENT["openapi"] == "3.1.0"
    assert DOCUMENT["info"]["title"] == "Cẩm nang API" and DOCUMENT["info"]["version"] == "1"
    assert DOCUMENT["servers"] == [{"url": "/"}]


def test_the_validator_refuses_a_broken_document():
    """The check above can fail: a parameter that says not where it goes, a path parameter that
    is optional."""
    nowhere = copy.deepcopy(DOCUMENT)
    del nowhere["paths"]["/api/search"]["get"]["parameters"][1]["in"]
    optional = copy.deepcopy(DOCUMENT)
    optional["paths"]["/api/procedures/{code}"]["get"]["parameters"][0]["required"] = False
    for broken in (nowhere, optional):
        with pytest.raises(OpenAPIValidationError):
            validate_spec(broken)


def test_every_object_with_known_keys_refuses_others():
    """Each object schema of the components lists its keys and closes itself, so that a new
    key in an answer fails the tests below until it is documented."""
    open_objects = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object" and node.get("additionalProperties") is not False:
                open_objects.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(DOCUMENT["components"]["schemas"], "#/components/schemas")
    assert open_objects == []


def test_parameters_carry_the_current_names_and_the_code_s_limits():
    parameters = {}
    for path, item in DOCUMENT["paths"].items():
        for parameter in item["get"].get("parameters", []):
            if "$ref" in parameter:
                parameter = _at(parameter["$ref"].removeprefix("#"))
            parameters[(path, parameter["name"])] = parameter
    names = {name for _path, name in parameters}
    assert names.isdisjoint(LEGACY_NAMES), "the old English names are renamed; document the new"
    assert {"q", "ngay", "trang", "linhvuc", "cap", "gioihan", "tinh"} <= names
    per_page = parameters[("/api/procedures", "per_page")]["schema"]
    assert (per_page["maximum"], per_page["default"]) == (
        api.LIST_MAX_PER_PAGE,
        api.LIST_DEFAULT_PER_PAGE,
    )
    limit = parameters[("/api/search", "gioihan")]["schema"]
    assert (limit["maximum"], limit["default"]) == (api.SEARCH_MAX_LIMIT, api.SEARCH_DEFAULT_LIMIT)
    rows = DOCUMENT["components"]["schemas"]["ProcedureList"]["properties"]["results"]
    assert rows["maxItems"] == api.LIST_MAX_PER_PAGE
    suggestions = DOCUMENT["components"]["schemas"]["Suggestions"]["properties"]["suggestions"]
    assert suggestions["maxItems"] == api.SUGGEST_LIMIT


# (b) real answers against the schema --------------------------------------------------------


@pytest.fixture
def codes(make_procedure, make_revision, hanoi):
    """Codes of real procedures whose answers hold each part of the schema, and two made here:
    one with national guidance and a Hà Nội note, one whose guidance was withdrawn."""
    today = timezone.localdate()
    in_force = Q(effective_until__isnull=True) | Q(effective_until__gt=today)
    delegated = (
        Delegation.objects.filter(in_force, confidence="legal_text", effective_from__lte=today)
        .filter(procedure__code__isnull=False)
        .values_list("procedure__code", flat=True)
        .first()
    )
    drifting = (
        Procedure.objects.filter(code__isnull=False)
        .filter(
            delegations__legal_document__in=LegalDocument.objects.filter(drift_condition(today))
        )
        .values_list("code", flat=True)
        .first()
    )
    changed = (
        LevelChange.objects.filter(procedure__code__isnull=False)
        .values_list("procedure__code", flat=True)
        .first()
    )
    named = (
        Question.objects.published()
        .filter(procedure__code__isnull=False, show_identity=True)
        .values_list("procedure__code", flat=True)
        .first()
    )
    unnamed = (
        Question.objects.published()
        .filter(procedure__code__isnull=False, show_identity=False)
        .values_list("procedure__code", flat=True)
        .first()
    )
    unknown = (
        Procedure.objects.filter(code__isnull=False, level__isnull=True, delegations=None)
        .values_list("code", flat=True)
        .first()
        or Procedure.objects.exclude(code=None).values_list("code", flat=True).first()
    )
    noted = make_procedure(code="9.000101")
    guidance = Guidance.objects.create(procedure=noted)
    make_revision(guidance, status=Revision.Status.PUBLISHED, text="Sở tiếp nhận **hồ sơ**.")
    make_revision(
        guidance, status=Revision.Status.PUBLISHED, province=hanoi, text="Hà Nội: nộp tại *Sở*."
    )
    withdrawn = make_procedure(code="9.000102")
    revision = make_revision(
        Guidance.objects.create(procedure=withdrawn), status=Revision.Status.PUBLISHED
    )
    revision_withdraw(revision=revision, user=None, reason="Hết căn cứ pháp lý.")
    found = {
        "delegated": delegated,
        "drifting": drifting,
        "changed": changed,
        "named": named,
        "unnamed": unnamed,
        "unknown": unknown,
        "noted": noted.code,
        "withdrawn": withdrawn.code,
    }
    assert all(found.values()), f"the demo data lacks a case: {found}"
    return found


def listing_urls() -> list[tuple[str, int]]:
    field = Field.objects.filter(procedures__isnull=False).first()
    level = Procedure.objects.exclude(level=None).select_related("level").first().level
    delegated = Field.objects.filter(procedures__delegations__confidence="legal_text").first()
    return [
        ("/api/procedures", 200),
        ("/api/procedures?per_page=3&trang=2", 200),
        ("/api/procedures?ngay=", 200),
        ("/api/procedures?ngay=2025-06-30&per_page=5", 200),
        (f"/api/procedures?linhvuc={field.slug}&per_page=200", 200),
        (f"/api/procedures?cap={level.slug}&ngay=2027-03-01&per_page=10", 200),
        # A day Decree 133 applies: CI also runs the suite after 1 March 2027.
        (f"/api/procedures?linhvuc={delegated.slug}&per_page=200&ngay=2026-11-27", 200),
        (f"/api/procedures?linhvuc={field.slug}&cap={level.slug}&trang=1&per_page=1", 200),
        ("/api/procedures?since=2025-07-01&per_page=4", 200),
        ("/api/procedures?since=2025-07-01T08:00:00%2B07:00&per_page=4", 200),
        ("/api/procedures?since=2100-01-01", 200),
        ("/api/procedures?page=2&per_page=2&field=" + field.slug, 200),  # old names, renamed
        ("/api/procedures?per_page=201", 400),
        ("/api/procedures?trang=0", 400),
        ("/api/procedures?trang=999999", 400),
        ("/api/procedures?ngay=2025-02-30", 400),
        ("/api/procedures?ngay=1999-12-31", 400),
        ("/api/procedures?since=hôm-qua", 400),
        ("/api/procedures?linhvuc=khong-co-linh-vuc", 400),
        ("/api/procedures?cap=khong-co-cap", 400),
        ("/api/procedures?linhvuc=a%20b", 400),
        ("/api/procedures?ngay=%00", 400),
    ]


def test_the_listing_answers_match_the_schema(client):
    bodies = [check(client, url, status) for url, status in listing_urls()]
    pages = [body for body in bodies if "results" in body]
    assert any(body["next"] for body in pages) and any(body["previous"] for body in pages)
    assert any(body["results"] == [] for body in pages)
    rows = [row for body in pages for row in body["results"]]
    assert {row["handler"]["confidence"] for row in rows} >= {"legal_text", "unknown"}
    assert any(row["handler"]["level"] for row in rows) and any(row["level"] for row in rows)


def detail_urls(codes) -> list[tuple[str, int]]:
    return [
        (f"/api/procedures/{codes['delegated']}", 200),
        (f"/api/procedures/{codes['delegated']}?ngay=2025-06-30", 200),
        (f"/api/procedures/{codes['delegated']}?ngay=2027-03-01", 200),
        (f"/api/procedures/{codes['drifting']}", 200),
        (f"/api/procedures/{codes['changed']}?ngay=", 200),
        (f"/api/procedures/{codes['named']}", 200),
        (f"/api/procedures/{codes['unnamed']}?tinh=ha-noi", 200),
        (f"/api/procedures/{codes['unknown']}", 200),
        (f"/api/procedures/{codes['noted']}", 200),
        (f"/api/procedures/{codes['noted']}?tinh=ha-noi", 200),
        (f"/api/procedures/{codes['noted']}?tinh=da-nang&ngay=2100-12-31", 200),
        (f"/api/procedures/{codes['withdrawn']}", 200),
        ("/api/procedures/9.999999", 404),
        ("/api/procedures/1.00544", 400),
        ("/api/procedures/abc", 400),
        (f"/api/procedures/{codes['delegated']}?ngay=2025-13-01", 400),
        (f"/api/procedures/{codes['delegated']}?ngay=01/07/2025", 400),
        (f"/api/procedures/{codes['delegated']}?tinh=khong-co-tinh", 400),
    ]


def test_the_procedure_answers_match_the_schema(client, codes):
    bodies = [check(client, url, status) for url, status in detail_urls(codes)]
    found = [body for body in bodies if "code" in body]
    # The answers checked hold every part of the schema, not only its empty lists and nulls.
    assert any(body["delegation"] and body["delegation"]["legal_basis"] for body in found)
    assert any(body["level_changes"] for body in found)
    assert any(body["needs_review"] for body in found)
    assert any(body["guidance"] and body["guidance"]["sections_html"] for body in found)
    assert any(body["guidance_withdrawn"] for body in found)
    assert any(body.get("province_notes") for body in found)
    assert any("province" in body and body["province_notes"] == [] for body in found)
    assert any("asker_name" in item for body in found for item in body["faq"])
    assert any(body["faq"] and "asker_name" not in body["faq"][0] for body in found)
    sources = {body["handler"]["source"]["kind"] for body in found}
    assert "legal_text" in sources and sources & {"national_record", "compiled_list"}
    assert any(body["handler"]["level"] is None for body in found)


def test_the_search_answers_match_the_schema(client):
    field = Field.objects.filter(procedures__isnull=False).first()
    document = LegalDocument.objects.filter(delegations__isnull=False).first()
    code = Procedure.objects.exclude(code=None).values_list("code", flat=True).first()
    bodies = [
        check(client, url, status)
        for url, status in [
            ("/api/search?q=giấy+phép", 200),
            ("/api/search?q=giay+phep&gioihan=50", 200),
            (f"/api/search?q={code}", 200),
            (f"/api/search?q=thủ+tục&linhvuc={field.slug}&gioihan=3", 200),
            ("/api/search?q=cấp&cap=ubnd-tinh&ngay=2025-07-01", 200),
            ("/api/search?q=cấp&hinhthuc=phan_cap&tinhtrang=con_hieu_luc", 200),
            (f"/api/search?q=cấp&vanban={document.slug}&ngay=", 200),
            ("/api/search?q=zzqqxxkhongco", 200),
            ("/api/search?q=giay&limit=2", 200),  # old name, renamed
            ("/api/search", 400),
            ("/api/search?q=", 400),
            ("/api/search?q=!!!", 400),
            ("/api/search?q=" + "a" * 201, 400),
            ("/api/search?q=giay&gioihan=51", 400),
            ("/api/search?q=giay&gioihan=0", 400),
            ("/api/search?q=giay&hinhthuc=khong-co", 400),
            ("/api/search?q=giay&cap=khong-co-cap", 400),
            ("/api/search?q=giay&ngay=2025-02-30", 400),
        ]
    ]
    results = [row for body in bodies if "results" in body for row in body["results"]]
    assert any(row["handled_by"] for row in results) and any(row["snippet"] for row in results)
    assert any(body.get("results") == [] for body in bodies)


def test_the_suggest_answers_match_the_schema(client):
    code = Procedure.objects.exclude(code=None).values_list("code", flat=True).first()
    bodies = [
        check(client, url, status)
        for url, status in [
            ("/api/suggest?q=giấy", 200),
            ("/api/suggest?q=cap+giay+ph", 200),
            (f"/api/suggest?q={code[:4]}", 200),
            ("/api/suggest?q=zzqqxxkhongco", 200),
            ("/api/suggest", 400),
            ("/api/suggest?q=%20", 400),
            ("/api/suggest?q=...", 400),
        ]
    ]
    assert any(body.get("suggestions") for body in bodies)


def test_an_unknown_address_under_the_api_is_a_json_404(client):
    response = client.get("/api/khong-co")
    assert response.status_code == 404
    body = response.json()
    validator_for("/api/procedures/{code}", 404).validate(body)


@pytest.fixture
def limits(settings):
    """The limits on: one request a minute, with a fresh count."""
    settings.RATELIMIT_ENABLE = True
    settings.CAMNANG_RATE_LIMITS = {"search": "1/m", "suggest": "1/m", "api": "1/m"}
    cache.clear()
    yield
    cache.clear()


def test_the_limited_paths_answer_429_as_documented(limits, codes):
    limited = set()
    for url in ("/api/search?q=giay", "/api/suggest?q=giay", f"/api/procedures/{codes['named']}"):
        client = Client(REMOTE_ADDR="198.51.100.7")
        check(client, url, 200)
        response = client.get(url)
        assert int(response["Retry-After"]) >= 1
        check(client, url, 429)
        limited.add(documented_path(url))
    documented = {
        path for path, item in DOCUMENT["paths"].items() if "429" in item["get"]["responses"]
    }
    assert documented == limited


# Each path, and what its view calls that the database answers: down, or a bug.
FAILING = [
    ("/api/procedures", "handler_on"),
    ("/api/procedures/{code}", "guidance_reading"),
    ("/api/search?q=giay", "search_procedures"),
    ("/api/suggest?q=giay", "suggest_names"),
]


@pytest.mark.parametrize(("url", "target"), FAILING)
def test_a_database_outage_and_a_bug_answer_as_documented(client, codes, url, target):
    url = url.replace("{code}", codes["named"])
    down = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    with mock.patch.object(api, target, side_effect=down):
        assert check(client, url, 503)["error"]
    client.raise_request_exception = False
    with mock.patch.object(api, target, side_effect=RuntimeError("bug")):
        assert check(client, url, 500)["error"]


def test_the_schema_refuses_an_undocumented_key_or_a_wrong_type(client):
    """The validation above can fail: a key added to an answer, or a value of another type."""
    body = client.get("/api/procedures?per_page=2").json()
    validator = validator_for("/api/procedures", 200)
    validator.validate(body)
    added = copy.deepcopy(body)
    added["results"][0]["handler"]["source"] = {}
    with pytest.raises(ValidationError):
        validator.validate(added)
    top = {**body, "total_pages": 3}
    with pytest.raises(ValidationError):
        validator.validate(top)
    wrong = copy.deepcopy(body)
    wrong["results"][0]["updated_at"] = "27/11/2026"
    with pytest.raises(ValidationError):
        validator.validate(wrong)
    with pytest.raises(ValidationError):
        validator_for("/api/search", 400).validate({"error": ""})


# (c) the schema and the URL patterns agree --------------------------------------------------


def test_every_api_pattern_is_documented_and_every_documented_path_exists():
    patterns = api_patterns()
    assert set(patterns) >= SELF, "the schema and its page are served under /api/"
    served = {path for name, path in patterns.items() if name not in SELF}
    assert served, "the portal serves an API"
    assert set(DOCUMENT["paths"]) == served
    for path in DOCUMENT["paths"]:
        assert documented_path(path.replace("{code}", "1.005442")) == path


def test_every_api_url_of_the_site_is_in_the_portal_s_patterns():
    """No ``api/`` URL is served from another app's patterns, where the test above would miss it."""

    def routes(resolvers, prefix=""):
        for entry in resolvers:
            if isinstance(entry, URLResolver):
                yield from routes(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.name

    everywhere = {openapi_path(route) for route, _name in routes(get_resolver().url_patterns)}
    under_api = {path for path in everywhere if path.startswith("/api/")}
    assert under_api == set(api_patterns().values())


def test_path_parameters_are_those_of_the_route():
    for path, item in DOCUMENT["paths"].items():
        in_path = {p["name"] for p in item["get"].get("parameters", []) if p.get("in") == "path"}
        assert in_path == set(re.findall(r"\{(\w+)\}", path)), path


# (d) the schema and its page are served -----------------------------------------------------


def test_the_schema_is_served_as_json(client):
    response = client.get("/api/schema")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json() == DOCUMENT
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/schema").status_code == 405


def test_the_docs_page_names_every_path_parameter_and_field(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'href="/api/schema"' in page
    assert "<h1>Tài liệu API</h1>" in page
    for path, item in DOCUMENT["paths"].items():
        heading = f"<code>GET {path}</code></h2>"
        assert heading in page, path
        section = page.split(heading, 1)[1].split("</section>", 1)[0]
        for parameter in item["get"].get("parameters", []):
            if "$ref" in parameter:
                parameter = _at(parameter["$ref"].removeprefix("#"))
            assert f'<th scope="row"><code>{parameter["name"]}</code></th>' in section, (
                path,
                parameter["name"],
            )
        ok = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        fields = _at(ok["$ref"].removeprefix("#"))["properties"]
        for name in fields:
            assert f'<th scope="row"><code>{name}</code></th>' in section, (path, name)
        for status in item["get"]["responses"]:
            assert f"<li><code>{status}</code>" in section, (path, status)
    assert "<script" not in page.split("</head>", 1)[1]
    assert client.post("/api/docs").status_code == 405
