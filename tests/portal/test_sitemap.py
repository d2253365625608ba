from delegation.models import Province
from procedures.models import LegalDocument, Procedure


def test_sitemap_index_points_to_its_sections(client):
    xml = client.get("/sitemap.xml").content.decode()
    for section in ("trang", "danh-muc", "thu-tuc"):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in xml


def test_sitemap_lists_canonical_urls_with_readable_slugs(client):
    procedure = Procedure.objects.get(code="1.013899")
    xml = client.get("/sitemap-thu-tuc.xml").content.decode()
    assert f"<loc>http://testserver{procedure.get_absolute_url()}</loc>" in xml
    assert xml.count("<url>") == Procedure.objects.count()
    assert "<lastmod>" in xml
    listing = client.get("/sitemap-danh-muc.xml").content.decode()
    assert "<loc>http://testserver/tinh/ha-noi/</loc>" in listing
    assert (
        f"<loc>http://testserver{LegalDocument.objects.first().get_absolute_url()}</loc>" in listing
    )
    assert listing.count("<url>") >= Province.objects.count()


def test_pages_declare_their_canonical_url(client):
    procedure = Procedure.objects.get(code="1.013899")
    html = client.get(procedure.get_absolute_url() + "?utm=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver{procedure.get_absolute_url()}">' in html
