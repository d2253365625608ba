"""What readers see: as of a date, province notes, update history, the JSON API, legal drift.

The pages and the API read the handbook through handbook.selectors.guidance_reading.
"""

import datetime
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delegation.models import Delegation
from handbook import services
from handbook.drift import drift_notices
from handbook.models import Guidance, Revision
from procedures.models import LegalDocument, Procedure

S = Revision.Status


def local(day: str, hour: int = 10, minute: int = 0):
    return timezone.make_aware(
        datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute)
    )


@pytest.fixture
def timeline(guidance, make_revision, level):
    """A procedure delegated Bộ → UBND tỉnh from 2025-07-01 until 2027-03-01 (exclusive), with
    guidance published 2025-07-10 and replaced 2025-09-01 (at 09:00, local time)."""
    procedure = guidance.procedure
    Delegation.objects.create(
        procedure=procedure,
        from_level=level("bo"),
        to_level=level("ubnd-tinh"),
        kind="phan_cap",
        legal_document=LegalDocument.objects.get(number="133/2025/NĐ-CP"),
        article="Điều 29",
        effective_from=datetime.date(2025, 7, 1),
        effective_until=datetime.date(2027, 3, 1),
    )
    first = make_revision(
        guidance, status=S.PUBLISHED, text="Bản tháng bảy", at=local("2025-07-10")
    )
    second = make_revision(
        guidance,
        status=S.PUBLISHED,
        text="Bản tháng chín",
        change_note="Đổi cơ quan tiếp nhận",
        at=local("2025-09-01", 9),
    )
    return procedure, first, second


def api(client, code, **params):
    response = client.get(f"/api/procedures/{code}", params)
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        ("2025-07-09", None),
        ("2025-07-10", "Bản tháng bảy"),
        ("2025-08-31", "Bản tháng bảy"),
        ("2025-09-01", "Bản tháng chín"),
        ("2025-09-02", "Bản tháng chín"),
    ],
)
def test_the_guidance_in_force_at_the_publication_boundaries(client, timeline, day, text):
    procedure, first, second = timeline
    html = client.get(procedure.get_absolute_url(), {"ngay": day}).content.decode()
    status, data = api(client, procedure.code, ngay=day)
    assert status == 200 and data["as_of"] == day
    expected = {"Bản tháng bảy": first.pk, "Bản tháng chín": second.pk}.get(text)
    assert (data["guidance"] or {}).get("id") == expected
    day_shown = datetime.date.fromisoformat(day).strftime("%d/%m/%Y")
    assert f"Bạn đang xem thủ tục này như ngày {day_shown}" in html
    for candidate in ("Bản tháng bảy", "Bản tháng chín"):
        assert (candidate in html) == (candidate == text)


@pytest.mark.parametrize(
    ("day", "to_level"),
    [
        ("2025-06-30", None),
        ("2025-07-01", "ubnd-tinh"),
        ("2027-02-28", "ubnd-tinh"),
        ("2027-03-01", None),
    ],
)
def test_the_delegation_in_force_at_its_start_and_end(client, timeline, day, to_level):
    procedure, _first, _second = timeline
    status, data = api(client, procedure.code, ngay=day)
    assert status == 200
    delegation = data["delegation"]
    assert (delegation and delegation["to_level"]["slug"]) == to_level
    if delegation:
        assert delegation["legal_basis"] == {
            "document": "133/2025/NĐ-CP",
            "article": "Điều 29",
            "url": "http://testserver/van-ban/133-2025-nd-cp/",
        }
        assert (delegation["effective_from"], delegation["effective_until"]) == (
            "2025-07-01",
            "2027-03-01",
        )
    html = client.get(procedure.get_absolute_url(), {"ngay": day}).content.decode()
    assert ("Phân cấp, phân quyền áp dụng ngày đó" in html) == (to_level is not None)


def test_a_revision_published_late_in_the_evening_counts_for_that_day(
    client, guidance, make_revision
):
    revision = make_revision(guidance, status=S.PUBLISHED, at=local("2025-10-05", 23, 30))
    assert api(client, "9.000001", ngay="2025-10-05")[1]["guidance"]["id"] == revision.pk
    assert api(client, "9.000001", ngay="2025-10-04")[1]["guidance"] is None


@pytest.mark.parametrize("bad", ["2025-13-01", "01/07/2025", "2025-7-1", "hôm qua", "2025-02-30"])
def test_invalid_dates_get_a_clear_400(client, timeline, bad):
    procedure = timeline[0]
    response = client.get(procedure.get_absolute_url(), {"ngay": bad})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    status, data = api(client, procedure.code, ngay=bad)
    assert status == 400 and "NNNN-TT-NN" in data["error"]


def test_unknown_province_or_code_is_refused_clearly(client, timeline):
    procedure = timeline[0]
    assert client.get(procedure.get_absolute_url(), {"tinh": "atlantis"}).status_code == 400
    status, data = api(client, procedure.code, tinh="atlantis")
    assert status == 400 and "atlantis" in data["error"]
    status, data = api(client, "9.999999")
    assert status == 404 and "9.999999" in data["error"]


def test_a_scheduled_revision_is_invisible_to_readers_until_published(
    client, guidance, make_revision
):
    make_revision(guidance, status=S.PUBLISHED, text="Bản đang áp dụng")
    make_revision(
        guidance,
        status=S.SCHEDULED,
        text="Bản lên lịch",
        when=timezone.now() + datetime.timedelta(days=2),
    )
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    for params in ({}, {"ngay": future}):
        html = client.get(guidance.procedure.get_absolute_url(), params).content.decode()
        assert "Bản đang áp dụng" in html and "Bản lên lịch" not in html
    assert api(client, "9.000001", ngay=future)[1]["guidance"]["sections"] == {
        "receiving_deciding": "Bản đang áp dụng"
    }


def test_province_notes_show_for_the_chosen_province_only(
    client, guidance, make_revision, users, hanoi, danang
):
    make_revision(guidance, status=S.PUBLISHED, text="Toàn quốc")
    make_revision(
        guidance,
        status=S.PUBLISHED,
        province=hanoi,
        author=users["dept_a"],
        text="Nộp tại số 1 Tràng Thi",
        change_note="Địa chỉ tiếp nhận của Hà Nội",
    )
    make_revision(guidance, province=danang, author=users["dept_b"], text="Nháp Đà Nẵng")
    url = guidance.procedure.get_absolute_url()
    plain = client.get(url).content.decode()
    assert "Toàn quốc" in plain and "Tràng Thi" not in plain
    chosen = client.get(url, {"tinh": "ha-noi"}).content.decode()
    assert "Ghi chú riêng của Hà Nội" in chosen and "Nộp tại số 1 Tràng Thi" in chosen
    assert "Chỉ áp dụng tại Hà Nội" in chosen
    client.cookies[settings.CAMNANG_PROVINCE_COOKIE] = "ha-noi"
    assert "Nộp tại số 1 Tràng Thi" in client.get(url).content.decode()
    other = client.get(url, {"tinh": "da-nang"}).content.decode()
    assert "Tràng Thi" not in other and "Nháp Đà Nẵng" not in other
    assert "Đà Nẵng chưa có ghi chú riêng" in other
    status, data = api(client, "9.000001", tinh="ha-noi")
    assert [n["sections"] for n in data["province_notes"]] == [
        {"receiving_deciding": "Nộp tại số 1 Tràng Thi"}
    ]
    assert api(client, "9.000001", tinh="da-nang")[1]["province_notes"] == []


def test_update_history_lists_major_changes_with_a_diff_link(client, guidance, make_revision):
    first = make_revision(guidance, status=S.PUBLISHED, change_note="Bản đầu tiên")
    make_revision(
        guidance,
        status=S.PUBLISHED,
        text="Sửa chính tả",
        change_note="Sửa lỗi chính tả",
        change_kind=Revision.ChangeKind.MINOR,
    )
    third = make_revision(
        guidance, status=S.PUBLISHED, text="UBND tỉnh quyết định", change_note="Đổi thẩm quyền"
    )
    html = client.get(guidance.procedure.get_absolute_url()).content.decode()
    history = html[html.index("Lịch sử cập nhật") :]
    assert "Đổi thẩm quyền" in history and "Bản đầu tiên" in history
    assert "Sửa lỗi chính tả" not in history  # minor changes are not announced
    minor = Revision.objects.get(change_note="Sửa lỗi chính tả")
    assert f"tu={minor.pk}&amp;den={third.pk}" in history  # compared with the revision before
    assert f"?den={first.pk}" in history
    full = client.get(f"/thu-tuc/{guidance.procedure.slug}/lich-su/").content.decode()
    assert "Sửa lỗi chính tả" in full and "sửa lỗi nhỏ" in full


def test_withdrawn_guidance_shows_the_reason(client, guidance, make_revision, users):
    revision = make_revision(guidance, status=S.PUBLISHED, text="Bản sẽ rút")
    services.revision_withdraw(revision=revision, user=users["publisher"], reason="Sai căn cứ")
    html = client.get(guidance.procedure.get_absolute_url()).content.decode()
    assert "đã được Bộ rút" in html and "Sai căn cứ" in html and "Bản sẽ rút" not in html
    data = api(client, "9.000001")[1]
    assert data["guidance"] is None and data["guidance_withdrawn"]["reason"] == "Sai căn cứ"


def test_the_real_data_flags_decree_133_guidance_for_review(client):
    today = datetime.date(2026, 11, 27)
    procedure = Procedure.objects.get(code="1.013899")
    flagged = Guidance.objects.with_review_flag(on=today).get(procedure=procedure)
    assert flagged.needs_review
    notices = drift_notices(on=today, procedure=procedure.pk)
    assert [(n.document.number, n.reason) for n in notices] == [("133/2025/NĐ-CP", "expiring")]
    assert "01/03/2027 (còn 94 ngày)" in notices[0].message
    html = client.get(procedure.get_absolute_url(), {"ngay": "2026-11-27"}).content.decode()
    assert (
        "Cần rà soát" in html
        and "133/2025/NĐ-CP ghi áp dụng đến ngày 01/03/2027 (còn 94 ngày) (văn bản ghi: trừ một số"
        in html
    )


def page_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_procedure_page_and_api_queries_do_not_grow_with_history_and_notes(
    client, make_procedure, make_revision, users, hanoi, level
):
    small = Guidance.objects.create(procedure=make_procedure(code="9.000002"))
    big = Guidance.objects.create(procedure=make_procedure(code="9.000003"))
    make_revision(small, status=S.PUBLISHED)
    make_revision(small, status=S.PUBLISHED, province=hanoi)
    for n in range(6):
        make_revision(big, status=S.PUBLISHED, text=f"Bản {n}", change_note=f"Thay đổi {n}")
        make_revision(big, status=S.PUBLISHED, province=hanoi, text=f"Ghi chú {n}")
        make_revision(big, status=S.DRAFT, author=users["dept_a"], province=hanoi)
    for n in range(4):
        document = LegalDocument.objects.create(
            number=f"{n}/2026/TT-X", slug=f"x-{n}", kind="thong_tu", expires_on="2027-01-01"
        )
        big.cited_documents.add(document)
        Delegation.objects.create(
            procedure=big.procedure,
            from_level=level("bo"),
            to_level=level("ubnd-tinh"),
            legal_document=document,
        )
    for params in ({}, {"tinh": "ha-noi"}, {"tinh": "ha-noi", "ngay": "2026-01-01"}):
        assert page_queries(client, big.procedure.get_absolute_url(), **params) == page_queries(
            client, small.procedure.get_absolute_url(), **params
        )
        assert page_queries(client, "/api/procedures/9.000003", **params) == page_queries(
            client, "/api/procedures/9.000002", **params
        )
    for suffix in ("lich-su/",):
        assert page_queries(client, big.procedure.get_absolute_url() + suffix) == page_queries(
            client, small.procedure.get_absolute_url() + suffix
        )
