"""``GET /api/procedures``: the paginated listing a mirror syncs from (issue 15)."""

import datetime

from django.utils import timezone

from procedures.models import Procedure


def test_the_listing_counts_every_procedure_and_links_the_next_page(client):
    total = Procedure.objects.count()
    assert total > 3, "the demo data loads the national records"
    data = client.get("/api/procedures?per_page=2&field=").json()
    assert data["count"] == total
    assert len(data["results"]) == 2
    assert data["previous"] is None
    assert data["next"].startswith("http://testserver/api/procedures?")
    assert "per_page=2" in data["next"] and "trang=2" in data["next"]
    second = client.get(data["next"]).json()
    assert second["previous"] and "trang=1" in second["previous"]
    assert {r["code"] for r in data["results"]}.isdisjoint(r["code"] for r in second["results"])


def test_a_row_carries_the_handler_of_the_day_with_its_confidence(client):
    row = client.get("/api/procedures?per_page=1").json()["results"][0]
    detail = client.get(row["api_url"]).json()
    assert row["handler"]["confidence"] == detail["handler"]["confidence"]
    assert row["handler"]["level"] == detail["handler"]["level"]
    assert row["url"] == detail["url"]


def test_field_filters_by_slug(client):
    procedure = Procedure.objects.select_related("field").first()
    data = client.get(f"/api/procedures?field={procedure.field.slug}&per_page=200").json()
    assert data["count"] == Procedure.objects.filter(field=procedure.field).count()
    assert {r["field"] for r in data["results"]} == {procedure.field.slug}


def test_since_returns_only_what_changed_after(client):
    later = timezone.now() + datetime.timedelta(minutes=5)
    changed = Procedure.objects.first()
    Procedure.objects.filter(pk=changed.pk).update(updated_at=later + datetime.timedelta(hours=1))
    data = client.get("/api/procedures", {"since": later.isoformat()}).json()
    assert [r["code"] for r in data["results"]] == [changed.code]
    assert client.get("/api/procedures?since=2100-01-01").json()["count"] == 0


def test_bad_parameters_are_a_json_400_with_the_reason(client):
    for query in (
        "per_page=201",
        "per_page=0",
        "page=abc",
        "since=hôm-qua",
        "ngay=2025-02-30",
        "field=khong-co-linh-vuc",
        "level=khong-co-cap",
        "page=999999",
    ):
        response = client.get(f"/api/procedures?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"], query


def test_since_also_sees_a_delegation_or_guidance_change(client, time_machine, make_procedure):
    """A mirror that syncs with since= must get a procedure again when its delegation or its
    guidance changed, not only its record (issue 15)."""
    from delegation.models import Delegation
    from handbook.models import Revision

    before = timezone.now() + datetime.timedelta(minutes=5)
    time_machine.move_to(before + datetime.timedelta(minutes=10))
    # A delegation edited: the procedure's record itself is untouched.
    delegation = Delegation.objects.select_related("procedure").first()
    delegation.save()
    time_machine.shift(datetime.timedelta(minutes=1))
    # A guidance revision published (its procedure's record untouched too).
    revision = (
        Revision.objects.filter(status=Revision.Status.PUBLISHED)
        .exclude(guidance__procedure=delegation.procedure)
        .select_related("guidance__procedure")
        .first()
    )
    Revision.objects.filter(pk=revision.pk).update(published_at=timezone.now())
    data = client.get("/api/procedures", {"since": before.isoformat(), "per_page": 200}).json()
    codes = {r["code"] for r in data["results"]}
    assert codes == {delegation.procedure.code, revision.guidance.procedure.code}
    for row in data["results"]:
        assert datetime.datetime.fromisoformat(row["changed_at"]) > before
        assert datetime.datetime.fromisoformat(row["updated_at"]) < before
    # Ordered by changed_at: the delegation was saved before the revision was published.
    assert [r["code"] for r in data["results"]] == [
        delegation.procedure.code,
        revision.guidance.procedure.code,
    ]
