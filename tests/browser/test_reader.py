"""A commune official's path through the portal, in Chromium, and axe-core on every reader page."""

import pytest
from playwright.sync_api import expect

from procedures.models import LegalDocument, Procedure

TELECOM = "1.013899"


def procedure_url(site) -> str:
    return site.url + Procedure.objects.get(code=TELECOM).get_absolute_url()


def reader_pages(site) -> dict[str, str]:
    return {
        "home": site.url + "/",
        "search results": site.url + "/tim-kiem/?q=giay+phep+vien+thong",
        "procedure": procedure_url(site),
        "level": site.url + "/cap/ubnd-tinh/",
        "level on a date": site.url + "/cap/bo/?ngay=2025-06-30",
        "document": site.url
        + LegalDocument.objects.get(number="133/2025/NĐ-CP").get_absolute_url(),
        "field": site.url + "/linh-vuc/vien-thong-va-internet/",
        "province": site.url + "/tinh/ha-noi/",
        "province chooser": site.url + "/chon-tinh/",
        "print": site.url + "/linh-vuc/vien-thong-va-internet/ban-in/",
        "accessibility statement": site.url + "/tiep-can/",
        "questions and answers": site.url + "/hoi-dap/",
        "online sessions": site.url + "/giai-dap-truc-tuyen/",
        "open data": site.url + "/du-lieu/",
        "API documentation": site.url + "/api/docs",
        "not found": site.url + "/thu-tuc/khong-co/",
    }


def test_search_without_diacritics_open_a_result_and_read_the_delegation(site, page):
    page.goto(site.url + "/")
    page.fill("#home-q", "cap giay phep vien thong khong co ha tang")
    page.press("#home-q", "Enter")
    page.get_by_role("link", name=Procedure.objects.get(code=TELECOM).name, exact=True).click()
    expect(page.locator("h1")).to_contain_text("viễn thông không có hạ tầng mạng")
    timeline = page.locator("#delegation-h + ol.timeline")
    expect(timeline).to_contain_text("Từ 01/07/2025: Bộ → UBND cấp tỉnh")
    expect(timeline).to_contain_text("133/2025/NĐ-CP")
    expect(timeline).to_contain_text("Điều 4 khoản 1")
    # the legal basis opens the document page, article by article
    timeline.get_by_role("link", name="Nghị định 133/2025/NĐ-CP").click()
    expect(page.get_by_role("heading", name="Điều 4 khoản 1")).to_be_visible()


def test_choose_a_province_and_see_it_remembered(site, page):
    page.goto(procedure_url(site))
    page.locator(".site-nav").get_by_role("link", name="Chọn tỉnh của bạn").click()
    page.select_option("#id_tinh", "ha-noi")
    page.get_by_role("button", name="Lưu lựa chọn").click()
    # back on the procedure page, which now shows the choice
    expect(page.locator("h1")).to_contain_text("viễn thông")
    expect(page.locator(".province-line")).to_contain_text("Đang xem cho Hà Nội.")
    page.goto(site.url + "/")
    expect(page.locator(".site-nav")).to_contain_text("Tỉnh của bạn: Hà Nội")


def test_open_the_print_view_of_a_field(site, page):
    page.goto(site.url + "/linh-vuc/vien-thong-va-internet/")
    page.get_by_role("link", name="In hướng dẫn của lĩnh vực này").click()
    expect(page.locator("h1")).to_contain_text("lĩnh vực Viễn thông và Internet")
    expect(page.get_by_role("heading", name="Mục lục")).to_be_visible()
    # JavaScript only adds the print button; the page is complete without it
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()
    first = page.locator(".toc ol a").first
    target = first.get_attribute("href")
    first.click()
    expect(page.locator(target)).to_be_in_viewport()


def test_printing_hides_the_site_menu_and_footer(site, page):
    page.goto(site.url + "/")
    expect(page.locator(".site-nav")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()


def test_switch_to_english(site, page):
    page.goto(procedure_url(site))
    page.select_option("#language", "en")
    page.locator(".language-switch").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#guidance-h")).to_have_text("Operational guidance")
    expect(page.locator("h1")).to_contain_text("viễn thông")  # the data stays as recorded


def test_level_page_on_another_date(site, page):
    page.goto(site.url + "/cap/bo/")
    page.fill("#id_ngay", "2025-06-30")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(".summary")).to_contain_text("Ngày 30/06/2025")
    expect(page.get_by_role("link", name=Procedure.objects.get(code=TELECOM).name)).to_be_visible()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "search results",
        "procedure",
        "level",
        "level on a date",
        "document",
        "field",
        "province",
        "province chooser",
        "print",
        "questions and answers",
        "online sessions",
        "open data",
        "API documentation",
        "not found",
    ],
)
def test_axe_finds_no_violations(site, page, axe_violations, name):
    page.goto(reader_pages(site)[name])
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("width", "why"), [(360, "a small phone"), (640, "200% zoom of a 1280 px window")]
)
def test_pages_fit_narrow_screens_without_sideways_scrolling(site, browser, width, why):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for name, url in reader_pages(site).items():
            page.goto(url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on {why}"
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(375, 667), (1280, 800)])
def test_the_answer_box_is_in_the_first_screen(site, browser, on_day, width, height):
    """Who handles it, since when and on what basis: read without scrolling (issue 14)."""
    on_day("2026-11-27")  # a day Decree 133 applies (CI also runs after 1 March 2027)
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(procedure_url(site))
        answer = page.locator(".answer-box")
        handler = answer.locator("dd").first
        expect(handler).to_contain_text("Ủy ban nhân dân cấp tỉnh")
        expect(handler).to_contain_text("133/2025/NĐ-CP")
        box = handler.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
        # It comes before the legal-change warnings and the record.
        assert page.evaluate(
            "document.querySelector('.answer-box').compareDocumentPosition("
            "document.querySelector('#record-h')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
    finally:
        context.close()


def test_the_menu_folds_behind_one_button_on_a_phone(site, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 667})
    page = context.new_page()
    try:
        page.goto(site.url + "/")
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        faq = page.locator(".site-nav").get_by_role("link", name="Hỏi đáp")
        expect(faq).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(faq).to_be_visible()
    finally:
        context.close()
