from portal.templatetags.portal_tags import css_string


def test_css_string_cannot_end_the_string_or_the_style_element():
    value = css_string('http://x/"; } body { color: red } </style><script>')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert css_string("Cẩm nang · 27/11/2026") == '"Cẩm nang · 27/11/2026"'
