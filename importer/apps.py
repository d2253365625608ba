from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Owns ``manage.py import_procedures``; it has no models."""

    name = "importer"
