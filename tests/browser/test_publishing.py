"""Publishing end to end: a department drafts and submits, a ministry publisher compares and
publishes, a reader sees the change note and the word diff."""

from handbook.models import Guidance, Revision
from tests.browser.conftest import login

CODE = "1.013899"
NOTE = "Bổ sung lỗi thường gặp khi kiểm tra Mẫu số 06"
ADDED = "Đơn chưa có chữ ký của người đại diện theo pháp luật."


def new_page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_department_drafts_publisher_publishes_reader_sees_it(site, browser, axe_violations):
    guidance = Guidance.objects.select_related("procedure").get(procedure__code=CODE)

    # Cán bộ Sở Hà Nội: a new draft from the live text, one error added, submitted for review.
    department = new_page(browser)
    login(department, site.url, "canbo.so.hanoi")
    department.goto(f"{site.url}/quan-tri/handbook/guidance/{guidance.pk}/change/")
    department.click("#start-national-draft")
    department.wait_for_url("**/handbook/revision/*/change/")
    errors = department.locator("#id_common_errors")
    errors.fill(errors.input_value() + "\n- " + ADDED)
    department.fill("#id_change_note", NOTE)
    department.click("input[name=_continue]")
    department.click("a.workflow-submit")
    department.click("input[name=confirm]")
    assert "Chờ duyệt" in department.locator(".handbook-notice.info").inner_text()
    draft = Revision.objects.get(guidance=guidance, status=Revision.Status.IN_REVIEW)
    assert draft.author.username == "canbo.so.hanoi"
    department.context.close()

    # Cán bộ Bộ: from the review queue, compare with the live revision, then publish.
    publisher = new_page(browser)
    login(publisher, site.url, "canbo.bo")
    publisher.goto(f"{site.url}/quan-tri/handbook/revisioninreview/")
    publisher.get_by_role("link", name="so sánh với bản đang áp dụng").first.click()
    assert ADDED in publisher.locator(".diff ins").first.inner_text()
    assert publisher.locator("#draft-change-note").inner_text() == NOTE
    publisher.click("a.workflow-publish")
    publisher.click("input[name=confirm]")
    assert "Đang áp dụng" in publisher.locator(".handbook-notice.info").inner_text()
    publisher.context.close()

    # A reader: the change note in "Lịch sử cập nhật", then the word diff.
    reader = new_page(browser)
    reader.goto(site.url + guidance.procedure.get_absolute_url())
    history = reader.locator("#lich-su-cap-nhat")
    assert NOTE in history.inner_text()
    assert ADDED in reader.locator("section[aria-labelledby=guidance-h]").inner_text()
    assert axe_violations(reader) == []
    history.get_by_role("link", name="xem thay đổi").first.click()
    assert reader.locator("#change-note").inner_text() == NOTE
    assert ADDED in reader.locator(".diff ins").first.inner_text()
    assert axe_violations(reader) == []
    reader.context.close()
