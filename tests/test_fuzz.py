"""Hostile input at every URL pattern and query parameter: never a 5xx.

Hypothesis picks a URL pattern of the whole site (the reader pages, the API, the question pages,
the accounts pages and every admin page), fills its path parameters with real slugs and ids or
with hostile values, adds query parameters by the names the site reads (and the admin's list
filters) with hostile values, sets hostile cookies, and asks as an anonymous reader or as the
superuser. Any answer of 500 or more, or an exception, fails the test. The example count is
bounded (``CAMNANG_FUZZ_EXAMPLES``, 300 per test by default) so that the file runs in about a
minute on each database; a larger count in the environment fuzzes longer.
"""

import os
import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegation.models import Province
from handbook.models import Edition, Revision
from portal.params import LEGACY_NAMES, LEGACY_NAMES_BY_NAMESPACE
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure
from questions.models import Question

EXAMPLES = int(os.environ.get("CAMNANG_FUZZ_EXAMPLES", "300"))

# Values that once crashed a page, or that parsers commonly get wrong.
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[0m",
    "\u200b",
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "1",
    "1.5",
    "1e400",
    "NaN",
    "inf",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "9999-12-31",
    "0001-01-01",
    "2100-12-31",
    "2000-01-01",
    "2025-02-30",
    "31/12/9999",
    "2025-13-01",
    "10000-01-01",
    "True",
    "None",
    "null",
    "[]",
    "{}",
    "1,2,3",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "../../../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "%00",
    "%",
    "İ",
    "ﬁ",
    "Hà Nội",
    "giay phep",
    "x" * 3000,
    "ha-noi",
    "vien-thong-va-internet",
    "ubnd-tinh",
    "1.014666",
    "-id",
    "0.1",
]

# Text Hypothesis makes up: any character a URL can carry (no lone surrogates).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
# ... and without control characters, which every page refuses before reading anything else.
PRINTABLE = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=40)
VALUE = st.one_of(st.sampled_from(HOSTILE), PRINTABLE, TEXT, st.integers().map(str))

# The names the reader pages, the API and the question pages read, old and new, and the names
# the admin and Django's views read.
SITE_NAMES = sorted(
    {
        *LEGACY_NAMES,
        *LEGACY_NAMES.values(),
        *LEGACY_NAMES_BY_NAMESPACE["questions"].values(),
        "q",
        "tu",
        "den",
        "next",
        "tinh",
        "thutuc",
        "preselected",
        "o",
        "p",
        "e",
        "all",
        "_changelist_filters",
        "_to_field",
        "_popup",
        "app_label",
        "model_name",
        "field_name",
        "term",
        "page",
        "language",
        "history_id",
        # The support pages' filters (support/forms.py).
        "linh-vuc",
        "don-vi",
    }
)


def _admin_filter_names() -> list[str]:
    """The query names of every admin list filter (a field's lookups, a filter's parameter)."""
    names = set()
    for model_admin in admin.site._registry.values():
        for entry in model_admin.list_filter:
            if isinstance(entry, type) and issubclass(entry, SimpleListFilter):
                names.add(entry.parameter_name)
                continue
            path = entry[0] if isinstance(entry, tuple | list) else entry
            for lookup in ("exact", "id__exact", "pk__exact", "isnull", "gte", "lt", "in"):
                names.add(f"{path}__{lookup}")
        for field in model_admin.date_hierarchy and [model_admin.date_hierarchy] or []:
            names.update(f"{field}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


def _walk(patterns, prefix=""):
    """(route with <name> placeholders, {name: kind}) for every URL pattern of the site."""
    for entry in patterns:
        route, kinds = _route(entry.pattern)
        if isinstance(entry, URLResolver):
            for inner_route, inner_kinds in _walk(entry.url_patterns, prefix + route):
                yield inner_route, {**kinds, **inner_kinds}
        elif isinstance(entry, URLPattern):
            yield prefix + route, kinds


_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def _route(pattern) -> tuple[str, dict]:
    """A pattern as a route with ``<name>`` placeholders and the kind of each parameter."""
    if hasattr(pattern, "_route"):
        route = str(pattern._route)
        kinds = {m["name"]: m["kind"] or "str" for m in _CONVERTER.finditer(route)}
        return _CONVERTER.sub(lambda m: f"<{m['name']}>", route), kinds
    # A regular expression (the admin's app index): its named groups take their kind's values.
    regex = str(pattern._regex).lstrip("^").rstrip("$").replace(r"\Z", "")
    kinds = {}

    def named(match):
        kinds[match["name"]] = "regex:" + match["body"]
        return f"<{match['name']}>"

    route = re.sub(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)", named, regex)
    return route.replace("\\", ""), kinds


ROUTES = sorted(
    {(route, tuple(sorted(kinds.items()))) for route, kinds in _walk(get_resolver().url_patterns)}
)


@pytest.fixture(scope="module")
def known(django_db_setup, django_db_blocker):
    """Real slugs, ids and codes, so that fuzzed pages get past their 404."""
    with django_db_blocker.unblock():
        slugs = [
            *Procedure.objects.values_list("slug", flat=True)[:5],
            *Field.objects.values_list("slug", flat=True)[:3],
            *AuthorityLevel.objects.values_list("slug", flat=True)[:3],
            *LegalDocument.objects.values_list("slug", flat=True)[:3],
            *Province.objects.values_list("slug", flat=True)[:3],
            *Edition.objects.values_list("slug", flat=True)[:3],
        ]
        ids = [
            *Revision.objects.values_list("pk", flat=True)[:3],
            *Question.objects.values_list("pk", flat=True)[:3],
            *Procedure.objects.values_list("pk", flat=True)[:3],
            1,
        ]
        codes = list(Procedure.objects.values_list("code", flat=True)[:3])
        labels = sorted({m._meta.app_label for m in admin.site._registry})
    return {"slug": slugs, "int": [str(i) for i in ids], "code": codes, "label": labels}


def _segment(kind: str, known: dict):
    """Values for a path parameter of ``kind``: real ones, and hostile ones it still routes."""
    if kind.startswith("regex:"):
        choices = [c for c in kind[len("regex:") :].split("|") if c]
        return st.sampled_from(choices or known["label"])
    if kind == "int":
        return st.one_of(st.sampled_from(known["int"]), st.integers(0, 10**30).map(str))
    if kind == "slug":
        return st.one_of(
            st.sampled_from(known["slug"]),
            st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True),
            st.sampled_from(["9" * 25, "-", "_", "a" * 300]),
        )
    # str and path: anything but an empty segment (and no "/" for str).
    real = st.sampled_from(known["code"] + known["int"])
    hostile = st.one_of(st.sampled_from(HOSTILE), TEXT).filter(bool)
    if kind == "str":
        hostile = hostile.map(lambda v: v.replace("/", "_"))
    return st.one_of(real, hostile)


@st.composite
def requests(draw, known):
    route, kinds = draw(st.sampled_from(ROUTES))
    path = "/" + route
    for name, kind in kinds:
        value = draw(_segment(kind, known))
        path = path.replace(f"<{name}>", quote(value, safe=""))
    names = st.sampled_from(SITE_NAMES + ADMIN_NAMES)
    query = draw(st.lists(st.tuples(st.one_of(names, names, PRINTABLE), VALUE), max_size=4))
    cookies = draw(
        st.dictionaries(
            st.sampled_from(["camnang_tinh", "django_language", "sessionid"]), VALUE, max_size=2
        )
    )
    method = draw(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST"]))
    return method, path, query, cookies


ADMIN_NAMES = _admin_filter_names()


def _ask(client, method, path, query, cookies):
    extra = {}
    if cookies:
        # The header as it arrives: UTF-8 bytes, which WSGI hands over decoded as Latin-1.
        header = "; ".join(f"{name}={value}" for name, value in cookies.items())
        header = "; ".join(
            filter(None, [client.cookies.output(header="", sep=";").strip(), header])
        )
        extra["HTTP_COOKIE"] = header.encode().decode("latin-1")
    if method == "POST":
        # A form posted with hostile fields (CSRF is not checked by the test client).
        return client.post(path, dict(query), **extra)
    data = {}
    for name, value in query:
        data.setdefault(name, []).append(value)
    return getattr(client, method.lower())(path, data, **extra)


# Answers by status over the run, for the closing figures (``pytest -s`` prints them).
TALLY: dict[int, int] = {}


def _check(response, request):
    TALLY[response.status_code] = TALLY.get(response.status_code, 0) + 1
    assert response.status_code < 500, (response.status_code, request)


@pytest.fixture(scope="module", autouse=True)
def report_tally():
    yield
    print(f"\nfuzzed {sum(TALLY.values())} requests, by status: {dict(sorted(TALLY.items()))}")


def _run(client_factory, known):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(request=requests(known))
    def fuzz(request):
        method, path, query, cookies = request
        # Writes are kept out of the admin: a fuzzed "delete" there would change later examples.
        if method == "POST" and path.startswith("/quan-tri/"):
            method = "GET"
        _check(_ask(client_factory(), method, path, query, cookies), request)

    fuzz()


@pytest.mark.django_db
def test_no_hostile_request_gets_a_5xx_anonymous(known):
    _run(Client, known)


@pytest.mark.django_db
def test_no_hostile_request_gets_a_5xx_as_the_superuser(known):
    superuser = get_user_model().objects.get(username="quantri")

    def signed_in():
        client = Client()
        client.force_login(superuser)
        return client

    _run(signed_in, known)
