"""Fidelity tests: the counts by confidence are printed at the end of the run."""

import os

FIDELITY: list[str] = []  # the summary lines, filled by test_fidelity_summary


def pytest_terminal_summary(terminalreporter):
    if not FIDELITY:
        return
    vendor = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
    terminalreporter.section(f"fidelity ({vendor})")
    for line in FIDELITY:
        terminalreporter.write_line(line)
