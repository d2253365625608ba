"""Fixtures for the questions tests (and their public pages' in tests/portal/faq): the demo
officials, a question factory, uploads, publishing, and more questions to count queries with."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import roles
from delegation.models import Province
from procedures.models import Procedure
from questions import services
from questions.models import MinistryUnit, OnlineSession

FILES = Path(__file__).parent / "files"
# What a Windows program starts with (DOS stub of a PE file).
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8"
    + b"\x00" * 43
    + b"\x80\x00\x00\x00"
    + b"\x0e\x1f\xba\x0e\x00\xb4\t\xcd!\xb8\x01L\xcd!This program cannot be run in DOS mode.\r\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the worktree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def users(db):
    """The demo officials by username (see accounts/demo.py)."""
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def asker(users):
    return users["canbo.xa.hanoi"]


@pytest.fixture
def department(users):
    return users["canbo.so.hanoi"]


@pytest.fixture
def other_department(users):
    return users["canbo.so.danang"]


@pytest.fixture
def ministry(users):
    return users["canbo.bo"]


@pytest.fixture
def make_official(db):
    """Create an official with a role and a province: make_official("Cán bộ Sở", "ha-noi")."""
    counter = iter(range(1, 1000))

    def make(role, province_slug="ha-noi", **extra):
        user = get_user_model().objects.create_user(
            username=f"canbo.thu.{next(counter)}",
            password="x",
            province=Province.objects.get(slug=province_slug) if province_slug else None,
            full_name=extra.pop("full_name", "Cán bộ thử nghiệm"),
            unit=extra.pop("unit", "UBND xã thử nghiệm"),
            **extra,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def telecom_procedure(db):
    return Procedure.objects.get(code="1.013899")


@pytest.fixture
def unit(db):
    return MinistryUnit.objects.get(slug="cuc-vien-thong")


@pytest.fixture
def ask(asker, telecom_procedure):
    """Send a question through the service; keyword arguments override the defaults."""

    def make(**overrides):
        values = {
            "user": asker,
            "title": "Doanh nghiệp ở tỉnh khác xin giấy phép ở đâu?",
            "body": "Doanh nghiệp có trụ sở chính ở tỉnh khác hỏi nơi nộp hồ sơ cấp giấy phép.",
            "procedure": telecom_procedure,
        }
        values.update(overrides)
        return services.question_ask(**values)

    return make


@pytest.fixture
def answered(ask, department):
    """A question the department of its province has answered."""

    def make(**overrides):
        question = ask(**overrides)
        question = services.question_assign(question=question, user=department)
        return services.question_answer(
            question=question,
            user=department,
            answer="Nộp tại UBND cấp tỉnh nơi doanh nghiệp đặt trụ sở chính.",
            notify=False,
        )

    return make


@pytest.fixture
def upload():
    """An uploaded file: upload("tiny.pdf"), or upload(name=..., content=b"...")."""

    def make(fixture=None, *, name=None, content=None, content_type="application/pdf"):
        if fixture:
            content = (FILES / fixture).read_bytes()
            name = name or fixture
        return SimpleUploadedFile(name, content, content_type=content_type)

    return make


def publish(question, ministry, **texts):
    """Publish an answered question through the service, with public texts of the test's own."""
    return services.question_publish(
        question=question,
        user=ministry,
        public_question=texts.get("public_question", "Doanh nghiệp nộp hồ sơ ở tỉnh nào?"),
        public_answer=texts.get("public_answer", "Tỉnh nơi doanh nghiệp đặt trụ sở chính."),
    )


@pytest.fixture
def lai_chau(make_official):
    """A commune official and a department official of Lai Châu (no demo data there)."""
    return (
        make_official(roles.COMMUNE_OFFICIAL, "lai-chau"),
        make_official(roles.DEPARTMENT_STAFF, "lai-chau"),
    )


def grow(lai_chau, ministry, unit, n=4):
    """Add ``n`` questions in several fields and states, some published, some in a session."""
    commune, department = lai_chau
    procedures = list(Procedure.objects.filter(code__in=["1.013899", "1.014879", "2.002781"]))
    upcoming = OnlineSession.objects.get(title__startswith="Chuyên đề viễn thông")
    for i in range(n):
        question = services.question_ask(
            user=commune,
            title=f"Câu hỏi thêm số {i} về giấy phép",
            body="Nội dung câu hỏi thêm để đo số truy vấn của trang.",
            procedure=procedures[i % len(procedures)],
            attachment=None,
            at=timezone.now() - datetime.timedelta(days=3 * i + 1),
        )
        if i % 2:
            question = services.question_escalate(
                question=question, user=department, unit=unit, note="x", session=upcoming
            )
            question = services.question_answer(
                question=question, user=ministry, answer="Đáp.", notify=False
            )
            services.question_publish(
                question=question, user=ministry, public_question="Hỏi?", public_answer="Đáp."
            )
