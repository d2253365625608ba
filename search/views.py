from django.db.models import Q
from django.shortcuts import render

from procedures.models import Procedure
from procedures.text import fold

MAX_QUERY_LENGTH = 200


def results(request):
    """Search results: every word of the folded query in the folded name, or the exact code."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    found = []
    if fold(query):
        condition = Q()
        for word in fold(query).split():
            condition &= Q(name_key__contains=word)
        found = Procedure.objects.for_listing().filter(Q(code=query) | condition)[:50]
    return render(request, "search/results.html", {"query": query, "results": found})
