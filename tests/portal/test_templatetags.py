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


def render(source: str, **context) -> str:
    from django.template import Context, Template

    return Template("{% load portal_tags %}" + source).render(Context(context))


def test_fees_are_read_with_their_type_names():
    text = "Trực tiếp: [SERVICE_FEE] 200.000 Việt Nam Đồng\n[FEE] 0 Đồng – Không"
    out = render("{{ fees|readable_fees }}", fees=text)
    assert "[FEE]" not in out and "[SERVICE_FEE]" not in out
    assert out == "Trực tiếp: Phí dịch vụ: 200.000 Việt Nam Đồng\nLệ phí: 0 Đồng – Không"


def test_record_dates_read_as_day_month_year():
    assert render("{{ d|readable_dates }}", d="2607/QĐ-BKHCN (2026-05-29)") == (
        "2607/QĐ-BKHCN ngày 29/05/2026"
    )
    # Only a date in brackets, as the records write it; other numbers stay.
    assert render("{{ d|readable_dates }}", d="Quyết định 12/2026 2026-05-29") == (
        "Quyết định 12/2026 2026-05-29"
    )


def test_a_time_limit_is_printed_once_when_both_forms_say_the_same(client):
    from procedures.models import Procedure

    procedure = Procedure.objects.filter(time_limit_text__iexact="18 ngày làm việc").first()
    assert procedure is not None and procedure.time_limit_display == "18 ngày làm việc"
    html = client.get(procedure.get_absolute_url()).content.decode()
    record = html.split('id="record-h"')[1]
    limit = record.split("Thời hạn giải quyết</dt>")[1].split("</dd>")[0]
    assert limit.lower().count("18 ngày làm việc") == 1, limit
