"""Read replicas (config/replicas.py): who reads where.

The test settings give the primary a mirror, ``replica1``: the same test database through a
connection of its own. It sees what is committed (the session's reference data), not a test's
own transaction, which is what a lagging replica looks like to a writer; so the tests read
committed procedures through it, and show that whoever writes reads from the primary.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.replicas import PIN_COOKIE, ReplicaRouter
from procedures.models import Procedure

# Replicas are PostgreSQL's (streaming replication); the test settings add one there only.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(databases=["default", "replica1"])]


@pytest.fixture
def with_replica(settings):
    settings.CAMNANG_READ_REPLICAS = ["replica1"]


@pytest.fixture
def a_page():
    procedure = Procedure.objects.filter(code__isnull=False).order_by("code").first()
    return procedure.get_absolute_url()


def queries(client, method: str, url: str, **extra):
    """The response and how many queries each alias ran for it."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = getattr(client, method)(url, **extra)
    return response, len(primary.captured_queries), len(replica.captured_queries)


def test_a_public_page_is_read_from_the_replica(client, with_replica, a_page):
    response, primary, replica = queries(client, "get", a_page)
    assert response.status_code == 200
    assert replica > 0 and primary == 0


def test_without_replicas_everything_reads_from_the_primary(client, a_page):
    response, primary, replica = queries(client, "get", a_page)
    assert response.status_code == 200
    assert primary > 0 and replica == 0


def test_a_signed_in_official_and_the_admin_read_from_the_primary(
    client, with_replica, a_page, django_user_model
):
    client.force_login(django_user_model.objects.get(username="canbo.so.hanoi"))
    _response, primary, replica = queries(client, "get", a_page)
    assert primary > 0 and replica == 0
    _response, primary, replica = queries(client, "get", "/quan-tri/")
    assert primary > 0 and replica == 0


def test_whoever_writes_reads_their_write_from_the_primary(client, with_replica, a_page):
    # An anonymous write (the "was this page useful" answer) pins the browser to the primary.
    response, primary, replica = queries(
        client, "post", a_page + "phan-hoi/", data={"huu-ich": "co"}
    )
    assert response.status_code < 500
    assert replica == 0
    assert client.cookies[PIN_COOKIE]["max-age"] == 15
    _response, primary, replica = queries(client, "get", a_page)
    assert primary > 0 and replica == 0
    # Once the pin expires (the cookie is gone) reads go back to the replica.
    del client.cookies[PIN_COOKIE]
    _response, primary, replica = queries(client, "get", a_page)
    assert primary == 0 and replica > 0


def test_outside_a_request_reads_and_writes_use_the_primary(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Procedure) == "default"
    assert router.db_for_write(Procedure) == "default"
    assert router.allow_migrate("default", "procedures") is True
    assert router.allow_migrate("replica1", "procedures") is False
