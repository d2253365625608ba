"""Word diffs and editions (their reader pages: tests/portal/test_changes.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from handbook import services
from handbook.diff import revision_diff, word_diff
from handbook.models import Edition, Revision

S = Revision.Status


def test_word_diff_marks_changed_words_only():
    chunks = word_diff("Nộp hồ sơ tại Sở KH&CN.", "Nộp hồ sơ tại UBND tỉnh.")
    assert [(c.op, c.text) for c in chunks] == [
        ("equal", "Nộp hồ sơ tại "),
        ("delete", "Sở KH&CN"),
        ("insert", "UBND tỉnh"),
        ("equal", "."),
    ]
    # Markdown marks stay out of the change: only the number differs.
    assert [c.text for c in word_diff("**10** ngày", "**12** ngày") if c.op != "equal"] == [
        "10",
        "12",
    ]


def test_word_diff_keeps_line_breaks_and_counts_words(guidance, make_revision):
    old = make_revision(guidance, status=S.PUBLISHED, text="- Đơn\n- Bản sao")
    new = make_revision(guidance, status=S.PUBLISHED, text="- Đơn\n- Bản chính\n- Ảnh")
    [section] = [s for s in revision_diff(old, new) if s.changed]
    assert section.name == "receiving_deciding"
    assert (
        "".join(c.text for c in section.chunks if c.op != "delete") == "- Đơn\n- Bản chính\n- Ảnh"
    )
    assert "".join(c.text for c in section.chunks if c.op != "insert") == "- Đơn\n- Bản sao"
    assert (section.added, section.removed) == (3, 1)  # chính, -, Ảnh / sao


def test_an_edition_freezes_what_readers_saw(two_editions):
    one, two, first, second = two_editions
    assert first in one.revisions.all() and second not in one.revisions.all()
    assert second in two.revisions.all() and first not in two.revisions.all()
    assert two.previous == one
    assert list(two.changes()) == [second]
    assert one.revisions.count() == Revision.objects.filter(editions=one).count() > 20


def test_an_edition_without_changes_is_refused(two_editions, users):
    with pytest.raises(ValidationError, match="Cẩm nang 2026.11"):
        services.edition_publish(number="2026.12", release_notes="x", user=users["publisher"])


@pytest.mark.parametrize("number", ["2026-12", "26.12", "Cẩm nang 2026.12", ""])
def test_edition_numbers_are_year_dot_month(guidance, make_revision, users, number):
    make_revision(guidance, status=S.PUBLISHED)
    with pytest.raises(ValidationError):
        services.edition_publish(number=number, release_notes="x", user=users["publisher"])
    assert not Edition.objects.exists()


def test_compare_feeds_and_admin_review_pages_keep_a_fixed_query_count(
    client, guidance, make_revision, users, hanoi
):
    first = make_revision(guidance, status=S.PUBLISHED, text="Một")
    make_revision(guidance, status=S.PUBLISHED, province=hanoi, text="Ghi chú")
    draft = make_revision(guidance, status=S.IN_REVIEW, author=users["dept_a"], text="Nháp")
    staff = client.__class__()
    staff.force_login(users["publisher"])
    slug, field = guidance.procedure.slug, guidance.procedure.field.slug
    pages = [
        (client, f"/thu-tuc/{slug}/so-sanh/?tu={first.pk}&den={first.pk}"),
        (client, f"/cap-nhat/linh-vuc/{field}/atom/"),
        (client, "/cap-nhat/tinh/ha-noi/atom/"),
        (staff, f"/quan-tri/handbook/revision/{draft.pk}/so-sanh/"),
        (staff, f"/quan-tri/handbook/revision/{draft.pk}/xem-truoc/"),
        (staff, f"/quan-tri/handbook/revision/{draft.pk}/quy-trinh/publish/"),
    ]

    def counts():
        result = []
        for who, url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert who.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    before = counts()
    for n in range(4):
        make_revision(guidance, status=S.PUBLISHED, text=f"Bản {n}", change_note=f"Đổi {n}")
        make_revision(guidance, status=S.PUBLISHED, province=hanoi, text=f"Ghi chú {n}")
    assert counts() == before
