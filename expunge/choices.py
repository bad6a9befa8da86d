"""The choices the resident's questions offer, with the words residents read (English and
Spanish). Shared by the resident's forms, the staff pages and the models; what each choice
means to the engine is in expunge.records."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

# Maryland's 24 jurisdictions, Baltimore City first (the portal's first audience). The
# names are English, as court captions need them; gettext_noop marks them for the
# Spanish catalogue, and COUNTY_CHOICES translates them for the questionnaire.
COUNTY_NAMES = {
    "baltimore_city": gettext_noop("Baltimore City"),
    "allegany": gettext_noop("Allegany County"),
    "anne_arundel": gettext_noop("Anne Arundel County"),
    "baltimore_county": gettext_noop("Baltimore County"),
    "calvert": gettext_noop("Calvert County"),
    "caroline": gettext_noop("Caroline County"),
    "carroll": gettext_noop("Carroll County"),
    "cecil": gettext_noop("Cecil County"),
    "charles": gettext_noop("Charles County"),
    "dorchester": gettext_noop("Dorchester County"),
    "frederick": gettext_noop("Frederick County"),
    "garrett": gettext_noop("Garrett County"),
    "harford": gettext_noop("Harford County"),
    "howard": gettext_noop("Howard County"),
    "kent": gettext_noop("Kent County"),
    "montgomery": gettext_noop("Montgomery County"),
    "prince_georges": gettext_noop("Prince George's County"),
    "queen_annes": gettext_noop("Queen Anne's County"),
    "somerset": gettext_noop("Somerset County"),
    "st_marys": gettext_noop("St. Mary's County"),
    "talbot": gettext_noop("Talbot County"),
    "washington": gettext_noop("Washington County"),
    "wicomico": gettext_noop("Wicomico County"),
    "worcester": gettext_noop("Worcester County"),
}
COUNTY_CHOICES = [(code, _(name)) for code, name in COUNTY_NAMES.items()]

NOT_SURE = "not_sure"

COURT_CHOICES = [
    ("district", _("District Court")),
    ("circuit", _("Circuit Court")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]

YES_NO_NOT_SURE = [
    ("no", pgettext_lazy("questionnaire", "No")),
    ("yes", pgettext_lazy("questionnaire", "Yes")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]

CHARGE_KIND_CHOICES = [
    ("cannabis_possession", _("Possession of cannabis (marijuana)")),
    ("cannabis_pwid", _("Possession of cannabis with intent to distribute")),
    ("paraphernalia", _("Possession of drug paraphernalia (pipes, papers, bags)")),
    ("other_drug_possession", _("Possession of another drug")),
    ("assault_2", _("Second-degree assault")),
    ("trespass", _("Trespass")),
    ("theft", _("Theft")),
    ("disorderly", _("Disorderly conduct")),
    ("fare_evasion", _("Riding transit without paying")),
    ("other", _("Something else (type it)")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]
# The amounts split where the law does: 10 g (a civil citation from October 2014 to June
# 2023), 1.5 oz (legal since July 2023) and 2.5 oz (civil only since July 2023; more is
# still a crime). "over_1_5oz", offered before the split, is read as unknown
# (expunge.records.AMOUNT_GRAMS) and no longer offered.
AMOUNT_CHOICES = [
    ("under_10g", _("Less than 10 grams (about a third of an ounce)")),
    ("up_to_1_5oz", _("From 10 grams up to 1.5 ounces")),
    ("up_to_2_5oz", _("More than 1.5 ounces, up to 2.5 ounces")),
    ("over_2_5oz", _("More than 2.5 ounces")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]
# Stored answers to the amount question offered before the split, shown as they were asked.
AMOUNT_WORDS = {**dict(AMOUNT_CHOICES), "over_1_5oz": _("More than 1.5 ounces")}
DISPOSITION_CHOICES = [
    ("guilty", _("Found guilty — the court convicted you, or you pleaded guilty")),
    ("pbj", _("Probation before judgment (PBJ) — probation instead of a conviction")),
    ("not_guilty", _("Not guilty — the court or jury found you not guilty")),
    ("dismissed", _("Dismissed — the judge threw the charge out")),
    ("nolle_prosequi", _("“Nolle pros” — the prosecutor dropped the charge")),
    ("stet", _("“Stet” — the case was put on hold, often with conditions")),
    ("unknown", pgettext_lazy("questionnaire", "I'm not sure")),
]
CONVICTION_LIKE = ("guilty", "pbj")
PROBATION_CHOICES = [
    ("none", _("There was no probation")),
    ("satisfactory", _("Probation ended well (completed)")),
    ("unsatisfactory", _("Probation ended with a violation")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]

# Why staff replaced the engine's answer for a charge, as the resident reads it (in their
# language) on the results page; staff's own words stay with staff (Override.reason).
OVERRIDE_REASONS = [
    ("court_record", _("The court record shows facts that differ from the answers given.")),
    ("other_case", _("Another case in the record changes the answer for this charge.")),
    ("sentence", _("The court or the Division of Parole and Probation confirmed the sentence and probation dates.")),
    ("law", _("A lawyer reviewed how the law applies to this charge.")),
    ("other", _("Legal-aid staff checked this charge by hand.")),
]
