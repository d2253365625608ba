"""Vietnamese text normalisation, the one place that decides how text is compared.

Stored text is Unicode NFC as typed (``nfc``). Matching uses two keys derived from it:

- ``canonical``: lower case, NFC, tone marks moved to one placement ("hòa" and "hoà" agree),
  punctuation replaced by spaces. Two texts with the same canonical key have the same diacritics.
- ``fold``: ``canonical`` with every diacritic removed, đ/Đ included, so "thu tuc" finds
  "thủ tục". "dế" and "dê" fold to the same text; keep ``canonical`` to rank the exact one first.
"""

import re
import unicodedata

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
    decomposed = unicodedata.normalize("NFD", canonical(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def nfc_value(value):
    """NFC every string inside ``value`` (str, list or dict, as JSON fields hold)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_value(v) for v in value]
    if isinstance(value, dict):
        return {nfc_value(k): nfc_value(v) for k, v in value.items()}
    return value
