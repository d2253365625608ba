import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from handbook.services import (
    guidance_get_or_create,
    revision_create_draft,
    revision_publish,
    revision_submit,
)

# The handbook's fixtures (revisions in any state, the demo accounts by role, two editions), for
# the reader pages that show them.
from tests.handbook.conftest import (  # noqa: F401
    danang,
    guidance,
    hanoi,
    make_revision,
    two_editions,
    users,
)


@pytest.fixture
def publish_guidance():
    """Publish guidance for a procedure: publish_guidance(procedure, dossier_checklist="...")."""

    def publish(procedure, **sections):
        revision = revision_create_draft(
            guidance=guidance_get_or_create(procedure=procedure),
            author=None,
            sections=sections or {"receiving_deciding": "Sở tiếp nhận, UBND tỉnh quyết định."},
            change_note="Bản thử nghiệm.",
        )
        revision_submit(revision=revision, user=None)
        return revision_publish(revision=revision, user=None)

    return publish


def count_queries(client, url: str, **extra) -> int:
    """Queries run to serve ``url`` (which must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)
