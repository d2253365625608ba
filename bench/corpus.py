"""Synthetic corpora for the benchmarks, derived from the real records.

``build_corpus(size)`` extends the current database (after ``load_initial_data``) with
procedures until it holds ``size`` of them, then rebuilds the search index. Each synthetic
procedure recombines real parts: a verb phrase ("Cấp lại", "Gia hạn", "Sửa đổi, bổ sung"...), the
object of a real procedure of the same field and the scope or condition of another ("(phạm vi nội
tỉnh)", "đối với đài tàu..."); its record sections, legal bases and level are those of a real
procedure of that field. Some get a delegation copied from a real one, some a published handbook
entry copied from the seed guidance. Synthetic codes start with 9 (no real code does).

    python bench/corpus.py --size 100000 [--seed 1]
"""

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Verb phrases that open real procedure names, longest first so "Cấp lại" wins over "Cấp".
VERBS = [
    "Cấp, gia hạn, sửa đổi, bổ sung nội dung",
    "Sửa đổi, bổ sung nội dung",
    "Sửa đổi, bổ sung",
    "Cấp sửa đổi, bổ sung",
    "Cấp bổ sung",
    "Cấp lại",
    "Cấp đổi",
    "Cấp",
    "Gia hạn",
    "Đăng ký",
    "Hỗ trợ",
    "Cho phép",
    "Điều chỉnh",
    "Công nhận",
    "Đề nghị",
    "Xác nhận",
    "Khai báo",
    "Phê duyệt",
    "Công bố",
    "Chấm dứt",
    "Thẩm định",
    "Thu hồi",
    "Chỉ định",
    "Ghi nhận",
    "Báo cáo",
    "Bổ sung",
    "Chứng nhận",
    "Kiểm tra",
    "Giải quyết",
    "Thay đổi",
]
_VERB = re.compile(
    r"^(?:thủ tục\s+)?(" + "|".join(re.escape(v) for v in VERBS) + r")\s+", re.IGNORECASE
)
# Where the object of a name ends and its scope or condition begins.
_TAIL = re.compile(r"\s(?=\(|đối với\s|trong trường hợp\s|khi\s|tại\s|theo\s)")
PROVINCE_TAILS = ["trên địa bàn {}", "tại {}", "(áp dụng tại {})"]

# Shares of the synthetic procedures (per mille) that get each extra.
DELEGATED = 80
GUIDED = 40
TASKS = 30
STATUS_WEIGHTS = {"con_hieu_luc": 85, "sua_doi": 3, "chua_xac_nhan": 9, "bai_bo": 3}
BATCH = 2000
ATTEMPTS = 20  # draws of a name before it is told apart by a number

COPIED_SECTIONS = [
    "level_id",
    "level_text",
    "agency",
    "competent_authority",
    "receiving_address",
    "steps",
    "channels",
    "dossier",
    "dossier_sets",
    "time_limit_value",
    "time_limit_unit",
    "time_limit_text",
    "subjects",
    "result",
    "fees",
    "requirements",
    "forms",
    "legal_basis",
    "decision",
    "promulgating_body",
]


def split_name(name: str) -> tuple[str, str, str]:
    """(verb phrase, object, scope or condition) of a real name; the verb may be empty."""
    verb = ""
    match = _VERB.match(name)
    if match:
        verb, name = match.group(1), name[match.end() :]
    parts = _TAIL.split(name, maxsplit=1)
    return verb, parts[0].strip(" ,;."), parts[1].strip() if len(parts) > 1 else ""


def search_key(text: str) -> str:
    """A name as search compares it: its search form, without the "Thủ tục" that may open it
    (search.ranking skips it: "Thủ tục đăng ký sáng chế" and "Đăng ký sáng chế" tie)."""
    from procedures.text import search_form

    form = search_form(text)
    return form[len("thu tuc ") :] if form.startswith("thu tuc ") else form


def _sentence_case(verb: str) -> str:
    return verb[:1].upper() + verb[1:]


def build_corpus(size: int, *, seed: int = 1) -> int:
    """Extend the database to ``size`` procedures; return how many were created.

    Runs in one transaction with bulk inserts, then rebuilds the search index and refreshes
    the planner's statistics (a server with autovacuum off would otherwise plan the reader's
    pages for empty tables).
    """
    from django.db import connection, transaction

    from procedures.models import Procedure
    from search.indexing import rebuild

    existing = Procedure.objects.count()
    if existing >= size:
        return 0
    started = time.perf_counter()
    with transaction.atomic():
        created = _Builder(seed).create(size - existing)
    inserted = time.perf_counter()
    rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"corpus: {created} procedures inserted in {inserted - started:.1f} s, "
        f"search index rebuilt in {time.perf_counter() - inserted:.1f} s"
    )
    return created


class _Builder:
    def __init__(self, seed: int):
        from delegation.models import Delegation, Province
        from handbook.models import Revision
        from procedures.models import Procedure

        self.rng = random.Random(seed)
        real = list(
            Procedure.objects.exclude(code__startswith="9.").prefetch_related("legal_documents")
        )
        self.donors: dict[int, list] = {}
        self.parts: dict[int, dict[str, list[str]]] = {}
        for procedure in real:
            self.donors.setdefault(procedure.field_id, []).append(procedure)
            verb, obj, tail = split_name(procedure.name)
            obj = re.sub(r"^thủ tục\s+", "", obj, flags=re.IGNORECASE)
            parts = self.parts.setdefault(procedure.field_id, {"verbs": [], "objects": []})
            parts["objects"].append(obj)
            parts.setdefault("tails", []).append(tail)
            if verb:
                parts["verbs"].append(_sentence_case(verb.lower()))
        self.fields = sorted(self.donors)
        self.field_weights = [len(self.donors[f]) for f in self.fields]
        self.provinces = list(Province.objects.values_list("name", flat=True)) or ["Hà Nội"]
        self.delegations = list(
            Delegation.objects.filter(procedure__in=real).values(
                "from_level_id",
                "to_level_id",
                "kind",
                "origin",
                "from_body",
                "receiving_body",
                "deciding_body",
                "legal_document_id",
                "article",
                "legal_basis_text",
                "effective_from",
                "effective_until",
                "confidence",
                "time_limit_text",
                "source_url",
                "notes",
            )
        )
        self.revisions = list(
            Revision.objects.published().values(
                "summary", "receiving_deciding", "jurisdiction", "dossier_checklist", "clock",
                "refusal", "after_decision", "channels", "currency", "common_errors", "notes",
                "change_note",
            )
        )  # fmt: skip
        synthetic = Procedure.objects.filter(code__startswith="9.").order_by("-code").first()
        self.next_code = int(synthetic.code[2:]) + 1 if synthetic else 1
        self.serial = Procedure.objects.count()
        # Every name the database holds, as search compares them: no synthetic name repeats one.
        self.taken = {search_key(n) for n in Procedure.objects.values_list("name", flat=True)}

    def name(self, field_id: int) -> str:
        """A recombined name no procedure has yet (see the module docstring)."""
        for _attempt in range(ATTEMPTS):
            name = self.draw(field_id)
            if search_key(name) not in self.taken:
                break
        number = 1
        while search_key(name) in self.taken:
            name = f"{self.draw(field_id)} (số {number})"
            number += 1
        self.taken.add(search_key(name))
        return name

    def draw(self, field_id: int) -> str:
        parts = self.parts[field_id]
        rng = self.rng
        verb = rng.choice(parts["verbs"] or VERBS)
        obj = rng.choice(parts["objects"])
        roll = rng.random()
        if roll < 0.45:
            tail = rng.choice(parts["tails"])
        elif roll < 0.60:
            tail = rng.choice(PROVINCE_TAILS).format(rng.choice(self.provinces))
        else:
            tail = ""
        prefix = "Thủ tục " if rng.random() < 0.35 else ""
        text = f"{prefix}{verb.lower() if prefix else verb} {obj}"
        return f"{text} {tail}".strip() if tail else text

    def procedure(self):
        from procedures.models import Procedure, base_slug, name_key

        rng = self.rng
        field_id = rng.choices(self.fields, weights=self.field_weights)[0]
        donor = rng.choice(self.donors[field_id])
        name = self.name(field_id)
        self.serial += 1
        task = rng.randrange(1000) < TASKS
        code = None
        if not task:
            code = f"9.{self.next_code:06d}"
            self.next_code += 1
        slug = base_slug(name, code) if code else f"{base_slug(name, None)}-nv{self.serial}"
        procedure = Procedure(
            code=code,
            slug=slug,
            name=name,
            name_key=name_key(name),
            kind=Procedure.Kind.TASK if task else Procedure.Kind.PROCEDURE,
            field_id=field_id,
            status=rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0],
            source_url=donor.source_url,
            source_date=donor.source_date,
            source_repo="bench/corpus.py",
            source_path=f"synthetic from {donor.code or donor.slug}",
            **{attr: getattr(donor, attr) for attr in COPIED_SECTIONS},
        )
        return procedure, donor

    def create(self, count: int) -> int:
        from delegation.models import Delegation
        from handbook.models import Guidance, Revision
        from procedures.models import Procedure

        through = Procedure.legal_documents.through
        rng = self.rng
        done = 0
        now = _now()
        while done < count:
            batch = [self.procedure() for _ in range(min(BATCH, count - done))]
            Procedure.objects.bulk_create([p for p, _ in batch])
            links, delegations, guided = [], [], []
            for procedure, donor in batch:
                links.extend(
                    through(procedure_id=procedure.pk, legaldocument_id=d.pk)
                    for d in donor.legal_documents.all()
                )
                if self.delegations and rng.randrange(1000) < DELEGATED:
                    values = rng.choice(self.delegations)
                    delegations.append(Delegation(procedure_id=procedure.pk, **values))
                if self.revisions and rng.randrange(1000) < GUIDED:
                    guided.append(procedure)
            through.objects.bulk_create(links)
            Delegation.objects.bulk_create(delegations)
            guidances = Guidance.objects.bulk_create([Guidance(procedure=p) for p in guided])
            Revision.objects.bulk_create(
                Revision(
                    guidance=g,
                    status=Revision.Status.PUBLISHED,
                    published_at=now,
                    created_at=now,
                    **rng.choice(self.revisions),
                )
                for g in guidances
            )
            done += len(batch)
        return done


def _now():
    from django.utils import timezone

    return timezone.now()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="procedures the database holds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    started = time.perf_counter()
    created = build_corpus(args.size, seed=args.seed)
    print(
        f"created {created} procedures in {time.perf_counter() - started:.1f} s "
        f"(python bench/corpus.py --size {args.size} --seed {args.seed})"
    )


if __name__ == "__main__":
    main()
