from portal.province import selected_province


def reader(request):
    """What every reader page shows in its header: the chosen province (queried only if shown)."""
    return {"selected_province": lambda: selected_province(request)}
