"""The eligibility engine: pure Python, no Django imports. The law is data (laws.py,
tables.py, rules.py); engine.py combines it; contract.py checks the input
(docs/eligibility-contract.md)."""

from eligibility.contract import ContractError, parse_record
from eligibility.engine import assess, assess_record
from eligibility.rules import RULES, RULES_VERSION

__all__ = ["RULES", "RULES_VERSION", "ContractError", "assess", "assess_record", "parse_record"]
