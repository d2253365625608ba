"""Open data (issue 15): the handbook built as files per content version, listed and served at
/du-lieu/, and loaded back by load_export."""

import csv
import datetime
import hashlib
import io
import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from delegation.models import Delegation, handler_on
from handbook.models import SECTION_FIELDS, Revision
from portal import exports
from portal.pdf_files import content_version
from procedures.models import Procedure


@pytest.fixture(autouse=True)
def export_root(settings, tmp_path):
    settings.CAMNANG_EXPORT_ROOT = tmp_path / "exports"
    return settings.CAMNANG_EXPORT_ROOT


def build(*args) -> str:
    out = StringIO()
    call_command("build_exports", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def built(export_root):
    build()
    return export_root / content_version()


def manifest(folder) -> dict:
    return json.loads((folder / exports.MANIFEST_JSON).read_text(encoding="utf-8"))


def jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_manifest_describes_every_file_with_its_checksum(built):
    data = manifest(built)
    assert data["version"] == content_version() == built.name
    assert [f["name"] for f in data["files"]] == list(exports.DATA_FILES)
    for entry in data["files"]:
        content = (built / entry["name"]).read_bytes()
        assert entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    rows = {f["name"]: f["rows"] for f in data["files"]}
    assert rows["procedures.jsonl"] == rows["procedures.csv"] == Procedure.objects.count()
    assert rows["delegations.csv"] == Delegation.objects.count()
    assert rows["guidance.jsonl"] == Revision.objects.published().national().count()
    # Vietnam time, to the second.
    assert data["generated_at"].endswith("+07:00") and len(data["generated_at"]) == 25
    assert data["licence"]["vi"].startswith("Dữ liệu thủ tục hành chính là thông tin công khai")
    assert "tthc_records.jsonl" in [s["name"] for s in data["sources"]]
    # Nothing else is left in the export folder: no half-written copy.
    assert [p.name for p in built.parent.iterdir()] == [built.name]


def test_procedures_hold_the_record_and_provenance_apart_from_observed_changes(built):
    records = {r["slug"]: r for r in jsonl(built / "procedures.jsonl")}
    assert set(records) == set(Procedure.objects.values_list("slug", flat=True))
    telecom = next(r for r in records.values() if r["code"] == "1.013899")
    (delegation,) = telecom["delegations"]
    assert delegation["legal_document"] == "133/2025/NĐ-CP"
    assert delegation["article"] == "Điều 4 khoản 1"
    assert delegation["confidence"] == "legal_text" and delegation["origin"] == "van_ban"
    assert delegation["to_level"]["slug"] == "ubnd-tinh"
    assert delegation["effective_from"] == "2025-07-01"
    # A task without a national code says so (null), never an invented one.
    assert any(r["code"] is None for r in records.values())
    with_changes = [r for r in records.values() if r["level_changes"]]
    assert with_changes, "the reference data has observed level changes"
    for record in records.values():
        assert all(d["confidence"] != "observed" for d in record["delegations"])
        assert all(c["confidence"] == "observed" for c in record["level_changes"])
    guidance = [r["guidance"] for r in records.values() if r["guidance"]]
    assert len(guidance) == Revision.objects.published().national().count()
    assert all(g["published_at"] and set(g["sections"]) <= set(SECTION_FIELDS) for g in guidance)


def test_province_notes_and_drafts_are_not_exported(export_root, guidance, make_revision, hanoi):
    national = make_revision(guidance, status=Revision.Status.PUBLISHED, text="Toàn quốc.")
    make_revision(
        guidance,
        status=Revision.Status.PUBLISHED,
        province=hanoi,
        text="Ghi chú riêng của Sở Hà Nội về thử nghiệm.",
    )
    make_revision(guidance, text="Bản nháp chưa duyệt.")
    build()
    folder = export_root / content_version()
    lines = jsonl(folder / "guidance.jsonl")
    assert {line["revision"] for line in lines} == set(
        Revision.objects.published().national().values_list("pk", flat=True)
    )
    (line,) = [line for line in lines if line["procedure_code"] == "9.000001"]
    assert line["revision"] == national.pk
    assert line["sections"] == {"receiving_deciding": "Toàn quốc."}
    text = (folder / "procedures.jsonl").read_text(encoding="utf-8")
    assert (
        "Toàn quốc." in text
        and "Ghi chú riêng của Sở Hà Nội" not in text
        and "Bản nháp chưa duyệt." not in text
    )


def test_the_csv_has_a_bom_crlf_and_vietnamese_intact(built):
    raw = (built / "procedures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    names = {row["slug"]: row["name"] for row in rows}
    stored = dict(Procedure.objects.values_list("slug", "name"))
    assert names == stored
    assert any("ư" in name and "đ" in name for name in names.values())
    # Today's handler, by the same rules as the API's "handler".
    row = next(r for r in rows if r["code"] == "1.013899")
    procedure = Procedure.objects.get(code="1.013899")
    day = datetime.date.fromisoformat(row["handler_on"])
    assert day == timezone.localdate()
    handler = handler_on(procedure, list(procedure.delegations.all()), day)
    assert (row["handler_level_slug"], row["handler_confidence"], row["handler_confirmed"]) == (
        handler.level.slug,
        handler.confidence,
        "true",
    )
    assert row["delegations"] == "1" and row["url"].endswith(procedure.get_absolute_url())
    delegations = list(
        csv.DictReader(
            io.StringIO((built / "delegations.csv").read_bytes().decode("utf-8-sig"), newline="")
        )
    )
    assert len(delegations) == Delegation.objects.count()
    assert {"legal_document", "article", "confidence", "origin"} <= set(delegations[0])


def test_a_second_build_keeps_the_version_unless_forced(built, publish_guidance):
    assert "already built" in build()
    assert "built in" in build("--force")
    old = content_version()
    publish_guidance(Procedure.objects.get(code="1.013899"), receiving_deciding="Mới.")
    assert content_version() != old
    out = build()
    assert content_version() in out and "procedures.jsonl" in out
    assert [p.name for p in built.parent.iterdir()] == [content_version()]


def test_the_page_lists_the_files_the_dictionary_and_the_licence(client, built):
    response = client.get("/du-lieu/")
    assert response.status_code == 200
    html = response.content.decode()
    for entry in manifest(built)["files"]:
        assert f'href="/du-lieu/{entry["name"]}"' in html
        assert entry["sha256"] in html
    assert "handler_confidence" in html and "delegations[].legal_document" in html
    assert "trích dẫn nguồn: Cẩm nang, Bộ Khoa học và Công nghệ" in html
    assert content_version() in html
    assert "Chưa có dữ liệu mở" not in html


def test_a_download_has_its_checksum_as_etag_and_a_revisit_is_304(client, built):
    entry = next(f for f in manifest(built)["files"] if f["name"] == "procedures.csv")
    response = client.get("/du-lieu/procedures.csv")
    assert response.status_code == 200
    assert response["ETag"] == f'"{entry["sha256"]}"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="procedures.csv"'
    assert b"".join(response.streaming_content) == (built / "procedures.csv").read_bytes()
    again = client.get("/du-lieu/procedures.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    jsonl_response = client.get("/du-lieu/guidance.jsonl")
    assert jsonl_response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert client.get("/du-lieu/dictionary.json")["Content-Type"] == "application/json"
    assert client.head("/du-lieu/procedures.csv").status_code == 200
    assert client.post("/du-lieu/procedures.csv").status_code == 405


def test_only_the_manifest_s_files_are_served(client, built):
    (built / "notes.txt").write_text("not a file of the build")
    for name in ["notes.txt", "khong-co.csv", "..", "procedures.csv.part"]:
        assert client.get(f"/du-lieu/{name}").status_code == 404, name
    assert client.get("/du-lieu/manifest.json").status_code == 200


def test_a_folder_still_being_written_is_never_served(client, export_root):
    partial = export_root / ".tmp-abc"
    partial.mkdir(parents=True)
    (partial / "manifest.json").write_text('{"version": "abc", "files": []}')
    assert exports.current_build() is None
    assert client.get("/du-lieu/manifest.json").status_code == 404


def test_before_any_build_the_page_says_so(client, settings, tmp_path):
    settings.CAMNANG_EXPORT_ROOT = tmp_path / "empty"
    response = client.get("/du-lieu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có dữ liệu mở" in html and "manage.py build_exports" in html
    assert client.get("/du-lieu/procedures.csv").status_code == 404
    assert not (tmp_path / "empty").exists()  # the page never builds


# --- The round trip: export, empty the database, load_export, compare.


def delete_with_dependants(queryset) -> None:
    """Delete ``queryset``, first deleting whatever protects its rows (demo questions, support
    records pointing at procedures)."""
    while True:
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blockers = getattr(error, "protected_objects", None) or error.restricted_objects
            for obj in blockers:
                delete_with_dependants(type(obj)._base_manager.filter(pk=obj.pk))


def empty_the_handbook() -> None:
    delete_with_dependants(Revision.objects.all())
    delete_with_dependants(Delegation.objects.all())
    delete_with_dependants(Procedure.objects.all())
    assert not Procedure.objects.exists() and not Revision.objects.exists()


def procedure_set(records) -> set:
    return {(r["code"], r["slug"], r["name"], r["field"]["slug"]) for r in records}


def delegation_set(records) -> set:
    return {
        (
            r["code"] or r["slug"],
            (d["from_level"] or {}).get("slug"),
            d["to_level"]["slug"],
            d["effective_from"],
            d["effective_until"],
            d["legal_document"],
            d["article"],
            d["confidence"],
            d["origin"],
        )
        for r in records
        for d in r["delegations"]
    }


def guidance_set(lines) -> set:
    return {
        (
            g["procedure_code"] or g["procedure_slug"],
            g["published_at"],
            g["summary"],
            tuple(sorted(g["sections"].items())),
        )
        for g in lines
    }


def database_sets() -> tuple[set, set, set]:
    procedures = set(Procedure.objects.values_list("code", "slug", "name", "field__slug"))
    delegations = {
        (
            d.procedure.code or d.procedure.slug,
            d.from_level.slug if d.from_level else None,
            d.to_level.slug,
            d.effective_from and d.effective_from.isoformat(),
            d.effective_until and d.effective_until.isoformat(),
            d.legal_document.number if d.legal_document else None,
            d.article or None,
            d.confidence,
            d.origin,
        )
        for d in Delegation.objects.select_related(
            "procedure", "from_level", "to_level", "legal_document"
        )
    }
    guidance = guidance_set(
        {
            "procedure_code": r.guidance.procedure.code,
            "procedure_slug": r.guidance.procedure.slug,
            **exports.guidance_record(r),
        }
        for r in Revision.objects.published().national().select_related("guidance__procedure")
    )
    return procedures, delegations, guidance


def without_volatile(record: dict) -> dict:
    """A procedure's record without what a load cannot keep (when it was saved, revision ids)."""
    record = {**record, "updated_at": None}
    if record["guidance"]:
        record["guidance"] = {**record["guidance"], "revision": None}
    return record


def test_load_export_round_trips_procedures_delegations_and_guidance(built, export_root):
    records = jsonl(built / "procedures.jsonl")
    guidance = jsonl(built / "guidance.jsonl")
    exported = (procedure_set(records), delegation_set(records), guidance_set(guidance))
    assert database_sets() == exported  # the comparison reads what the export says
    assert all(exported) and len(exported[1]) == Delegation.objects.count()
    saved = export_root.parent / "saved"
    shutil.copytree(built, saved)

    empty_the_handbook()
    assert database_sets() == (set(), set(), set())
    out = StringIO()
    call_command("load_export", str(saved), stdout=out)
    assert f"{len(records)} procedures" in out.getvalue()
    assert database_sets() == exported
    # Every fact comes back: a new build holds the same records.
    build("--force")
    again = jsonl(export_root / content_version() / "procedures.jsonl")
    assert [without_volatile(r) for r in again] == [without_volatile(r) for r in records]


def test_load_export_refuses_a_database_that_already_holds_the_procedures(built):
    count = Procedure.objects.count()
    with pytest.raises(CommandError, match="already holds"):
        call_command("load_export", str(built), stdout=StringIO())
    assert Procedure.objects.count() == count


def rewrite_line(folder, name: str, number: int, text: str) -> None:
    """Replace line ``number`` of ``name`` and keep the manifest's checksum in step, as a
    malformed export would be."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = manifest(folder)
    for entry in data["files"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / exports.MANIFEST_JSON).write_text(json.dumps(data), encoding="utf-8")


def test_a_malformed_line_is_refused_with_its_number_and_nothing_is_written(built):
    empty_the_handbook()
    rewrite_line(built, "procedures.jsonl", 3, '{"slug": "x", "name": ')
    with pytest.raises(CommandError, match=r"procedures\.jsonl, line 3: not JSON"):
        call_command("load_export", str(built), stdout=StringIO())
    assert not Procedure.objects.exists()


def test_a_bad_line_late_in_the_file_rolls_back_every_line_before_it(built):
    records = jsonl(built / "procedures.jsonl")
    empty_the_handbook()
    bad = {**records[199], "level": {"slug": "cap-khong-co", "name": "?"}}
    rewrite_line(built, "procedures.jsonl", 200, json.dumps(bad, ensure_ascii=False))
    with pytest.raises(CommandError, match=r"line 200: unknown authority level “cap-khong-co”"):
        call_command("load_export", str(built), stdout=StringIO())
    assert not Procedure.objects.exists() and not Delegation.objects.exists()


def test_a_file_that_does_not_match_the_manifest_is_refused(built):
    empty_the_handbook()
    with (built / "guidance.jsonl").open("a", encoding="utf-8") as out:
        out.write("{}\n")
    with pytest.raises(CommandError, match=r"guidance\.jsonl: its SHA-256 does not match"):
        call_command("load_export", str(built), stdout=StringIO())
    assert not Procedure.objects.exists()
