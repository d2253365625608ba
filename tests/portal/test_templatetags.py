from portal.templatetags.portal_tags import css_string


def test_css_string_cannot_end_the_string_or_the_style_element():
    value = css_string('http://x/"; } body { color: red } </style><script>')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert css_string("Cẩm nang · 27/11/2026") == '"Cẩm nang · 27/11/2026"'


def test_or_not_recorded_escapes_a_value_and_names_a_missing_one():
    from django.template import Context, Template

    template = Template("{% load portal_tags %}[{{ v|or_not_recorded }}][{% not_recorded %}]")
    missing = '<span class="not-recorded">chưa có dữ liệu</span>'
    assert template.render(Context({"v": ""})) == f"[{missing}][{missing}]"
    assert template.render(Context({"v": None})) == f"[{missing}][{missing}]"
    assert template.render(Context({"v": "<b>"})) == f"[&lt;b&gt;][{missing}]"
