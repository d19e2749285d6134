"""One test per condition of Bilag 1, with the exact Danish message and cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from brevgen.contracts import rules
from brevgen.contracts.dates import add_months, deadlines, evaluation
from brevgen.contracts.model import Unreadable
from register_rows import make_request, ok15_terms

D = dt.date
TERMS = ok15_terms()


def said(problems) -> list[str]:
    """Problems as the report shows them, non-breaking spaces read as spaces."""
    return [str(p).replace("\u00a0", " ") for p in problems]


def test_valid_request_passes_every_rule():
    request = make_request()
    assert [p for rule in rules.REJECTION_RULES for p in rule(request, TERMS)] == []
    assert [p for rule in rules.WARNING_RULES for p in rule(request, TERMS)] == []


def test_agreement_nej_is_rejected():
    assert said(rules.check_agreement(make_request(agreement=False), TERMS)) == [
        "Henvendelser!N2: Leder og medarbejderrepræsentant er ikke enige (Enighed er Nej). "
        "Ekspertrådgivning og inspiration kan kun rekvireres i enighed."
    ]


def test_provider_must_belong_to_round():
    assert rules.check_provider(make_request(provider="nfa"), TERMS) == []
    assert rules.check_provider(make_request(provider="Alectia A/S"), TERMS) == []
    assert said(rules.check_provider(make_request(provider="NIRAS-Joblife"), TERMS)) == [
        "Henvendelser!O2: Udbyderen “NIRAS-Joblife” er ikke med i denne runde. "
        "Gyldige udbydere er “NFA”, “Alectia”, “CBS” og “RUC”."
    ]


def test_theme_must_belong_to_round():
    assert rules.check_theme(make_request(theme="  vold  og TRUSLER "), TERMS) == []
    assert said(rules.check_theme(make_request(theme="Chikane"), TERMS)) == [
        "Henvendelser!P2: Temaet “Chikane” er ikke med i denne runde. Gyldige temaer er "
        "“Organisatoriske forandringer”, “Faglige forandringer” og “Vold og trusler”."
    ]


def test_region_with_or_without_region_prefix():
    for written in ("Region Sjælland", "sjælland", "REGION  SJÆLLAND", "region-sjaelland"):
        assert rules.check_region(make_request(region=written), TERMS) == [], written
    assert TERMS.region("nordjylland").navn == "Region Nordjylland"
    assert said(rules.check_region(make_request(region="Region Fyn"), TERMS)) == [
        "Henvendelser!G2: Regionen “Region Fyn” findes ikke. Gyldige regioner er "
        "“Region Hovedstaden”, “Region Sjælland”, “Region Syddanmark”, “Region Midtjylland” "
        "og “Region Nordjylland”."
    ]


def test_request_date_inside_offer_period():
    assert rules.check_offer_period(make_request(request_date=D(2016, 4, 1)), TERMS) == []
    assert rules.check_offer_period(make_request(request_date=D(2018, 3, 31)), TERMS) == []
    assert said(rules.check_offer_period(make_request(request_date=D(2018, 4, 1)), TERMS)) == [
        "Henvendelser!T2: Henvendelsesdatoen 1. april 2018 ligger uden for tilbudsperioden "
        "1. april 2016 – 31. marts 2018."
    ]


def test_request_date_in_a_budget_year():
    gap = replace(TERMS, rammeaar=TERMS.rammeaar[:1])  # only 2016/17 has a frame
    assert said(rules.check_budget_year(make_request(request_date=D(2017, 5, 1)), gap)) == [
        "Henvendelser!T2: Henvendelsesdatoen 1. maj 2017 ligger ikke i noget budgetår for "
        "rammen (1. april 2016 – 31. marts 2017)."
    ]
    assert rules.check_budget_year(make_request(request_date=D(2017, 5, 1)), TERMS) == []


def test_excluded_purposes():
    assert rules.check_purpose(make_request(occasion="Flere voldsepisoder"), TERMS) == []
    assert rules.check_purpose(make_request(occasion=None), TERMS) == []
    assert said(rules.check_purpose(make_request(occasion="Opfølgning på AT-påbud"), TERMS)) == [
        "Henvendelser!S2: Ekspertrådgivning og inspiration kan ikke rekvireres til "
        "“Opfølgning på AT-påbud” (Bilag 1). Anledningen er “Opfølgning på AT-påbud”."
    ]
    crisis = make_request(occasion="Krisehjælp efter dødsfald i afdelingen")
    assert said(rules.check_purpose(crisis, TERMS)) == [
        "Henvendelser!S2: Ekspertrådgivning og inspiration kan ikke rekvireres til "
        "“Krisehjælp/personlig støtte” (Bilag 1). Anledningen er "
        "“Krisehjælp efter dødsfald i afdelingen”."
    ]
    assert len(rules.check_purpose(make_request(occasion="Påbud fra Arbejdstilsynet"), TERMS)) == 1
    assert len(rules.check_purpose(make_request(occasion="personlig  støtte"), TERMS)) == 1


def test_amount_positive_and_within_a_frame():
    assert said(rules.check_amount(make_request(amount=Decimal(0)), TERMS)) == [
        "Henvendelser!Y2: Beløbet 0 kr. skal være større end 0 kr."
    ]
    assert said(rules.check_amount(make_request(amount=Decimal("-5000.50")), TERMS)) == [
        "Henvendelser!Y2: Beløbet -5.000,50 kr. skal være større end 0 kr."
    ]
    assert said(rules.check_amount(make_request(amount=Decimal(900001)), TERMS)) == [
        "Henvendelser!Y2: Beløbet 900.001 kr. er større end hele den årlige ramme for en "
        "udbyder på 900.000 kr."
    ]
    assert rules.check_amount(make_request(amount=Decimal(900000)), TERMS) == []
    no_frame = ok15_terms(ramme=None)
    assert rules.check_amount(make_request(amount=Decimal(2_000_000)), no_frame) == []


def test_dates_cannot_precede_the_request():
    request = make_request(
        request_date=D(2016, 5, 10),
        dialogue_started=D(2016, 5, 9),
        contract_signed=D(2016, 5, 1),
        delivery_from=D(2016, 5, 2),
    )
    assert said(rules.check_date_order(request, TERMS)) == [
        "Henvendelser!U2: Dialog startet (9. maj 2016) ligger før Henvendelsesdato (10. maj 2016).",
        "Henvendelser!V2: Kontrakt indgået (1. maj 2016) ligger før Henvendelsesdato "
        "(10. maj 2016).",
        "Henvendelser!W2: Levering fra (2. maj 2016) ligger før Henvendelsesdato (10. maj 2016).",
    ]


def test_delivery_cannot_end_before_it_starts():
    request = make_request(delivery_from=D(2016, 9, 1), delivery_to=D(2016, 8, 1))
    assert said(rules.check_date_order(request, TERMS)) == [
        "Henvendelser!X2: Levering til (1. august 2016) ligger før Levering fra "
        "(1. september 2016)."
    ]
    early = make_request(delivery_to=D(2016, 4, 30))
    assert said(rules.check_date_order(early, TERMS)) == [
        "Henvendelser!X2: Levering til (30. april 2016) ligger før Henvendelsesdato (2. maj 2016)."
    ]


def test_deadlines_one_and_four_weeks():
    assert deadlines(D(2016, 5, 2)).dialogue == D(2016, 5, 9)
    assert deadlines(D(2016, 5, 2)).contract == D(2016, 5, 30)
    assert deadlines(D(2016, 12, 28)).dialogue == D(2017, 1, 4)


def test_late_dialogue_is_a_warning():
    on_time = make_request(dialogue_started=D(2016, 5, 9))  # exactly one week
    assert rules.warn_late_dialogue(on_time, TERMS) == []
    late = make_request(dialogue_started=D(2016, 5, 10))
    assert said(rules.warn_late_dialogue(late, TERMS)) == [
        "Henvendelser!U2: Dialogen blev startet 10. maj 2016, 1 dag efter fristen 9. maj 2016 "
        "(senest en uge efter henvendelsen)."
    ]


def test_late_contract_is_a_warning():
    assert rules.warn_late_contract(make_request(contract_signed=D(2016, 5, 30)), TERMS) == []
    late = make_request(contract_signed=D(2016, 6, 13))
    assert said(rules.warn_late_contract(late, TERMS)) == [
        "Henvendelser!V2: Kontrakten blev indgået 13. juni 2016, 14 dage efter fristen "
        "30. maj 2016 (senest 4 uger efter henvendelsen)."
    ]


def test_odd_order_is_a_warning():
    request = make_request(
        dialogue_started=D(2016, 5, 6), contract_signed=D(2016, 5, 5), delivery_from=D(2016, 5, 4)
    )
    assert said(rules.warn_odd_order(request, TERMS)) == [
        "Henvendelser!V2: Kontrakt indgået (5. maj 2016) ligger før Dialog startet (6. maj 2016).",
        "Henvendelser!W2: Levering fra (4. maj 2016) ligger før Kontrakt indgået (5. maj 2016).",
    ]


def test_duplicate_case_numbers_after_the_first_are_named():
    first = make_request(row=3, case_no="2016-R-7")
    unreadable = Unreadable(5, "2016-r-7 ", (), make_request(row=5).refs)
    again = make_request(row=9, case_no="2016-R-7")
    other = make_request(row=10, case_no="2016-R-8")
    found = rules.duplicate_case_numbers([first, unreadable, again, other])
    assert sorted(found) == [5, 9]
    assert said([found[9]]) == [
        "Henvendelser!A9: Sagsnr “2016-R-7” står allerede i række 3. "
        "Et sagsnummer må kun bruges én gang."
    ]


def test_add_months_clamps_to_month_end():
    assert add_months(D(2016, 1, 31), 1) == D(2016, 2, 29)
    assert add_months(D(2017, 1, 31), 1) == D(2017, 2, 28)
    assert add_months(D(2016, 11, 30), 3) == D(2017, 2, 28)
    assert add_months(D(2016, 9, 30), 6) == D(2017, 3, 30)
    assert add_months(D(2016, 12, 15), 12) == D(2017, 12, 15)
    assert add_months(D(2016, 3, 31), -1) == D(2016, 2, 29)


def test_evaluation_right_after_delivery_and_three_to_six_months_later():
    result = evaluation(D(2016, 11, 30))
    assert (result.immediate, result.follow_up_from, result.follow_up_to) == (
        D(2016, 11, 30),
        D(2017, 2, 28),
        D(2017, 5, 30),
    )
    assert evaluation(None).immediate is None
