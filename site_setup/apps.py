from django.apps import AppConfig


class SiteSetupConfig(AppConfig):
    """Owns ``manage.py load_initial_data``; it has no models."""

    name = "site_setup"
