"""The one normalisation, as search uses it for indexing and queries alike."""

import json
import random
import unicodedata

import pytest
from django.conf import settings

from procedures.text import canonical, fold, search_exact, search_form


@pytest.mark.parametrize(
    "variants",
    [
        ["Kỹ thuật", "kĩ thuật", "KY THUAT", "ki thuat"],
        ["Đăng ký", "đăng kí", "dang ky", "DANG KI"],
        ["quý", "quí", "QUY"],
        ["KH&CN", "KHCN", "kh&cn"],
        ["Hoà", "hòa", "HOA"],
        ["thuỷ", "thủy", "thuy"],
        [unicodedata.normalize("NFD", "Giấy phép"), "giay phep"],
    ],
)
def test_spellings_officials_mix_share_a_search_form(variants):
    assert len({search_form(v) for v in variants}) == 1


def test_diphthongs_and_closed_syllables_keep_their_y():
    assert search_form("Thủy lợi tay máy") == "thuy loi tay may"


def test_search_exact_keeps_diacritics_and_joins_abbreviations():
    assert search_exact("Sở KH&CN, dế") == "sở khcn dế"
    assert search_exact("dế") != search_exact("dê")
    assert search_form("dế") == search_form("dê")


def _reference_fold(text: str) -> str:
    """``fold`` as first written (NFD of ``canonical``, marks dropped): the fast path must agree."""
    decomposed = unicodedata.normalize("NFD", canonical(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def test_fold_gives_what_it_always_gave_on_the_records_and_on_random_text():
    path = settings.REFERENCE_DIR / "tthc_records.jsonl"
    texts = path.read_text(encoding="utf-8").splitlines()[:200] if path.exists() else []
    texts += [unicodedata.normalize("NFD", t) for t in texts[:50]]
    alphabet = [chr(c) for c in [*range(0x20, 0x250), *range(0x1E00, 0x1F00), 0x2013, 0x201C]]
    alphabet += list(" ,.-&/()_\u0301\u0300\u0323\u0303\u0309")
    rng = random.Random(7)
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20000)
    ]
    for text in texts:
        assert fold(text) == _reference_fold(text), json.dumps(text)
