"""Support test helpers: the demo accounts by role, a delegated item, a visit to a province."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from delegation.models import Province
from procedures.models import Field
from questions.models import MinistryUnit
from support.models import Assessment, FieldVisit, FollowUp

ACCOUNTS = {
    "commune": "canbo.xa.hanoi",
    "dept_a": "canbo.so.hanoi",  # Hà Nội
    "dept_b": "canbo.so.danang",  # Đà Nẵng
    "editor": "bientap.bo",
    "ministry": "canbo.bo",
}

MET, PARTLY, NOT_MET = "dap_ung", "mot_phan", "chua_dap_ung"


@pytest.fixture
def users(db):
    User = get_user_model()
    found = {role: User.objects.get(username=name) for role, name in ACCOUNTS.items()}
    return {"anonymous": AnonymousUser(), **found}


@pytest.fixture
def hanoi(db):
    return Province.objects.get(slug="ha-noi")


@pytest.fixture
def danang(db):
    return Province.objects.get(slug="da-nang")


@pytest.fixture
def unit(db):
    return MinistryUnit.objects.get(slug="cuc-vien-thong")


@pytest.fixture
def item(make_procedure):
    """A delegated item in a field the demo data (fixtures/demo/support.json) leaves alone."""
    return make_procedure(code="9.000101", field=Field.objects.get(slug="buu-chinh"))


@pytest.fixture
def make_visit(unit):
    """make_visit(province, starts_on="2026-11-20") saved without any check (set-up only)."""

    def make(province, starts_on="2026-11-20", **overrides):
        day = datetime.date.fromisoformat(starts_on)
        values = {
            "unit": unit,
            "members": "Thành viên A (minh họa)",
            "starts_on": day,
            "ends_on": day,
            "province": province,
        }
        values.update(overrides)
        return FieldVisit.objects.create(**values)

    return make


@pytest.fixture
def make_assessment():
    def make(visit, procedure, rating=MET, on=None, **overrides):
        values = {
            "visit": visit,
            "procedure": procedure,
            "assessed_on": on or visit.ends_on,
            "staff": rating,
            "conditions": rating,
            "systems": rating,
            "documents": rating,
        }
        values.update(overrides)
        return Assessment(**values)

    return make


@pytest.fixture
def make_follow_up():
    def make(province, status=FollowUp.Status.OPEN, due_on="2026-12-15", **overrides):
        values = {
            "province": province,
            "title": "Bổ sung quy trình nội bộ (minh họa)",
            "owner": FollowUp.Owner.DEPARTMENT,
            "due_on": datetime.date.fromisoformat(due_on),
            "status": status,
        }
        if status == FollowUp.Status.DONE:
            values["done_at"] = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
        values.update(overrides)
        return FollowUp.objects.create(**values)

    return make
