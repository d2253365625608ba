"""One archive holds the whole portal: the database (Django's dumpdata, so it restores on
SQLite or PostgreSQL alike) and the ``media/`` attachments, with a manifest of the row counts
that ``restore`` checks after loading.

Left out: what Django or the portal re-creates (content types, permissions, sessions), the
sign-in attempts of django-axes, and the built PDFs (``build_pdfs`` makes them again).
"""

import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media"


def counted_models():
    """The models whose rows the archive holds (those of the apps not excluded)."""
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        if opts.app_label in excluded_apps or opts.label_lower in excluded_models:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in counted_models()}


def _media_files(media_root: Path):
    pdf_root = Path(settings.CAMNANG_PDF_ROOT).resolve()
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and pdf_root not in path.resolve().parents:
            yield path


def write_backup(target: Path) -> dict:
    """Write the archive to ``target`` (a .tar.gz); the manifest it holds."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={e}" for e in EXCLUDED],
        "--natural-foreign",
        "--natural-primary",
        stdout=data,
    )
    media_root = Path(settings.MEDIA_ROOT)
    files = list(_media_files(media_root))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "counts": row_counts(),
        "media_files": len(files),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with tarfile.open(partial, "w:gz") as archive:
        for name, text in ((MANIFEST, json.dumps(manifest, indent=2)), (DATA, data.getvalue())):
            raw = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(raw))
        for path in files:
            archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
    partial.replace(target)
    return manifest
