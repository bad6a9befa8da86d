"""The enactments the rules rest on, each once, with the day it took effect.

The rules (rules.py) take their dates in force from here, and the engine reads the same
records when it decides, so a date corrected here changes the public "How we decide" page
and the decisions together. Sources: ../shared/law/maryland-law.md (sections named per law).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Law:
    title: str
    in_force: date
    source: str


# The expungement of convictions listed in CP §10-110, and the 4-year wait for cannabis
# possession convictions, began with the Justice Reinvestment Act. The engine answers
# nothing earlier than this day.
JUSTICE_REINVESTMENT_ACT = Law(
    "Justice Reinvestment Act (SB 1005, 2016, Ch. 515)", date(2017, 10, 1), "law notes §3.2, §6 [S]"
)
# Only the State's Attorney may move to vacate a conviction (CP §8-301.1).
HB_874_2019 = Law("HB 874 (2019)", date(2019, 10, 1), "law notes §5.1 [V]")
# Automatic expungement of cases that ended favourably (CP §10-105.1), for cases
# disposed of on or after the day it took effect.
CP_10_105_1 = Law("CP §10-105.1 (2021)", date(2021, 10, 1), "law notes §1.5 [V]")
# Cannabis legal for adults; cannabis possession convictions expungeable once the
# sentence is complete (CP §10-105(a)(12)); cannabis PWID's 3-year wait; the clean-up.
HB_837 = Law("HB 837 (2022, Ch. 26)", date(2023, 7, 1), "law notes §1.2, §2.1–§2.3 [S]")
# The REDEEM Act shortened the waits after listed convictions (CP §10-110).
REDEEM_ACT = Law("REDEEM Act (SB 37, 2023)", date(2023, 10, 1), "law notes §3.2 [S]")
# A PBJ for alcohol DUI (TR §21-902(a), (b)) expungeable 15 years after discharge, barred
# by a conviction or another DUI PBJ in that time (CP §10-105(c)(2)(ii) as amended; the
# bill is not named in the sources).
DUI_PBJ_AMENDMENT_2024 = Law(
    "CP §10-105(c)(2)(ii) as amended in 2024 (DUI probation before judgment)", date(2024, 10, 1), "law notes §00 [S]"
)
# The Governor's cannabis pardon.
PARDON_2024 = Law("Executive Clemency Order of June 17, 2024", date(2024, 6, 17), "law notes §2.4 [V]")
# A sentence whose probation ended unsatisfactorily counts as completed from this day
# (until then, In re Abhishek I.).
REFORM_ACT_2025 = Law("Expungement Reform Act of 2025", date(2025, 10, 1), "law notes §3.3 [S]")
