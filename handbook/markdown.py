"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list of tags."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "input",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "input": {"type", "disabled", "checked", "aria-hidden"},
    "li": {"class"},
    "ul": {"class"},
}


def _task_lists(html: str) -> str:
    """Turn "[ ]" / "[x]" at the start of a list item into a disabled checkbox.

    The box is a printed tick box for officials, not a control: it is hidden from assistive
    technology (which would otherwise announce an unlabelled form field) and the text is read.
    """
    box = '<input type="checkbox" disabled aria-hidden="true"'
    html = html.replace("<li>[ ] ", f'<li class="task">{box}> ')
    return html.replace("<li>[x] ", f'<li class="task">{box} checked> ')


def render_markdown(text: str) -> SafeString:
    """Render staff-written Markdown; anything outside the allow-list is removed."""
    if not text:
        return mark_safe("")
    html = md.markdown(text, extensions=["sane_lists"], output_format="html")
    html = nh3.clean(
        _task_lists(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 just above
