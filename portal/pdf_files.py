"""PDFs built once per content version and served as files (issue 12).

A PDF takes seconds to lay out, so a reader's request never builds one: ``manage.py build_pdfs``
(scheduled after each publication, and daily since a PDF carries its print date) writes the
PDF of the whole handbook, of each field, of each level today and of each edition into
``CAMNANG_PDF_ROOT/<content version>/``, and the PDF URLs serve those files. A PDF with a
parameter (a level on another day, an edition with a province's notes) or one not yet built is
made on request only for a signed-in official; an anonymous reader is sent to the print view.

The content version changes with anything a PDF shows: the day, a revision published,
withdrawn or edited, an edition, a procedure or a delegation changed.
"""

import hashlib
import shutil
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from delegation.models import Delegation
from handbook.models import Edition, Revision
from procedures.models import Procedure


def content_version() -> str:
    """A short digest of everything a PDF shows; it changes when any of it changes."""
    parts = [
        timezone.localdate().isoformat(),
        Revision.objects.aggregate(
            n=Count("pk"), pk=Max("pk"), p=Max("published_at"), e=Max("ended_at"), v=Max("version")
        ),
        Edition.objects.aggregate(n=Count("pk"), pk=Max("pk"), p=Max("published_at")),
        Procedure.objects.aggregate(n=Count("pk"), u=Max("updated_at")),
        Delegation.history.aggregate(n=Count("pk"), d=Max("history_date")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def root() -> Path:
    return Path(settings.CAMNANG_PDF_ROOT)


def _file_name(path: str) -> str:
    # "/linh-vuc/vien-thong/cam-nang.pdf" -> "linh-vuc--vien-thong--cam-nang.pdf"
    return "--".join(part for part in path.split("/") if part) or "index.pdf"


def stored_pdf(path: str, version: str | None = None) -> Path | None:
    """The built PDF for the URL ``path`` in the current content version, None if not built."""
    found = root() / (version or content_version()) / _file_name(path)
    return found if found.is_file() else None


def store_pdf(path: str, content: bytes, version: str) -> Path:
    """Write a PDF for ``path`` atomically (a reader never gets half a file)."""
    folder = root() / version
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _file_name(path)
    partial = target.with_suffix(".pdf.part")
    partial.write_bytes(content)
    partial.replace(target)
    return target


def remove_other_versions(keep: str) -> int:
    """Delete the folders of older content versions; how many were deleted."""
    removed = 0
    if not root().is_dir():
        return 0
    for folder in root().iterdir():
        if folder.is_dir() and folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
