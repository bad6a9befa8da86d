"""The eligibility engine: pure Python, no Django imports (see engine.py)."""

from expunge.eligibility.contract import ContractError, parse_record
from expunge.eligibility.engine import assess, assess_record
from expunge.eligibility.rules import RULES, RULES_VERSION

__all__ = ["RULES", "RULES_VERSION", "ContractError", "assess", "assess_record", "parse_record"]
