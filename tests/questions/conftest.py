"""Fixtures for the questions tests: the demo officials, a question factory, uploads."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from delegation.models import Province
from procedures.models import Procedure
from questions import services
from questions.models import MinistryUnit

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
