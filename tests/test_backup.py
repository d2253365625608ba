"""Backup and restore round-trip: the suite's populated database (and a media file) archived,
restored into an empty database in another process, the same rows, the same page."""

import json
import os
import subprocess
import sys
import tarfile
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from procedures.models import Procedure
from site_setup.backup import row_counts

RADIATION = "1.014666"  # has seed guidance

PAGE_AND_COUNTS = """
import json
import django
django.setup()
from django.test import Client
from site_setup.backup import row_counts
from procedures.models import Procedure
import datetime
import time_machine
procedure = Procedure.objects.get(code=%r)
# Read at the suite's moment (tests/conftest.py), not this process's clock: what is published
# then is what the test's own page shows.
with time_machine.travel(datetime.datetime.fromisoformat(%r), tick=False):
    html = Client(HTTP_HOST="localhost").get(procedure.get_absolute_url()).content.decode()
print(json.dumps({"counts": row_counts(), "page": html}))
"""


def target_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CAMNANG_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
        }
    )
    return env


def manage(args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=540,
    )


@pytest.mark.django_db(transaction=False)
def test_a_backup_restores_into_an_empty_database(tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "cau-hoi").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cau-hoi" / "don.pdf").write_bytes(b"%PDF-1.4 tep dinh kem")
    archive = tmp_path / "camnang.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "1 media files" in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "data.json", "media/cau-hoi/don.pdf"} <= set(names)
    assert manifest["counts"] == row_counts()
    assert manifest["counts"]["procedures.Procedure"] == Procedure.objects.count() > 0

    env = target_env(tmp_path)
    restored = manage(["restore", str(archive)], env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Restored" in restored.stdout
    # The same rows in every table, and the same page.
    check = subprocess.run(
        [sys.executable, "-c", PAGE_AND_COUNTS % (RADIATION, timezone.now().isoformat())],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    there = json.loads(check.stdout)
    assert there["counts"] == manifest["counts"]
    procedure = Procedure.objects.get(code=RADIATION)
    here = client.get(procedure.get_absolute_url()).content.decode()
    for text in (procedure.name, "Ai tiếp nhận, ai quyết định"):
        assert text in here and text in there["page"]
    assert (tmp_path / "restored-media" / "cau-hoi" / "don.pdf").read_bytes().startswith(b"%PDF")

    # A second restore over the content is refused, unless told to replace it.
    again = manage(["restore", str(archive)], env)
    assert again.returncode != 0 and "already holds content" in again.stderr


def test_restore_refuses_what_is_no_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="../../evil.py")
    with pytest.raises(CommandError, match="unsafe entry"):
        call_command("restore", str(bogus), "--replace", stdout=StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "none.tar.gz"), stdout=StringIO())
