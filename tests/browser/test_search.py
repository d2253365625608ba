"""Search in the browser: suggestions as the official types, and an accessible results page."""


def test_suggestions_appear_and_open_a_procedure_with_the_keyboard(site, page):
    # The live server holds the project's fixtures only (see tests/browser/conftest.py).
    page.goto(site.url + "/")
    page.fill("#home-q", "gia han giay phep tan so nghiep d")
    options = page.locator("#home-q ~ ul.suggestions li[role=option]")
    options.first.wait_for()
    assert page.get_attribute("#home-q", "aria-expanded") == "true"
    assert "Gia hạn giấy phép" in options.first.inner_text()
    page.press("#home-q", "ArrowDown")
    assert page.get_attribute("#home-q", "aria-activedescendant") == options.first.get_attribute(
        "id"
    )
    page.press("#home-q", "Enter")
    page.wait_for_url("**/thu-tuc/**")
    assert "nghiệp dư" in page.locator("h1").inner_text()


def test_suggestions_forgive_a_mistyped_letter_and_say_who_handles_each(site, page):
    page.goto(site.url + "/")
    # "vien thonh": one wrong letter in the word being typed.
    page.fill("#home-q", "cap giay phep vien thonh")
    options = page.locator("#home-q ~ ul.suggestions li[role=option]")
    options.first.wait_for()
    assert "viễn thông" in options.first.inner_text()
    handlers = [options.nth(i).inner_text() for i in range(options.count())]
    assert any(
        "Ủy ban nhân dân cấp tỉnh" in text or "chưa xác nhận" in text for text in handlers
    ), handlers


def test_the_form_still_searches_without_choosing_a_suggestion(site, page):
    page.goto(site.url + "/")
    page.fill("#home-q", "giay phep vien thong")
    page.locator("#home-q ~ ul.suggestions li[role=option]").first.wait_for()
    page.press("#home-q", "Escape")  # closes the list and keeps the words
    assert page.get_attribute("#home-q", "aria-expanded") == "false"
    assert page.input_value("#home-q") == "giay phep vien thong"
    page.press("#home-q", "Enter")
    page.wait_for_url("**/tim-kiem/**")
    assert page.locator("ol.results li").count() > 1


def test_the_results_page_passes_axe(site, page, axe_violations):
    page.goto(site.url + "/tim-kiem/?q=giay+phep+vien+thong")
    assert page.locator("ol.results mark").count() > 0
    assert axe_violations(page) == []


def test_a_form_error_page_passes_axe(site, page, axe_violations):
    page.goto(site.url + "/tim-kiem/?q=giay&field=khong-co")
    assert page.locator("[role=alert]").is_visible()
    assert axe_violations(page) == []
