"""Search tests: the relevance figures are printed at the end of the run."""

import os

RELEVANCE: dict[str, list[int | None]] = {}  # query -> [rank of the expected procedure, k]


def pytest_terminal_summary(terminalreporter):
    if not RELEVANCE:
        return
    vendor = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    ranks = [rank for rank, _k in RELEVANCE.values()]
    total = len(ranks)
    top1 = sum(rank == 1 for rank in ranks)
    top3 = sum(rank is not None and rank <= 3 for rank in ranks)
    within = sum(rank is not None and rank <= k for rank, k in RELEVANCE.values())
    terminalreporter.section(f"search relevance ({vendor})")
    terminalreporter.write_line(
        f"{total} queries: top-1 {top1}/{total} = {top1 / total:.2f}, "
        f"top-3 {top3}/{total} = {top3 / total:.2f}, "
        f"within the required rank {within}/{total}"
    )
    for query, (rank, k) in RELEVANCE.items():
        if rank is None or rank > 1:
            terminalreporter.write_line(f"  rank {rank or '-'} (needs {k}): {query!r}")
