"""Reading queries: validation, codes, citations, words, abbreviations and typos (no database)."""

import unicodedata

import pytest

from search.query import (
    MAX_QUERY_LENGTH,
    QueryError,
    build_terms,
    closest_words,
    damerau,
    drop_optional_words,
    one_letter_away,
    parse_query,
    split_word,
    validate_query,
)


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n"])
def test_a_missing_or_blank_query_is_refused_with_a_reason(text):
    with pytest.raises(QueryError) as excinfo:
        validate_query(text)
    assert "nhập" in str(excinfo.value.message)


@pytest.mark.parametrize("text", ["!!!", "...", " -- / ", "“”()?"])
def test_punctuation_only_is_refused_with_a_reason(text):
    with pytest.raises(QueryError) as excinfo:
        validate_query(text)
    assert "dấu câu" in str(excinfo.value.message)


def test_the_length_limit_is_200_characters():
    assert validate_query("a" * MAX_QUERY_LENGTH) == "a" * MAX_QUERY_LENGTH
    with pytest.raises(QueryError) as excinfo:
        validate_query("a" * (MAX_QUERY_LENGTH + 1))
    assert "200" in str(excinfo.value.message)


def test_validation_returns_nfc_text():
    decomposed = unicodedata.normalize("NFD", " Cấp phép ")
    assert validate_query(decomposed) == "Cấp phép"


@pytest.mark.parametrize(
    ("text", "codes", "prefixes"),
    [
        ("1.005442", ["1.005442"], []),
        ("ma 2.002781.", ["2.002781"], []),
        ("1005442", ["1.005442"], []),
        ("1.0054", [], ["1.0054"]),
        ("1.00544 buu chinh", [], ["1.00544"]),
        ("phí 1.000.000 đồng", [], []),
        ("66.18/2026/NQ-CP", [], []),
    ],
)
def test_codes_whole_and_partial(text, codes, prefixes):
    query = parse_query(text)
    assert query.codes == codes
    assert query.code_prefixes == prefixes


@pytest.mark.parametrize(
    ("text", "number", "exact", "kind", "article"),
    [
        ("133/2025", "133/2025/", False, "", ""),
        ("133/2025/NĐ-CP", "133/2025/nd-cp", True, "", ""),
        ("133 / 2025 / nđ - cp", "133/2025/nd-cp", True, "", ""),
        ("nd 133", "133/", False, "nghi_dinh", ""),
        ("Nghị định số 133", "133/", False, "nghi_dinh", ""),
        ("thông tư 07/2025", "07/2025/", False, "thong_tu", ""),
        ("qd 1625", "1625/", False, "quyet_dinh", ""),
        ("1625/QĐ-BKHCN", "1625/qd-bkhcn", True, "quyet_dinh", ""),
        ("66.18/2026/NQ-CP", "66.18/2026/nq-cp", True, "", ""),
        ("Điều 4 133/2025", "133/2025/", False, "", "dieu 4"),
        ("dieu 4 khoan 1 nd 133", "133/", False, "nghi_dinh", "dieu 4 khoan 1"),
        ("khoản 2 Điều 4 NĐ 133", "133/", False, "nghi_dinh", "dieu 4 khoan 2"),
    ],
)
def test_citations(text, number, exact, kind, article):
    query = parse_query(text)
    assert len(query.citations) == 1
    citation = query.citations[0]
    assert (citation.number, citation.exact, citation.kind, citation.article) == (
        number,
        exact,
        kind,
        article,
    )
    assert query.words == []


def test_a_bare_number_is_a_word_not_a_citation():
    query = parse_query("phí 500")
    assert query.citations == []
    assert query.words == ["phi", "500"]


def test_words_around_a_citation_are_kept_with_their_diacritics():
    query = parse_query("gia hạn giấy phép 133/2025")
    assert query.words == ["gia", "han", "giay", "phep"]
    assert query.exact_words == ["gia", "hạn", "giấy", "phép"]
    assert query.has_diacritics


def test_abbreviations_with_an_ampersand_stay_one_word():
    assert parse_query("Sở KH&CN").words == ["so", "khcn"]
    assert parse_query("so khcn").words == ["so", "khcn"]


def test_leading_procedure_words_are_optional():
    assert drop_optional_words(["thu", "tuc", "cap", "phep"]) == ["cap", "phep"]
    assert drop_optional_words(["tthc", "buu", "chinh"]) == ["buu", "chinh"]
    assert drop_optional_words(["thu", "tuc"]) == ["thu", "tuc"]


def test_synonyms_expand_both_ways():
    synonyms = {"ubnd": [("uy", "ban", "nhan", "dan")], "uy ban nhan dan": [("ubnd",)]}
    short = build_terms(["ubnd", "tinh"], synonyms)
    assert [f.words for f in short[0].forms] == [("ubnd",), ("uy", "ban", "nhan", "dan")]
    long = build_terms(["uy", "ban", "nhan", "dan", "tinh"], synonyms)
    assert len(long) == 2
    assert [f.words for f in long[0].forms] == [("uy", "ban", "nhan", "dan"), ("ubnd",)]


def test_the_word_being_typed_is_a_prefix():
    terms = build_terms(["giay", "ph"], {}, prefix_last=True)
    assert [t.prefix for t in terms] == [False, True]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("thong", "thong", 0), ("thnog", "thong", 1), ("tnh", "tinh", 1), ("phep", "phap", 1)],
)
def test_damerau_counts_swaps_as_one(a, b, distance):
    assert damerau(a, b, 2) == distance


def test_damerau_stops_above_the_limit():
    assert damerau("abcdef", "uvwxyz", 2) == 3


def test_typos_are_corrected_to_the_nearest_commonest_words():
    vocabulary = [("thong", 500), ("thon", 3), ("tong", 40), ("chinh", 300)]
    assert closest_words("thnog", vocabulary) == ["thong"]
    assert closest_words("ab", vocabulary) == []  # too short to guess


def test_words_run_together_are_split_into_known_words():
    known = {"giay", "phep", "gia", "y", "buu", "chinh"}
    assert split_word("giayphep", known) == ("giay", "phep")
    assert split_word("buuchinh", known) == ("buu", "chinh")
    assert split_word("xyzt", known) is None


def test_words_one_letter_away_cover_swaps_changes_and_missing_letters():
    near = one_letter_away("deiu")
    assert {"dieu", "deu", "deiiu", "heiu"} <= near
    assert "deiu" not in near
