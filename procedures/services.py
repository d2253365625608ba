"""Writes to the official record: fields, legal documents and procedures.

The admin and the importer call these; nothing else writes the record. Each one validates
(``full_clean``) and saves in one transaction, and announces the procedures whose searchable
text changed once that transaction commits (``procedures.signals``), so that no caller can
forget the search index and a rolled-back write announces nothing.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from procedures.models import (
    Field,
    LegalDocument,
    Procedure,
    name_key,
    normalise_fields,
    unique_slug,
)
from procedures.signals import announce_changed_on_commit


def attribute_change(
    instance: models.Model, *, user: AbstractBaseUser | None, reason: str | None
) -> None:
    """Name who makes the next save of ``instance`` and why (or None), for its history.

    Both are always set: an instance saved twice never carries the first reason into the second.
    django-simple-history reads these two attributes, which no model declares (hence setattr).
    """
    setattr(instance, "_history_user", user)  # noqa: B010
    setattr(instance, "_change_reason", reason)  # noqa: B010


@transaction.atomic
def field_save(*, field: Field) -> Field:
    """Create or update ``field``; a new name re-indexes its procedures (it is searched)."""
    stored_name = Field.objects.filter(pk=field.pk).values_list("name", flat=True).first()
    normalise_fields(field)
    field.full_clean()
    field.save()
    if stored_name is not None and stored_name != field.name:
        announce_changed_on_commit(field.procedures.values_list("pk", flat=True))
    return field


@transaction.atomic
def procedure_save(
    *, procedure: Procedure, legal_documents: Iterable[LegalDocument] | None = None
) -> Procedure:
    """Create or update ``procedure`` and, when given, the documents it cites; re-index it.

    A procedure without a slug gets one from its name and code.
    """
    normalise_fields(procedure)
    procedure.name_key = name_key(procedure.name)
    if not procedure.slug:
        procedure.slug = unique_slug(
            procedure.name, procedure.code, Procedure.objects.exclude(pk=procedure.pk)
        )
    procedure.full_clean()
    procedure.save()
    if legal_documents is not None:
        procedure.legal_documents.set(legal_documents)
    announce_changed_on_commit([procedure.pk])
    return procedure


@transaction.atomic
def legal_document_save(
    *, document: LegalDocument, user: AbstractBaseUser | None = None, reason: str | None = None
) -> LegalDocument:
    """Create or update ``document``; its history names ``user`` (or None) and ``reason``.

    Nothing is re-indexed: the index holds the documents a procedure cites by id, and a
    query reads their numbers when it is made.
    """
    normalise_fields(document)
    document.full_clean()
    attribute_change(document, user=user, reason=reason)
    document.save()
    return document
