"""HTML to PDF with WeasyPrint (the print views' "Tải PDF")."""

import logging

# WeasyPrint logs each rendering step at INFO and each CSS property meant only for browsers as a
# warning; the root logger would print them for every PDF. Errors still show.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

# The print templates inline their stylesheet, so a PDF never fetches anything: no request back
# to this server (a single-threaded server would wait for itself) and no file or network access
# driven by text that staff typed.
_NO_FETCHING = URLFetcher(allowed_protocols={"data"})


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """The PDF of a self-contained print page (``base_url`` resolves its relative links).

    Tagged as PDF/UA-1 (WeasyPrint's variant): headings, lists and tables carry their structure
    and the document its language, so a screen reader reads the PDF as it reads the page.
    """
    return HTML(string=html, base_url=base_url, url_fetcher=_NO_FETCHING).write_pdf(
        pdf_variant="pdf/ua-1"
    )
