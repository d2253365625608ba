from handbook.markdown import render_markdown
from portal.templatetags.portal_tags import checklist, css_string


def test_checklist_items_become_labelled_checkboxes_a_reader_can_tick():
    html = checklist(render_markdown("- [ ] Đơn **Mẫu 06**\n- [x] Bản sao\n    - kèm bản chính"))
    assert '<label><input type="checkbox"> Đơn <strong>Mẫu 06</strong></label>' in html
    # a nested list stays outside the label
    assert '<label><input type="checkbox" checked> Bản sao</label><ul>' in html
    assert "disabled" not in html


def test_checklist_leaves_other_lists_alone():
    html = render_markdown("- một\n- hai")
    assert checklist(html) == html


def test_css_string_cannot_end_the_string_or_the_style_element():
    value = css_string('http://x/"; } body { color: red } </style><script>')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert css_string("Cẩm nang · 27/11/2026") == '"Cẩm nang · 27/11/2026"'
