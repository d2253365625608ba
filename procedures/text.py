"""Vietnamese text normalisation, the one place that decides how text is compared.

Stored text is Unicode NFC as typed (``nfc``). Matching uses two keys derived from it:

- ``canonical``: lower case, NFC, tone marks moved to one placement ("hòa" and "hoà" agree),
  punctuation replaced by spaces. Two texts with the same canonical key have the same diacritics.
- ``fold``: ``canonical`` with every diacritic removed, đ/Đ included, so "thu tuc" finds
  "thủ tục". "dế" and "dê" fold to the same text; keep ``canonical`` to rank the exact one first.

Search compares ``search_form`` (indexed text and queries alike): ``fold`` plus two spellings
officials mix, "KH&CN"/"KHCN" and the i/y of open syllables ("kí"/"ký", "quí"/"quý").
"""

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (grave, acute, tilde, hook above, dot below); the other combining marks
# (circumflex, breve, horn) shape the vowel and stay with it.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# "òa", "òe", "ùy" at the end of a syllable: the tone moves onto the second vowel, which is the
# placement closed syllables ("hoàn", "thuyền") already use.
_TONE_ON_FIRST = re.compile(
    rf"([oO])([{_TONES}])([aAeE])(?![^\W\d_])|([uU])([{_TONES}])([yY])(?![^\W\d_])"
)
_NON_WORD = re.compile(r"[^\w]+|_")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (what is stored)."""
    return unicodedata.normalize("NFC", text) if text else text


def _move_tone(match: re.Match) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def canonical(text: str) -> str:
    """Lower-case NFC text with one tone placement and punctuation turned into single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower())
    decomposed = _TONE_ON_FIRST.sub(_move_tone, decomposed)
    text = unicodedata.normalize("NFC", decomposed)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def fold(text: str) -> str:
    """``canonical`` without diacritics: "Đăng ký" and "dang ky" give "dang ky"."""
    if not text:
        return ""
    composed = unicodedata.normalize("NFC", text)
    if _FOLDABLE.fullmatch(composed) and not _TONE_BEFORE_MARKED_VOWEL.search(composed):
        # The same result, one table look-up per character (indexing folds whole records).
        return _SPACES.sub(" ", composed.translate(_FOLD_TABLE)).strip()
    decomposed = unicodedata.normalize("NFD", canonical(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def _fold_table() -> dict[int, str]:
    """Character -> folded text (a space for punctuation), for ASCII and Vietnamese letters."""
    table = {}
    ranges = [range(0x80), range(0xC0, 0x250), range(0x1EA0, 0x1F00), range(0x2000, 0x2600)]
    for point in (point for points in ranges for point in points):
        char = chr(point)
        lower = char.lower()
        if len(lower) != 1 or unicodedata.normalize("NFC", char) != char:
            continue
        if _NON_WORD.fullmatch(lower):
            table[point] = " "
        else:
            decomposed = unicodedata.normalize("NFD", lower)
            base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
            table[point] = base.replace("đ", "d")
    return table


def _letters(bases: str, *, marked: bool) -> str:
    """Vietnamese letters on ``bases``: with exactly one tone mark, or with any mark."""
    found = []
    for point in range(0xC0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(point))
        if decomposed[0] not in bases or len(decomposed) == 1:
            continue
        if marked or (len(decomposed) == 2 and decomposed[1] in _TONES):
            found.append(chr(point))
    return "".join(found)


_FOLD_TABLE = _fold_table()
_FOLDABLE = re.compile("[" + re.escape("".join(map(chr, _FOLD_TABLE))) + "]*")
# "óẵ" is not Vietnamese, but ``canonical`` moves its tone and splits it; such text takes the
# slow path so that ``fold`` gives exactly what it always gave.
_TONE_BEFORE_MARKED_VOWEL = re.compile(
    f"[{_letters('oOuU', marked=False)}][{_letters('aAeEyY', marked=True)}]"
)


# "KH&CN", "TT&TT": an ampersand between letters belongs to the abbreviation.
_AMPERSAND = re.compile(r"(?<=[^\W\d_])&(?=[^\W\d_])")
# An open syllable ending in a lone "y" after its consonants ("ky", "ly", "my", "quy", "y"): the
# same word is also written with "i". Closed or diphthong syllables ("tay", "thuy") are left alone.
_LONE_Y = re.compile(r"(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?y")


@lru_cache(maxsize=100_000)
def _spelling(word: str) -> str:
    return word[:-1] + "i" if _LONE_Y.fullmatch(word) else word


def search_form(text: str) -> str:
    """The form search compares: ``fold``, "KH&CN" as "khcn", and "ky"/"quy"/"y" as "ki"/"qui"/"i".

    "Kỹ thuật", "kĩ thuat" and "KY THUAT" all give "ki thuat"; "Sở KH&CN" gives "so khcn".
    """
    if not text:
        return ""
    if "&" in text:
        text = _AMPERSAND.sub("", text)
    return " ".join(map(_spelling, fold(text).split()))


_ALIGNED_TABLE = {**_FOLD_TABLE, ord("&"): "&"}


def fold_aligned(text: str) -> str | None:
    """``text`` folded character for character (punctuation as spaces, "&" kept), so that a
    word found in the result is at the same place in ``text``; None when ``text`` is not plain
    NFC Vietnamese (then fold its words one by one)."""
    if (
        not _FOLDABLE.fullmatch(text)
        or _TONE_BEFORE_MARKED_VOWEL.search(text)
        or not unicodedata.is_normalized("NFC", text)
    ):
        return None
    folded = text.translate(_ALIGNED_TABLE)
    return folded if len(folded) == len(text) else None


def search_exact(text: str) -> str:
    """``canonical`` with abbreviations joined as in ``search_form`` (diacritics kept)."""
    return canonical(_AMPERSAND.sub("", text)) if text else ""


def nfc_value(value):
    """NFC every string inside ``value`` (str, list or dict, as JSON fields hold)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_value(v) for v in value]
    if isinstance(value, dict):
        return {nfc_value(k): nfc_value(v) for k, v in value.items()}
    return value
