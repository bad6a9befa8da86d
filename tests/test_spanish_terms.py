"""Key legal terms say the same thing in Spanish wherever they appear.

A resident reads "hurto" on one page and "robo" on the next and fears a worse charge; reads
"libertad condicional antes del fallo" here and "antes de sentencia" there and wonders whether
they are two things. Each term below is rendered one way throughout the Spanish catalogue.

Where each choice comes from (the status says what was checked here):
- expungement — "eliminación de antecedentes": Cornell Law School's Legal Information Institute,
  Wex en español, «Expurgación» ("Eliminación de antecedentes penales o expurgación"). Checked.
- theft — "hurto"; robbery (and burglary, "robo con allanamiento") — "robo": "robo" is taking by
  force or intimidation, "hurto" without. No named court glossary could be read here; to check
  against one (the Maryland Judiciary's Spanish court terms, the People's Law Library's Spanish
  pages, or the New Jersey Judiciary's English/Spanish glossary).
- probation before judgment — "libertad condicional antes del fallo (PBJ)", keeping "PBJ" as
  the court record writes it. Not checked against a named glossary.
- nolle prosequi ("nolle pros") and stet stay in Latin and English, as they appear on Case Search
  and on the court's papers, each explained in plain Spanish where it is offered as an answer.
  Not checked against a named glossary.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Term:
    english: str  # a pattern found in the English text
    spanish: str  # the pattern its Spanish text must hold


TERMS = {
    "expungement": Term(r"\bexpung", r"eliminación de antecedentes"),
    "probation before judgment": Term(r"probation before judgment", r"libertad condicional antes del fallo \(PBJ\)"),
    "PBJ": Term(r"\bPBJ\b", r"\bPBJ\b"),
    "nolle prosequi": Term(r"\bnolle\b", r"\bnolle\b"),
    "stet": Term(r"\bstet\b", r"\bstet\b"),
    "theft": Term(r"\btheft\b", r"\bhurto\b"),
    "robbery": Term(r"\brobber", r"\brobo\b"),
}
# "Robo" says force: only for robbery, and burglary ("robo con allanamiento").
FORCE = re.compile(r"\brob(o|os|ar|ado)\b", re.IGNORECASE)
FORCE_IN_ENGLISH = re.compile(r"\b(robber|burglar)", re.IGNORECASE)


def _entries(path: Path) -> list[tuple[str, str]]:
    """(English, Spanish) of each live entry of a .po file; plural forms joined."""
    entries: list[tuple[list[str], list[str]]] = []
    english: list[str] = []  # msgid, msgid_plural
    spanish: list[str] = []  # msgstr, or each msgstr[n]
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if english and english[0]:
                entries.append((english, spanish))
            english, spanish, field = [], [], None
        elif line.startswith("#"):
            continue
        else:
            if line.startswith('"'):
                text = ast.literal_eval(line)
            else:
                field, _space, rest = line.partition(" ")
                text = ast.literal_eval(rest)
                if field in ("msgid", "msgid_plural"):
                    english.append("")
                elif field.startswith("msgstr"):
                    spanish.append("")
            if field in ("msgid", "msgid_plural"):
                english[-1] += text
            elif field and field.startswith("msgstr"):
                spanish[-1] += text
    return [(" ".join(english), " ".join(spanish)) for english, spanish in entries]


ENTRIES = _entries(CATALOGUE)


def test_the_catalogue_is_read():
    """The reader sees what gettext serves."""
    with translation.override("es"):
        assert translation.gettext("Theft") == "Hurto"
    assert len(ENTRIES) > 500
    assert ("Theft", "Hurto") in ENTRIES
    assert (
        "%(counter)s submission %(counter)s submissions",
        "%(counter)s solicitud %(counter)s solicitudes",
    ) in ENTRIES


@pytest.mark.parametrize("name", TERMS)
def test_a_key_term_reads_the_same_everywhere(name):
    term = TERMS[name]
    wrong = [
        (english, spanish)
        for english, spanish in ENTRIES
        if re.search(term.english, english, re.IGNORECASE) and not re.search(term.spanish, spanish, re.IGNORECASE)
    ]
    assert wrong == [], f"“{name}” should read /{term.spanish}/ in Spanish"


def test_robo_is_said_only_of_robbery_or_burglary():
    wrong = [
        (english, spanish)
        for english, spanish in ENTRIES
        if FORCE.search(spanish) and not FORCE_IN_ENGLISH.search(english)
    ]
    assert wrong == []
