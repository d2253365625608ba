"""Writes to the delegation timeline. The admin and the importer call these, nothing else.

Each one validates and saves in one transaction, its history naming who made the change (or
the file it was imported from), and announces the procedures whose searchable citations
changed (a delegation's document and article are searched with its procedure) once that
transaction commits.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from delegation.models import Delegation, LevelChange
from procedures.models import LegalDocument, normalise_fields
from procedures.services import attribute_change
from procedures.signals import announce_changed_on_commit


@transaction.atomic
def delegation_save(
    *,
    delegation: Delegation,
    cited_documents: Iterable[LegalDocument] | None = None,
    user: AbstractBaseUser | None = None,
    reason: str | None = None,
) -> Delegation:
    """Create or update ``delegation`` and, when given, the documents its record cites.

    Its procedure is re-indexed, and so is the one it was moved from, if it was moved.
    """
    moved_from = (
        Delegation.objects.filter(pk=delegation.pk).values_list("procedure_id", flat=True).first()
        if delegation.pk
        else None
    )
    normalise_fields(delegation)
    delegation.full_clean()
    attribute_change(delegation, user=user, reason=reason)
    delegation.save()
    if cited_documents is not None:
        delegation.cited_documents.set(cited_documents)
    announce_changed_on_commit([delegation.procedure_id, moved_from])
    return delegation


@transaction.atomic
def delegation_delete(
    *, delegation: Delegation, user: AbstractBaseUser | None = None, reason: str | None = None
) -> None:
    """Delete ``delegation`` (its history keeps it, naming ``user``); re-index its procedure."""
    attribute_change(delegation, user=user, reason=reason)
    delegation.delete()
    announce_changed_on_commit([delegation.procedure_id])


@transaction.atomic
def delegations_delete(
    *,
    delegations: models.QuerySet[Delegation],
    user: AbstractBaseUser | None = None,
    reason: str | None = None,
) -> int:
    """Delete every delegation of ``delegations`` as ``delegation_delete`` does; return how many.

    One by one, so that each history record names ``user``; their procedures are re-indexed
    together.
    """
    deleted = list(delegations)
    for delegation in deleted:
        attribute_change(delegation, user=user, reason=reason)
        delegation.delete()
    announce_changed_on_commit(d.procedure_id for d in deleted)
    return len(deleted)


@transaction.atomic
def level_change_save(
    *, change: LevelChange, user: AbstractBaseUser | None = None, reason: str | None = None
) -> LevelChange:
    """Create or update an observed change of level (not a delegation); re-index its procedure."""
    normalise_fields(change)
    change.full_clean()
    attribute_change(change, user=user, reason=reason)
    change.save()
    announce_changed_on_commit([change.procedure_id])
    return change
