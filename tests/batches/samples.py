"""Court records as an organisation would bring them (mjcs-records.md §1), for the tests."""

from __future__ import annotations

PARTIES = """\
PartyID,Name,Race,Sex,DOB,Address,City,State,Zip Code,Aliases
P1,"SMITH, JOHN",B,M,04/12/1980,1 Main St,Baltimore,MD,21201,
P2,"DOE, JANE",B,F,07/1975,,,,,
"""

CASES = """\
CaseID,PartyID,Case Title,Case Number,Court System,Location,Case Type,Filing Date,Case Status,Judicial Officer
C1,P1,State v Smith,4B02167750,District Court Criminal,BALTIMORE CITY,CR,03/03/2012,CLOSED,X
C2,P2,State v Doe,C-24-CR-19-001234,Circuit Court,Baltimore City,Criminal,01/01/2019,CLOSED,Y
"""

CHARGES = """\
ChargeID,CaseID,Charge No,CJIS Code,Statute Code,Charge Description,Charge Class,Offense Date,Agency Name,Plea,\
Disposition,Disposition Date,Jail Term (Years),Probation (Years)
1,C1,1,1 0573,CR.5.601.(a)(1),CDS: POSSESSION-MARIHUANA,Misdemeanor,03/02/2012,BALTIMORE CITY POLICE,,\
GUILTY,05/10/2012,0,1
2,C1,2,1 1415,CR.3.203,ASSAULT-SEC DEGREE,Misdemeanor,03/02/2012,,,NOLLE PROSEQUI,05/10/2012,,
3,C2,1,,CR 5-601,CDS:POSS-MARIJUANA,Misdemeanor,01/01/2019,,,PROBATION BEFORE JUDGMENT,06/01/2019,,1
4,C2,2,,CR.3-203,ROBBERY,,01/01/2019,,,MERGED,06/01/2019,,
5,C9,1,,CR 5-601,CDS,,,,,GUILTY,01/01/2020,,
"""

THREE_TABLES = [("parties.csv", PARTIES.encode()), ("cases.csv", CASES.encode()), ("charges.csv", CHARGES.encode())]

FLAT = """\
Name,DOB,Case Number,Location,Charge No,Statute,CJIS Code,Description,Disposition,Disposition Date
"PEREZ, ANA",04/12/1990,4B02167751,Baltimore City,1,,1 0573,CDS: POSSESSION-MARIHUANA,STET,02/01/2015
"PEREZ, ANA",04/12/1990,4B02167752,Baltimore City,1,CR 6-402,,TRESPASS-POSTED PROPERTY,NOT GUILTY,03/01/2016
"LEE, SAM",1988,1D00292923,Baltimore County,1,CR 5-601,,CDS:POSS-MARIJUANA,GUILTY,05/05/2018
"LEE, SAM",1988,2D00282711,Baltimore County,1,CR 5-601,,CDS:POSS-MARIJUANA,GUILTY,05/05/2019
"""
