"""Importing procedure records and delegations, as ministry staff do with a new export.

Two formats are read:

- JSON Lines, one national record per line (the keys of ``tthc_records.jsonl``). A key that is
  absent leaves the stored value alone; a key present but empty means the source gives none.
- CSV with the columns of ``procedures.csv`` (a compiled list of delegated procedures), plus the
  optional columns the project's own fixture adds (``kind``, ``from_level``, ``to_level``,
  ``receiving_body``, ``deciding_body``, ``legal_document``, ``article``, ``effective_until``).
  An empty cell is "not recorded": it never overwrites what a record already holds.

``reading`` turns a file into rows with their line numbers, ``validation`` lists every problem
as "line N: reason" without writing anything, and ``upsert`` writes the rows through the
services of ``procedures`` and ``delegation`` in one transaction. ``services.procedures_import``
does the three in order (``manage.py import_procedures FILE [--dry-run]``). This app sits above
the apps it writes: they know nothing of it.
"""
