"""What changed in the handbook: recent major changes, the editions and what changed since."""

from django.shortcuts import get_object_or_404, render

from delegation.models import Province
from handbook.markdown import render_markdown
from handbook.models import SECTION_FIELDS, Edition, Revision
from portal import selectors


def recent_changes(request):
    """Recent major changes of the national guidance, the editions, and the feeds."""
    changes = (
        Revision.objects.ever_published()
        .major()
        .national()
        .select_related("guidance__procedure__field")
        .order_by("-published_at", "-pk")[:50]
    )
    return render(
        request,
        "portal/recent_changes.html",
        {
            "changes": changes,
            "editions": Edition.objects.latest_first(),
            "provinces": Province.objects.all(),
        },
    )


def _edition(slug) -> Edition:
    return get_object_or_404(Edition.objects.select_related("previous", "published_by"), slug=slug)


def edition_detail(request, slug):
    """An edition: its release notes and the revisions it brought."""
    edition = _edition(slug)
    changes = list(selectors.by_procedure(edition.changes()).defer(*SECTION_FIELDS, "summary"))
    return render(
        request,
        "portal/edition_detail.html",
        {
            "edition": edition,
            "release_notes": render_markdown(edition.release_notes),
            "major": [r for r in changes if r.is_major],
            "minor_count": sum(1 for r in changes if not r.is_major),
            "total": edition.revisions.national().count(),
        },
    )


def edition_since(request, slug):
    """What changed in the national guidance since an edition: one row per changed procedure."""
    edition = _edition(slug)
    return render(
        request,
        "portal/edition_since.html",
        {"edition": edition, "rows": selectors.changes_since(edition)},
    )
