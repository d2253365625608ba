"""The reader's URL parameters: one Vietnamese name and one parser for each kind of value.

Every reader page, the JSON API, the question pages and the province cookie read their values
through this module, so a value means the same thing, and is refused for the same reason,
everywhere. A refusal is a ``ParameterError`` whose message is shown with the 400.

Names (README, "URL parameters"): ``q``, ``ngay``, ``trang``, ``phan`` (a document's part),
``rieng`` (a page of a province's own records), ``linhvuc``, ``cap``, ``hinhthuc``, ``vanban``,
``tinhtrang``, ``tinh``, ``thutuc``, ``gioihan``, and on the question list ``trangthai``,
``donvi``, ``quahan``. ``reader_query`` renames the old English names once, before any form
binds (``portal.middleware.ReaderParametersMiddleware``).
"""

import datetime
import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from delegation.models import Province
from procedures.models import CODE_PATTERN

# The days the portal reads (delegations start in 2025; decrees run for years): wide enough for
# any real question, narrow enough that no date arithmetic behind a page can overflow.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
# The largest id a BigAutoField holds, on SQLite and on PostgreSQL.
MAX_ID = 2**63 - 1

ISO_DAY = "%Y-%m-%d"
DAY_MONTH_YEAR = "%d/%m/%Y"
_DAY_SHAPES = {
    ISO_DAY: re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    DAY_MONTH_YEAR: re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"),
}
# ASCII digits only: str.isdigit() and int() also take "²" or "٣".
_INTEGER = re.compile(r"[0-9]{1,20}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# Unicode's control characters (category Cc); PostgreSQL refuses NUL in any text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHOWN = 40  # characters of a refused value repeated in its message

# The names used before the portal spoke one language, still read so that old bookmarks give
# the same page. A new name given as well wins.
LEGACY_NAMES = {
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
# On the question pages, "status" was a question's state, not a procedure's.
LEGACY_NAMES_BY_NAMESPACE = {"questions": {**LEGACY_NAMES, "status": "trangthai"}}


class ParameterError(ValueError):
    """A parameter that cannot be understood; the message says why (shown with a 400)."""


def _shown(value: str) -> str:
    return value[:_SHOWN]


def refuse_control_characters(value: str, *, name: str) -> str:
    """``value`` unchanged; ParameterError if it holds a control character (NUL included)."""
    found = _CONTROL.search(value)
    if found:
        raise ParameterError(
            _("Tham số “%(name)s” chứa ký tự điều khiển (U+%(code)04X); hãy gõ lại địa chỉ.")
            % {"name": _CONTROL.sub("", name)[:_SHOWN], "code": ord(found.group())}
        )
    return value


def _text(value: str | None, *, name: str) -> str | None:
    """``value`` stripped, None when absent or blank; ParameterError on a control character."""
    if value is None:
        return None
    value = refuse_control_characters(str(value), name=name).strip()
    return value or None


def parse_day(
    value: str | None, *, name: str = "ngay", formats: tuple[str, ...] = (ISO_DAY,)
) -> datetime.date | None:
    """The day in ``value`` (``YYYY-MM-DD``, or one of ``formats``), None when absent.

    ParameterError when it is no day, or outside ``FIRST_DAY``..``LAST_DAY``.
    """
    value = _text(value, name=name)
    if value is None:
        return None
    day_format = next((f for f in formats if _DAY_SHAPES[f].fullmatch(value)), None)
    try:
        day = datetime.datetime.strptime(value, day_format).date() if day_format else None
    except ValueError:  # the right shape, but no such day (2025-02-30)
        day = None
    if day is None:
        raise ParameterError(
            _("Ngày không hợp lệ (“%(value)s”): hãy ghi theo dạng NNNN-TT-NN, ví dụ 2025-07-01.")
            % {"value": _shown(value)}
        )
    _require_in_range(day, value)
    return day


def _require_in_range(day: datetime.date, value: str) -> None:
    """ParameterError unless ``day`` (read from ``value``) is within FIRST_DAY..LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ParameterError(
            _("Ngày %(value)s nằm ngoài khoảng tra cứu được, từ %(first)s đến %(last)s.")
            % {
                "value": _shown(value),
                "first": FIRST_DAY.strftime("%d/%m/%Y"),
                "last": LAST_DAY.strftime("%d/%m/%Y"),
            }
        )


def parse_int(value: str | None, *, name: str, low: int, high: int) -> int | None:
    """The whole number in ``value`` (ASCII digits), None when absent; ParameterError when it
    is not one or lies outside ``low``..``high``."""
    value = _text(value, name=name)
    if value is None:
        return None
    if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
        raise ParameterError(
            _("“%(value)s” không hợp lệ cho “%(name)s”: cần một số nguyên từ %(low)d đến %(high)d.")
            % {"value": _shown(value), "name": name, "low": low, "high": high}
        )
    return int(value)


def page_number(value: str | None, *, name: str = "trang") -> int:
    """The listing page in ``?trang=`` (or ``name``): 1 when absent or not a page number (a
    listing falls back to a page rather than refuse; the paginator turns a number past the end
    into the last)."""
    try:
        return parse_int(value, name=name, low=1, high=MAX_ID) or 1
    except ParameterError:
        return 1


def parse_slug(value: str | None, *, name: str) -> str | None:
    """The slug in ``value`` (letters, digits, ``-`` and ``_``), None when absent."""
    value = _text(value, name=name)
    if value is None:
        return None
    if not _SLUG.fullmatch(value):
        raise ParameterError(
            _("“%(value)s” không phải là đường dẫn hợp lệ cho “%(name)s”.")
            % {"value": _shown(value), "name": name}
        )
    return value


YES_NO = {"co": True, "khong": False}


def parse_yes_no(value: str | None, *, name: str) -> bool:
    """``co`` (yes) or ``khong`` (no) as a bool; anything else, or nothing, is refused."""
    value = _text(value, name=name)
    if value is None or value not in YES_NO:
        raise ParameterError(_("“%(name)s” phải là “co” hoặc “khong”.") % {"name": name})
    return YES_NO[value]


def parse_code(value: str) -> str:
    """A national procedure code, ``1.005442``; ParameterError for anything else."""
    code = _text(value, name="mã thủ tục") or ""
    if not re.fullmatch(CODE_PATTERN, code):
        raise ParameterError(
            _(
                "Mã thủ tục “%(value)s” không hợp lệ: mã gồm một chữ số, dấu chấm và sáu chữ số, "
                "ví dụ 1.005442."
            )
            % {"value": _shown(code)}
        )
    return code


def parse_province(value: str | None) -> Province | None:
    """The province in ``?tinh=<slug>``, None when absent; ParameterError when unknown."""
    value = _text(value, name="tinh")
    if value is None:
        return None
    province = Province.objects.filter(slug=value).first() if _SLUG.fullmatch(value) else None
    if province is None:
        raise ParameterError(
            _("Không có tỉnh, thành phố “%(value)s”. Hãy chọn một trong 34 tỉnh, thành phố.")
            % {"value": _shown(value)}
        )
    return province


def cookie_slug(value: str | None) -> str | None:
    """The slug a cookie holds, or None when it holds none (an old, edited or forged cookie is
    ignored, never refused: the reader did not type it)."""
    try:
        return parse_slug(value, name="cookie")
    except ParameterError:
        return None


def reader_query(query: QueryDict, *, namespace: str) -> QueryDict:
    """``query`` with the old parameter names renamed (``LEGACY_NAMES``), as an immutable
    QueryDict; ParameterError when a name or a value holds a control character."""
    names = LEGACY_NAMES_BY_NAMESPACE.get(namespace, LEGACY_NAMES)
    renamed = QueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        refuse_control_characters(name, name=name)
        for value in values:
            refuse_control_characters(value, name=name)
        new_name = names.get(name, name)
        if new_name != name and new_name in query:
            continue
        renamed.setlist(new_name, values)
    renamed._mutable = False
    return renamed


# Form fields: the same parsers behind forms and filters -------------------------------------


class DayField(forms.Field):
    """A day (``parse_day``) in a form, shown as a date input limited to the days accepted."""

    widget = forms.DateInput(format=ISO_DAY)

    def __init__(self, *, formats: tuple[str, ...] = (ISO_DAY,), **kwargs: Any) -> None:
        self.formats = formats
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {
            **super().widget_attrs(widget),
            "type": "date",
            "min": FIRST_DAY.isoformat(),
            "max": LAST_DAY.isoformat(),
        }

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_day(value, name=str(self.label or "ngay"), formats=self.formats)
        except ParameterError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class NumberField(forms.Field):
    """A whole number between ``low`` and ``high`` (``parse_int``) in a form."""

    def __init__(self, *, low: int, high: int, **kwargs: Any) -> None:
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, int):
            return value
        try:
            return parse_int(value, name=str(self.label), low=self.low, high=self.high)
        except ParameterError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class SlugChoiceField(forms.ModelChoiceField):
    """A row chosen by its slug. A value that is no slug is an invalid choice, never a query.

    ``accept_ids``: the form once sent ids, so an id from an old bookmark still chooses its row.
    """

    def __init__(self, queryset: QuerySet[Any], *, accept_ids: bool = False, **kwargs: Any) -> None:
        self.accept_ids = accept_ids
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(queryset, **kwargs)

    def _invalid(self, value: object) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            slug = parse_slug(value, name=str(self.label))
        except ParameterError:
            raise self._invalid(value) from None
        rows = self.queryset
        if slug is None or rows is None:
            raise self._invalid(value)
        found = rows.filter(slug=slug).first()
        if found is None and self.accept_ids and _INTEGER.fullmatch(slug):
            found = rows.filter(pk=int(slug)).first() if int(slug) <= MAX_ID else None
        if found is None:
            raise self._invalid(value)
        return found


class DayFilter(django_filters.Filter):
    field_class = DayField


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


def parse_moment(value: str | None, *, name: str = "since") -> datetime.datetime | None:
    """The moment in ``value`` (ISO day ``YYYY-MM-DD`` = its midnight, or an ISO date and time;
    without an offset, the site's time zone), None when absent; ParameterError otherwise."""
    value = _text(value, name=name)
    if value is None:
        return None
    moment = None
    if _DAY_SHAPES[ISO_DAY].fullmatch(value) or (len(value) > 10 and value[10] in "T "):
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        raise ParameterError(
            _(
                "Thời điểm không hợp lệ (“%(value)s”) cho “%(name)s”: hãy ghi theo dạng "
                "NNNN-TT-NN hoặc NNNN-TT-NNTgg:pp:ss, ví dụ 2025-07-01T08:00:00+07:00."
            )
            % {"value": _shown(value), "name": name}
        )
    _require_in_range(moment.date(), value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
