"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list of tags."""

import re
from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    "hr",
}
# No <input> or <label> here: whatever a writer types of them is removed. The only inputs a
# rendering holds are the task lists' checkboxes, disabled, which _task_lists adds after the
# clean, around text the clean has already sanitised.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "li": {"class"},
    "ul": {"class"},
}


# "[ ]" or "[x]" opening a list item, and the item's text up to a nested block or its end.
_TASK_ITEM = re.compile(r"<li>\[([ xX])\] ((?:(?!<(?:/li|ul|ol|p)\b).)*)", re.DOTALL)


def _task_lists(html: str) -> str:
    """Turn "[ ]" / "[x]" items into disabled checkboxes (the state the writer gave), each
    labelled by its text so that it is announced with a name (WCAG 4.1.2). A nested list stays
    outside the label. Runs on sanitised HTML: the item's text is already clean."""

    def labelled(match: re.Match) -> str:
        checked = " checked" if match.group(1) in "xX" else ""
        return (
            f'<li class="task"><label><input type="checkbox" disabled{checked}> '
            f"{match.group(2)}</label>"
        )

    return _TASK_ITEM.sub(labelled, html)


# What a writer may use, as the admin's help under each text box says (issue 14).
MARKDOWN_HELP = gettext_lazy(
    "Định dạng cho phép: đoạn văn (cách nhau một dòng trống); **đậm**, *nghiêng*; danh sách "
    "bắt đầu bằng “- ” hoặc “1. ”; danh sách kiểm tra “- [ ] việc cần làm”; tiêu đề nhỏ “### …”; "
    "liên kết [chữ](https://…); trích dẫn “> …”. Không dùng được: bảng, hình ảnh, thẻ HTML, "
    "tiêu đề “#” hay “##” (hãy viết thành danh sách)."
)
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
_IMAGE = re.compile(r"!\[[^\]]*\]\(")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_BIG_HEADING = re.compile(r"^\s{0,3}#{1,2}\s", re.M)


def unsupported_markdown(text: str) -> list[str]:
    """Why ``text`` would not render as its writer expects: each construct the page would show
    as raw characters or drop (a table published as pipes), in words for the admin."""
    problems = []
    if _TABLE_SEPARATOR.search(text) or len(_PIPE_ROW.findall(text)) >= 2:
        problems.append(
            _("Bảng (các dòng có dấu |) không hiển thị được; hãy viết thành danh sách.")
        )
    if _IMAGE.search(text):
        problems.append(_("Hình ảnh ![…](…) không hiển thị được; hãy bỏ hoặc thay bằng liên kết."))
    if _HTML_TAG.search(text):
        problems.append(_("Thẻ HTML (<…>) bị loại bỏ khi hiển thị; hãy dùng định dạng Markdown."))
    if _BIG_HEADING.search(text):
        problems.append(_("Tiêu đề “#” hoặc “##” không dùng được trong mục; hãy dùng “###”."))
    return problems


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
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return _task_lists(html)
