"""``manage.py build_exports [--force]``: build the open data (``/du-lieu/``) for the current
content version (portal/exports.py): procedures, delegations and published guidance as JSON
Lines and CSV, the data dictionary and the manifest.

Run it after each publication and once a day (the handler columns are as of the day of the
build), like ``build_pdfs``. A version already built is kept (exit 0) unless ``--force``; the
folders of older versions are deleted.
"""

from django.core.management.base import BaseCommand

from portal import exports


class Command(BaseCommand):
    help = "Build the open data files for the current content version."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="build even if already built")

    def handle(self, *args, force, **options):
        build = exports.build_exports(force=force)
        if not build.built_now:
            self.stdout.write(
                f"Open data of content version {build.version} is already built "
                f"({build.folder}); nothing to do (--force builds it again)."
            )
            return
        self.stdout.write(
            f"Open data of content version {build.version} built in {build.seconds:.2f} s "
            f"({build.folder}):"
        )
        for entry in build.files:
            self.stdout.write(
                f"  {entry['name']}: {entry['bytes']:,} bytes, {entry['rows']:,} rows"
            )
