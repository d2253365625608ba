import datetime
import re

import segno
from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

register = template.Library()


@register.filter
def css_string(value) -> str:
    """``value`` as a double-quoted CSS string, safe inside a <style> element."""
    text = str(value)
    escaped = "".join(
        f"\\{ord(ch):06x}" if ch in '"\\<>&\n\r' or ord(ch) < 32 else ch for ch in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every character that could end it is escaped


@register.filter
def html_datetime(value) -> str:
    """A moment as the ``datetime`` attribute of ``<time>``: ISO 8601 in Vietnam's time, to the
    second (HTML allows at most three fractional digits; Django's ``date:"c"`` prints six)."""
    if not isinstance(value, datetime.datetime):
        return value.isoformat() if isinstance(value, datetime.date) else ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.simple_tag
def qr_code(url: str, label: str) -> str:
    """An inline SVG QR code of ``url`` (no file, no request: a PDF fetches nothing), named
    ``label`` for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=2, border=2, omitsize=False)
    return format_html(
        '<span class="qr" role="img" aria-label="{}">{}</span>',
        label,
        mark_safe(svg),  # noqa: S308
    )


# The national records mark each fee with its type's code; readers see the type's name.
FEE_LABELS = {"[FEE]": gettext_noop("Lệ phí:"), "[SERVICE_FEE]": gettext_noop("Phí dịch vụ:")}
ISO_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)")


@register.filter
def readable_fees(value) -> str:
    """A record's fees with "[FEE]"/"[SERVICE_FEE]" read as "Lệ phí:"/"Phí dịch vụ:"."""
    text = str(value or "")
    for code, label in FEE_LABELS.items():
        text = text.replace(code, gettext(label))
    return text


@register.filter
def readable_dates(value) -> str:
    """ "2607/QĐ-BKHCN (2026-05-29)" as "2607/QĐ-BKHCN ngày 29/05/2026" (the records' ISO dates)."""
    return ISO_DATE.sub(
        lambda m: gettext("ngày %(day)s") % {"day": f"{m[3]}/{m[2]}/{m[1]}"}, str(value or "")
    )


@register.filter
def same_words(first, second) -> bool:
    """Whether two texts say the same words, whatever their case and spacing ("11 ngày" and
    "11 Ngày"): a record's time limit is then printed once."""

    def words(text) -> str:
        return " ".join(str(text or "").casefold().split())

    return words(first) == words(second)


def not_recorded_html() -> str:
    """The one way a page says a fact is missing from its source."""
    return format_html('<span class="not-recorded">{}</span>', gettext("chưa có dữ liệu"))


@register.filter(needs_autoescape=True)
def or_not_recorded(value, autoescape=True):
    """``value`` (escaped), or "chưa có dữ liệu" when it is empty, None or 0."""
    if value is None or value == "" or not value:
        return not_recorded_html()
    return conditional_escape(value) if autoescape else value


@register.simple_tag
def not_recorded() -> str:
    """``{% not_recorded %}``: "chưa có dữ liệu", where the missing value is not a single one."""
    return not_recorded_html()
