"""sitemap.xml: every reader page with a canonical URL (index plus sections of
10,000 URLs, see ``ProcedureSitemap.limit``)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from delegation.models import Province
from procedures.models import AuthorityLevel, Field, LegalDocument, Procedure


class ProcedureSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 10_000  # URLs per section page: about 1.4 MB, 30 KB gzipped, instead of 7 MB

    def items(self):
        return Procedure.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, procedure):
        return procedure.updated_at


class ListingSitemap(Sitemap):
    """Fields, levels, legal documents and provinces: small tables, one section."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            *Field.objects.only("slug"),
            *AuthorityLevel.objects.only("slug"),
            *LegalDocument.objects.only("slug"),
            *Province.objects.only("slug"),
        ]


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["portal:home", "portal:print-handbook"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"trang": HomeSitemap, "danh-muc": ListingSitemap, "thu-tuc": ProcedureSitemap}
