"""Each query of the relevance set finds its procedure first or in the top 3 (both databases)."""

import pytest

from procedures.models import Procedure
from search.services import search_procedures
from tests.conftest import needs_reference
from tests.search.conftest import RELEVANCE
from tests.search.relevance import KINDS, QUERIES

pytestmark = needs_reference


def expected_pk(expected: str) -> int:
    if expected[:1].isdigit():
        return Procedure.objects.get(code=expected).pk
    return Procedure.objects.get(name=expected).pk


@pytest.mark.parametrize(
    ("query", "expected", "k", "kind"), QUERIES, ids=[q for q, _e, _k, _kind in QUERIES]
)
def test_query_finds_its_procedure(query, expected, k, kind):
    found = search_procedures(query, limit=10)
    ids = [result.procedure.pk for result in found.results]
    target = expected_pk(expected)
    rank = ids.index(target) + 1 if target in ids else None
    RELEVANCE[query] = [rank, k, kind]
    assert rank is not None and rank <= k, (
        f"{expected} is at rank {rank}; first results: "
        + "; ".join(f"{r.procedure.code} {r.procedure.name[:60]}" for r in found.results[:3])
    )


def test_the_set_is_large_and_varied():
    assert len(QUERIES) >= 60
    assert len({q for q, _e, _k, _kind in QUERIES}) == len(QUERIES)
    # Every kind is measured, on a few queries at least.
    per_kind = {kind: sum(1 for *_rest, k in QUERIES if k == kind) for kind in KINDS}
    assert min(per_kind.values()) >= 2, per_kind
    assert {kind for *_rest, kind in QUERIES} == set(KINDS)
