"""Demo data of the support pages (``fixtures/demo/support.json``), loaded by
``load_initial_data --demo-accounts``; never for production.

Everything is written through support.services by the demo accounts the file names, marked
"minh họa" (``is_demo``), with dates counted from the day of loading. Loaded once: when a demo
visit is already there, nothing is added. A procedure the file names that is not loaded is
skipped, not invented.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from delegation.models import Province
from procedures.models import Field, Procedure
from questions.models import MinistryUnit
from support import services
from support.models import Assessment, FieldVisit, FollowUp, TrainingEvent, TrialDossier

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "support.json"
DIMENSION_KEYS = ("staff", "conditions", "systems", "documents")


class DemoDataError(Exception):
    """The demo file cannot be loaded; the message names the entry."""


@transaction.atomic
def load_demo(path: Path = DEMO_FILE) -> list[str]:
    if FieldVisit.objects.filter(is_demo=True).exists():
        return ["demo support: already there"]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoDataError(f"{path.name}: {exc}") from exc
    users = {u.username: u for u in get_user_model().objects.all()}
    try:
        ministry = users[data["recorded_by"]]
        procedures = {p.code: p for p in Procedure.objects.exclude(code=None)}
        today = timezone.localdate()

        def day(offset: int) -> datetime.date:
            return today + datetime.timedelta(days=offset)

        counts = {"events": 0, "visits": 0, "assessments": 0, "concerns": 0}
        for spec in data["events"]:
            event = TrainingEvent(
                title=spec["title"],
                held_on=day(spec["held_in_days"]),
                format=spec["format"],
                organiser=MinistryUnit.objects.get(slug=spec["organiser"]),
                is_demo=True,
            )
            items = [procedures[c] for c in spec["items"] if c in procedures]
            services.training_event_save(
                event=event,
                user=ministry,
                fields=Field.objects.filter(slug__in=spec["fields"]),
                items=items,
            )
            services.roster_import(event=event, text=spec["roster"], user=ministry)
            counts["events"] += 1
        for spec in data["visits"]:
            start = day(spec["starts_in_days"])
            visit = services.visit_save(
                visit=FieldVisit(
                    unit=MinistryUnit.objects.get(slug=spec["unit"]),
                    members=spec["members"],
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=spec["days"] - 1),
                    province=Province.objects.get(slug=spec["province"]),
                    place=spec["place"],
                    commune=spec.get("commune", ""),
                    is_demo=True,
                ),
                user=ministry,
            )
            counts["visits"] += 1
            for entry in spec["assessments"]:
                if entry["code"] not in procedures:
                    continue
                values = {k: entry[k] for k in DIMENSION_KEYS}
                notes = {f"{k}_note": entry.get(f"{k}_note", "") for k in DIMENSION_KEYS}
                services.assessment_save(
                    assessment=Assessment(
                        visit=visit,
                        procedure=procedures[entry["code"]],
                        assessed_on=visit.ends_on,
                        **values,
                        **notes,
                    ),
                    user=ministry,
                )
                counts["assessments"] += 1
            for entry in spec["trials"]:
                if entry["code"] in procedures:
                    services.trial_dossier_save(
                        dossier=TrialDossier(
                            visit=visit,
                            procedure=procedures[entry["code"]],
                            went_well=entry["went_well"],
                            errors_found=entry["errors_found"],
                        ),
                        user=ministry,
                    )
            for entry in spec["follow_ups"]:
                unit = entry.get("owner_unit")
                services.follow_up_save(
                    follow_up=FollowUp(
                        visit=visit,
                        province=visit.province,
                        title=entry["title"],
                        owner=entry["owner"],
                        owner_unit=MinistryUnit.objects.get(slug=unit) if unit else None,
                        due_on=day(entry["due_in_days"]),
                        is_demo=True,
                    ),
                    user=ministry,
                )
        for entry in data["proficiency"]:
            if entry["code"] in procedures:
                services.proficiency_set(
                    official=users[entry["account"]],
                    procedure=procedures[entry["code"]],
                    level=entry["level"],
                    user=users[entry["by"]],
                )
        for entry in data["concerns"]:
            if entry["code"] not in procedures:
                continue
            concern = services.concern_file(
                user=users[entry["by"]],
                procedure=procedures[entry["code"]],
                kind=entry["kind"],
                reason=entry["reason"],
                body=entry["body"],
                commune=entry.get("commune", ""),
            )
            concern.is_demo = True
            concern.save(update_fields=["is_demo"])
            counts["concerns"] += 1
    except (KeyError, LookupError) as exc:
        raise DemoDataError(f"{path.name}: missing or unknown {exc}") from exc
    return ["demo support: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
