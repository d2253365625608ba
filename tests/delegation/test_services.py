"""The delegation services validate, keep who changed what, and announce committed writes."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from delegation.models import Delegation
from delegation.services import delegation_delete, delegation_save, delegations_delete
from procedures.models import LegalDocument


@pytest.fixture
def ministry():
    return get_user_model().objects.get(username="canbo.bo")


@pytest.fixture
def new_delegation(make_procedure, level):
    def make(**values):
        defaults = {"from_level": level("bo"), "to_level": level("ubnd-tinh")}
        return Delegation(procedure=make_procedure(), **{**defaults, **values})

    return make


def test_a_new_delegation_is_kept_with_who_and_why_and_announced(
    new_delegation, ministry, announced, committed
):
    decree = LegalDocument.objects.get(number="133/2025/NĐ-CP")
    with committed():
        delegation = delegation_save(
            delegation=new_delegation(legal_document=decree, article="Điều 4"),
            cited_documents=[decree],
            user=ministry,
            reason="Theo Nghị định",
        )
        assert announced == []
    assert announced == [[delegation.procedure_id]]
    assert list(delegation.cited_documents.all()) == [decree]
    first = delegation.history.earliest()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+",
        ministry,
        "Theo Nghị định",
    )


def test_a_delegation_moved_to_another_procedure_announces_both(
    new_delegation, make_procedure, announced, committed
):
    delegation = delegation_save(delegation=new_delegation())
    before, after = delegation.procedure_id, make_procedure()
    announced.clear()
    with committed():
        delegation.procedure = after
        delegation_save(delegation=delegation)
    assert announced == [sorted([before, after.pk])]


def test_a_refused_delegation_is_neither_saved_nor_announced(
    new_delegation, level, announced, committed
):
    with committed(), pytest.raises(ValidationError) as excinfo:
        delegation_save(delegation=new_delegation(article="Điều 4"))  # an article without a text
    assert "article" in excinfo.value.message_dict
    with committed(), pytest.raises(ValidationError):
        delegation_save(delegation=new_delegation(to_level=level("bo")))  # from and to the same
    assert not Delegation.objects.filter(article="Điều 4").exists()
    assert announced == []


def test_a_deleted_delegation_stays_in_the_history_with_who_deleted_it(
    new_delegation, ministry, announced, committed
):
    delegation = delegation_save(delegation=new_delegation())
    pk, procedure_id = delegation.pk, delegation.procedure_id
    announced.clear()
    with committed():
        delegation_delete(delegation=delegation, user=ministry)
    assert not Delegation.objects.filter(pk=pk).exists()
    last = Delegation.history.filter(id=pk).latest()
    assert (last.history_type, last.history_user) == ("-", ministry)
    assert announced == [[procedure_id]]


def test_deleting_several_names_the_user_on_each_and_announces_once(
    new_delegation, ministry, announced, committed
):
    delegations = [delegation_save(delegation=new_delegation()) for _ in range(3)]
    ids = [d.pk for d in delegations]
    announced.clear()
    with committed():
        count = delegations_delete(delegations=Delegation.objects.filter(pk__in=ids), user=ministry)
    assert count == 3 and not Delegation.objects.filter(pk__in=ids).exists()
    deletions = Delegation.history.filter(id__in=ids, history_type="-")
    assert [r.history_user for r in deletions] == [ministry] * 3
    assert announced == [sorted(d.procedure_id for d in delegations)]
