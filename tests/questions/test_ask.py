"""Asking: the two steps, similar answered questions, limits, attachments, escaped text."""

import datetime
import re
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from questions import services
from questions.attachments import QUESTION_MAX_BYTES, detect_type
from questions.models import Question
from tests.questions.conftest import EXE_BYTES

URL = "/cau-hoi/dat-cau-hoi/"
TITLE = "Doanh nghiep tru so chinh o tinh khac xin giay phep vien thong o dau"
BODY = "Doanh nghiep co tru so chinh o Ha Noi muon cung cap dich vu vien thong co dinh mat dat."


@pytest.fixture
def signed_in(client, asker):
    client.force_login(asker)
    return client


def form_data(**overrides):
    data = {"title": TITLE, "body": BODY, "step": "check"}
    data.update(overrides)
    return data


def test_first_step_shows_similar_answered_questions_typed_without_diacritics(signed_in):
    response = signed_in.post(URL, form_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["step"] == "review"
    # The published demo answer about the head-office province (Decree 133 Art. 4(1)).
    assert "Doanh nghiệp có trụ sở chính ở Hà Nội thì xin giấy phép viễn thông" in html
    assert 'name="attachment"' in html and "thông tin cá nhân của người dân" in html
    assert not Question.objects.filter(title=TITLE).exists()  # nothing sent yet


def test_first_step_offers_the_procedures_the_text_names(signed_in):
    response = signed_in.post(URL, form_data())
    offered = [choice[1] for choice in response.context["form"].fields["procedure"].widget.choices]
    assert any("viễn thông" in str(label) for label in offered)


def test_second_step_sends_and_redirects(signed_in, asker, telecom_procedure):
    response = signed_in.post(URL, form_data(step="send", procedure=telecom_procedure.pk))
    question = Question.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert (question.asker, question.procedure, question.status) == (
        asker,
        telecom_procedure,
        Question.Status.NEW,
    )


def test_coming_from_a_procedure_page_preselects_it(signed_in, telecom_procedure):
    html = signed_in.get(f"{URL}?thu_tuc={telecom_procedure.slug}").content.decode()
    assert telecom_procedure.name in html
    assert f'name="procedure" value="{telecom_procedure.pk}"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Ngắn", "ít nhất 10"),
        ("title", "x" * 201, "tối đa 200"),
        ("body", "Quá ngắn", "ít nhất 20"),
        ("body", "x" * 4001, "tối đa 4000"),
    ],
)
def test_length_limits_are_refused_and_the_text_is_kept(signed_in, field, value, message):
    data = form_data(step="send", **{field: value})
    response = signed_in.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    kept = BODY if field == "title" else TITLE
    assert kept in html  # what was typed is still there
    assert not Question.objects.filter(
        asker__username="canbo.xa.hanoi", title=data["title"]
    ).exists()


def test_daily_limit(signed_in, ask, settings):
    settings.QUESTIONS_DAILY_LIMIT = 2
    ask(title="Câu hỏi thứ nhất trong ngày hôm nay")
    ask(title="Câu hỏi thứ hai trong ngày hôm nay")
    with pytest.raises(ValidationError, match="giới hạn mỗi ngày"):
        ask(title="Câu hỏi thứ ba trong ngày hôm nay")
    response = signed_in.post(URL, form_data(step="send"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "giới hạn mỗi ngày" in html and TITLE in html and BODY in html
    assert not Question.objects.filter(title=TITLE).exists()


def test_the_daily_limit_counts_only_today(ask, settings):
    settings.QUESTIONS_DAILY_LIMIT = 1
    yesterday = ask(title="Câu hỏi gửi hôm qua về giấy phép")
    Question.objects.filter(pk=yesterday.pk).update(
        created_at=yesterday.created_at - datetime.timedelta(days=1)
    )
    assert ask(title="Câu hỏi gửi hôm nay về giấy phép").pk


@pytest.mark.parametrize("fixture", ["tiny.pdf", "tiny.png", "tiny.jpg"])
def test_real_small_pdf_png_jpeg_are_accepted(signed_in, upload, fixture):
    response = signed_in.post(URL, form_data(step="send", attachment=upload(fixture)))
    assert response.status_code == 302
    question = Question.objects.get(title=TITLE)
    expected = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    assert question.attachment_type == expected[fixture.rsplit(".", 1)[1]]
    assert question.attachment_name == fixture
    assert not question.attachment.name.endswith(fixture)  # stored under a random name


def test_the_type_comes_from_the_content_not_the_name(signed_in, upload):
    renamed_png = upload("tiny.png", name="cong-van.pdf", content_type="application/pdf")
    assert signed_in.post(URL, form_data(step="send", attachment=renamed_png)).status_code == 302
    assert Question.objects.get(title=TITLE).attachment_type == "image/png"
    assert detect_type(EXE_BYTES) == ""


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("cong-van.pdf", EXE_BYTES, "Chỉ nhận tệp PDF, JPEG hoặc PNG"),
        ("anh.png", b"<html><script>alert(1)</script></html>", "Chỉ nhận tệp PDF, JPEG hoặc PNG"),
        ("ghi-chu.jpg", "Chỉ là văn bản".encode(), "Chỉ nhận tệp PDF, JPEG hoặc PNG"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(signed_in, upload, name, content, why):
    response = signed_in.post(
        URL, form_data(step="send", attachment=upload(name=name, content=content))
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert why in html
    assert TITLE in html and BODY in html
    assert not Question.objects.filter(title=TITLE).exists()


def test_a_file_over_5_mb_is_refused(signed_in, upload):
    big = b"%PDF-1.4\n" + b"0" * QUESTION_MAX_BYTES  # a PDF header, and past 5 MB
    response = signed_in.post(
        URL, form_data(step="send", attachment=upload(name="lon.pdf", content=big))
    )
    assert response.status_code == 400
    assert "vượt quá giới hạn 5,0" in response.content.decode()
    assert not Question.objects.filter(title=TITLE).exists()


def test_the_service_refuses_a_renamed_executable_too(ask, upload):
    with pytest.raises(ValidationError, match="Chỉ nhận tệp PDF"):
        ask(attachment=upload(name="cong-van.pdf", content=EXE_BYTES))


def test_text_is_plain_and_escaped(client, ask, department):
    question = ask(
        title="<script>alert('x')</script> giấy phép",
        body="Dòng một <b>đậm</b>\nDòng hai <img src=x onerror=alert(1)>",
    )
    client.force_login(department)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<br>" in html  # line breaks are kept


def test_stored_text_is_nfc(ask):
    question = ask(title=unicodedata.normalize("NFD", "Giấy phép viễn thông ở tỉnh nào"))
    question.refresh_from_db()
    assert question.title == unicodedata.normalize("NFC", "Giấy phép viễn thông ở tỉnh nào")


def test_ministry_staff_cannot_ask(client, ministry):
    client.force_login(ministry)
    response = client.get(reverse("questions:create"))
    assert response.status_code == 403
    assert "Chỉ cán bộ cấp xã và cán bộ Sở" in response.content.decode()


def test_an_official_without_province_cannot_ask(make_official):
    from accounts import roles

    official = make_official(roles.COMMUNE_OFFICIAL, province_slug=None)
    with pytest.raises(PermissionDenied, match="gắn với một tỉnh"):
        services.question_ask(user=official, title="Câu hỏi không có tỉnh", body="x" * 30)


def test_the_procedure_list_offers_no_procedure_in_vietnamese_never_none(signed_in):
    html = signed_in.post(URL, form_data()).content.decode()
    assert "Không gắn thủ tục (câu hỏi chung)" in html
    assert not re.search(r">\s*None\s*<", html)


def test_a_procedure_brought_from_its_page_leaves_out_the_field_picker(
    signed_in, telecom_procedure
):
    html = signed_in.get(f"{URL}?thutuc={telecom_procedure.slug}").content.decode()
    assert 'name="field"' not in html
    # Without a procedure the field can be chosen.
    assert 'name="field"' in signed_in.get(URL).content.decode()


def test_the_field_picker_is_hidden_once_a_procedure_is_chosen(signed_in, telecom_procedure):
    chosen = signed_in.post(URL, form_data(procedure=telecom_procedure.pk)).content.decode()
    assert re.search(r'<div class="q-field-picker" hidden>', chosen)
    general = signed_in.post(URL, form_data()).content.decode()
    assert '<div class="q-field-picker">' in general


def test_the_consent_box_sits_right_before_its_label(signed_in):
    pages = [signed_in.get(URL), signed_in.post(URL, form_data())]
    for html in (page.content.decode() for page in pages):
        assert re.search(
            r'<input type="checkbox" name="show_identity" id="id_show_identity">\s*'
            r'<label for="id_show_identity">Đồng ý hiển thị',
            html,
        )


def test_after_sending_the_page_says_what_happens_next_and_by_when(
    signed_in, telecom_procedure, on_day
):
    on_day("2026-11-27")  # a Friday: ten working days later is Friday 11/12/2026
    response = signed_in.post(
        URL, form_data(step="send", procedure=telecom_procedure.pk), follow=True
    )
    html = response.content.decode()
    assert "Điều gì xảy ra tiếp theo" in html
    assert "10 ngày làm việc" in html
    assert '<time datetime="2026-12-11">11/12/2026</time>' in html


def test_the_what_next_note_goes_once_the_question_is_answered(client, answered):
    question = answered()
    client.force_login(question.asker)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Điều gì xảy ra tiếp theo" not in html
