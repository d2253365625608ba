"""The benchmark corpus (bench/corpus.py): synthetic names never repeat a name, so that ranking
can be judged at 100,000 procedures as on the real records (issue 15)."""

import re

from bench.corpus import build_corpus, search_key
from procedures.models import Procedure
from tests.conftest import needs_reference


@needs_reference
def test_synthetic_names_differ_from_every_real_name_and_from_each_other():
    # As search compares names: folded, and "Thủ tục đăng ký sáng chế" = "Đăng ký sáng chế".
    real = {search_key(n) for n in Procedure.objects.values_list("name", flat=True)}
    build_corpus(Procedure.objects.count() + 3000, seed=3)
    names = list(
        Procedure.objects.filter(source_repo="bench/corpus.py").values_list("name", flat=True)
    )
    synthetic = [search_key(n) for n in names]
    assert len(synthetic) == 3000
    assert len(set(synthetic)) == len(synthetic)
    assert not set(synthetic) & real
    # Still recombined real parts: most need no number to be told apart.
    numbered = [n for n in names if re.search(r"\(số \d+\)$", n)]
    assert len(numbered) < len(names) / 10
