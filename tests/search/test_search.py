"""What a query finds and in what order (search.services.search_procedures), on both databases."""

import unicodedata

import pytest
from django.utils import timezone

from delegation.models import Delegation, Province
from handbook.models import Guidance, Revision
from procedures.models import LegalDocument, Procedure
from search.indexing import refresh_procedures
from search.models import Synonym
from search.query import QueryError
from search.services import CAP, search_procedures, suggest_names
from tests.conftest import needs_reference


def codes(found, n=None):
    return [r.procedure.code for r in found.results[:n]]


def made(make_procedure, **values):
    """A procedure that search knows about (the factory bypasses the admin and services)."""
    procedure = make_procedure(**values)
    refresh_procedures([procedure.pk])
    return procedure


@needs_reference
def test_an_exact_code_comes_first_and_opens_the_procedure():
    found = search_procedures("1.005442")
    assert codes(found, 1) == ["1.005442"]
    assert found.redirect.code == "1.005442"


@needs_reference
def test_a_partial_code_lists_the_codes_it_starts(db):
    found = search_procedures("1.0054", limit=50)
    assert found.results
    assert all(code.startswith("1.0054") for code in codes(found))
    assert codes(found) == sorted(codes(found))
    assert found.redirect is None


def test_an_exact_name_opens_the_procedure(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều trên đê thử nghiệm")
    found = search_procedures("cap phep tha dieu tren de thu nghiem")
    assert found.redirect == procedure
    assert search_procedures("cap phep tha dieu").redirect is None  # a part is not the name


def test_two_procedures_with_the_same_name_do_not_redirect(make_procedure):
    made(make_procedure, name="Cấp phép thả diều trên đê")
    made(make_procedure, name="Cấp phép thả diều trên đê")
    assert search_procedures("cấp phép thả diều trên đê").redirect is None


def test_exact_diacritics_rank_above_folded_matches(make_procedure):
    cricket = made(make_procedure, name="Nuôi dế thử nghiệm")
    goat = made(make_procedure, name="Nuôi dê thử nghiệm")
    assert [r.procedure for r in search_procedures("nuôi dế thử nghiệm").results[:2]] == [
        cricket,
        goat,
    ]
    assert [r.procedure for r in search_procedures("nuôi dê thử nghiệm").results[:2]] == [
        goat,
        cricket,
    ]
    assert {r.procedure for r in search_procedures("nuoi de thu nghiem").results[:2]} == {
        cricket,
        goat,
    }


def test_procedures_in_force_rank_above_abolished_ones(make_procedure):
    old = made(make_procedure, name="Cấp phép thả diều", status=Procedure.Status.ABOLISHED)
    current = made(make_procedure, name="Cấp phép thả diều")
    assert [r.procedure for r in search_procedures("cap phep tha dieu").results[:2]] == [
        current,
        old,
    ]


def test_nfd_input_and_both_tone_placements_find_the_same(make_procedure):
    made(make_procedure, name="Hỗ trợ hợp lý hóa thả diều")
    typed = ["hợp lý hóa thả diều", "hợp lý hoá thả diều", "hop li hoa tha dieu"]
    typed.append(unicodedata.normalize("NFD", typed[0]))
    results = [codes(search_procedures(text)) for text in typed]
    assert results[0] and all(r == results[0] for r in results)


def test_the_guidance_text_and_the_record_are_searched(make_procedure):
    procedure = made(make_procedure, name="Thủ tục thử", steps="Nộp tại quầy số bảy mươi hai.")
    assert search_procedures("quay so bay muoi hai").results[0].procedure == procedure


def test_a_word_with_two_wrong_letters_is_still_found(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều thử nghiệm")
    found = search_procedures("tha dieu thu ngjem")  # "nghiem": h missing, i typed as j
    assert found.results[0].procedure == procedure
    assert "nghiem" in found.corrections["ngjem"]
    swapped = search_procedures("cap phep tha deiu")
    assert swapped.results[0].procedure == procedure
    assert "dieu" in swapped.corrections["deiu"]


def test_words_run_together_are_found(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều")
    found = search_procedures("capphep tha dieu")
    assert found.results[0].procedure == procedure


def test_an_abbreviation_in_the_table_is_searched_for(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều trên đê")
    assert search_procedures("cptd").results == []
    Synonym.objects.create(term="CPTD", meaning="cấp phép thả diều")
    assert search_procedures("cptd").results[0].procedure == procedure
    # and the other way round: the full words find a name that uses the abbreviation
    short = made(make_procedure, name="Gia hạn CPTD trên sông")
    assert short in [r.procedure for r in search_procedures("gia han cap phep tha dieu").results]


@needs_reference
def test_seeded_abbreviations_expand():
    found = search_procedures("gp thiet lap mang vien thong dung rieng")
    assert codes(found, 1) == ["1.005444"]


@needs_reference
@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("133/2025", ["133/2025/NĐ-CP", "133/2025/QH15"]),  # a decree and a law share it
        ("133/2025/NĐ-CP", ["133/2025/NĐ-CP"]),
        ("nd 133", ["133/2025/NĐ-CP"]),
        ("Nghị định 133/2025", ["133/2025/NĐ-CP"]),
    ],
)
def test_a_citation_finds_what_the_document_delegates_first(text, numbers):
    documents = LegalDocument.objects.filter(number__in=numbers)
    delegated = set(
        Delegation.objects.filter(legal_document__in=documents).values_list(
            "procedure_id", flat=True
        )
    )
    cited = set(
        Procedure.objects.filter(legal_documents__in=documents).values_list("pk", flat=True)
    )
    found = search_procedures(text, limit=len(delegated))
    assert delegated and {r.procedure.pk for r in found.results} == delegated
    assert set(found.ids) == delegated | cited


@needs_reference
def test_a_citation_with_an_article_finds_what_that_article_delegates():
    found = search_procedures("Điều 4 133/2025", limit=50)
    articles = {
        d.article
        for d in Delegation.objects.filter(
            procedure_id__in=found.ids, legal_document__number="133/2025/NĐ-CP"
        )
    }
    assert found.ids and all(a.startswith("Điều 4") for a in articles)
    assert len(found.ids) == Delegation.objects.filter(article__startswith="Điều 4 ").count()
    assert set(codes(search_procedures("dieu 4 khoan 2 nd 133"))) == {
        "1.013900",
        "1.013903",
        "1.013904",
        "1.013905",
        "1.013907",
    }


@needs_reference
def test_citation_and_words_narrow_each_other():
    found = search_procedures("gia han 133/2025", limit=50)
    named = ["Gia hạn" in r.procedure.name for r in found.results]
    assert named[:3] == [True, True, True]
    assert named == sorted(named, reverse=True)  # names with the words come first
    numbers = {"133/2025/NĐ-CP", "133/2025/QH15"}
    for result in found.results:
        procedure = result.procedure
        cited = {d.number for d in procedure.legal_documents.all()}
        cited |= {d.legal_document.number for d in procedure.delegations.all() if d.legal_document}
        assert numbers & cited


def test_an_unknown_document_number_is_reported():
    found = search_procedures("nd 999/2099")
    assert found.unknown_citations == ["nd 999/2099"]
    assert found.results == []


def test_a_query_with_every_word_nowhere_finds_most_words(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều trên đê")
    found = search_procedures("xin cap phep tha dieu tren de o dau")
    assert found.relaxed
    assert found.results[0].procedure == procedure


def test_results_are_highlighted_and_carry_a_snippet(make_procedure):
    made(make_procedure, name="Cấp phép thả diều", result="Giấy phép thả diều trên đê")
    result = search_procedures("tha dieu").results[0]
    assert "<mark>thả</mark> <mark>diều</mark>" in result.name_html
    assert result.snippet == "Giấy phép thả diều trên đê"
    assert "<mark>diều</mark>" in result.snippet_html


def test_the_snippet_quotes_the_national_guidance_not_a_province_note(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều")
    guidance = Guidance.objects.create(procedure=procedure)
    published = {"status": Revision.Status.PUBLISHED, "published_at": timezone.now()}
    Revision.objects.create(
        guidance=guidance, receiving_deciding="Sở KH&CN nhận hồ sơ thả diều.", **published
    )
    Revision.objects.create(
        guidance=guidance,
        province=Province.objects.get(slug="ha-noi"),
        receiving_deciding="Hà Nội nhận hồ sơ thả diều tại quầy số 5.",
        **published,
    )
    assert search_procedures("tha dieu").results[0].snippet == "Sở KH&CN nhận hồ sơ thả diều."


def test_highlighting_escapes_the_text(make_procedure):
    made(make_procedure, name="Cấp <b>phép</b> thả diều & đê")
    html = search_procedures("tha dieu").results[0].name_html
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html


def test_the_level_handling_it_is_given_for_the_day(make_procedure, level, day):
    procedure = made(make_procedure, name="Cấp phép thả diều", level=level("bo"))
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        effective_from=day("2025-07-01"),
    )
    before = search_procedures("cap phep tha dieu", on=day("2025-06-30")).results[0]
    after = search_procedures("cap phep tha dieu", on=day("2025-07-01")).results[0]
    assert before.handled_by == level("bo")
    assert after.handled_by == level("ubnd-tinh")


def test_a_scope_restricts_the_search(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều")
    other = made(make_procedure, name="Gia hạn phép thả diều")
    found = search_procedures("tha dieu", procedures=Procedure.objects.filter(pk=other.pk))
    assert [r.procedure for r in found.results] == [other]
    assert procedure.pk not in found.ids


def test_pages_do_not_overlap(make_procedure):
    for n in range(5):
        made(make_procedure, name=f"Cấp phép thả diều loại {n}")
    first = search_procedures("tha dieu", limit=2)
    second = search_procedures("tha dieu", limit=2, offset=2)
    assert len(first.results) == len(second.results) == 2
    assert not {r.procedure for r in first.results} & {r.procedure for r in second.results}
    assert first.count == second.count >= 5


@pytest.mark.parametrize("text", ["", "  ", "?!", "x" * 201])
def test_bad_queries_raise_query_error(text):
    with pytest.raises(QueryError):
        search_procedures(text)


@pytest.mark.parametrize(
    "text",
    ['"', "'", "*", "NEAR(a b)", "AND OR NOT", "a:b", "((", "%", "\\", "<script>", "name : x"],
)
def test_odd_characters_never_break_the_database_query(text):
    try:
        found = search_procedures(text)
    except QueryError as error:
        assert error.message  # refused with a reason, not a database error
    else:
        assert found.count == len(found.ids)


def test_suggestions_complete_the_word_being_typed(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều trên đê")

    def suggested(text):
        return [s.pk for s in suggest_names(text)]

    assert procedure.pk in suggested("tha die")
    assert procedure.pk in suggested("thả diề")
    # One letter too many is read as a typo (issue 14); a word no name word is near gives nothing.
    assert procedure.pk in suggested("tha dieux")
    assert procedure.pk not in suggested("tha dieuxyzw")
    first = suggest_names("tha die")[0]
    assert (first.code, first.name) == (procedure.code, procedure.name)
    assert first.get_absolute_url() == procedure.get_absolute_url()


@needs_reference
def test_suggestions_forgive_one_wrong_letter(make_procedure):
    from search.services import suggest_names

    exact = [s.code for s in suggest_names("giay phep buu chinh")]
    assert exact
    # The last word mistyped, then an earlier one: the same names come back.
    assert [s.code for s in suggest_names("giay phep buu chinj")] == exact
    assert [s.code for s in suggest_names("giay pheo buu chinh")] == exact
    # Words that are nobody's names give nothing, rather than anything.
    assert suggest_names("xyzqw khongco") == []


def test_suggestions_for_a_partial_code():
    suggested = [p.code for p in suggest_names("1.00544")]
    assert suggested and all(code.startswith("1.00544") for code in suggested)


@pytest.mark.postgres
def test_no_results_suggests_the_nearest_names_with_trigrams(make_procedure):
    procedure = made(make_procedure, name="Cấp phép thả diều trên đê")
    found = search_procedures("thadieutrendexq")  # no known words, no split into them
    assert found.results == []
    assert procedure in found.nearest


def test_words_a_name_has_only_in_its_exclusion_clause_count_against_it(make_procedure):
    ruled_out = made(make_procedure, name="Cấp phép thả diều sáo (trừ diều sáo trên đê biển)")
    wanted = made(make_procedure, name="Cấp phép thả diều trên đê biển")
    found = search_procedures("tha dieu sao tren de bien")
    assert [r.procedure for r in found.results[:2]] == [wanted, ruled_out]
    # Typed with its "trừ", the clause is what the official looks for.
    found = search_procedures("tha dieu sao tru dieu sao tren de bien")
    assert found.results[0].procedure == ruled_out


def test_a_name_ruling_out_every_name_word_is_not_the_only_candidate(make_procedure):
    # Only the ruling-out name has every word; names with some of them are searched as well.
    ruled_out = made(make_procedure, name="Cấp phép thả diều giấy (trừ diều sáo trên đê)")
    kite = made(make_procedure, name="Cấp phép thả diều sáo")
    found = search_procedures("tha dieu sao tren de")
    ids = [r.procedure.pk for r in found.results]
    assert ids.index(kite.pk) < ids.index(ruled_out.pk)


@needs_reference
def test_the_earth_stations_that_rule_out_gmdss_ships_do_not_answer_gmdss_ships():
    # Issue 15: 1.010301 and 1.010303 hold every word, but "GMDSS trên tàu biển" only in
    # "(trừ đài trái đất thuộc hệ thống GMDSS đặt trên tàu biển)".
    found = search_procedures("giấy phép đài trái đất GMDSS trên tàu biển")
    assert found.results
    assert not {"1.010301", "1.010303"} & set(codes(found, 3))


def test_the_words_as_one_run_outrank_the_same_words_split_by_a_comma(make_procedure):
    split = made(make_procedure, name="Cấp phép thả diều, sáo trên đê")
    run = made(make_procedure, name="Cấp phép thả diều sáo trên đê ngoài khu dân cư")
    found = search_procedures("tha dieu sao tren de")
    assert [r.procedure for r in found.results[:2]] == [run, split]
    assert found.results[0].procedure.name.startswith("Cấp phép thả diều sáo")


def test_names_lacking_a_word_rank_the_rest_as_one_run_above_the_rest_scattered(make_procedure):
    scattered = made(make_procedure, name="Cấp phép sáo trên đê thả diều")
    run = made(make_procedure, name="Cấp phép thả diều sáo trên đê")  # as long, made later
    found = search_procedures("tha dieu sao tren de ban dem")
    ids = [r.procedure.pk for r in found.results]
    assert run.pk in ids and scattered.pk in ids
    assert ids.index(run.pk) < ids.index(scattered.pk)


def test_the_procedure_an_exclusion_clause_points_to_answers_the_clauses_words(make_procedure):
    # "… (trừ trường hợp thuộc thẩm quyền của Bộ …)" rules out the ministry's procedure of the
    # same name: it is the one asked for with the clause's words.
    made(make_procedure, name="Cấp phép thả diều (trừ trường hợp thuộc thẩm quyền của Bộ)")
    ministry = made(make_procedure, name="Cấp phép thả diều")
    found = search_procedures("thả diều thuộc thẩm quyền của Bộ")
    assert found.results[0].procedure == ministry


def test_with_more_names_holding_the_words_than_are_ranked_the_words_in_a_row_are_found(
    make_procedure,
):
    # More names hold every word than are ranked (the shortest first): the one holding them as
    # typed, in a row, is long, but is found and comes first.
    ids = [make_procedure(name=f"Diều {i} sáo thả").pk for i in range(CAP + 5)]
    wanted = make_procedure(
        name="Cấp phép thả diều sáo trên đê biển ngoài khu dân cư tập trung ở miền Bắc"
    )
    refresh_procedures([*ids, wanted.pk])
    found = search_procedures("thả diều sáo")
    assert not found.count_is_exact
    assert found.results[0].procedure == wanted
