from django.db import migrations

# Their records name the Chairman of the provincial committee as competent authority.
CHAIRMAN_CODES = ["1.014879", "1.014880", "1.014882"]


def chairman_decides(apps, schema_editor):
    """Existing databases: the fixture's delegations of these three now go to the Chairman, so
    that importing the fixture again updates them instead of adding a second one."""
    Delegation = apps.get_model("delegation", "Delegation")
    AuthorityLevel = apps.get_model("procedures", "AuthorityLevel")
    chairman = AuthorityLevel.objects.filter(slug="chu-tich-ubnd-tinh").first()
    if chairman is None:
        return
    Delegation.objects.filter(
        procedure__code__in=CHAIRMAN_CODES, to_level__slug="ubnd-tinh"
    ).update(to_level=chairman)


class Migration(migrations.Migration):
    dependencies = [("delegation", "0004_confidence_derived")]

    operations = [migrations.RunPython(chairman_decides, migrations.RunPython.noop)]
