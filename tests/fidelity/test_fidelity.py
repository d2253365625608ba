"""Every fact as certain as its source, checked on the real reference data (CAMNANG_REFERENCE_DIR).

Each test names a point of issue 11 that held false before: the handler stated for records not
known to apply, observed level changes shown and counted as delegations, delegations from
provincial portals labelled as legal texts, procedures absent from both crawls "in force".
"""

import json
import re

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from delegation.fidelity import fidelity_summary, summary_lines
from delegation.models import Delegation, LevelChange, handler_on, with_handler
from procedures.models import Confidence, Procedure
from tests.conftest import needs_reference
from tests.fidelity.conftest import FIDELITY

pytestmark = [needs_reference, pytest.mark.django_db]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def procedure(code: str) -> Procedure:
    return Procedure.objects.get(code=code)


def test_every_delegation_has_a_source_and_none_is_observed():
    delegations = Delegation.objects.select_related("legal_document")
    assert delegations.count() == 24
    for d in delegations:
        if d.confidence == Confidence.LEGAL_TEXT:
            assert d.origin == Delegation.Origin.LEGAL_TEXT and d.legal_document, d
        else:
            assert d.source_url, d  # a provincial portal, named
        assert d.confidence != Confidence.OBSERVED
    portal_only = Delegation.objects.filter(origin=Delegation.Origin.PROVINCIAL_PORTAL)
    assert portal_only.count() == 3
    assert not portal_only.filter(confidence=Confidence.LEGAL_TEXT).exists()


def test_observed_changes_are_kept_apart_without_a_legal_basis(client):
    assert LevelChange.objects.count() == 26
    postal = procedure("1.004354")
    assert not postal.delegations.exists()
    html = page(client, postal.get_absolute_url())
    block = html.split('id="level-changes-h"')[1].split("</section>")[0]
    assert "Thay đổi cấp thực hiện ghi nhận từ dữ liệu" in block
    assert "25/2020/TT-BTC" not in block and "Căn cứ" not in block
    assert "không muộn hơn ngày 13/02/2025" in block
    timeline = html.split('id="delegation-h"')[1].split("</section>")[0]
    assert "Chưa ghi nhận phân cấp, phân quyền nào" in timeline


def test_no_handler_is_confirmed_without_a_source():
    today = timezone.localdate()
    rows = with_handler(Procedure.objects.all(), on=today).in_bulk()
    pages = Procedure.objects.select_related("level").prefetch_related(
        Prefetch("delegations", queryset=Delegation.objects.for_handler())
    )
    for p in pages:
        handler = handler_on(p, list(p.delegations.all()), today)
        assert rows[p.pk].handler_confirmed is handler.confirmed, p.code
        if handler.confirmed:
            assert handler.confidence in (Confidence.LEGAL_TEXT, Confidence.RECORD)
            assert handler.source["kind"] in ("legal_text", "national_record")
            assert rows[p.pk].handler_level_id == handler.level.pk
        if p.status == Procedure.Status.UNCONFIRMED:
            # No current record: only a legal text can confirm who handles it.
            assert not handler.confirmed or handler.confidence == Confidence.LEGAL_TEXT, p.code


def test_an_older_record_says_what_it_knows_not_the_handler_today(client):
    html = page(client, procedure("1.003849").get_absolute_url())
    header = html.split('class="toc"')[0]
    assert "Cấp giải quyết ngày" not in header
    assert "Theo bản ghi ngày 13/02/2025: Bộ" in header
    assert "chưa xác nhận còn áp dụng sau 01/7/2025" in header


def test_reading_a_past_day_does_not_present_a_newer_record_as_then(client):
    p = procedure("1.013899")
    html = page(client, p.get_absolute_url() + "?ngay=2025-06-30")
    assert "Hãy làm theo bản ghi thủ tục dưới đây" not in html
    assert "Bản ghi thủ tục (theo nguồn ngày 18/07/2026)" in html
    assert "mới hơn ngày 30/06/2025" in html


def test_the_api_gives_the_handler_with_its_confidence_and_the_observed_changes(client):
    old = json.loads(client.get("/api/procedures/1.003849").content)
    assert old["handler"]["level"] is None and old["handler"]["confidence"] == "unknown"
    assert old["handler"]["source"]["code"] == "1.003849"
    assert old["handler_level"] is None
    postal = json.loads(client.get("/api/procedures/1.004354").content)
    assert postal["delegation"] is None
    assert postal["level_changes"]
    for change in postal["level_changes"]:
        assert change["origin"] == "observed" and change["legal_basis"] is None
    # Asked for a day the decree applies (CI also runs the suite after 1 March 2027).
    licence = json.loads(client.get("/api/procedures/1.013899?ngay=2026-11-27").content)
    assert licence["handler"]["confidence"] == "legal_text" and licence["handler"]["confirmed"]
    assert licence["delegation"]["source"]["legal_document"] == "133/2025/NĐ-CP"


def test_level_pages_list_unconfirmed_procedures_apart(client):
    html = page(client, "/cap/bo/")
    listed, unconfirmed = html.split('id="g-unconfirmed"')
    assert "1.003849" not in listed
    assert "1.003849" in unconfirmed.split("</section>")[0]


def test_search_results_show_unconfirmed_handlers_as_their_own_group(client):
    html = page(client, "/tim-kiem/?q=giay+phep+tan+so+vo+tuyen+dien+nghiep+du")
    confirmed, unconfirmed = html.split('id="unconfirmed-h"')
    # The older record of the amateur-radio licence is listed, but apart and marked as such.
    assert "1.003849" not in confirmed and "1.003849" in unconfirmed
    assert "Chưa xác nhận; theo bản ghi" not in confirmed
    assert "Cấp giải quyết ngày" in confirmed and "Cấp giải quyết ngày" not in unconfirmed
    # One numbering runs on through both groups.
    starts = [int(n) for n in re.findall(r'<ol class="results" start="(\d+)"', html)]
    assert starts[0] == 1 and starts[1] == 1 + confirmed.count('class="result-name"')


def test_procedures_absent_from_both_crawls_are_not_in_force():
    fixture_only = Procedure.objects.filter(code__isnull=True)
    assert fixture_only.count() == 7
    assert not fixture_only.filter(status=Procedure.Status.IN_FORCE).exists()


def test_fidelity_summary():
    summary = fidelity_summary(on=timezone.localdate())
    FIDELITY.extend(summary_lines(summary))
    assert summary["level_changes"] == 26
    assert sum(summary["delegations"].values()) == 24
    unconfirmed = sum(n for key, n in summary["handlers"].items() if "unconfirmed" in key)
    # The 164 older records, and the procedures whose only source gives no date.
    assert unconfirmed >= 164


@pytest.mark.parametrize("code", ["1.014879", "1.014880", "1.014882"])
def test_the_chairman_decides_the_metrology_procedures(client, code):
    p = procedure(code)
    handler = handler_on(p, list(p.delegations.all()), timezone.localdate())
    assert handler.confirmed and handler.level.slug == "chu-tich-ubnd-tinh"
    header = page(client, p.get_absolute_url()).split('class="toc"')[0]
    assert "Chủ tịch Ủy ban nhân dân cấp tỉnh" in header


@pytest.mark.parametrize("code", ["1.013902", "1.013906", "1.013976", "1.013907", "1.014880"])
def test_the_compiled_time_limits_are_kept(code):
    delegation = procedure(code).delegations.get()
    assert "ngày" in delegation.time_limit_text


def test_no_document_status_without_a_source(client):
    from procedures.models import LegalDocument

    assert not LegalDocument.objects.exclude(status="").filter(source_url="").exists()
    unsourced = LegalDocument.objects.filter(status="").first()
    html = page(client, unsourced.get_absolute_url())
    status = html.split("Tình trạng</dt><dd>")[1].split("</dd>")[0]
    assert "chưa có dữ liệu" in status and "Còn hiệu lực" not in status


def test_legal_documents_dates_and_numbers_are_as_their_sources_give_them():
    from procedures.models import LegalDocument

    tt112 = LegalDocument.objects.get(number="112/2013/TT-BTC")
    assert (tt112.issued_on.isoformat(), tt112.issuing_body) == ("2013-08-15", "Bộ Tài chính")
    assert tt112.date_source == LegalDocument.DateSource.TITLE
    # one document per number, the other spelling kept for search
    assert list(
        LegalDocument.objects.filter(number__startswith="49/2010/").values_list("number", "aliases")
    ) == [("49/2010/QH12", "49/2010/QH")]
    assert list(
        LegalDocument.objects.filter(number__startswith="190/2025/").values_list(
            "number", "aliases"
        )
    ) == [("190/2025/QH15", "190/2025/NQ-QH15")]
    # every date read from a citation's words is in the year of the document's number
    for document in LegalDocument.objects.filter(date_source=LegalDocument.DateSource.TITLE):
        year = re.search(r"/(\d{4})/", document.number)
        assert year is None or int(year.group(1)) == document.issued_on.year, document
    # no document is left undated when a citation of it gives its own date
    from django.conf import settings

    from procedures.records import document_key, parse_legal_basis

    dated = {}
    path = settings.REFERENCE_DIR / "tthc_records.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        for basis in json.loads(line).get("legal_basis") or []:
            cited = parse_legal_basis(basis)
            if cited and cited.issued_on:
                dated[document_key(cited.number)] = cited.number
    undated = [
        d.number
        for d in LegalDocument.objects.filter(issued_on__isnull=True)
        if document_key(d.number) in dated
    ]
    assert undated == []
    assert LegalDocument.objects.filter(date_source="title").count() > 20


def test_a_document_is_found_by_the_other_spelling_its_sources_used(client):
    # "190/2025/NQ-QH15" is no prefix of "190/2025/QH15": only the alias can find it
    by_alias = client.get("/api/search", {"q": "190/2025/NQ-QH15"}).json()
    by_number = client.get("/api/search", {"q": "190/2025/QH15"}).json()
    assert by_alias["count"] == by_number["count"] > 0


def test_a_province_s_own_record_says_so_and_the_province_page_counts_the_national_catalogue(
    client,
):
    own = Procedure.objects.filter(promulgating_body="UBND Thành phố Đà Nẵng").first()
    html = page(client, own.get_absolute_url())
    assert "Cơ quan công bố</dt><dd>UBND Thành phố Đà Nẵng" in html
    assert "thủ tục riêng của địa phương này, không phải thủ tục chung của Bộ" in html
    national = Procedure.objects.filter(promulgating_body="Bộ Khoa học và Công nghệ").first()
    assert "thủ tục riêng của địa phương" not in page(client, national.get_absolute_url())
    danang, hanoi = page(client, "/tinh/da-nang/"), page(client, "/tinh/ha-noi/")
    assert own.get_absolute_url() in danang and own.get_absolute_url() not in hanoi
    assert "Cùng một danh mục áp dụng cho cả 34 tỉnh" not in danang
    assert Procedure.objects.local_to("Đà Nẵng").count() == 15
    assert Procedure.objects.national().filter(promulgating_body__startswith="UBND").count() == 0


def test_a_record_s_field_is_shown_as_the_record_names_it(client):
    renamed = Procedure.objects.filter(source_field_name="Công nghệ thông tin, điện tử")
    assert renamed.count() == 14  # the pre-reform records, filed under today's field
    one = renamed.select_related("field").first()
    assert one.field.name != one.source_field_name
    assert "(bản ghi ghi: Công nghệ thông tin, điện tử)" in page(client, one.get_absolute_url())
    same = Procedure.objects.filter(source_field_name="", field__slug="vien-thong-va-internet")
    assert "bản ghi ghi:" not in page(client, same.first().get_absolute_url())


def test_the_answer_box_gives_since_when_and_basis_only_from_a_legal_text(client):
    def box(url: str) -> str:
        return page(client, url).split('class="answer-box"')[1].split("</section>")[0]

    legal = box(procedure("1.013899").get_absolute_url() + "?ngay=2026-11-27")
    assert "Căn cứ" in legal and "133/2025/NĐ-CP" in legal and "01/07/2025" in legal
    # The day before Decree 133 applied: the Bộ handled it; the decree is what comes next,
    # never the Bộ's "basis" nor a "since 01/07/2025" for the Bộ.
    before = box(procedure("1.013899").get_absolute_url() + "?ngay=2025-06-30")
    assert "Bộ" in before.split("</dd>")[0]
    assert "Căn cứ" not in before and "Từ ngày</dt>" not in before
    coming = before.split("Sắp thay đổi</dt>")[1].split("</dd>")[0]
    assert "Từ ngày 01/07/2025: Ủy ban nhân dân cấp tỉnh" in coming and "133/2025/NĐ-CP" in coming
