"""Everyday words officials type for the records' own (issue 15): "làm lại" for "cấp lại",
"logo" for "nhãn hiệu", "bản quyền" for "quyền tác giả", "giấy tờ" for "hồ sơ"."""

from django.db import migrations

from procedures.text import search_form

SYNONYMS = [
    ("làm lại", "cấp lại", "Cách nói thường ngày (vấn đề 15)."),
    ("logo", "nhãn hiệu", "Cách nói thường ngày (vấn đề 15)."),
    ("bản quyền", "quyền tác giả", "Cách nói thường ngày (vấn đề 15)."),
    ("giấy tờ", "hồ sơ", "Cách nói thường ngày (vấn đề 15)."),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, meaning, note in SYNONYMS:
        Synonym.objects.get_or_create(
            term_key=search_form(term),
            meaning_key=search_form(meaning),
            defaults={"term": term, "meaning": meaning, "note": note},
        )


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, meaning, _note in SYNONYMS:
        Synonym.objects.filter(
            term_key=search_form(term), meaning_key=search_form(meaning)
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_searchdocument_name_marks")]

    operations = [migrations.RunPython(seed, unseed)]
