"""The demo questions: enough of them, across provinces and states, and every citation sourced."""

import io
import re

from django.conf import settings
from django.core.management import call_command

from questions.demo import QUESTIONS, SESSIONS
from questions.models import MinistryUnit, Question
from tests.conftest import needs_reference

CITATION = re.compile(
    r"\d+(?:\.\d+)?/\d{4}/(?:NĐ-CP|TT-BKHCN|NQ-CP|QĐ-BKHCN|QH\d+)|\d+/QĐ-[A-Z]+|\b\d\.\d{6}\b"
)


def demo_texts():
    for spec in QUESTIONS:
        yield spec["title"] + " " + spec["body"]
        for step in spec["steps"]:
            yield " ".join(str(part) for part in step)
    for spec in SESSIONS:
        yield spec["agenda"] + " " + spec.get("minutes", "")


def test_demo_questions_cover_provinces_states_and_answers():
    demo = Question.objects.filter(title__in=[spec["title"] for spec in QUESTIONS])
    assert demo.count() == len(QUESTIONS) >= 10
    assert demo.values("province").distinct().count() >= 3
    assert set(demo.values_list("status", flat=True)) == set(Question.Status.values)
    assert demo.filter(answer__gt="").count() >= 10 - 3
    assert demo.published().count() >= 5


def test_loading_twice_changes_nothing():
    before = Question.objects.count()
    out = io.StringIO()
    call_command("load_questions", "--demo", verbosity=0, stdout=out)
    assert "created 0" in out.getvalue()
    assert Question.objects.count() == before
    assert MinistryUnit.objects.filter(is_fallback=True).count() == 1


def test_every_field_has_a_unit_to_escalate_to():
    from procedures.models import Field

    for field in Field.objects.all():
        assert MinistryUnit.objects.responsible_for(field).exists(), field
    assert MinistryUnit.objects.responsible_for(None).get().is_fallback


@needs_reference
def test_every_document_and_code_the_demo_cites_is_in_the_reference_data():
    reference = settings.REFERENCE_DIR
    sources = "".join(
        (reference / name).read_text(encoding="utf-8")
        for name in ("DOMAIN.md", "procedures.csv", "tthc_records.md", "tthc_records.jsonl")
    )
    cited = {match for text in demo_texts() for match in CITATION.findall(text)}
    assert {"133/2025/NĐ-CP", "1.013899", "2528/QĐ-BKHCN"} <= cited
    missing = sorted(c for c in cited if c not in sources)
    assert missing == []


@needs_reference
def test_every_ministry_unit_is_named_by_the_sources():
    reference = settings.REFERENCE_DIR
    sources = (reference / "DOMAIN.md").read_text(encoding="utf-8") + (
        reference / "tthc_records.jsonl"
    ).read_text(encoding="utf-8")
    for unit in MinistryUnit.objects.filter(is_fallback=False):
        assert unit.name in sources, unit.name
