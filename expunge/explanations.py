"""Plain-language words for the engine's stable codes (outcomes and reasons).

The engine returns codes; these sentences are what residents and staff read, in
their language. Citations are shown as the engine gives them.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from eligibility.contract import iso_date
from expunge.choices import OVERRIDE_REASONS
from expunge.records import SETTLEABLE_FACTS

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

# Each outcome in a few words, for staff lists and forms (the code beside it on the detail page).
OUTCOME_LABELS = {
    "automatically_expunged": _("Removed by law, without a petition"),
    "eligible_now": _("Can file now"),
    "eligible_now_with_waiver": _("Can file now with the waiver"),
    "eligible_on_date": _("Can file from a later date"),
    "pardoned_then_petition": _("Pardoned; a petition is still needed"),
    "eligible_for_vacatur_motion": _("Only the State's Attorney can act (motion to vacate)"),
    "not_eligible": _("Cannot file yet"),
    "different_process_juvenile": _("Juvenile record: a different process"),
    "needs_review": _("Needs a person's review"),
}

# What to do next, for each outcome: the last line of every charge on the results page.
NEXT_STEPS = {
    "automatically_expunged": _(
        "Next: look the case up on Maryland Judiciary Case Search. If it still shows, ask the court to remove it. "
        "A case that no longer shows there may still be in the court's files: read above where this record stands."
    ),
    "eligible_now": _("Next: download your packet, check it, sign the petition and file it with the clerk."),
    "eligible_now_with_waiver": _(
        "Next: choose below to file now with the waiver, or come back on the date above and file without it."
    ),
    "eligible_on_date": _(
        "Next: come back on the date above with your private link; we will prepare the petition then."
    ),
    "pardoned_then_petition": _("Next: file the petition in your packet, from the date above if there is one."),
    "eligible_for_vacatur_motion": _(
        "Next: contact the State's Attorney's office or a lawyer. Your packet has a letter for the State's Attorney."
    ),
    "not_eligible": _(
        "Next: read the reasons above; they say what could change this. A lawyer can tell you if another route is open."
    ),
    "different_process_juvenile": _(
        "Next: ask the juvenile court's clerk or a lawyer about removing juvenile records (CJP §3-8A-27.1)."
    ),
    "needs_review": _(
        "Next: legal-aid staff will look at your answers. Maryland Judiciary Case Search may show what we are missing."
    ),
}

# The next step where the page knows what the resident's packet holds (the results page):
# each line agrees with the packet, the waiver choice and how long the answers are kept.
FILE_THE_PETITION = _("Next: download your packet, check it, sign the petition and file it with the clerk.")
FILE_WITH_THE_WAIVER = _(
    "Next: download your packet, check it, sign the petition and the waiver, and file them with the clerk."
)
FILE_IF_STILL_SHOWN = _(
    "Next: look the case up on Maryland Judiciary Case Search. If it still shows, file the petition in your packet "
    "with the clerk. A case that no longer shows there may still be in the court's files: read above where this "
    "record stands."
)
CHOOSE_THE_WAIVER_OR_WAIT_PAST_DELETION = _(
    "Next: choose below to file now with the waiver, or wait until the date above and file without it. We will have "
    "deleted your answers by then: on that day, answer the questions again on this portal, or ask legal-aid staff."
)
HELD_FOR_THE_WAIVER = _(
    "Next: the charges of a case are filed together. Choose below to file this case now with the waiver, or wait "
    "until every charge in it can be filed without it."
)
COME_BACK_AFTER_DELETION = _(
    "Next: write the date above down. We will have deleted your answers by then: on that day, answer the questions "
    "again on this portal, or ask legal-aid staff, and we will prepare the petition."
)
NOT_IN_THE_PACKET = _(
    "Next: your packet holds no petition for this charge yet. Legal-aid staff will look at your answers and tell you "
    "how to file it."
)

# Where a charge's record stands (the engine's record_state), apart from what can be filed.
RECORD_STATES = {
    "removal_required": _(
        "The law required the courts and the police to remove this record without a petition, by the date above."
    ),
    "criminal_history_removal_required": _(
        "The State was to remove this case from your criminal history by July 1, 2024. The court's own file may "
        "remain: a petition to the court can still remove it."
    ),
    "hidden_not_removed": _(
        "Since October 2025, Case Search may no longer show pardoned cannabis convictions. Hidden is not removed: "
        "the record is still with the court and in your criminal history until a court orders it removed."
    ),
    "on_record": _("This record stays until a court orders it removed."),
    "unknown": "",
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
    "favorable_disposition_wait_complete": _(
        "A charge that ended in not guilty, dismissal or “nolle pros” can be removed once 3 years have passed. "
        "They have. There is no court fee."
    ),
    "favorable_disposition_waiver_allows_now": _(
        "A charge that ended in not guilty, dismissal or “nolle pros” can be removed after 3 years, or right "
        "away if you also sign the General Waiver and Release (form CC-DC-CR-078). By signing it you give up "
        "any claim for damages over the arrest or charge."
    ),
    "stet_three_year_wait": _(
        "A charge put on the “stet” docket can be removed 3 years after the stet. The waiver cannot shorten this wait."
    ),
    "compromise_three_year_wait": _("A case settled by compromise can be removed 3 years after the compromise."),
    "stet_treatment_wait": _(
        "A charge put on the “stet” docket with a drug or alcohol treatment requirement can be removed once the "
        "treatment is complete and 3 years have passed since the stet, whichever is later."
    ),
    "treatment_completion_unknown": _(
        "We need to know whether the court required drug or alcohol treatment and, if it did, the day you "
        "finished it, to know when you can ask. A person will need to check it."
    ),
    "automatic_expungement_favorable_case": _(
        "Every charge in this case ended in your favor on or after October 1, 2021, so the court had to remove "
        "the case by itself 3 years later. Check Maryland Judiciary Case Search: if it still shows, file the petition."
    ),
    "automatic_expungement_scheduled": _(
        "Every charge in this case ended in your favor on or after October 1, 2021, so the court will remove the "
        "case by itself 3 years after the last decision, with no petition. You can also ask now, with the waiver."
    ),
    "cannabis_only_charge_cleanup": _(
        "Cases where possession of cannabis was the only charge, charged before July 1, 2023, had to be removed "
        "by the State by July 1, 2024, with no petition. Check Maryland Judiciary Case Search: old paper records "
        "may have been missed. If the case still shows, file the petition."
    ),
    "pbj_wait": _(
        "A charge that ended in probation before judgment (PBJ) can be removed after you were discharged from "
        "probation and 3 years have passed since the PBJ, whichever is later. There is no court fee."
    ),
    "pbj_excluded_offense": _(
        "The law does not allow removing a PBJ for this offense (such as driving under the influence under "
        "TR §21-902(c), (d), (h) or (i))."
    ),
    "pbj_later_conviction_bar": _(
        "You were convicted of another crime within 3 years after the PBJ, so the PBJ cannot be removed under this "
        "rule. A lawyer can tell you whether another route is open."
    ),
    "vacatur_state_motion_only": _(
        "The State's Attorney can ask the court to undo (vacate) a conviction when new information calls it into "
        "question. Only the State can file this motion: contact the State's Attorney's office or a lawyer."
    ),
    "baltimore_2019_vacatur_denied": _(
        "In 2019 Baltimore City's State's Attorney asked the courts to undo about 5,000 cannabis possession "
        "convictions; the judges refused. A referral is a request, not a promise."
    ),
    "probation_discharge_unknown": _("We need the date your probation ended to know when you can ask."),
    "pbj_dui_route_unverified": _(
        "A PBJ for driving under the influence can be removed only under some parts of the law (TR §21-902(a) or "
        "(b), 15 years after discharge); under the others it cannot. A person will need to check which part it was."
    ),
    "other_dui_pbj_unknown": _(
        "A PBJ for drunk or drugged driving can be removed after 15 years only if you have had no other PBJ for "
        "it. We did not ask about other cases, so a person will need to check."
    ),
    "pbj_offense_unknown": _(
        "A PBJ can be removed 3 years after it for most charges, but not for some: one for drunk or drugged driving "
        "waits 15 years, and some can never be removed. We need the law the charge was under (on Maryland Judiciary "
        "Case Search) to know which. A person will need to check it."
    ),
    "pbj_dui_fifteen_years": _(
        "A PBJ for driving under the influence under TR §21-902(a) or (b) can be removed 15 years after you were "
        "discharged from probation. We have not confirmed this in the official text."
    ),
    "pbj_dui_barred": _(
        "A PBJ for driving under the influence cannot be removed if you were convicted of another crime (other "
        "than a minor traffic offense), or had another PBJ for driving under the influence, within the 15 years."
    ),
    "pbj_dui_not_yet_in_force": _(
        "Before October 1, 2024, a PBJ for driving under the influence could not be removed."
    ),
    "transferred_to_juvenile_no_wait": _(
        "Your charge started in adult court and was moved to juvenile court. The adult court's record can be "
        "removed by petition in that court; we found no waiting period. The juvenile court's own record is "
        "cleared through the juvenile process."
    ),
    "pardon_petition_within_ten_years": _(
        "A conviction pardoned by the Governor can be removed if it was your only criminal act and not a crime of "
        "violence. The petition must be filed within 10 years of the pardon: for the June 2024 pardon, by "
        "June 17, 2034."
    ),
    "nuisance_conviction_three_years": _(
        "A conviction for a “nuisance” offense (such as riding transit without paying) can be removed 3 years "
        "after the conviction or the end of the sentence, whichever is later."
    ),
    "nuisance_ncr_three_years": _(
        "A finding of “not criminally responsible” for a “nuisance” offense can be removed 3 years after the "
        "finding. We have not confirmed this wait in the official text."
    ),
    "ncr_not_nuisance": _(
        "A finding of “not criminally responsible” can be removed on its own only for some minor offenses. "
        "A person will need to check this one."
    ),
    "no_longer_a_crime_cannabis": _(
        "Since July 1, 2023, adults may have up to 1.5 ounces of cannabis, and having up to 2.5 ounces is no longer "
        "a crime. A conviction for something that is no longer a crime can be removed with no waiting period, even "
        "before the sentence ends."
    ),
    "no_longer_a_crime_paraphernalia": _(
        "Since July 1, 2023, having cannabis paraphernalia (pipes, papers, bags) is no longer a crime. A conviction "
        "for something that is no longer a crime can be removed with no waiting period, even before the sentence "
        "ends."
    ),
    "nolle_treatment_complete": _(
        "After a “nolle pros” that required drug or alcohol treatment, you can ask once the treatment is "
        "complete. There is no court fee."
    ),
    "pbj_later_conviction_unclear": _(
        "A conviction within 3 years after a PBJ can stop its removal, unless it was a minor traffic offense or the "
        "PBJ was for something that is no longer a crime. A person will need to check your other convictions."
    ),
    "conviction_listed_wait": _(
        "This conviction is on the list of convictions that can be removed. The wait is counted from the end of the "
        "whole sentence, including probation and parole: 5 years for most misdemeanors, 7 for second-degree assault "
        "and most felonies, 10 for first- and second-degree burglary and felony theft, 15 if domestically related."
    ),
    "conviction_listed_wait_before_redeem": _(
        "Before October 1, 2023, the waits after a listed conviction were longer: 10 years for misdemeanors and 15 "
        "for assault, felonies and domestically related crimes."
    ),
    "cannabis_pwid_three_years": _(
        "Since July 1, 2023, a conviction for possessing cannabis with intent to distribute can be removed 3 years "
        "after the sentence is complete."
    ),
    "conviction_later_conviction_wait": _(
        "You were convicted again during the waiting period, so this conviction waits until the later one can be "
        "removed too."
    ),
    "unsatisfactory_probation_bar": _(
        "Before October 1, 2025, a sentence whose probation ended unsatisfactorily was not counted as completed. "
        "The 2025 law changed this."
    ),
    "conviction_not_on_encoded_list": _(
        "Only convictions on a list in the law can be removed. The portal's copy of the list is not complete yet, "
        "so a person will need to check this one."
    ),
    "conviction_sentence_unknown": _(
        "We need the date your whole sentence ended (including probation and parole) to know when you can ask."
    ),
    "later_conviction_unclear": _(
        "Another conviction during the waiting period may delay this one. A person will need to check it."
    ),
    "unit_rule_blocked": _(
        "Charges from the same case or the same arrest are removed together. Another of them cannot be removed, "
        "so this one cannot either (cannabis possession charges are the exception)."
    ),
    "unit_rule_waits_for_charge": _(
        "Charges from the same case or the same arrest are removed together, so this one waits for the last of them."
    ),
    "unit_rule_depends_on_charge": _(
        "Charges from the same case or the same arrest are removed together, and we could not decide another of "
        "them. A person will need to look at all of them."
    ),
    "domestic_finding_unknown": _(
        "The wait depends on whether the judge said this crime was domestic (against a partner, a family member or "
        "someone you lived with): 15 years if so. Case Search shows it as “DOMESTIC RLTD” after the decision. "
        "We show the answer both ways."
    ),
    "felony_grade_unknown": _(
        "The wait depends on whether this was charged as a felony or a misdemeanor. Case Search shows it. We show "
        "the answer both ways."
    ),
    "forwarded_circuit_case_unknown": _(
        "This case was sent on to Circuit Court. What happened to the charges there decides this case too, and "
        "we do not have that case. A person will need to look at both cases."
    ),
    "nolle_treatment_completion_needed": _(
        "After a “nolle pros” that required drug or alcohol treatment, you can ask once the treatment is complete. "
        "A person will need to check whether treatment was required and when it ended."
    ),
    "disposition_unknown": _(
        "We need to know how the court decided this charge. Maryland Judiciary Case Search shows it."
    ),
    "case_still_pending": _("This charge is still open in court. Nothing can be removed until it ends."),
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
    "pbj_treatment_wait": _(
        "A probation before judgment with a drug or alcohol treatment requirement can be removed once the "
        "treatment is complete and 3 years have passed since the judge's decision, whichever is later."
    ),
    "good_cause_possible": _(
        "A judge may allow the petition earlier if you show good cause. That is the judge's choice; we cannot "
        "promise it."
    ),
    "civil_citation_automatic_expungement": _(
        "This was a civil citation (a ticket with a fine), not a criminal conviction, so there was nothing to "
        "pardon. The law says the records of civil citations decided since October 1, 2021 must be removed 3 "
        "years after the decision, without a petition."
    ),
    "civil_citation_before_automatic_expungement": _(
        "This was a civil citation decided before October 1, 2021, when automatic removal began. A person will "
        "check how its record can be removed."
    ),
    "civil_citation_automatic_scheduled": _(
        "This was a civil citation. The law says its records must be removed 3 years after the decision, "
        "without a petition; a person will check the date."
    ),
    "civil_citation_unknown": _(
        "Was this a civil citation (a ticket with a fine, for less than 10 grams) or a criminal charge? The "
        "answer changes what the law gives you."
    ),
    "traffic_penalty_unknown": _(
        "A traffic charge from the same stop holds the others back only if it could have led to jail. We need "
        "to know which it was."
    ),
    "not_assessed_by_rules": _(
        "The portal does not yet decide this kind of charge or court decision on its own. "
        "Legal-aid staff will review it."
    ),
}


# A conditional answer's facts, value by value, as the start of a sentence ("If ...").
FACT_VALUES = {
    ("domestically_related", False): _("if the judge did not say it was domestic"),
    ("domestically_related", True): _("if the judge said it was domestic"),
    ("felony", False): _("if it was a misdemeanor"),
    ("felony", True): _("if it was a felony"),
    ("civil_citation", False): _("if it was a criminal charge"),
    ("civil_citation", True): _("if it was a civil citation (a ticket with a fine)"),
}

# The questions a resident can answer on the results page to settle a conditional answer.
SETTLE_QUESTIONS = {
    "domestically_related": _(
        "Did the judge say this was domestic — against a partner, family member or someone you lived with?"
    ),
    "civil_citation": _("Was this a civil citation — a ticket with a fine — rather than a criminal charge?"),
}


def _alternative_answer(alternative: dict, as_of: date) -> str:
    """What the law gives under one alternative, as the end of a sentence."""
    outcome = alternative["outcome"]
    day = iso_date(alternative["eligible_on"])
    words = {"day": date_format(day, "DATE_FORMAT")} if day else {}
    if outcome in ("eligible_now", "pardoned_then_petition") and day and day <= as_of:
        return str(_("you can file now"))
    if outcome in ("eligible_on_date", "pardoned_then_petition") and day:
        return str(_("you can file from %(day)s") % words)
    if outcome == "eligible_now_with_waiver" and day:
        return str(_("you can file now with a waiver, or without one from %(day)s") % words)
    if outcome == "automatically_expunged" and day:
        return str(_("the law required it to be removed by %(day)s, without a petition") % words)
    if outcome == "not_eligible":
        return str(_("you cannot file yet"))
    if outcome == "eligible_for_vacatur_motion":
        return str(_("only the State's Attorney can ask the court to undo it"))
    if outcome == "different_process_juvenile":
        return str(_("it is cleared through the juvenile court"))
    return str(_("a person needs to look at it"))


def alternatives_text(alternatives: list[dict], as_of: date) -> list[str]:
    """A conditional answer in plain words, one sentence per value of the facts: "If the
    judge did not say it was domestic: you can file now." """
    sentences = []
    for alternative in alternatives:
        conditions = [str(FACT_VALUES.get((fact, value), fact)) for fact, value in alternative["when"].items()]
        when = conditions[0]
        for condition in conditions[1:]:  # two facts at most (docs/eligibility-contract.md)
            when = str(_("%(first)s and %(second)s") % {"first": when, "second": condition})
        sentences.append(capfirst(f"{when}: {_alternative_answer(alternative, as_of)}."))
    return sentences


def settle_questions(alternatives: list[dict]) -> list[dict]:
    """The facts of a conditional answer the resident can settle themselves, each with its
    question (the others are for legal-aid staff, against the court record)."""
    facts = [fact for fact in dict.fromkeys(f for a in alternatives for f in a["when"]) if fact in SETTLEABLE_FACTS]
    return [{"fact": fact, "question": SETTLE_QUESTIONS[fact]} for fact in facts]


def outcome_text(code: str) -> str:
    return OUTCOMES.get(code, code)


def reason_text(code: str) -> str:
    return REASONS.get(code, code)


def _reason_words(reason: dict) -> str:
    if reason["code"] == "staff_override":
        # Staff's own words ("note") stay on staff pages; the reader gets the reason staff
        # chose from a translated list (older overrides have none: a general sentence).
        chosen = dict(OVERRIDE_REASONS).get(reason.get("reason_code") or "")
        if chosen is None:
            return _("Legal-aid staff reviewed this charge against the court record.")
        return _("Legal-aid staff reviewed this charge against the court record: %(reason)s") % {"reason": chosen}
    return reason_text(reason["code"])


def _files_later(charge: dict, as_of: date) -> bool:
    """A petition that can be filed, but only from a later day."""
    return (
        charge["outcome"] in ("eligible_on_date", "pardoned_then_petition")
        and charge["eligible_on"] is not None
        and iso_date(charge["eligible_on"]) > as_of
    )


def _kept_then(charge: dict, kept_until: date | None) -> bool:
    """Whether the answers are still kept on the day the charge can be filed."""
    return kept_until is None or charge["eligible_on"] is None or iso_date(charge["eligible_on"]) < kept_until


def next_step(charge: dict, as_of: date, plan=None, kept_until: date | None = None) -> str:
    """The charge's last line: what to do next. With its case's plan (packet.documents.
    case_plan: which charges its petition holds, whether the waiver is offered or chosen)
    and the day the answers are deleted, the line follows from what the page offers;
    without them (staff pages), from the outcome alone."""
    outcome = charge["outcome"]
    if plan is None:
        return str(NEXT_STEPS.get(outcome, ""))
    index = charge["charge_index"]
    kept_then = _kept_then(charge, kept_until)
    if index in plan.petition_charges:
        if outcome == "automatically_expunged":
            return str(FILE_IF_STILL_SHOWN)
        if outcome == "eligible_now_with_waiver":
            return str(FILE_WITH_THE_WAIVER)
        return str(FILE_THE_PETITION)
    if plan.waiver_possible and not plan.waiver:
        if outcome == "eligible_now_with_waiver":
            return str(NEXT_STEPS[outcome] if kept_then else CHOOSE_THE_WAIVER_OR_WAIT_PAST_DELETION)
        if outcome in ("eligible_now", "pardoned_then_petition", "automatically_expunged") and not _files_later(
            charge, as_of
        ):
            return str(HELD_FOR_THE_WAIVER)
    if _files_later(charge, as_of):
        return str(NEXT_STEPS["eligible_on_date"] if kept_then else COME_BACK_AFTER_DELETION)
    if outcome in ("eligible_now", "eligible_now_with_waiver", "eligible_on_date", "pardoned_then_petition"):
        return str(NOT_IN_THE_PACKET)
    return str(NEXT_STEPS.get(outcome, ""))


def explain_result(result: dict, *, plans=None, kept_until: date | None = None) -> list[dict]:
    """The determination's cases with plain-language words added, for templates. `plans`:
    each case's packet plan (packet.documents.case_plan) and `kept_until`: the day the
    answers are deleted, where the page shows the resident's own packet (next_step)."""
    as_of = date.fromisoformat(result["as_of"])
    cases = []
    for case_index, case in enumerate(result["cases"]):
        plan = plans[case_index] if plans is not None else None
        charges = [
            {
                **charge,
                "case_index": case_index,
                "charge_index": charge_index,
                "key": f"{case_index}-{charge_index}",
                # Dates, so that templates format them in the reader's language.
                "eligible_on": iso_date(charge["eligible_on"]),
                "deadline": iso_date(charge["remedy"]["deadline"]) if charge["remedy"] else None,
                "files_later": _files_later(charge, as_of),
                "kept_then": _kept_then(charge, kept_until),
                "outcome_text": outcome_text(charge["outcome"]),
                "outcome_label": OUTCOME_LABELS.get(charge["outcome"], charge["outcome"]),
                "next_step": next_step({**charge, "charge_index": charge_index}, as_of, plan, kept_until),
                # Determinations made before the engine said where a record stands have none.
                "record_state_text": RECORD_STATES.get(charge.get("record_state") or "unknown", ""),
                "reasons": [{**reason, "text": _reason_words(reason)} for reason in charge["reasons"]],
                "lawyer_should_confirm": any(not reason["verified"] for reason in charge["reasons"]),
                # Determinations made before the engine gave conditional answers have none.
                "alternatives_text": alternatives_text(charge.get("alternatives") or [], as_of),
                "settle": settle_questions(charge.get("alternatives") or []),
            }
            for charge_index, charge in enumerate(case["charges"])
        ]
        # The charges that hold the case back (unit rule), counted from 1 as the page shows them.
        cases.append({**case, "charges": charges, "blocking": [i + 1 for i in case["blocking_charges"]]})
    return cases
