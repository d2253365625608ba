"""portal.params: one parser per kind of parameter, and the old names renamed in one place."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from portal import params
from portal.params import ParameterError
from procedures.models import Field


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("2025-07-01", datetime.date(2025, 7, 1)),
        (" 2025-07-01 ", datetime.date(2025, 7, 1)),
        ("2000-01-01", datetime.date(2000, 1, 1)),
        ("2100-12-31", datetime.date(2100, 12, 31)),
    ],
)
def test_a_day_is_read_in_iso_form(value, expected):
    assert params.parse_day(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025-13-01", "không hợp lệ"),
        ("2025-02-30", "không hợp lệ"),
        ("2025-7-1", "không hợp lệ"),
        ("01/07/2025", "không hợp lệ"),
        ("２０２５-07-01", "không hợp lệ"),  # full-width digits
        ("hôm qua", "không hợp lệ"),
        ("1999-12-31", "nằm ngoài khoảng"),
        ("2101-01-01", "nằm ngoài khoảng"),
        ("0001-01-01", "nằm ngoài khoảng"),
        ("9999-12-31", "nằm ngoài khoảng"),
        ("2025-07-01\x00", "ký tự điều khiển"),
    ],
)
def test_a_day_that_is_none_or_out_of_range_is_refused_with_a_reason(value, reason):
    with pytest.raises(ParameterError, match=reason):
        params.parse_day(value)


def test_day_month_year_is_read_only_where_a_page_accepts_it():
    formats = (params.ISO_DAY, params.DAY_MONTH_YEAR)
    assert params.parse_day("01/07/2025", formats=formats) == datetime.date(2025, 7, 1)
    assert params.parse_day("1/7/2025", formats=formats) == datetime.date(2025, 7, 1)
    with pytest.raises(ParameterError):
        params.parse_day("31/02/2025", formats=formats)
    with pytest.raises(ParameterError, match="nằm ngoài khoảng"):
        params.parse_day("31/12/1999", formats=formats)


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), ("", None), ("1", 1), (" 50 ", 50), ("007", 7)]
)
def test_a_number_is_ascii_digits_in_a_range(value, expected):
    assert params.parse_int(value, name="gioihan", low=1, high=50) == expected


@pytest.mark.parametrize(
    "value",
    ["0", "51", "-1", "+3", "1.5", "²", "٣", "１", "abc", "99999999999999999999", "9" * 5000],
)
def test_a_number_that_is_not_one_or_out_of_range_is_refused(value):
    with pytest.raises(ParameterError, match="gioihan"):
        params.parse_int(value, name="gioihan", low=1, high=50)


def test_ids_are_bounded_by_what_the_database_holds():
    assert params.parse_int(str(params.MAX_ID), name="den", low=1, high=params.MAX_ID)
    with pytest.raises(ParameterError):
        params.parse_int(str(params.MAX_ID + 1), name="den", low=1, high=params.MAX_ID)


@pytest.mark.parametrize(
    ("value", "page"),
    [(None, 1), ("", 1), ("3", 3), ("abc", 1), ("²", 1), ("0", 1), ("-2", 1), ("9" * 30, 1)],
)
def test_a_listing_page_falls_back_to_the_first(value, page):
    assert params.page_number(value) == page


def test_slugs_and_codes():
    assert params.parse_slug("ha-noi", name="tinh") == "ha-noi"
    assert params.parse_slug("", name="tinh") is None
    for bad in ("ha noi", "hà-nội", "a/b", "x" * 201):
        with pytest.raises(ParameterError):
            params.parse_slug(bad, name="tinh")
    assert params.parse_code("1.014666") == "1.014666"
    for bad in ("1.01466", "1.0146666", "1,014666", "1.014666\n", "\x00", "", "².014666"):
        with pytest.raises(ParameterError):
            params.parse_code(bad)


def test_a_province_is_known_or_refused():
    assert params.parse_province("ha-noi").name == "Hà Nội"
    assert params.parse_province(" ") is None
    for bad in ("atlantis", "ha noi", "HA-NOI\x00"):
        with pytest.raises(ParameterError):
            params.parse_province(bad)


def test_a_cookie_that_holds_no_slug_is_ignored():
    assert params.cookie_slug("ha-noi") == "ha-noi"
    for bad in (None, "", "\x00", "ha noi", '"ha-noi"'):
        assert params.cookie_slug(bad) is None


def query(text: str) -> QueryDict:
    return QueryDict(text)


def test_old_names_are_renamed_and_the_new_name_wins():
    renamed = params.reader_query(
        query("q=giay&field=vien-thong&page=2&status=con_hieu_luc&on=2025-07-01&limit=5"),
        namespace="portal",
    )
    assert list(renamed.items()) == [
        ("q", "giay"),
        ("linhvuc", "vien-thong"),
        ("trang", "2"),
        ("tinhtrang", "con_hieu_luc"),
        ("ngay", "2025-07-01"),
        ("gioihan", "5"),
    ]
    both = params.reader_query(query("page=9&trang=2"), namespace="portal")
    assert both.getlist("trang") == ["2"] and "page" not in both
    assert not renamed._mutable


def test_on_the_question_pages_status_is_a_question_state():
    renamed = params.reader_query(
        query("status=escalated&overdue=on&ministry_unit=cuc-vien-thong&thu_tuc=x"),
        namespace="questions",
    )
    assert dict(renamed.items()) == {
        "trangthai": "escalated",
        "quahan": "on",
        "donvi": "cuc-vien-thong",
        "thutuc": "x",
    }


def test_every_old_name_has_its_new_name():
    assert params.LEGACY_NAMES == {
        "on": "ngay",
        "page": "trang",
        "field": "linhvuc",
        "level": "cap",
        "kind": "hinhthuc",
        "document": "vanban",
        "status": "tinhtrang",
        "limit": "gioihan",
        "thu_tuc": "thutuc",
        "ministry_unit": "donvi",
        "overdue": "quahan",
    }


@pytest.mark.parametrize("text", ["q=%00", "q=a%0Ab", "tinh=ha-noi%7F", "x%00=1", "q=%C2%9B"])
def test_control_characters_are_refused_in_names_and_values(text):
    with pytest.raises(ParameterError, match="ký tự điều khiển"):
        params.reader_query(query(text), namespace="portal")


def test_form_fields_parse_with_the_same_rules():
    field = params.DayField(required=False)
    assert field.clean("2025-07-01") == datetime.date(2025, 7, 1)
    with pytest.raises(ValidationError, match="nằm ngoài khoảng"):
        field.clean("2101-01-01")
    attrs = field.widget.attrs
    assert (attrs["type"], attrs["min"], attrs["max"]) == ("date", "2000-01-01", "2100-12-31")
    number = params.NumberField(low=1, high=1000, required=False, label="trang")
    assert number.clean("12") == 12
    with pytest.raises(ValidationError, match="trang"):
        number.clean("²")


def test_a_slug_choice_never_queries_with_a_value_that_is_no_slug(django_assert_num_queries):
    field = params.SlugChoiceField(Field.objects.all(), required=False)
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean("vien\x00thong")
    assert refused.value.code == "invalid_choice"
    telecom = Field.objects.get(slug="vien-thong-va-internet")
    assert field.clean("vien-thong-va-internet") == telecom
    with pytest.raises(ValidationError):  # an id is a choice only where the form sent ids
        field.clean(str(telecom.pk))
    legacy = params.SlugChoiceField(Field.objects.all(), required=False, accept_ids=True)
    assert legacy.clean(str(telecom.pk)) == telecom
    assert legacy.clean("vien-thong-va-internet") == telecom
