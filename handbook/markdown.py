"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list of tags."""

import re
from functools import lru_cache

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
    "label",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "input": {"type", "checked"},
    "li": {"class"},
    "ul": {"class"},
}


# "[ ]" or "[x]" opening a list item, and the item's text up to a nested block or its end.
_TASK_ITEM = re.compile(r"<li>\[([ xX])\] ((?:(?!<(?:/li|ul|ol|p)\b).)*)", re.DOTALL)


def _task_lists(html: str) -> str:
    """Turn "[ ]" / "[x]" items into checkboxes an official can tick, each labelled by its text.

    An unlabelled or disabled box would be announced as a nameless control (WCAG 4.1.2); the
    label makes the whole line the control. A nested list stays outside the label.
    """

    def labelled(match: re.Match) -> str:
        checked = " checked" if match.group(1) in "xX" else ""
        return f'<li class="task"><label><input type="checkbox"{checked}> {match.group(2)}</label>'

    return _TASK_ITEM.sub(labelled, html)


def render_markdown(text: str) -> SafeString:
    """Render staff-written Markdown; anything outside the allow-list is removed."""
    if not text:
        return mark_safe("")
    return mark_safe(_rendered(text))  # noqa: S308 - sanitised by nh3 in _rendered


# The output depends on the text alone, and a published revision's text never changes: each
# process keeps the latest renderings (Python-Markdown's emphasis parsing costs milliseconds
# per section, a third of a procedure page's server time at 100,000 procedures).
@lru_cache(maxsize=2048)
def _rendered(text: str) -> str:
    html = md.markdown(text, extensions=["sane_lists"], output_format="html")
    html = nh3.clean(
        _task_lists(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return html
