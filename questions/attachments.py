"""Checks on uploaded files: type read from the content (magic bytes), never from the name.

puremagic matches the file's leading bytes against its signature table (no system libmagic,
so it behaves the same on every machine). A renamed executable is refused whatever its name.
"""

import puremagic
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Detected MIME type -> the extension the stored file gets.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
QUESTION_MAX_BYTES = 5 * 1024 * 1024
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


def detect_type(data: bytes) -> str:
    """The allowed MIME type the content is, or "" when it is none of them."""
    if not data:
        return ""
    try:
        matches = puremagic.magic_string(data)
    except puremagic.PureError:
        return ""
    if not matches:
        return ""
    best = max(m.confidence for m in matches)
    for match in matches:
        if match.confidence == best and match.mime_type in ALLOWED_TYPES:
            return match.mime_type
    return ""


def check_upload(upload, *, max_bytes: int) -> str:
    """Return the detected MIME type of ``upload``, or raise ValidationError saying why not."""
    size = upload.size
    if size == 0:
        raise ValidationError(_("Tệp đính kèm rỗng."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("Tệp đính kèm %(size)s, vượt quá giới hạn %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    mime = detect_type(data)
    if not mime:
        raise ValidationError(
            _(
                "Chỉ nhận tệp PDF, JPEG hoặc PNG. Nội dung tệp này không phải một trong các loại "
                "đó (hệ thống kiểm tra nội dung tệp, không dựa vào tên hay đuôi tệp)."
            ),
            code="type",
        )
    return mime
