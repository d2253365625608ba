def test_home_page_loads_in_chromium_and_passes_axe(site, page, axe_violations):
    page.goto(site.url + "/")
    assert page.locator("h1").inner_text()
    assert page.locator("input[type=search]").first.is_visible()
    assert axe_violations(page) == []


def test_search_without_diacritics_opens_the_procedure(site, page):
    page.goto(site.url + "/")
    page.fill("#home-q", "giay phep vien thong khong co ha tang")
    page.press("#home-q", "Enter")
    page.locator("ol.results a").first.click()
    assert "viễn thông" in page.locator("h1").inner_text()
