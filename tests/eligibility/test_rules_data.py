"""The law the engine decides by is data a lawyer can audit: every enactment, table and
rule is in laws.py, tables.py and rules.py, the rules version covers all of it, the engine
holds no law of its own, and every answer is the caller's own."""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.utils import translation

import eligibility.engine
import eligibility.laws
import eligibility.tables
from eligibility import RULES, RULES_VERSION, assess
from eligibility.contract import (
    CHARGE_FIELDS,
    COUNTIES,
    COURTS,
    DISPOSITIONS,
    PROBATION_CLOSED,
    RECORD_STATES,
    SUBSTANCES,
)
from eligibility.engine import PETITION_OUTCOMES
from eligibility.rules import compute_rules_version
from eligibility.tables import CONVICTION_WAITS
from expunge.explanations import OUTCOMES, REASONS
from tests.eligibility.test_eligibility import cannabis, cases_record, charge

ENGINE_SOURCE = Path(eligibility.engine.__file__).read_text(encoding="utf-8")


def _data(module):
    return sorted(name for name in vars(module) if name.isupper())


# --- Fresh results -------------------------------------------------------------------------


def test_a_result_changed_by_its_caller_changes_no_later_answer():
    record = cases_record(
        [cannabis("2012-05-10", "2012-05-10")],
        [charge("dismissed", "2015-01-01")],
        [charge("pbj", "2015-01-01", sentence_completed=None)],
    )
    first = assess(copy.deepcopy(record))
    pristine = copy.deepcopy(first)
    # Everything a caller could touch: the lists, the reasons, the remedies.
    for case in first["cases"]:
        case["blocking_charges"].append(99)
        for result in case["charges"]:
            result["outcome"] = "changed"
            result["reasons"].append({"code": "changed"})
            for reason in result["reasons"]:
                reason["citation"] = "changed"
            if result["remedy"]:
                result["remedy"]["fee_usd"] = 999
                result["remedy"]["ground"] = "changed"
    assert assess(copy.deepcopy(record)) == pristine
    # Another record with the same kinds of charge: no part of it is shared either.
    other = cases_record([charge("dismissed", "2015-01-01")])
    assert "changed" not in repr(assess(other))


# --- The rules version covers all of it ------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "name"),
    [(eligibility.laws, name) for name in _data(eligibility.laws)]
    + [(eligibility.tables, name) for name in _data(eligibility.tables)],
)
def test_changing_any_law_or_table_changes_the_rules_version(monkeypatch, module, name):
    monkeypatch.setattr(module, name, ("changed", getattr(module, name)))
    assert compute_rules_version() != RULES_VERSION


def test_changing_a_law_in_force_date_changes_the_rules_version(monkeypatch):
    law = eligibility.laws.HB_837
    monkeypatch.setattr(eligibility.laws, "HB_837", replace(law, in_force=law.in_force.replace(day=2)))
    assert compute_rules_version() != RULES_VERSION


@pytest.mark.parametrize("field", ["citation", "effective_from", "effective_to", "verified", "law"])
def test_changing_a_rule_changes_the_rules_version(monkeypatch, field):
    rule = RULES["pbj_wait"]
    changed = {
        "citation": "CP §10-105(a)(3) (changed)",
        "effective_from": eligibility.laws.HB_837.in_force,
        "effective_to": eligibility.laws.HB_837.in_force,
        "verified": not rule.verified,
        "law": "changed",
    }[field]
    monkeypatch.setitem(RULES, "pbj_wait", replace(rule, **{field: changed}))
    assert compute_rules_version() != RULES_VERSION


def test_a_new_example_leaves_the_rules_version_alone(monkeypatch):
    rule = RULES["pbj_wait"]
    monkeypatch.setitem(RULES, "pbj_wait", replace(rule, examples=rule.examples[:1]))
    assert compute_rules_version() == RULES_VERSION


# --- The engine holds no law of its own --------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _constants(source: str) -> list[tuple[str | None, object]]:
    """Every literal in the source outside docstrings, with the function it is in."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.FunctionDef):
            function = node.name
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            found.append((function, node.value))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


STATUTE = re.compile(r"^(CR|TR|CP|CJP)\s*§?\s*\d", re.IGNORECASE)
CITATION = re.compile(r"§\s*\d")


def test_the_engine_names_no_statute_ground_or_number_of_its_own():
    """Citations, statutes, waiting periods and dates live in tables.py and laws.py. The
    engine's literals are the contract's words and the rules' codes, and the calendar's
    March 1 for a leap day."""
    for function, value in _constants(ENGINE_SOURCE):
        if isinstance(value, str):
            assert not CITATION.search(value) and not STATUTE.match(value), (function, value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            assert value in (0, 1) or (function == "add_years" and value == 3), (function, value)


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


# Words of the contract (its fields and values) and of the tables that the engine may write.
CONTRACT_WORDS = (
    set(OUTCOMES)
    | _keys(assess(cases_record([cannabis("2012-05-10", "2012-05-10")])))
    | _keys(assess(cases_record([charge("guilty", "2019-01-10", sentence_completed="2019-06-01")])))  # conditional
    | set(CHARGE_FIELDS)
    | {"other_convictions", "other_dispositions"}
    | RECORD_STATES
    | DISPOSITIONS
    | COURTS
    | COUNTIES
    | SUBSTANCES
    | PROBATION_CLOSED
    | set(CONVICTION_WAITS)
    | {"petition", "juvenile_petition", "referral", "theft"}
)


def test_every_reason_code_the_engine_writes_is_a_rule():
    words = {
        value
        for _function, value in _constants(ENGINE_SOURCE)
        if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", value)
    }
    codes = words - CONTRACT_WORDS
    assert codes, "the engine writes reason codes"
    assert codes <= set(RULES), sorted(codes - set(RULES))
    assert PETITION_OUTCOMES <= set(OUTCOMES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_reason_code_has_a_sentence_in_english_and_in_spanish(code):
    assert code in REASONS, f"expunge/explanations.py has no sentence for {code}"
    english = str(REASONS[code])
    with translation.override("es"):
        spanish = str(REASONS[code])
    assert english.strip() and spanish.strip()
    assert spanish != english, f"no Spanish sentence for {code}"
