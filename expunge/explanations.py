"""Plain-language words for the engine's stable codes (outcomes and reasons).

The engine returns codes; these sentences are what residents and staff read, in
their language. Citations are shown as the engine gives them.
"""

from django.utils.translation import gettext_lazy as _

OUTCOMES = {
    "automatically_expunged": _("The State should already have removed this record without a petition."),
    "eligible_now": _("You can ask the court to remove this record now."),
    "eligible_now_with_waiver": _("You can ask the court to remove this record now if you also sign a waiver."),
    "eligible_on_date": _("You can ask the court to remove this record from a later date."),
    "pardoned_then_petition": _(
        "This conviction was pardoned by the Governor in 2024. A pardon does not remove the record: "
        "you still need to ask the court."
    ),
    "eligible_for_vacatur_motion": _("Only the State's Attorney can ask the court to undo this conviction."),
    "not_eligible": _("You cannot ask the court to remove this record yet."),
    "different_process_juvenile": _("This is a juvenile court record. It is cleared through a different process."),
    "needs_review": _("We could not decide this from your answers. A person will need to look at it."),
}

REASONS = {
    "cannabis_possession_sentence_complete": _(
        "Since July 1, 2023, a conviction for possessing cannabis can be removed once the sentence is complete."
    ),
    "cannabis_possession_sentence_not_complete": _(
        "A conviction for possessing cannabis can be removed once the whole sentence, including probation "
        "or parole, is complete."
    ),
    "cannabis_possession_four_year_wait": _(
        "Before July 1, 2023, a cannabis possession conviction could be removed 4 years after the conviction "
        "or the end of the sentence, whichever was later."
    ),
    "pending_case_bar": _(
        "No record can be removed while you have an open criminal case. You can ask once that case is closed."
    ),
    "pardoned_june_2024": _(
        "Governor Moore pardoned misdemeanor cannabis possession convictions on June 17, 2024. "
        "The record stays until you file a petition."
    ),
    "cannabis_fee_unverified": _(
        "The court usually charges $30 to remove a conviction, but costs for cannabis cases may be waived. "
        "Ask the clerk, and ask for a fee waiver if you cannot pay."
    ),
    "juvenile_record_different_process": _(
        "Juvenile court records are sealed and removed under a different law, with a different form."
    ),
    "pending_case_unknown": _("You were not sure whether you have an open criminal case. An open case stops removal."),
    "sentence_completion_unknown": _(
        "We need the date your sentence ended (including probation or parole) to know when you can ask."
    ),
    "disposition_date_unknown": _("We need the date of the court's decision."),
    "substance_unknown": _("We need to know which drug the possession charge was about."),
    "as_of_before_encoded_rules": _("The portal's rules do not cover dates this early."),
    "not_assessed_by_rules": _(
        "The portal does not yet decide this kind of charge or court decision on its own. "
        "Legal-aid staff will review it."
    ),
}


def outcome_text(code: str) -> str:
    return OUTCOMES.get(code, code)


def reason_text(code: str) -> str:
    return REASONS.get(code, code)


def explain_result(result: dict) -> list[dict]:
    """The determination's cases with plain-language words added, for templates."""
    cases = []
    for case in result["cases"]:
        charges = [
            {
                **charge,
                "outcome_text": outcome_text(charge["outcome"]),
                "reasons": [{**reason, "text": reason_text(reason["code"])} for reason in charge["reasons"]],
                "lawyer_should_confirm": any(not reason["verified"] for reason in charge["reasons"]),
            }
            for charge in case["charges"]
        ]
        cases.append({**case, "charges": charges})
    return cases
