"""``<time datetime="…">`` values are valid HTML (the validator refused Django's ``date:"c"``,
which prints microseconds; HTML allows at most three fractional digits)."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone

from handbook.models import Revision
from questions.models import Question

DATE = r"\d{4}-\d{2}-\d{2}"
MOMENT = rf"{DATE}T\d{{2}}:\d{{2}}(:\d{{2}}(\.\d{{1,3}})?)?(Z|[+-]\d{{2}}:?\d{{2}})"
VALID = re.compile(rf"^({DATE}|{MOMENT})$")


def time_values(html: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]*)"', html)


def pages() -> list[str]:
    revision = Revision.objects.filter(status=Revision.Status.PUBLISHED).first()
    question = Question.objects.filter(published_at__isnull=False).first()
    urls = ["/", "/cap-nhat/", "/hoi-dap/", "/giai-dap-truc-tuyen/"]
    urls.append(revision.guidance.procedure.get_absolute_url())
    urls.append(revision.guidance.procedure.get_absolute_url() + "lich-su/")
    if question is not None:
        urls.append(f"/hoi-dap/{question.pk}/")
    return urls


def test_every_time_value_on_the_reader_pages_is_valid(client):
    # A moment with microseconds, as the database keeps them.
    Revision.objects.filter(status=Revision.Status.PUBLISHED).update(
        published_at=timezone.now().replace(microsecond=123456)
    )
    seen = 0
    for url in pages():
        response = client.get(url)
        assert response.status_code == 200, url
        for value in time_values(response.content.decode()):
            seen += 1
            assert VALID.match(value), (url, value)
    assert seen > 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            datetime.datetime(2026, 11, 27, 2, 0, 5, 999999, tzinfo=datetime.UTC),
            "2026-11-27T09:00:05+07:00",
        ),
        (datetime.date(2026, 11, 27), "2026-11-27"),
        (None, ""),
    ],
)
def test_html_datetime_gives_seconds_in_vietnam_time(value, expected):
    rendered = Template("{% load portal_tags %}{{ value|html_datetime }}").render(
        Context({"value": value})
    )
    assert rendered == expected
