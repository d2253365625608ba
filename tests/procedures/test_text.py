import unicodedata

import pytest

from procedures.text import canonical, fold, nfc


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Thủ tục hành chính", "thu tuc hanh chinh"),
        ("THỦ TỤC", "thu tuc"),
        ("Đăng ký", "dang ky"),
        ("đo lường", "do luong"),
        ("KH&CN", "kh cn"),
        ("  cấp   lại,  giấy phép!  ", "cap lai giay phep"),
    ],
)
def test_fold_removes_diacritics_case_punctuation_and_spaces(typed, expected):
    assert fold(typed) == expected


def test_fold_and_canonical_accept_nfd_input():
    decomposed = unicodedata.normalize("NFD", "Thủ tục cấp phép")
    assert decomposed != "Thủ tục cấp phép"
    assert fold(decomposed) == "thu tuc cap phep"
    assert canonical(decomposed) == canonical("Thủ tục cấp phép")


@pytest.mark.parametrize(
    ("old", "new"), [("hòa", "hoà"), ("thủy", "thuỷ"), ("úy", "uý"), ("khỏe", "khoẻ")]
)
def test_both_tone_placements_share_a_canonical_form(old, new):
    assert canonical(old) == canonical(new)
    assert fold(old) == fold(new)


def test_closed_syllables_keep_their_tone_placement():
    assert canonical("hoàn thành") == "hoàn thành"
    assert canonical("quý") == "quý"


def test_different_diacritics_fold_together_but_stay_apart_canonically():
    assert fold("dế") == fold("dê")
    assert canonical("dế") != canonical("dê")


def test_nfc_composes():
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert nfc(decomposed) == "Việt Nam"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))
