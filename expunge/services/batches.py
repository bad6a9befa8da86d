"""Court records imported for many people at once: a batch.

1. `batch_create` (the upload, or `manage.py import_records`): the files are read once to
   refuse a bad one at once, stored privately, and the batch row is written with its intent
   (`queued_at`); the same files again open the batch they made.
2. `read_batch` (task): the files are read into people (expunge.courtrecords), all in one
   transaction, and deleted; then one `decide_batch_chunk` per BATCH_CHUNK_PEOPLE people.
3. `decide_batch_chunk` (task, `batches` queue): each person of its range not yet decided
   is decided by the engine, and the answers inserted together (BatchDecision, one per
   person: its key is the person). Idempotent: a chunk done twice (its worker killed after
   the write, or the message delivered twice) finds nothing left to do, and a second
   answer for a person cannot be written.
4. The chunk that finds no one left undecided writes the summary (`batch_finish`), under a
   lock on the batch so that it is written once. The progress is a database count (of the
   answers), not a Celery chord: the settings keep no task results, and a count survives
   any worker. Answers are inserted rather than written into the people's rows: the engine
   takes seconds for a pardon-sized file, the database writes most of the time, and an
   insert of new rows is the cheapest write (bench/batch.py).

The sweeper (expunge.services.sweeper) sends a step again once it is overdue.

What an extract cannot show — a case pending elsewhere, a conviction or DUI PBJ in another
court, a treatment requirement with a stet, nolle prosequi or PBJ — is taken as the file has
it, and the summary and export say the answers are based on these records only. Each answer
also says which of those it rests on (`charge_assumptions`: the engine asked again as if
each were there), so "file now" reads "file now if there is no open case and no later
conviction elsewhere" where they matter, and only there."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from eligibility import ContractError, assess
from eligibility.engine import RULES_VERSION
from expunge import search
from expunge.courtrecords import people as court_people
from expunge.courtrecords import reading
from expunge.models import AuditEvent, Batch, BatchDecision, BatchPerson, Submission, private_storage
from expunge.services.audit import audit
from expunge.services.queue import enqueue, enqueue_on_commit
from expunge.services.retries import RETRY_COUNTDOWNS, TRANSIENT_ERRORS, record_quietly

logger = logging.getLogger(__name__)

# The categories the summary counts charges by.
NOW, LATER, CONDITIONAL, NEVER, REVIEW, OTHER = "now", "later", "conditional", "never", "review", "other"
CATEGORIES = (NOW, LATER, CONDITIONAL, NEVER, REVIEW, OTHER)
_FILES_TODAY = ("eligible_now", "eligible_now_with_waiver", "pardoned_then_petition", "automatically_expunged")
# Listed problems kept in the report, at most (the counts are always whole).
REPORT_PROBLEMS = 1000
# Groups of people who may be the same person, listed in the summary, at most.
TWIN_GROUPS = 500


def upload_digest(files: list[tuple[str, bytes]], as_of: date | None = None) -> str:
    """The same contents, in any order and under any names, give the same digest; a day
    to decide as of, when one is asked for, makes it another batch."""
    digests = sorted(hashlib.sha256(content).digest() for _name, content in files)
    digest = hashlib.sha256(b"".join(digests))
    if as_of is not None:
        digest.update(as_of.isoformat().encode())
    return digest.hexdigest()


def _person_key(key: str) -> str:
    """A grouping key that fits its column: a long one (a long name) ends in its digest."""
    if len(key) <= 300:
        return key
    return key[:200] + "#" + hashlib.sha256(key.encode()).hexdigest()


def read_tables(files: list[tuple[str, bytes]], *, headers_only: bool = False) -> list[reading.Table]:
    """Every table of the files, or FileRefused naming the file (and column) at fault."""
    tables = []
    for name, content in files:
        tables += reading.read_file(name, content, max_bytes=settings.BATCH_MAX_FILE_BYTES, headers_only=headers_only)
    return tables


def batch_create(
    *,
    organisation,
    user=None,
    command_line: str = "",
    files: list[tuple[str, bytes]],
    as_of: date | None = None,
) -> tuple[Batch, bool]:
    """A batch for these files, or the one they made before (same contents, same
    organisation); the upload audited. `user` is None for the command line, which names the
    system account that ran it (`command_line`). Returns (batch, created). Raises
    reading.FileRefused for a file whose headers cannot be read, before anything is stored."""
    digest = upload_digest(files, as_of)
    by = {"command_line": command_line} if user is None else {}
    existing = Batch.objects.filter(organisation=organisation, digest=digest).first()
    if existing is not None and existing.status != Batch.Status.FAILED:
        audit(user=user, submission=None, batch=existing, action=AuditEvent.Action.UPLOAD, again=True, **by)
        return existing, False
    # The headers are checked here, at once; the rows are read by the task (a file that
    # breaks further down fails its batch, with the message on the batch's page).
    court_people.check_tables(read_tables(files, headers_only=True))
    stored = [
        private_storage().save(f"batches/upload-{digest[:16]}-{i}", ContentFile(content))
        for i, (_n, content) in enumerate(files)
    ]
    with transaction.atomic():
        if existing is not None:
            existing.delete()
        batch = Batch.objects.create(
            organisation=organisation,
            uploaded_by=user,
            digest=digest,
            file_names=[name for name, _content in files],
            stored_files=stored,
            as_of=as_of or timezone.localdate(),
            queued_at=timezone.now(),
        )
        audit(user=user, submission=None, batch=batch, action=AuditEvent.Action.UPLOAD, files=len(files), **by)
        enqueue_on_commit(read_batch, batch.pk)
    return batch, True


def _people_rows(batch: Batch, people: list[court_people.ImportedPerson]) -> list[BatchPerson]:
    rows = []
    for person in people:
        rows.append(
            BatchPerson(
                batch=batch,
                key=_person_key(person.key),
                party_id=person.party_id[:100],
                name=person.name[:200],
                date_of_birth=person.date_of_birth,
                aliases=person.aliases,
                flags=person.flags,
                record=person.record(),
                review=[[c.review for c in case.charges] for case in person.cases],
                sources={
                    "person": person.sources,
                    "cases": [
                        {
                            "case": case.sources,
                            "charges": [
                                {"facts": c.sources, "computed": c.computed, "extra": c.extra} for c in case.charges
                            ],
                        }
                        for case in person.cases
                    ],
                },
                problems=[problem.as_dict() for problem in person.problems],
                charge_count=person.charge_count(),
            )
        )
    return rows


def _report(tables: list[reading.Table], grouped: court_people.Grouped) -> dict[str, Any]:
    problems = [p for person in grouped.people for p in person.problems]
    return {
        "tables": [
            {
                "name": table.name,
                "kind": table.kind,
                "rows": table.row_count,
                "mapped": {field: header for field, header in table.columns.items()},
                "ignored": table.ignored,
            }
            for table in tables
        ],
        "refused": [problem.as_dict() for problem in grouped.refused[:REPORT_PROBLEMS]],
        "problems": [problem.as_dict() for problem in problems[:REPORT_PROBLEMS]],
        "problem_count": len(problems),
        "problem_codes": dict(Counter(problem.code for problem in problems)),
        "flagged_people": sum(1 for person in grouped.people if person.flags),
    }


def batch_read(*, batch_id: int) -> bool:
    """Read the stored files into people, all at once, and send the chunks. Returns
    whether there was anything to do (a batch already read is left as it is)."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().filter(pk=batch_id, status=Batch.Status.READING).first()
        if batch is None:
            return False
        files = []
        for stored, name in zip(batch.stored_files, batch.file_names, strict=True):
            with private_storage().open(stored, "rb") as handle:
                files.append((name, handle.read()))
        try:
            tables = read_tables(files)
            del files
            grouped = court_people.group(tables, as_of=batch.as_of)
        except reading.FileRefused as exc:
            batch.status, batch.failure_reason, batch.finished_at = Batch.Status.FAILED, str(exc), timezone.now()
            batch.save(update_fields=["status", "failure_reason", "finished_at"])
            transaction.on_commit(lambda: _delete_files(batch.pk))
            return True
        batch.report = _report(tables, grouped)
        del tables
        batch.rows_in = grouped.rows_in
        batch.rows_refused = len(grouped.refused)
        batch.people_count = len(grouped.people)
        batch.charge_count = sum(person.charge_count() for person in grouped.people)
        BatchPerson.objects.filter(batch=batch).delete()  # a read cut short never commits, but be sure
        # Written a thousand at a time, each thousand let go of once written: the worker
        # holds the people once, not twice.
        people, grouped.people = grouped.people, []
        while people:
            BatchPerson.objects.bulk_create(_people_rows(batch, people[:1000]))
            del people[:1000]
        batch.rules_version = RULES_VERSION
        batch.status = Batch.Status.DECIDING
        batch.deciding_at = batch.queued_at = timezone.now()
        batch.save()
        transaction.on_commit(lambda: _delete_files(batch.pk))
        for first, last in chunk_ranges(batch):
            enqueue_on_commit(decide_batch_chunk, batch.pk, first, last)
        if not batch.people_count:
            transaction.on_commit(lambda: batch_finish(batch_id=batch.pk))
    return True


def _delete_stored(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def _delete_files(batch_id: int) -> None:
    """The uploaded files, once read: the people's rows hold what the batch needs."""
    _delete_stored(Batch.objects.get(pk=batch_id).stored_files)
    Batch.objects.filter(pk=batch_id).update(stored_files=[])


def batch_delete(*, pk: int) -> bool:
    """Delete one batch with its people and their answers (the rows go with it), in a
    transaction of its own, and any uploaded file still stored. Its audit events stay,
    without it. Returns whether there was one."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().filter(pk=pk).first()
        if batch is None:
            return False
        stored = list(batch.stored_files)
        batch.delete()
    _delete_stored(stored)
    return True


def chunk_ranges(batch: Batch, *, undecided_only: bool = False) -> list[tuple[int, int]]:
    """The people of a batch in ranges of primary keys, BATCH_CHUNK_PEOPLE each."""
    people = BatchPerson.objects.filter(batch=batch)
    if undecided_only:
        people = people.filter(decision__isnull=True)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    size = settings.BATCH_CHUNK_PEOPLE
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def decide_person(person: BatchPerson, as_of: date) -> dict[str, Any]:
    """The engine's result for one person, or an error a person reads (a record the engine
    refuses, which the importer should never build)."""
    return _decide(person, person.record, as_of)


def _decide(person: BatchPerson, record: dict[str, Any], as_of: date) -> dict[str, Any]:
    try:
        return assess(record, as_of=as_of)
    except ContractError as exc:
        logger.error("Batch %s person %s: the engine refused the record: %s", person.batch_id, person.pk, exc)
        return {"error": str(exc)}


def _as_if_person(**facts: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda record: {**record, "person": {**record["person"], **facts}}


# A stet, nolle prosequi or PBJ as the same disposition with a drug or alcohol treatment
# requirement (Case Search prints both alike; the docket tells them apart).
_WITH_TREATMENT = {"stet": "stet_treatment", "nolle_prosequi": "nolle_prosequi_treatment", "pbj": "pbj_treatment"}


def _as_if_treatment(record: dict[str, Any]) -> dict[str, Any]:
    """Every stet, nolle prosequi and PBJ as one that required treatment, not known to be done."""
    return {
        **record,
        "cases": [
            {
                **case,
                "charges": [
                    {**charge, "disposition": _WITH_TREATMENT[charge["disposition"]], "sentence_completed": None}
                    if charge["disposition"] in _WITH_TREATMENT
                    else charge
                    for charge in case["charges"]
                ],
            }
            for case in record["cases"]
        ],
    }


# What a Case Search extract cannot show, each as the engine is told it to learn whether an
# answer rests on it: a criminal case open in any court; a conviction in another court
# (undated, like a resident's unnamed "convicted since", so that every rule a later
# conviction could touch answers otherwise); a DUI probation before judgment in another
# court (which a DUI PBJ's own 15-year route weighs); and a treatment requirement with a
# stet, nolle prosequi or PBJ.
ASSUMPTIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "no_open_case": _as_if_person(pending_case=True),
    "no_later_conviction": _as_if_person(other_convictions=[{"statute": None, "description": None, "felony": None}]),
    "no_other_dui_pbj": _as_if_person(other_dui_pbj=True),
    "no_treatment_condition": _as_if_treatment,
}


def _answer(charge: dict[str, Any]) -> tuple[Any, ...]:
    return charge["outcome"], charge.get("eligible_on"), charge.get("alternatives")


# The answers that tell someone a petition can be filed: what they rest on matters.
_FILING = frozenset({NOW, LATER, CONDITIONAL})


def charge_assumptions(
    person: BatchPerson, result: dict[str, Any], as_of: date, categories: list[str]
) -> list[list[list[str]]]:
    """For each charge of each case whose answer says a petition can be filed (now, later,
    or under a condition), what that answer rests on that these records cannot show: each
    of ASSUMPTIONS under which the engine would answer that charge otherwise. The answer
    given is the one where none holds ("based on these records only"), so "file now" reads
    "file now if there is no open case and no later conviction elsewhere" where those
    matter, and only there. (A charge for a person to review, or not eligible, is left as
    it is: nothing is filed on it.) `categories`: each charge's, in person_charges' order."""
    if "cases" not in result:
        return []
    assumes: list[list[list[str]]] = [[[] for _charge in case["charges"]] for case in result["cases"]]
    places = [(i, j) for i, case in enumerate(result["cases"]) for j in range(len(case["charges"]))]
    filing = [place for place, category in zip(places, categories, strict=True) if category in _FILING]
    if not filing:
        return assumes
    for code, as_if in ASSUMPTIONS.items():
        other = _decide(person, as_if(person.record), as_of)
        for i, j in filing:
            # A record the engine refuses this way: the answer may rest on it.
            if "cases" not in other or _answer(result["cases"][i]["charges"][j]) != _answer(
                other["cases"][i]["charges"][j]
            ):
                assumes[i][j].append(code)
    return assumes


def batch_decide_chunk(*, batch_id: int, first: int, last: int) -> int:
    """Decide the people of the batch with keys first..last not yet decided. Returns how
    many were decided."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status != Batch.Status.DECIDING:
        return 0
    people = BatchPerson.objects.filter(batch_id=batch_id, pk__gte=first, pk__lte=last, decision__isnull=True).only(
        "pk", "batch_id", "record", "review", "flags", "charge_count"
    )
    decisions = []
    for person in people:
        result = decide_person(person, batch.as_of)
        categories = [row[5] for row in person_charges(person, result, batch.as_of, with_sources=False)]
        decisions.append(
            BatchDecision(
                person=person,
                batch_id=batch_id,
                result=result,
                assumes=charge_assumptions(person, result, batch.as_of, categories),
                categories="," + ",".join(c for c in CATEGORIES if c in categories) + ",",
                needs_review=bool(person.flags) or REVIEW in categories,
                charge_count=person.charge_count,
            )
        )
    # Another delivery of the same chunk may have written some meanwhile: theirs stand.
    BatchDecision.objects.bulk_create(decisions, batch_size=1000, ignore_conflicts=True)
    batch_finish(batch_id=batch_id)
    return len(decisions)


def batch_finish(*, batch_id: int) -> bool:
    """Write the summary once every person is decided. Returns whether this call wrote it."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().filter(pk=batch_id, status=Batch.Status.DECIDING).first()
        if batch is None or BatchPerson.objects.filter(batch=batch, decision__isnull=True).exists():
            return False
        batch.summary = {**summarise(batch), "twins": likely_twins(batch)}
        batch.status = Batch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["summary", "status", "finished_at"])
    return True


def batch_can_decide_again(batch: Batch, today: date | None = None) -> bool:
    """Whether deciding again would change anything: a finished batch decided before today
    or under other rules."""
    today = today or timezone.localdate()
    return batch.status == Batch.Status.DONE and (batch.as_of < today or batch.rules_version != RULES_VERSION)


def batch_decide_again(*, batch_id: int, user=None) -> bool:
    """Decide every person of a finished batch again, as of today and under today's rules
    (the people stay as they were read; their answers and the summary are made anew, in
    chunks, as the first time). Audited when a user asks. Returns whether it started."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().filter(pk=batch_id, status=Batch.Status.DONE).first()
        if batch is None or not batch_can_decide_again(batch):
            return False
        BatchDecision.objects.filter(batch=batch).delete()
        before = {"as_of": batch.as_of.isoformat(), "rules_version": batch.rules_version}
        batch.as_of, batch.rules_version = timezone.localdate(), RULES_VERSION
        batch.status, batch.summary, batch.finished_at = Batch.Status.DECIDING, {}, None
        batch.deciding_at = batch.queued_at = timezone.now()
        batch.save(
            update_fields=["as_of", "rules_version", "status", "summary", "finished_at", "deciding_at", "queued_at"]
        )
        if user is not None:
            audit(user=user, submission=None, batch=batch, action=AuditEvent.Action.DECIDE_AGAIN, before=before)
        for first, last in chunk_ranges(batch):
            enqueue_on_commit(decide_batch_chunk, batch.pk, first, last)
        if not batch.people_count:
            transaction.on_commit(lambda: batch_finish(batch_id=batch.pk))
    return True


def batch_mark_failed(*, batch_id: int, reason: str) -> None:
    Batch.objects.filter(pk=batch_id).exclude(status=Batch.Status.DONE).update(
        status=Batch.Status.FAILED, failure_reason=reason, finished_at=timezone.now()
    )


# --- What each charge comes to ---------------------------------------------------------------


def charge_category(charge: dict[str, Any], review: list[str], as_of: date) -> str:
    """now, later, conditional, never, review or other (a referral to the State's Attorney,
    or the juvenile court's own process), for one charge's result."""
    if review:
        return REVIEW
    outcome = charge["outcome"]
    eligible_on = date.fromisoformat(charge["eligible_on"]) if charge.get("eligible_on") else None
    if outcome == "needs_review":
        return CONDITIONAL if charge.get("alternatives") else REVIEW
    if outcome in _FILES_TODAY:
        return NOW if eligible_on is None or eligible_on <= as_of else LATER
    if outcome == "eligible_on_date":
        return LATER
    if outcome == "not_eligible":
        return NEVER
    return OTHER


def person_charges(
    person: BatchPerson,
    result: dict[str, Any],
    as_of: date,
    *,
    with_sources: bool = True,
    assumes: list[list[list[str]]] | None = None,
):
    """(case, charge, charge sources, answer, what a person must check, category, what the
    answer assumes) for each charge of a person decided with this result (and these
    assumptions: charge_assumptions); a person the engine refused has every charge for
    review. Without sources (None in their place), the person's row need not hold them:
    deciding and summing up read the record and the review codes only."""
    for case_index, case in enumerate(person.record["cases"]):
        decided = result["cases"][case_index]["charges"] if "cases" in result else None
        for charge_index, charge in enumerate(case["charges"]):
            sources = person.sources["cases"][case_index]["charges"][charge_index] if with_sources else None
            review = person.review[case_index][charge_index]
            if decided is None:
                outcome = {"outcome": "needs_review", "eligible_on": None, "reasons": [], "alternatives": []}
                review = [*review, "engine_refused"]
            else:
                outcome = decided[charge_index]
            assumed = assumes[case_index][charge_index] if assumes else []
            yield case, charge, sources, outcome, review, charge_category(outcome, review, as_of), assumed


def summarise(batch: Batch) -> dict[str, Any]:
    """People and charges by category, the later ones by year, by court and by year of
    disposition, and how many people would have no conviction left after filing what can
    be filed now. The counts reconcile: rows in = charges decided + charges for review +
    rows refused."""
    charges: Counter[str] = Counter()
    people: Counter[str] = Counter()
    later_by_year: Counter[str] = Counter()
    by_court: dict[str, Counter[str]] = defaultdict(Counter)
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    resting_on: dict[str, Counter[str]] = {code: Counter() for code in ASSUMPTIONS}
    with_conviction = cleared = 0
    rows = BatchPerson.objects.filter(batch=batch).select_related("decision")
    for person in rows.only("pk", "record", "review", "decision__result", "decision__assumes").iterator(
        chunk_size=2000
    ):
        seen = set()
        convictions = convictions_now = 0
        for case, charge, _sources, outcome, _review, category, assumed in person_charges(
            person, person.decision.result, batch.as_of, with_sources=False, assumes=person.decision.assumes
        ):
            charges[category] += 1
            for code in assumed:
                resting_on[code][category] += 1
            seen.add(category)
            if category == LATER and outcome.get("eligible_on"):
                later_by_year[outcome["eligible_on"][:4]] += 1
            by_court[case.get("court") or "unknown"][category] += 1
            by_year[(charge.get("disposition_date") or "")[:4] or "unknown"][category] += 1
            if charge.get("disposition") == "guilty":
                convictions += 1
                convictions_now += category == NOW
        for category in seen:
            people[category] += 1
        if convictions:
            with_conviction += 1
            cleared += convictions == convictions_now
    decided = sum(n for category, n in charges.items() if category != REVIEW)
    return {
        "as_of": batch.as_of.isoformat(),
        "rules_version": batch.rules_version,
        "based_on_these_records_only": True,
        "charges": {category: charges[category] for category in CATEGORIES},
        "people": {category: people[category] for category in CATEGORIES},
        "people_total": batch.people_count,
        "later_by_year": dict(sorted(later_by_year.items())),
        "by_court": {court: dict(counts) for court, counts in sorted(by_court.items())},
        "by_disposition_year": {year: dict(counts) for year, counts in sorted(by_year.items())},
        "people_with_conviction": with_conviction,
        "people_cleared_now": cleared,
        # Charges by category whose answer rests on what these records cannot show.
        "resting_on": {code: dict(counts) for code, counts in resting_on.items()},
        "reconcile": {
            "rows_in": batch.rows_in,
            "charges_decided": decided,
            "charges_for_review": charges[REVIEW],
            "rows_refused": batch.rows_refused,
            "balanced": batch.rows_in == decided + charges[REVIEW] + batch.rows_refused,
        },
    }


def _twin_key(name: str) -> tuple[str, ...]:
    """A name's words in any order: "SMITH, JOHN" and "John Smith" meet."""
    return tuple(sorted(search.name_words(name)))


def likely_twins(batch: Batch) -> dict[str, Any]:
    """People of the batch who may be the same person as another of it, or as a resident
    who wrote to the organisation: the same name or alias (its words in any order, ignoring
    case and accents) and the same date of birth (or the same month, where only that is
    known). Listed for staff; nothing is merged without a person."""
    groups: dict[tuple[tuple[str, ...], str], list[tuple[int, str]]] = defaultdict(list)
    people = BatchPerson.objects.filter(batch=batch).exclude(date_of_birth="").order_by("pk")
    rows = people.values_list("pk", "name", "aliases", "date_of_birth").iterator(chunk_size=5000)
    for pk, name, aliases, birth in rows:
        for key in {_twin_key(n) for n in [name, *(aliases or [])] if n}:
            groups[(key, birth[:7])].append((pk, birth))
    residents: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    resident_days: dict[int, str] = {}
    submissions = Submission.objects.filter(organisation=batch.organisation, date_of_birth__isnull=False)
    for pk, name, birth in submissions.values_list("pk", "full_name", "date_of_birth").iterator(chunk_size=5000):
        residents[(_twin_key(name), birth.isoformat()[:7])].append(pk)
        resident_days[pk] = birth.isoformat()
    found, seen = [], set()
    for (words, month), members in groups.items():
        # In the same month, the same person only where the days agree, or one is not known.
        partial = [pk for pk, birth in members if len(birth) == 7]
        days: dict[str, list[int]] = defaultdict(list)
        for pk, birth in members:
            if len(birth) == 10:
                days[birth].append(pk)
        if not days:
            days[month] = []  # births known by their month only: one group of them
        for day, pks in days.items():
            alike = pks + partial
            matching = [pk for pk in residents.get((words, month), []) if not pks or resident_days[pk] == day]
            group = (tuple(sorted(alike)), tuple(sorted(matching)))
            if (len(alike) > 1 or (alike and matching)) and group not in seen:  # by name and by alias: once
                seen.add(group)
                found.append({"people": list(group[0]), "submissions": list(group[1])})
    return {"count": len(found), "groups": found[:TWIN_GROUPS]}


# --- Tasks ------------------------------------------------------------------------------------


@shared_task(name="expunge.tasks.read_batch", bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def read_batch(self, batch_id: int) -> None:
    try:
        batch_read(batch_id=batch_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            record_quietly(batch_mark_failed, batch_id=batch_id, reason=f"Reading kept failing ({exc!r}).")
            return
        raise self.retry(exc=exc, countdown=RETRY_COUNTDOWNS[self.request.retries]) from exc
    except Exception as exc:
        logger.exception("Reading batch %s failed", batch_id)
        record_quietly(batch_mark_failed, batch_id=batch_id, reason=f"Reading failed ({exc!r}).")


@shared_task(name="expunge.tasks.decide_batch_chunk", bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def decide_batch_chunk(self, batch_id: int, first: int, last: int) -> None:
    try:
        batch_decide_chunk(batch_id=batch_id, first=first, last=last)
    except TRANSIENT_ERRORS as exc:
        # Left undecided, the chunk is sent again by the retry or, after the last one, the sweeper.
        if self.request.retries >= self.max_retries:
            logger.error("Batch %s chunk %s-%s failed for good: %r", batch_id, first, last, exc)
            return
        raise self.retry(exc=exc, countdown=RETRY_COUNTDOWNS[self.request.retries]) from exc


def batch_send_again(*, batch: Batch, now=None) -> int:
    """The sweeper's part: the step of an overdue batch, sent again. Returns how many tasks."""
    Batch.objects.filter(pk=batch.pk).update(queued_at=now or timezone.now())
    if batch.status == Batch.Status.READING:
        return int(enqueue(read_batch, batch.pk))
    ranges = chunk_ranges(batch, undecided_only=True)
    if not ranges:
        batch_finish(batch_id=batch.pk)
        return 0
    return sum(enqueue(decide_batch_chunk, batch.pk, first, last) for first, last in ranges)
