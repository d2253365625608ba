"""Search tests: the relevance figures are printed at the end of the run, in all and per kind."""

import os

# query -> [rank of the expected procedure, k, kind]
RELEVANCE: dict[str, list] = {}


def figures(entries: list[list]) -> str:
    """ "n queries: top-1 …, top-3 …, within the required rank …" for ``entries``."""
    total = len(entries)
    top1 = sum(rank == 1 for rank, _k, _kind in entries)
    top3 = sum(rank is not None and rank <= 3 for rank, _k, _kind in entries)
    within = sum(rank is not None and rank <= k for rank, k, _kind in entries)
    return (
        f"{total} queries: top-1 {top1}/{total} = {top1 / total:.2f}, "
        f"top-3 {top3}/{total} = {top3 / total:.2f}, within the required rank {within}/{total}"
    )


def pytest_terminal_summary(terminalreporter):
    if not RELEVANCE:
        return
    vendor = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    terminalreporter.section(f"search relevance ({vendor})")
    terminalreporter.write_line(figures(list(RELEVANCE.values())))
    kinds: dict[str, list[list]] = {}
    for entry in RELEVANCE.values():
        kinds.setdefault(entry[2], []).append(entry)
    for kind, entries in kinds.items():
        terminalreporter.write_line(f"  {kind:<14} {figures(entries)}")
    for query, (rank, k, kind) in RELEVANCE.items():
        if rank is None or rank > 1:
            terminalreporter.write_line(f"  rank {rank or '-'} (needs {k}, {kind}): {query!r}")
