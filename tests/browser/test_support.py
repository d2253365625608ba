"""Supporting a locality, in Chromium: a ministry officer records a visit to Hà Nội's department
(an assessment, a trial dossier, a follow-up) in the admin; the department sees its follow-ups
and marks one done; a commune official practises a procedure; the overview shows Hà Nội's
change; Đà Nẵng's department cannot open Hà Nội's page."""

import datetime

from django.utils import timezone

from procedures.models import Procedure
from support import practice
from support.models import Assessment, FollowUp, Proficiency, TrialDossier
from tests.browser.conftest import login

FOLLOW_UP = "Cập nhật quy trình nội bộ sau đợt công tác (thử)"


def pick(page, select_id, text):
    """Choose ``text`` in the admin's autocomplete (select2) field ``select_id``."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def new_page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_visit_follow_up_practice_overview(site, browser, page, axe_violations):
    procedure = Procedure.objects.get(code="1.013899")
    today = timezone.localdate()
    day = (today - datetime.timedelta(days=1)).isoformat()

    # The ministry officer records the visit, with an assessment, a trial dossier, a follow-up.
    login(page, site.url, "canbo.bo")
    page.goto(f"{site.url}/quan-tri/support/fieldvisit/add/")
    pick(page, "id_unit", "Cục Viễn thông")
    page.fill("#id_members", "Thành viên thử 1\nThành viên thử 2")
    page.fill("#id_starts_on", day)
    page.fill("#id_ends_on", day)
    pick(page, "id_province", "Hà Nội")
    pick(page, "id_assessments-0-procedure", "1.013899")
    for dimension in ("staff", "conditions", "systems", "documents"):
        page.select_option(f"#id_assessments-0-{dimension}", "dap_ung")
    page.fill("#id_assessments-0-staff_note", "Cán bộ tự tiếp nhận và thẩm định được.")
    pick(page, "id_trial_dossiers-0-procedure", "1.013899")
    page.fill("#id_trial_dossiers-0-went_well", "Kiểm tra đủ thành phần hồ sơ.")
    page.fill("#id_trial_dossiers-0-errors_found", "Nhầm mẫu đơn cũ.")
    page.fill("#id_follow_ups-0-title", FOLLOW_UP)
    page.select_option("#id_follow_ups-0-owner", "so")
    page.fill("#id_follow_ups-0-due_on", (today + datetime.timedelta(days=14)).isoformat())
    page.click("input[name=_save]")
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    page.wait_for_url(f"{site.url}/quan-tri/support/fieldvisit/")
    assessment = Assessment.objects.get(
        procedure=procedure, assessed_on=today - datetime.timedelta(days=1)
    )
    assert assessment.is_latest and assessment.province.slug == "ha-noi"
    assert assessment.created_by.username == "canbo.bo"
    assert TrialDossier.objects.filter(visit=assessment.visit, errors_found="Nhầm mẫu đơn cũ.")

    # The department of Hà Nội sees its follow-ups (the demo ones too) and marks ours done.
    department = new_page(browser)
    login(department, site.url, "canbo.so.hanoi")
    department.goto(f"{site.url}/ho-tro-dia-phuong/")
    department.wait_for_url(f"{site.url}/ho-tro-dia-phuong/ha-noi/")
    section = department.locator("#viec-can-lam")
    assert FOLLOW_UP in section.inner_text()
    assert "quá hạn" in section.inner_text()  # a demo follow-up is past its due date
    assert axe_violations(department) == []
    department.click(f"button[aria-label='Đánh dấu hoàn thành: {FOLLOW_UP}']")
    assert "Đã đánh dấu hoàn thành" in department.locator("p.s-ok").inner_text()
    assert FollowUp.objects.get(title=FOLLOW_UP).status == FollowUp.Status.DONE

    # A commune official practises the procedure from its page and answers from the record. The
    # browser tests load the fixtures without the national records, and after 1 March 2027 no
    # decree confirms the level: give the record a dossier, and a similar record one for the wrong
    # options, so that the self-check has something to ask whatever the day and the test order.
    Procedure.objects.filter(pk=procedure.pk).update(
        dossier=[{"name": "Đơn đề nghị cấp giấy phép"}, {"name": "Kế hoạch kỹ thuật"}]
    )
    Procedure.objects.create(
        name="Thủ tục tương tự để làm phương án sai",
        slug="thu-tuc-tuong-tu-de-lam-phuong-an-sai",
        field=procedure.field,
        status=Procedure.Status.IN_FORCE,
        dossier=[{"name": "Bản sao giấy chứng nhận đăng ký doanh nghiệp"}],
    )
    procedure.refresh_from_db()
    official = new_page(browser)
    login(official, site.url, "canbo.xa.hanoi")
    official.goto(f"{site.url}{procedure.get_absolute_url()}")
    official.click("text=Làm thử: tự kiểm tra nghiệp vụ")
    assert axe_violations(official) == []
    questions = practice.build(procedure, on=today)
    assert questions
    for question in questions:
        for key in question.answer:
            official.check(f"#{question.key}-{key}")
    official.click("button:has-text('Nộp bài')")
    result = official.locator("p.s-ok, p.s-alert").first.inner_text()
    assert f"đúng {len(questions)}/{len(questions)}" in result
    level = Proficiency.objects.get(official__username="canbo.xa.hanoi", procedure=procedure)
    assert level.level in (Proficiency.Level.PRACTISED, Proficiency.Level.ASSISTED)

    # The overview shows Hà Nội's change: "đáp ứng" this month, after "một phần" in the demo's.
    page.goto(f"{site.url}/ho-tro-dia-phuong/?linh-vuc={procedure.field.slug}")
    assert "minh họa" in page.locator(".s-demo").inner_text()
    months = page.locator("section[aria-labelledby=month-h] tr", has_text="Hà Nội")
    assert "100% (1/1)" in months.inner_text()
    assert axe_violations(page) == []
    page.goto(f"{site.url}/ho-tro-dia-phuong/ban-in/")
    assert "Báo cáo mức sẵn sàng" in page.locator("h1").inner_text()

    # Đà Nẵng's department cannot open Hà Nội's page.
    other = new_page(browser)
    login(other, site.url, "canbo.so.danang")
    response = other.goto(f"{site.url}/ho-tro-dia-phuong/ha-noi/")
    assert response.status in (403, 404)
