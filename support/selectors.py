"""Reads of the support of localities: the readiness overview, a province's page, an official's
own progress. Each is a fixed number of queries whatever the number of rows."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from accounts.models import User
from delegation.models import Delegation, Province
from procedures.models import Field, Procedure
from questions.models import Clock, MinistryUnit
from support.models import (
    Assessment,
    Concern,
    FieldVisit,
    FollowUp,
    LatestReadiness,
    MonthlyReadiness,
    PracticeAttempt,
    Proficiency,
    Rating,
    TrialDossier,
)

MONTHS = 12
PROFICIENT = Proficiency.Level.PROFICIENT


def delegated_items() -> QuerySet[Procedure]:
    """Procedures and tasks that have a delegation: what localities are supported on."""
    return Procedure.objects.filter(Exists(Delegation.objects.filter(procedure=OuterRef("pk"))))


def months_back(today: datetime.date, count: int = MONTHS) -> list[datetime.date]:
    """The first day of the ``count`` months up to ``today``'s, oldest first."""
    year, month = today.year, today.month
    result = []
    for _step in range(count):
        result.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return result[::-1]


@dataclass
class Cell:
    """The latest assessments of a province for a column (a field or one item)."""

    met: int = 0
    partly: int = 0
    not_met: int = 0
    proficient: int = 0
    officials: int = 0  # (official, item) pairs with a recorded level
    single: bool = False  # one item: the rating says it all, no counts

    @property
    def assessed(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def rating(self) -> str:
        """The worst latest rating in the cell ("" when nothing was assessed)."""
        if self.not_met:
            return Rating.NOT_MET
        if self.partly:
            return Rating.PARTLY
        return Rating.MET if self.met else ""

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label) if self.rating else ""

    @property
    def text(self) -> str:
        """The cell as text after its rating badge: counts (by field) and proficient share."""
        parts = []
        if self.assessed and not self.single:
            parts.append(f"{self.met} / {self.partly} / {self.not_met}")
        if self.officials:
            parts.append(_("thành thạo %(share)s%%") % {"share": self.proficient_share})
        return " · ".join(parts) or ("" if self.assessed else "–")

    @property
    def html(self) -> str:
        """The cell's content: the rating badge (written out, not colour alone) and its text.
        Built here, once per cell: a one-field matrix has thousands of cells."""
        if not self.assessed:
            return conditional_escape(self.text)
        return format_html(
            '<span class="s-rating s-rating--{}">{}</span> {}',
            self.rating,
            self.rating_label,
            self.text,
        )

    @property
    def proficient_share(self) -> int | None:
        """Percent of recorded (official, item) levels that are "proficient"; None if none."""
        if not self.officials:
            return None
        return round(100 * self.proficient / self.officials)


@dataclass
class MonthCell:
    met: int = 0
    total: int = 0

    @property
    def share(self) -> int | None:
        return round(100 * self.met / self.total) if self.total else None


@dataclass
class Row:
    province: Province
    cells: list[Cell]
    months: list[MonthCell]


@dataclass
class Overview:
    columns: list  # Field or Procedure
    by_item: bool
    rows: list[Row]
    months: list[datetime.date]
    totals: Cell = field(default_factory=Cell)
    is_demo: bool = False
    field: Field | None = None  # the one field shown by item, if any


_RATING_KEY = {Rating.MET: "met", Rating.PARTLY: "partly", Rating.NOT_MET: "not_met"}


def readiness_overview(
    *,
    today: datetime.date,
    field: Field | None = None,
    unit: MinistryUnit | None = None,
    months: int = MONTHS,
) -> Overview:
    """The 34-province matrix of the latest assessments and of proficient officials, by field
    (or, for one field, by delegated item), and the share of assessments "đáp ứng" month by
    month. ``unit`` keeps the fields that ministry unit is responsible for."""
    provinces = list(Province.objects.order_by("name"))
    fields_q = Field.objects.order_by("name")
    if unit is not None:
        fields_q = fields_q.filter(ministry_units=unit)
    scope = Q()
    if field is not None:
        scope &= Q(field=field)
    elif unit is not None:
        scope &= Q(field__in=fields_q)
    by_item = field is not None
    if by_item:
        items = delegated_items().filter(field=field).order_by("name")
        columns: list[Procedure] | list[Field] = list(items.only("pk", "name", "code", "slug"))
        group = "procedure_id"
    else:
        columns = list(fields_q)
        group = "field_id"

    grid: dict[tuple[int, int], Cell] = defaultdict(Cell)
    if by_item:
        latest = Assessment.objects.current().filter(scope)
        for province_id, procedure_id, overall in latest.values_list(
            "province_id", "procedure_id", "overall"
        ):
            setattr(grid[province_id, procedure_id], _RATING_KEY[overall], 1)
    else:
        summary = LatestReadiness.objects.filter(scope).values_list(
            "province_id", "field_id", "met", "partly", "not_met"
        )
        for province_id, field_id, met, partly, not_met in summary:
            cell = grid[province_id, field_id]
            cell.met, cell.partly, cell.not_met = met, partly, not_met

    proficiency = (
        Proficiency.objects.filter(scope)
        .values("province_id", group)
        .annotate(total=Count("pk"), proficient=Count("pk", filter=Q(level=PROFICIENT)))
        .order_by()
    )
    for row in proficiency:
        cell = grid[row["province_id"], row[group]]
        cell.officials, cell.proficient = row["total"], row["proficient"]

    month_list = months_back(today, months)
    by_month = (
        MonthlyReadiness.objects.filter(scope, month__gte=month_list[0], month__lte=month_list[-1])
        .values("province_id", "month")
        .annotate(total=Sum("assessed"), met=Sum("met"))
        .order_by()
    )
    month_grid: dict[tuple[int, datetime.date], MonthCell] = {}
    for row in by_month:
        month_grid[row["province_id"], row["month"]] = MonthCell(row["met"], row["total"])

    totals = Cell()
    rows = []
    for province in provinces:
        cells = [grid.get((province.pk, column.pk)) or Cell() for column in columns]
        for cell in cells:
            cell.single = by_item
        for cell in cells:
            for name in ("met", "partly", "not_met", "proficient", "officials"):
                setattr(totals, name, getattr(totals, name) + getattr(cell, name))
        rows.append(
            Row(
                province=province,
                cells=cells,
                months=[month_grid.get((province.pk, m), MonthCell()) for m in month_list],
            )
        )
    is_demo = FieldVisit.objects.filter(is_demo=True).exists()
    return Overview(columns, by_item, rows, month_list, totals, is_demo, field)


@dataclass
class OfficialProgress:
    official: object
    levels: list[Proficiency]


@dataclass
class ProvinceSupport:
    province: Province
    assessments: list[Assessment]
    visits: list[FieldVisit]
    follow_ups: list[FollowUp]
    officials: list[OfficialProgress]
    concerns: list[Concern]
    overdue_follow_ups: int
    is_demo: bool


def province_support(
    *, province: Province, today: datetime.date, field: Field | None = None
) -> ProvinceSupport:
    """What a province's support page shows: its latest assessments (of ``field``), visits with
    their trial dossiers, follow-ups (open ones first), officials' levels and concerns."""
    latest = Assessment.objects.current().filter(province=province)
    if field is not None:
        latest = latest.filter(field=field)
    assessments = list(latest.select_related("procedure", "field").order_by("field__name"))
    visits = list(
        FieldVisit.objects.filter(province=province)
        .select_related("unit", "province")
        .prefetch_related(
            Prefetch("trial_dossiers", TrialDossier.objects.select_related("procedure"))
        )[:20]
    )
    follow_ups = list(
        FollowUp.objects.filter(province=province).select_related("owner_unit", "province")
    )
    for follow_up in follow_ups:
        follow_up.overdue = follow_up.is_overdue(today)
    levels = (
        Proficiency.objects.filter(province=province)
        .select_related("official", "procedure", "set_by")
        .order_by("official__full_name", "official__username", "procedure__name")
    )
    officials: dict[int, OfficialProgress] = {}
    for level in levels:
        officials.setdefault(level.official_id, OfficialProgress(level.official, [])).levels.append(
            level
        )
    clock = Clock.now()
    concerns = list(
        Concern.objects.filter(province=province).select_related("procedure", "ministry_unit")
    )
    for concern in concerns:
        concern.overdue = concern.is_overdue(clock)
    is_demo = any(v.is_demo for v in visits) or any(f.is_demo for f in follow_ups)
    return ProvinceSupport(
        province=province,
        assessments=assessments,
        visits=visits,
        follow_ups=follow_ups,
        officials=list(officials.values()),
        concerns=concerns,
        overdue_follow_ups=sum(1 for f in follow_ups if f.overdue),
        is_demo=is_demo or any(c.is_demo for c in concerns),
    )


def own_progress(user: User) -> tuple[list[Proficiency], list[PracticeAttempt]]:
    """An official's levels and their last self-checks."""
    levels = list(Proficiency.objects.filter(official=user).select_related("procedure", "set_by"))
    attempts = list(PracticeAttempt.objects.filter(official=user).select_related("procedure")[:20])
    return levels, attempts


def province_officials(province: Province) -> QuerySet[User]:
    """The accounts of a province, for the department's proficiency form."""
    return get_user_model().objects.filter(province=province, is_active=True).order_by("username")
