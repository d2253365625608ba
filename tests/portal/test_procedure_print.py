"""A procedure's one-page printout and its PDF (issue 14): the answer box, the dossier to check
with a box beside each item, the time limit, the sources and a QR code back to the page."""

from io import StringIO
from unittest import mock

import pytest
import segno
from django.core.management import call_command
from weasyprint import HTML

from handbook.models import Revision
from portal.views import printing
from procedures.models import Procedure

S = Revision.Status
TELECOM = "1.013899"


@pytest.fixture(autouse=True)
def pdf_root(settings, tmp_path):
    settings.CAMNANG_PDF_ROOT = tmp_path / "pdf"
    return settings.CAMNANG_PDF_ROOT


def printout(client, procedure, **params):
    response = client.get(f"{procedure.get_absolute_url()}ban-in/", params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pages(html: str) -> int:
    return len(HTML(string=html, base_url="http://testserver/").render().pages)


CHECKLIST = """- [ ] Đơn đề nghị theo **Mẫu số 06** (1 bản chính).
- [ ] Kế hoạch kinh doanh và kỹ thuật (1 bản chính).
- [ ] Giấy chứng nhận đăng ký doanh nghiệp."""


def test_the_printout_holds_the_answer_the_checklist_and_the_way_back(
    client, on_day, publish_guidance
):
    on_day("2026-11-27")  # Decree 133 applies: the province handles it
    telecom = Procedure.objects.get(code=TELECOM)
    # Its own guidance, published on the day printed: CI also runs the suite as of a later day,
    # when the seeded guidance is published after 27/11/2026.
    Revision.objects.filter(guidance__procedure=telecom).delete()
    publish_guidance(telecom, dossier_checklist=CHECKLIST, clock="- Xét cấp: **05 ngày làm việc**.")
    html = printout(client, telecom)
    answer = html.split('<section class="answer-box"')[1].split("</section>")[0]
    assert "Ủy ban nhân dân cấp tỉnh" in answer and "133/2025/NĐ-CP" in answer
    # The guidance's dossier checklist, each item with its tick box.
    checklist = html.split('id="checklist-h"')[1].split("</section>")[0]
    assert checklist.count('<li class="task">') == 3 and "Mẫu số 06" in checklist
    assert "Theo hướng dẫn nghiệp vụ xuất bản ngày 27/11/2026" in checklist
    limits = html.split('id="limits-h"')[1].split("</section>")[0]
    assert telecom.time_limit_display in limits and "05 ngày làm việc" in limits
    # The QR code and the printed link lead to the procedure's page, not to the print.
    page = f"http://testserver{telecom.get_absolute_url()}"
    qr = segno.make(page, error="m").svg_inline(scale=2, border=2, omitsize=False)
    assert qr in html and f'<a href="{page}">{page}</a>' in html
    assert 'aria-label="Mã QR: mở trang của thủ tục này"' in html
    assert "In ngày 27/11/2026" in html and "bản ghi thủ tục theo nguồn ngày" in html


def test_every_guided_procedure_prints_on_one_page(client):
    # As of the suite's day, when the seeded guidance is published (its checklist is printed).
    guided = Procedure.objects.filter(
        guidance__revisions__status=S.PUBLISHED, guidance__revisions__province=None
    ).distinct()
    assert guided.count() >= 20
    counts = {p.code or p.slug: pages(printout(client, p)) for p in guided}
    assert set(counts.values()) == {1}, counts


def test_without_guidance_the_record_dossier_is_the_checklist(client, on_day):
    on_day("2026-11-27")
    procedure = Procedure.objects.filter(guidance=None).exclude(dossier=[]).order_by("code").first()
    html = printout(client, procedure)
    checklist = html.split('id="checklist-h"')[1].split("</section>")[0]
    assert '<ul class="print-checklist' in checklist
    assert checklist.count("<li>") == len(procedure.dossier)
    assert procedure.dossier[0]["name"][:40] in checklist
    assert "Theo thành phần hồ sơ trong bản ghi thủ tục." in checklist
    assert "chưa có hướng dẫn nghiệp vụ" in html


def test_a_long_record_dossier_is_printed_whole(client, on_day):
    on_day("2026-11-27")
    longest = max(Procedure.objects.filter(guidance=None), key=lambda p: len(p.dossier or []))
    html = printout(client, longest)
    assert "two-columns" in html
    checklist = html.split('id="checklist-h"')[1].split("</section>")[0]
    assert checklist.count("<li>") == len(longest.dossier)


def test_the_province_note_is_printed_only_when_the_url_names_the_province(
    client, settings, guidance, make_revision, users, hanoi
):
    make_revision(guidance, status=S.PUBLISHED, text="Toàn quốc")
    make_revision(
        guidance,
        status=S.PUBLISHED,
        province=hanoi,
        author=users["dept_a"],
        text="Nộp tại số 1 Tràng Thi",
    )
    chosen = printout(client, guidance.procedure, tinh="ha-noi")
    assert "Ghi chú riêng của Hà Nội" in chosen and "Nộp tại số 1 Tràng Thi" in chosen
    assert f"{guidance.procedure.get_absolute_url()}?tinh=ha-noi" in chosen  # the way back
    # The reader's cookie does not change a printout: what is printed is what the URL says.
    client.cookies[settings.CAMNANG_PROVINCE_COOKIE] = "ha-noi"
    assert "Tràng Thi" not in printout(client, guidance.procedure)


def test_the_procedure_page_links_to_its_printout_for_the_same_day_and_province(client):
    telecom = Procedure.objects.get(code=TELECOM)
    html = client.get(telecom.get_absolute_url(), {"ngay": "2025-06-30", "tinh": "ha-noi"})
    url = telecom.get_absolute_url()
    assert f'href="{url}ban-in/?ngay=2025-06-30&amp;tinh=ha-noi"' in html.content.decode()
    assert f'href="{url}ban-in/"' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [({"ngay": "2025-02-30"}, "Ngày không hợp lệ"), ({"tinh": "atlantis"}, "tỉnh")],
)
def test_bad_parameters_are_a_400_with_the_reason(client, params, message):
    telecom = Procedure.objects.get(code=TELECOM)
    response = client.get(f"{telecom.get_absolute_url()}ban-in/", params)
    assert response.status_code == 400 and message in response.content.decode()


def test_an_unknown_procedure_has_no_printout(client):
    assert client.get("/thu-tuc/khong-co-thu-tuc-nay/ban-in/").status_code == 404


def test_the_pdf_is_built_ahead_and_served_as_a_file(client, on_day, pdf_root):
    on_day("2026-11-27")
    telecom = Procedure.objects.get(code=TELECOM)
    url = f"{telecom.get_absolute_url()}cam-nang.pdf"
    with mock.patch.object(printing, "html_to_pdf") as layout:
        before = client.get(url)
    layout.assert_not_called()  # an anonymous reader never waits for a layout
    assert before.status_code == 404 and f"{telecom.get_absolute_url()}ban-in/" in (
        before.content.decode()
    )
    out = StringIO()
    call_command("build_pdfs", url, stdout=out)
    assert "1 built" in out.getvalue()
    response = client.get(url)
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="{TELECOM}.pdf"'


def test_build_pdfs_lists_every_procedure_guided_first():
    from portal.management.commands.build_pdfs import every_pdf_url

    urls = [u for u in every_pdf_url() if u.startswith("/thu-tuc/")]
    assert len(urls) == Procedure.objects.count()
    guided = set(
        Procedure.objects.filter(
            guidance__revisions__status=S.PUBLISHED, guidance__revisions__province=None
        ).values_list("slug", flat=True)
    )
    first = [u.split("/")[2] for u in urls[: len(guided)]]
    assert set(first) == guided
