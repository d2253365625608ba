"""Between names that score the same, search puts the procedure with published guidance first
(issue 14: of near-identical names the guided one was second)."""

from handbook.models import Guidance, Revision
from search.indexing import refresh_procedures
from search.services import search_procedures


def test_the_guided_twin_comes_first(make_procedure, make_revision, committed):
    name = "Cấp phép thử nghiệm khinh khí cầu đo gió"
    # The unguided one is made first: without the tie-break it would rank first.
    unguided = make_procedure(name=name, code="9.000771")
    guided = make_procedure(name=name, code="9.000772")
    with committed():
        make_revision(Guidance.objects.create(procedure=guided), status=Revision.Status.PUBLISHED)
    refresh_procedures([unguided.pk, guided.pk])
    found = search_procedures("khinh khi cau do gio", limit=10)
    order = [r.procedure.pk for r in found.results]
    assert order.index(guided.pk) < order.index(unguided.pk)
    guided_flags = {r.procedure.pk: r.guided for r in found.results}
    assert guided_flags[guided.pk] is True and guided_flags[unguided.pk] is False
