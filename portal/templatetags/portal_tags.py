from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """``value`` as a double-quoted CSS string, safe inside a <style> element."""
    text = str(value)
    escaped = "".join(
        f"\\{ord(ch):06x}" if ch in '"\\<>&\n\r' or ord(ch) < 32 else ch for ch in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every character that could end it is escaped
