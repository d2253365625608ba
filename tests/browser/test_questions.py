"""The whole loop in Chromium: a commune official asks, the department answers, the ministry
publishes and promotes it to a handbook draft, and a reader finds it on the procedure page."""

from pathlib import Path

import pytest
from django.core import mail

from handbook.models import Revision
from procedures.models import Procedure
from questions.models import Question

FILES = Path(__file__).parent.parent / "questions" / "files"
TITLE = "Doanh nghiep o Da Nang co tru so chinh o Ha Noi xin giay phep vien thong o dau?"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(browser, base_url, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "camnang-demo-2025")
    page.click("form.q-form button[type=submit]")
    page.wait_for_url(f"{base_url}/cau-hoi/")
    return page


def test_ask_answer_publish_promote_read(site, browser, page, axe_violations, media):
    procedure = Procedure.objects.get(code="1.013899")

    # A commune official of Hà Nội asks, from the procedure page, typing without diacritics.
    asker = sign_in(browser, site.url, "canbo.xa.hanoi")
    asker.goto(f"{site.url}{procedure.get_absolute_url()}")
    asker.click("text=Đặt câu hỏi về thủ tục này")
    asker.fill("#id_title", TITLE)
    asker.fill(
        "#id_body",
        "Doanh nghiep cung cap dich vu vien thong co dinh mat dat, khong co ha tang mang, hoi "
        "phuong nen nop ho so o Da Nang hay Ha Noi.",
    )
    asker.click("form.q-form button:has-text('Tiếp tục')")
    similar = asker.locator("section[aria-labelledby=similar-h]")
    assert "trụ sở chính ở Hà Nội" in similar.inner_text()  # answered already: shown first
    assert axe_violations(asker) == []
    asker.set_input_files("#id_attachment", str(FILES / "tiny.pdf"))
    asker.click("form.q-form button:has-text('Gửi câu hỏi')")
    asker.wait_for_url(f"{site.url}/cau-hoi/*/")
    assert "Mới" in asker.locator("dl.facts").inner_text()
    question = Question.objects.get(title=TITLE)
    assert question.procedure == procedure and question.attachment_type == "application/pdf"

    # The department of Hà Nội takes it and answers; the asker is emailed.
    department = sign_in(browser, site.url, "canbo.so.hanoi")
    department.click(f"text={TITLE}")
    assert axe_violations(department) == []
    department.click("section[aria-labelledby=action-assign-h] button")
    department.fill(
        "#id_answer",
        "Nộp tại Hà Nội: UBND cấp tỉnh nơi doanh nghiệp đặt trụ sở chính cấp giấy phép "
        "(Nghị định 133/2025/NĐ-CP, Điều 4 khoản 1).",
    )
    department.click("button:has-text('Gửi câu trả lời')")
    assert "Đã trả lời" in department.locator("dl.facts").inner_text()
    assert [m.to for m in mail.outbox] == [["canbo.xa.hanoi@example.com"]]

    # The ministry publishes it (the asker did not agree to be named) and promotes it.
    ministry = sign_in(browser, site.url, "canbo.bo")
    ministry.goto(f"{site.url}{question.get_absolute_url()}")
    ministry.click("section[aria-labelledby=action-publish-h] button")
    assert "Đã công khai" in ministry.locator("dl.facts").inner_text()
    ministry.select_option("#id_section", "jurisdiction")
    ministry.click("button:has-text('Tạo bản nháp hướng dẫn')")
    assert "Đã tạo bản nháp hướng dẫn" in ministry.locator("dl.facts").inner_text()
    draft = Revision.objects.get(source_questions=question)
    assert (
        draft.status == Revision.Status.DRAFT and f"câu hỏi số {question.pk}" in draft.change_note
    )
    ministry.goto(f"{site.url}/cau-hoi/thong-ke/")
    assert "Thủ tục được hỏi nhiều nhất" in ministry.content()
    assert axe_violations(ministry) == []

    # A reader who is not signed in finds it on the procedure page, without the asker's name.
    page.goto(f"{site.url}{procedure.get_absolute_url()}")
    faq = page.locator("section[aria-labelledby=faq-h]")
    faq.locator(f"text={TITLE}").click()
    assert "Điều 4 khoản 1" in page.locator("main").inner_text()
    assert "Cán bộ xã Hà Nội" not in page.content()
    assert axe_violations(page) == []
    page.goto(f"{site.url}/hoi-dap/?q=tru+so+chinh+ha+noi")
    assert TITLE in page.locator("main").inner_text()
    page.goto(f"{site.url}/giai-dap-truc-tuyen/")
    assert axe_violations(page) == []
