"""Dispositions as Case Search prints them (mjcs-records.md §4, MVLS's list), and what each
means to the engine. A table for a lawyer to review: each raw value maps to one of the
contract's dispositions, or to None, which sends the charge to a person with the raw value
shown. Only the clear ones are mapped; a value not in the table goes to a person too.

The suffix " - DOMESTIC RLTD" marks a judge's finding that the crime was domestically
related (CP §6-233). In a court record its absence means there was no finding, so every
other mapped disposition is read as "not domestically related".

Treatment: Case Search prints a stet, nolle prosequi or PBJ with a treatment requirement the
same as one without; the docket says it. Each is read as the one without, and every answer
that would differ with a treatment requirement says it rests on there being none
(services.batches.ASSUMPTIONS)."""

from __future__ import annotations

import re

DOMESTIC_SUFFIX = re.compile(r"\s*-\s*DOMESTIC\s+RLTD\.?\s*$")

# Raw value (upper case, spaces collapsed) → contract disposition, or None: a person decides.
DISPOSITIONS: dict[str, str | None] = {
    # Not a conviction.
    "NOLLE PROSEQUI": "nolle_prosequi",
    "STET": "stet",
    "DISMISSED": "dismissed",
    "NOT GUILTY": "not_guilty",
    "ACQUITTED": "not_guilty",
    "JUDGMENT OF ACQUITAL": "not_guilty",
    "JUDGMENT OF ACQUITTAL": "not_guilty",
    "ACQUITTAL JUDGMENT GRANTED": "not_guilty",
    "PBJ UNSUPERVISED": "pbj",
    "PBJ SUPERVISED": "pbj",
    "PROBATION BEFORE JUDGMENT": "pbj",
    "PROBATION BEFORE JUDGEMENT": "pbj",
    # CP §10-105(a)(6): a compromise under CR §3-207 (assaults).
    "COMPROMISE (ASSAULTS ONLY)": "compromise",
    # CP §4-202: a charge sent from adult court to the juvenile court.
    "REVERSE WAIVER": "transferred_to_juvenile",
    "REMANDED TO JUVENILE COURT": "transferred_to_juvenile",
    "REMANDED TO THE JUVENILE COURT": "transferred_to_juvenile",
    "RETURNED TO JUVENILE COURT": "transferred_to_juvenile",
    "NOT CRIMINALLY RESPONSIBLE": "ncr",
    "NOT CRIMINALLY RESPONSIBLE - COMMITTED": "ncr",
    "NOT CRIMINALLY RESPONSIBLE - RELEASED": "ncr",
    # A conviction, whatever the sentence.
    "GUILTY": "guilty",
    "GUILTY VERDICT - NO SENTENCE": "guilty",
    "PROBATION AFTER CONVICTION": "guilty",
    "SENTENCED": "guilty",
    "MANDATORY SENTENCE": "guilty",
    "MAND. SENTENCE W/O PAROLE (HANDGUN STATUTE)": "guilty",
    "LIFE WITHOUT PAROLE (MURDER STATUTE)": "guilty",
    # No single meaning for expungement: a person reads the docket.
    "ABATED BY DEATH": None,
    "MERGED": None,
    "MERGED WITH OTHER COUNTS": None,
    "COMPROMISED": None,
    "CONSENT ORDER": None,
    "SUB-CURIA": None,
    "SENTENCE CHANGED": None,
    "VERDICT OF DISTRICT COURT": None,
    "VERDICT OF THIS COURT": None,
    "OTHER": None,
    "NOLO CONTENDERE": None,
    "NOLLE CONTENDRE": None,  # nolle prosequi or nolo contendere? The docket says.
    "NOT GUILTY FOR REASON OF INSANITY": None,  # the finding before NCR (1984): a person decides
    "NOT GUILTY DUE TO INSANITY": None,
    "CLOSED - JEOPARDY OR OTHER CONVICTION": None,
    "NOT SENT TO JURY": None,
    "PROBATION CONTINUE": None,
    "PROBATION TERMINATED": None,
    "COUNT VACATED": None,
    "LESSER INCLUDED OFFENSES": None,
    "DISPOSITION IN LESSER INCL. OFFENSE": None,
    "VERDICT NOT RENDERED": None,
    "NO VERDICT": None,
    "MISTRIAL": None,
    "CHANGE OF VENUE": None,
    "INCOMPETENT TO STAND TRIAL - COMMITTED": None,
    "INCOMPETENT TO STAND TRIAL - RELEASED": None,
    "CONFESSED NOT GUILTY": None,
    "REMANDED TO DISTRICT COURT": None,
    "CASE RETURNED TO DISTRICT COURT": None,
    "D/C APPEAL WITHDRAWN": None,
    "APPEAL WITHDRAWN BY DEFENDANT": None,
    "TRIAL DE NOVO WAIVED": None,
    "MORT-EST": None,
    "WITHDRAWN BY DEF. JUDGMENT OF DIST. CT.": None,
    "DISMISSED BY COURT JUDGMENT OF DIST. CT.": None,
    "PROBATION WITHOUT VERDICT": None,
    "REMOVED": None,
    "FINED": None,  # a conviction's fine, or a civil citation's: the docket says
    "CONVICTION COMP. CASE": None,
    "NOT GUILTY IN COMP. CASE": None,
    "DENIED": None,
    "SUSPENDED": None,
    "GRANTED (POST CONVICTION CASES)": None,
    "HELD IN ABEYANCE": None,
    "VOP WITHDRAWN/DISMISSED": None,
    "NOT GUILTY / AGREED STATEMENT OF FACTS": None,
}

# A domestic finding only exists on a conviction or a PBJ.
_DOMESTIC_ALLOWED = {"guilty", "pbj"}


def disposition_key(raw: str) -> str:
    return " ".join(raw.upper().split())


def read_disposition(raw: str) -> tuple[str | None, bool]:
    """(contract disposition or None for a person to decide, domestically related). A
    blank disposition is None here: the caller knows whether the case is still open."""
    key = disposition_key(raw)
    domestic = bool(DOMESTIC_SUFFIX.search(key))
    if domestic:
        key = DOMESTIC_SUFFIX.sub("", key)
    disposition = DISPOSITIONS.get(key)
    if domestic and disposition not in _DOMESTIC_ALLOWED:
        return None, True
    return disposition, domestic
