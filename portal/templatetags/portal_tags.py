import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """``value`` as a double-quoted CSS string, safe inside a <style> element."""
    text = str(value)
    escaped = "".join(
        f"\\{ord(ch):06x}" if ch in '"\\<>&\n\r' or ord(ch) < 32 else ch for ch in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every character that could end it is escaped


# A task-list item as handbook.markdown renders it, up to a nested block or the end of the item.
_TASK_ITEM = re.compile(
    r'<li class="task"><input type="checkbox"([^>]*)>((?:(?!<(?:/li|ul|ol|p)\b).)*)', re.DOTALL
)


def _labelled(match: re.Match) -> str:
    checked = " checked" if "checked" in match.group(1) else ""
    return f'<li class="task"><label><input type="checkbox"{checked}>{match.group(2)}</label>'


@register.filter
def checklist(html: SafeString) -> SafeString:
    """Turn the guidance's task-list items into checkboxes the reader can tick, each labelled by
    its own text (a disabled checkbox without a label is unusable and fails WCAG)."""
    return mark_safe(  # noqa: S308 - only rewraps markup of already sanitised HTML
        _TASK_ITEM.sub(_labelled, html)
    )
