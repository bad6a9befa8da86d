"""The eligibility engine: pure Python, no Django imports (see engine.py)."""

from eligibility.contract import ContractError, parse_record
from eligibility.engine import assess, assess_record
from eligibility.rules import RULES, RULES_VERSION

__all__ = ["RULES", "RULES_VERSION", "ContractError", "assess", "assess_record", "parse_record"]
