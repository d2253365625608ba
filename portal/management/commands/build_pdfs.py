"""``manage.py build_pdfs [URL ...]``: lay out the portal's PDFs for the current content
version (portal/pdf_files.py) so that readers are served files, never a PDF built for them.

Without URLs: the whole handbook, every field, every level (today), every edition, then the
one-page printout of every procedure (those with published guidance first; about 0.15 s each,
so some two minutes for the national records). Run it after publishing and once a day (a PDF
carries its print date); it skips what is built already and deletes the PDFs of older content
versions. ``--force`` builds again.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from handbook.models import Edition, Revision
from portal import pdf_files
from procedures.models import AuthorityLevel, Field, Procedure


def every_pdf_url() -> list[str]:
    return [
        reverse("portal:pdf-handbook"),
        *(
            reverse("portal:pdf-field", args=[s])
            for s in Field.objects.values_list("slug", flat=True)
        ),
        *(
            reverse("portal:pdf-level", args=[s])
            for s in AuthorityLevel.objects.values_list("slug", flat=True)
        ),
        *(
            reverse("portal:pdf-edition", args=[s])
            for s in Edition.objects.values_list("slug", flat=True)
        ),
        *(reverse("portal:pdf-procedure", args=[s]) for s in _procedures_guided_first()),
    ]


def _procedures_guided_first() -> list[str]:
    guided = set(
        Revision.objects.published().national().values_list("guidance__procedure__slug", flat=True)
    )
    slugs = Procedure.objects.order_by("slug").values_list("slug", flat=True)
    return sorted(slugs, key=lambda slug: slug not in guided)


class Command(BaseCommand):
    help = "Build the PDFs of the print views for the current content version."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", help="PDF URLs to build (default: every one)")
        parser.add_argument("--force", action="store_true", help="build even what is built")

    def handle(self, *args, urls, force, **options):
        site = urlsplit(settings.CAMNANG_SITE_URL)
        factory = RequestFactory(
            SERVER_NAME=site.hostname or "localhost",
            SERVER_PORT=str(site.port or (443 if site.scheme == "https" else 80)),
        )
        version = pdf_files.content_version()
        built = kept = 0
        for url in urls or every_pdf_url():
            path = urlsplit(url).path
            try:
                match = resolve(path)
            except Resolver404:
                raise CommandError(f"{url}: no such page") from None
            if not (match.url_name or "").startswith("pdf-"):
                raise CommandError(f"{url}: not a PDF of the portal")
            if not force and pdf_files.stored_pdf(path, version):
                kept += 1
                continue
            request = factory.get(path, secure=site.scheme == "https")
            request.user = AnonymousUser()
            setattr(request, "building_pdfs", True)  # noqa: B010 (read by the print view)
            request.resolver_match = match
            response = match.func(request, *match.args, **match.kwargs)
            if response.status_code != 200:
                raise CommandError(f"{url}: answered {response.status_code}")
            built += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"built {path}")
        removed = pdf_files.remove_other_versions(keep=version)
        self.stdout.write(
            f"PDFs of content version {version}: {built} built, {kept} already built; "
            f"{removed} older version(s) removed."
        )
