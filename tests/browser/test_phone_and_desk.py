"""Issue 14's paths on a 375 px phone and a 1280 px desk: the one-page printout, the search
filters at the top, asking and reading what happens next, the department's "Việc cần làm"
leading to an answer."""

import re

import pytest
from playwright.sync_api import expect

from procedures.models import Procedure
from questions.models import Question

TELECOM = "1.013899"
SCREENS = [(375, 667), (1280, 800)]


@pytest.fixture
def screen(browser, request):
    """New pages of the parametrized size; closed after the test."""
    contexts = []

    def new_page(width, height):
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield new_page
    for context in contexts:
        context.close()


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "camnang-demo-2025")
    page.click("form.q-form button[type=submit]")
    page.wait_for_url(f"{base_url}/cau-hoi/")


def sideways(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_one_page_printout_from_the_procedure_page(site, screen, axe_violations, width, height):
    page = screen(width, height)
    procedure = Procedure.objects.get(code=TELECOM)
    page.goto(site.url + procedure.get_absolute_url())
    page.get_by_role("link", name="Bản in một trang (danh mục hồ sơ, mã QR)").click()
    page.wait_for_url(f"**{procedure.get_absolute_url()}ban-in/")
    expect(page.locator("h1")).to_have_text(procedure.name)
    expect(page.locator(".answer-box")).to_be_visible()
    qr = page.get_by_role("img", name="Mã QR: mở trang của thủ tục này")
    # The QR code is for paper: a phone already is on the page, so it is left out there.
    if width < 640:
        expect(qr).to_be_hidden()
    else:
        expect(qr).to_be_visible()
    expect(page.locator("#checklist-h")).to_be_visible()
    assert sideways(page) <= 0
    assert axe_violations(page) == []
    # On paper: the toolbar goes; the checklist and the QR code stay.
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    expect(page.locator("#checklist-h")).to_be_visible()
    expect(qr).to_be_visible()


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_search_filters_are_at_the_top_on_a_phone_and_beside_the_results_on_a_desk(
    site, screen, width, height
):
    page = screen(width, height)
    page.goto(site.url + "/tim-kiem/?q=giay+phep+vien+thong")
    summary = page.locator(".filters-disclosure > summary")
    first_result = page.locator("ol.results > li").first
    field_filter = page.locator(".search-filters .facet a").first
    if width < 700:
        # Folded above the results: one tap away, without scrolling past them.
        expect(field_filter).to_be_hidden()
        assert summary.bounding_box()["y"] < first_result.bounding_box()["y"]
        assert summary.bounding_box()["y"] < height
        summary.click()
        expect(field_filter).to_be_visible()
    else:
        # Open in the right-hand column.
        expect(field_filter).to_be_visible()
        assert summary.bounding_box()["x"] > first_result.bounding_box()["x"]
    field_filter.click()
    # The filter applies; the summary says one is chosen (folded again on the phone, so that
    # the narrowed results come first).
    expect(page.locator(".search-filters strong[aria-current=true]")).to_have_count(1)
    expect(page.locator(".filters-disclosure > summary")).to_contain_text("1 bộ lọc đang chọn")


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_ask_read_what_next_then_the_department_answers_from_its_tasks(
    site, screen, axe_violations, width, height
):
    procedure = Procedure.objects.get(code=TELECOM)
    title = f"Hoi ve noi nop ho so giay phep vien thong ({width} px)"

    # A commune official asks from the procedure page and reads what happens next, and by when.
    asker = screen(width, height)
    sign_in(asker, site.url, "canbo.xa.hanoi")
    asker.goto(site.url + procedure.get_absolute_url())
    asker.click("text=Đặt câu hỏi về thủ tục này")
    asker.fill("#id_title", title)
    asker.fill("#id_body", "Doanh nghiep co tru so chinh o Ha Noi thi nop ho so o dau?")
    asker.click("form.q-form button:has-text('Tiếp tục')")
    asker.click("form.q-form button:has-text('Gửi câu hỏi')")
    asker.wait_for_url(f"{site.url}/cau-hoi/*/")
    next_steps = asker.locator("section[aria-labelledby=next-h]")
    expect(next_steps).to_be_visible()
    expect(next_steps).to_contain_text("10 ngày làm việc")
    due = next_steps.locator("time")
    expect(due).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    assert next_steps.bounding_box()["y"] < height  # read without scrolling
    assert sideways(asker) <= 0
    assert axe_violations(asker) == []
    question = Question.objects.get(title=title)

    # The department of Hà Nội opens the admin: its tasks lead to the question; it answers.
    department = screen(width, height)
    department.goto(f"{site.url}/quan-tri/login/")
    department.fill("#id_username", "canbo.so.hanoi")
    department.fill("#id_password", "camnang-demo-2025")
    department.click("input[type=submit]")
    tasks = department.locator("section.camnang-tasks")
    expect(tasks.locator("h2")).to_have_text("Việc cần làm")
    tasks.get_by_role("link", name="Câu hỏi mới, chưa ai nhận").click()
    department.click(f"text={title}")
    department.fill("#id_answer", "Nộp tại UBND tỉnh nơi doanh nghiệp đặt trụ sở chính (Hà Nội).")
    department.click("section[aria-labelledby=action-answer-h] button")
    expect(department.locator("dl.facts")).to_contain_text("Đã trả lời")
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.assignee.username == "canbo.so.hanoi"  # answering assigns it
