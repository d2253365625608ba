"""The punctuation of names that ranking reads: exclusion clauses and breaks (search/names.py)."""

import unicodedata

from procedures.text import search_form
from search.names import name_marks, read_marks
from search.query import parse_query
from search.ranking import exclusion_typed


def excluded_words(name: str) -> list[str]:
    words = search_form(name).split()
    return [words[i] for i in sorted(read_marks(name_marks(name)).excluded)]


def test_a_bracketed_exclusion_ends_with_its_bracket():
    name = "Cấp giấy phép đối với đài tàu (trừ đài tàu hoạt động tuyến quốc tế) ở cảng"
    assert excluded_words(name) == ["tru", "dai", "tau", "hoat", "dong", "tuyen", "quoc", "te"]


def test_brackets_inside_an_exclusion_stay_in_it():
    name = "Cấp chứng chỉ (trừ cơ sở dùng PET (PET/CT), tia X (trừ chụp ảnh công nghiệp))"
    assert excluded_words(name)[-4:] == ["chup", "anh", "cong", "nghiep"]
    assert excluded_words(name)[:3] == ["tru", "co", "so"]


def test_a_bare_exclusion_runs_until_the_name_goes_on_with_its_own_scope():
    name = (
        "Sửa đổi giấy phép không có hạ tầng mạng trừ loại hình cố định mặt đất "
        "đối với trường hợp tại điểm a khoản 1"
    )
    assert excluded_words(name) == ["tru", "loai", "hinh", "co", "dinh", "mat", "dat"]
    assert excluded_words("Cấp giấy phép trừ loại hình cố định") == [
        "tru",
        "loai",
        "hinh",
        "co",
        "dinh",
    ]


def test_words_that_only_look_like_an_exclusion_are_not_one():
    # "miễn trừ ngoại giao" is diplomatic immunity; "cư trú" folds to "tru" too.
    assert excluded_words("Cấp giấy phép cho đoàn được hưởng miễn trừ ngoại giao") == []
    assert excluded_words("Đăng ký cư trú (tạm trú)") == []


def test_breaks_fall_at_commas_brackets_and_spaced_dashes_not_inside_words():
    name = "Cấp, gia hạn giấy phép - sử dụng thiết bị X-quang (PET/CT)"
    words = search_form(name).split()
    breaks = read_marks(name_marks(name)).breaks
    assert [words[i] for i in sorted(breaks)] == ["gia", "su", "pet"]
    assert name_marks("Cấp giấy phép bưu chính") == ""


def test_a_name_whose_words_cannot_be_aligned_gets_no_marks():
    # NFD text splits into other words than its search form; no marks rather than wrong ones.
    assert name_marks(unicodedata.normalize("NFD", "Cấp phép (trừ đài tàu)")) == ""


def test_a_query_quotes_an_exclusion_only_with_the_word_trừ_itself():
    def quotes(text: str) -> bool:
        return exclusion_typed(parse_query(text))

    assert quotes("đài trái đất trừ GMDSS") and quotes("dai trai dat tru gmdss")
    assert not quotes("tổ chức có trụ sở chính ở tỉnh khác")
    assert not quotes("to chuc co tru so chinh o tinh khac")
    assert not quotes("dang ky cu tru") and not quotes("tam tru")
