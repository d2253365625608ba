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
    "input": {"type", "disabled", "checked"},
    "li": {"class"},
    "ul": {"class"},
}


def _task_lists(html: str) -> str:
    """Turn "[ ]" / "[x]" at the start of a list item into a disabled checkbox."""
    html = html.replace("<li>[ ] ", '<li class="task"><input type="checkbox" disabled> ')
    return html.replace("<li>[x] ", '<li class="task"><input type="checkbox" disabled checked> ')


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
