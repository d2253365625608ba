"""An official's wording turned into a synonym of the procedure the question was answered with
(issue 15): the pair offered, and the admin's filled-in form for staff who edit synonyms."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from procedures.models import Procedure
from questions.wording import alias, suggest_pair
from search.models import Synonym
from search.services import search_procedures
from tests.conftest import needs_reference


@pytest.mark.parametrize(
    ("question", "name", "pair"),
    [
        ("Đăng ký logo cho công ty ở đâu?", "Thủ tục đăng ký nhãn hiệu", ("logo", "nhãn hiệu")),
        (
            "Làm lại giấy phép bưu chính bị mất thì nộp ở đâu?",
            "Cấp lại giấy phép bưu chính khi bị mất hoặc hư hỏng",
            ("làm lại", "cấp lại"),
        ),
        # Said as the record says it, or with words the name lacks and nothing in their place.
        ("Cấp giấy phép bưu chính nội tỉnh ở đâu?", "Cấp giấy phép bưu chính (nội tỉnh)", ("", "")),
        ("Giấy tờ đăng ký sáng chế gồm những gì?", "Thủ tục đăng ký sáng chế", ("", "")),
    ],
)
def test_the_pair_offered_is_where_the_wording_and_the_name_differ(question, name, pair):
    assert suggest_pair(question, name) == pair


def test_the_wording_as_another_name_drops_the_words_of_asking():
    assert alias("Mở bưu cục trong tỉnh cần giấy phép gì?") == "mở bưu cục trong tỉnh giấy phép"
    assert alias("Ở đâu?") == ""
    assert alias("Doanh nghiệp " * 10 + "?") == ""  # too long for the table


def links(page: str) -> dict[str, str]:
    """The abbreviation form's addresses on ``page``: {"term": ..., "meaning": ...} each."""
    add = reverse("admin:search_synonym_add")
    found = {}
    for part in page.split('href="')[1:]:
        url = part.split('"')[0].replace("&amp;", "&")
        if url.startswith(add + "?"):
            values = parse_qs(urlparse(url).query)
            found[values["term"][0]] = url
    return found


@needs_reference
def test_staff_turn_a_questions_wording_into_another_name_of_its_procedure(
    client, answered, ministry
):
    procedure = Procedure.objects.get(code="1.003659")
    question = answered(title="Mở bưu cục trong tỉnh cần giấy phép gì?", procedure=procedure)
    before = search_procedures("mở bưu cục trong tỉnh giấy phép").results
    assert not before or before[0].procedure != procedure
    client.force_login(ministry)
    page = client.get(reverse("admin:questions_question_changelist"), {"cach-hoi": "goi-y"})
    offered = links(page.content.decode())
    assert "mở bưu cục trong tỉnh giấy phép" in offered
    # The form opens filled in; staff save it as it is.
    form = client.get(offered["mở bưu cục trong tỉnh giấy phép"])
    initial = form.context["adminform"].form.initial
    assert initial["meaning"] == procedure.name
    assert question.title in initial["note"]
    response = client.post(
        reverse("admin:search_synonym_add"),
        {"term": initial["term"], "meaning": initial["meaning"], "note": initial["note"]},
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(term="mở bưu cục trong tỉnh giấy phép").exists()
    found = search_procedures("mở bưu cục trong tỉnh giấy phép")
    assert found.results[0].procedure == procedure


@needs_reference
def test_the_change_form_offers_the_pair_and_the_list_leaves_out_unanswered_questions(
    client, ask, answered, ministry
):
    brand = Procedure.objects.get(code="1.015002")
    done = answered(title="Đăng ký logo cho công ty ở đâu?", procedure=brand)
    waiting = ask(title="Đăng ký logo cho hợp tác xã ở đâu?", procedure=brand)
    client.force_login(ministry)
    form = client.get(reverse("admin:questions_question_change", args=[done.pk]))
    assert "logo" in links(form.content.decode())
    page = client.get(reverse("admin:questions_question_changelist"), {"cach-hoi": "goi-y"})
    assert waiting.title not in page.content.decode()
    assert done.title in page.content.decode()


@needs_reference
def test_staff_who_may_not_edit_synonyms_are_offered_none(client, answered, department):
    answered(
        title="Đăng ký logo cho công ty ở đâu?", procedure=Procedure.objects.get(code="1.015002")
    )
    client.force_login(department)
    assert not department.has_perm("search.add_synonym")
    page = client.get(reverse("admin:questions_question_changelist"))
    assert page.status_code == 200
    assert "Gợi ý từ đồng nghĩa" not in page.content.decode()
    assert not links(page.content.decode())
