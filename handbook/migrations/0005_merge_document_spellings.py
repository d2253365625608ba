"""One legal document per number (issue 11): merge the rows the sources spelled two ways
(49/2010/QH and 49/2010/QH12; 190/2025/NQ-QH15 and 190/2025/QH15) into the official spelling,
keeping the other as an alias, and point every procedure, delegation, observed change and
guidance entry at it. Here, in the highest app that holds such a reference."""

import re
import unicodedata

from django.db import migrations


def key(number):
    return re.sub(r"/(?:NQ-)?QH\d*$", "/QH", unicodedata.normalize("NFC", number).upper())


def rank(number):
    upper = number.upper()
    return (0 if re.search(r"QH\d+$", upper) else 1, 1 if "/NQ-QH" in upper else 0, number)


def merge(apps, schema_editor):
    LegalDocument = apps.get_model("procedures", "LegalDocument")
    Procedure = apps.get_model("procedures", "Procedure")
    Delegation = apps.get_model("delegation", "Delegation")
    Guidance = apps.get_model("handbook", "Guidance")
    groups = {}
    for document in LegalDocument.objects.order_by("pk"):
        groups.setdefault(key(document.number), []).append(document)
    for documents in groups.values():
        if len(documents) < 2:
            continue
        documents.sort(key=lambda d: rank(d.number))
        keep, others = documents[0], documents[1:]
        aliases = [a.strip() for a in keep.aliases.split(",") if a.strip()]
        for other in others:
            for model, field in ((Procedure, "legal_documents"), (Guidance, "cited_documents")):
                for owner in model.objects.filter(**{field: other}):
                    getattr(owner, field).add(keep)
                    getattr(owner, field).remove(other)
            for owner in Delegation.objects.filter(cited_documents=other):
                owner.cited_documents.add(keep)
                owner.cited_documents.remove(other)
            Delegation.objects.filter(legal_document=other).update(legal_document=keep)
            for attr in ("title", "issuing_body", "issued_on", "effective_from", "source_url"):
                if not getattr(keep, attr) and getattr(other, attr):
                    setattr(keep, attr, getattr(other, attr))
            aliases += [other.number, *[a.strip() for a in other.aliases.split(",") if a.strip()]]
            other.delete()
        keep.aliases = ", ".join(dict.fromkeys(a for a in aliases if a != keep.number))
        keep.save()


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0004_page_feedback"),
        ("procedures", "0004_document_date_source_aliases"),
        ("delegation", "0005_metrology_chairman"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
