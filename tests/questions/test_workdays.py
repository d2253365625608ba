"""Working days, the overdue cut-off, and the age of a question."""

import datetime

from django.utils import timezone

from questions.models import Clock, Holiday, Question
from questions.selectors import with_age
from questions.workdays import due_date, overdue_cutoff, working_days_between

D = datetime.date.fromisoformat


def test_weekends_are_not_working_days():
    # Friday 2025-07-04 -> Monday 2025-07-07: only the Monday counts.
    assert working_days_between(D("2025-07-04"), D("2025-07-07")) == 1
    # A whole week from a Wednesday: five working days.
    assert working_days_between(D("2025-07-02"), D("2025-07-09")) == 5
    assert working_days_between(D("2025-07-09"), D("2025-07-02")) == 0


def test_recorded_holidays_are_not_working_days():
    holidays = {D("2025-09-01"), D("2025-09-02"), D("2025-09-06")}  # a Saturday is no change
    assert working_days_between(D("2025-08-29"), D("2025-09-05"), holidays) == 3


def test_cutoff_agrees_with_counting_day_by_day():
    holidays = {D("2025-09-01"), D("2025-09-02")}
    for offset in range(40):
        today = D("2025-08-20") + datetime.timedelta(days=offset)
        cutoff = overdue_cutoff(today, holidays)
        for back in range(40):
            asked = today - datetime.timedelta(days=back)
            overdue = working_days_between(asked, today, holidays) > 10
            assert overdue == (asked < cutoff), (today, asked)


def test_clock_reads_holidays_from_the_admin_table(day):
    Holiday.objects.create(date=day("2025-09-02"), name="Quốc khánh")
    clock = Clock.now()
    assert day("2025-09-02") in clock.holidays


def test_age_and_overdue_flag_of_open_and_answered_questions(answered, ask):
    clock = Clock.now()
    asked = timezone.now() - datetime.timedelta(days=30)
    old_open = ask()
    Question.objects.filter(pk=old_open.pk).update(created_at=asked)
    old_answered = answered()
    Question.objects.filter(pk=old_answered.pk).update(created_at=asked)
    fresh = ask(title="Một câu hỏi mới gửi hôm nay về giấy phép")
    rows = {
        q.pk: q
        for q in with_age(
            Question.objects.filter(pk__in=[old_open.pk, old_answered.pk, fresh.pk]), clock
        )
    }
    assert rows[old_open.pk].overdue and rows[old_open.pk].age_working_days > 10
    assert not rows[old_answered.pk].overdue  # answered: never overdue
    assert not rows[fresh.pk].overdue and rows[fresh.pk].age_working_days == 0
    assert set(Question.objects.overdue(clock)) >= {rows[old_open.pk]}
    assert fresh not in Question.objects.overdue(clock)


def test_due_date_is_the_last_day_before_the_question_is_overdue():
    holidays = {D("2025-09-01"), D("2025-09-02")}
    for offset in range(30):
        asked = D("2025-08-15") + datetime.timedelta(days=offset)
        due = due_date(asked, holidays)
        assert working_days_between(asked, due, holidays) == 10
        assert overdue_cutoff(due, holidays) <= asked  # not overdue on the due day
        after = due + datetime.timedelta(days=1)
        while after.weekday() >= 5 or after in holidays:
            after += datetime.timedelta(days=1)
        assert overdue_cutoff(after, holidays) > asked  # overdue the next working day


def test_the_answer_due_date_counts_holidays_recorded_ahead(day):
    asked = timezone.make_aware(datetime.datetime(2025, 8, 28, 15, 0))  # a Thursday
    assert Clock.answer_due(asked) == D("2025-09-11")
    Holiday.objects.create(date=day("2025-09-02"), name="Quốc khánh")
    Holiday.objects.create(date=day("2025-09-01"), name="Nghỉ bù Quốc khánh")
    assert Clock.answer_due(asked) == D("2025-09-15")
