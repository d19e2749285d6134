"""The yearly frame per provider, against hand-computed cases."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from brevgen.contracts.frame import Claim, allocate
from register_rows import ok15_terms

D = dt.date
TERMS = ok15_terms()  # 900.000 kr. per provider per year, years from 1 April
NFA, ALECTIA, CBS, RUC = TERMS.udbydere
Y1, Y2 = TERMS.rammeaar


def claim(row, day, amount, provider=NFA, committed=False):
    return Claim(row, provider, day, Decimal(amount), committed, f"Henvendelser!Y{row}")


def plain(text) -> str:
    return str(text).replace("\u00a0", " ")


def frames_by_key(frames):
    return {(f.provider.kortnavn, f.year.short_label()): f for f in frames}


def test_first_come_first_served_and_smaller_later_rows_still_fit():
    decisions, frames = allocate(
        [
            claim(2, D(2016, 5, 2), 300_000),
            claim(3, D(2016, 6, 1), 400_000),  # 200.000 left after this
            claim(4, D(2016, 7, 1), 250_000),  # does not fit
            claim(5, D(2016, 8, 1), 150_000),  # fits: 50.000 left
            claim(6, D(2017, 4, 3), 250_000),  # next budget year
            claim(7, D(2016, 5, 1), 900_000, CBS),  # exactly the frame
        ],
        TERMS,
    )
    assert {r: d.granted for r, d in decisions.items()} == {
        2: True, 3: True, 4: False, 5: True, 6: True, 7: True,
    }  # fmt: skip
    assert decisions[4].remaining_before == 200_000
    assert plain(decisions[4].problem) == (
        "Henvendelser!Y4: Ramme opbrugt: der er 200.000 kr. tilbage af rammen for NFA i "
        "budgetåret 2016/17 (1. april 2016 – 31. marts 2017), men beløbet er 250.000 kr."
    )
    assert decisions[6].year == Y2
    table = frames_by_key(frames)
    assert len(frames) == 8  # every provider and year, used or not
    assert (table["NFA", "2016/17"].used, table["NFA", "2016/17"].remaining) == (850_000, 50_000)
    assert (table["NFA", "2017/18"].used, table["NFA", "2017/18"].remaining) == (250_000, 650_000)
    assert (table["CBS", "2016/17"].used, table["CBS", "2016/17"].remaining) == (900_000, 0)
    assert table["RUC", "2016/17"].used == 0


def test_order_is_by_request_date_not_row():
    decisions, _ = allocate(
        [claim(2, D(2016, 9, 1), 500_000), claim(3, D(2016, 5, 1), 500_000)], TERMS
    )
    assert (decisions[3].granted, decisions[2].granted) == (True, False)
    assert decisions[2].remaining_before == 400_000


def test_ties_go_by_row_order():
    decisions, _ = allocate(
        [claim(4, D(2016, 5, 1), 500_000), claim(3, D(2016, 5, 1), 500_000)], TERMS
    )
    assert (decisions[3].granted, decisions[4].granted) == (True, False)


def test_committed_rows_count_first():
    decisions, frames = allocate(
        [
            claim(2, D(2016, 5, 1), 500_000),
            claim(3, D(2016, 6, 1), 600_000, committed=True),
        ],
        TERMS,
    )
    assert (decisions[2].granted, decisions[3].granted) == (False, True)
    assert decisions[2].remaining_before == 300_000
    nfa = frames_by_key(frames)["NFA", "2016/17"]
    assert (nfa.committed, nfa.used, nfa.remaining) == (600_000, 600_000, 300_000)
    assert nfa.warning is None


def test_committed_rows_beyond_the_frame_are_issued_with_a_warning():
    decisions, frames = allocate(
        [
            claim(2, D(2016, 5, 1), 500_000, committed=True),
            claim(3, D(2016, 6, 1), 500_000, committed=True),
            claim(4, D(2016, 4, 5), 10_000),  # earlier, but not signed
        ],
        TERMS,
    )
    assert decisions[2].granted and decisions[3].granted
    assert not decisions[4].granted
    assert plain(decisions[4].problem) == (
        "Henvendelser!Y4: Ramme opbrugt: der er 0 kr. tilbage af rammen for NFA i budgetåret "
        "2016/17 (1. april 2016 – 31. marts 2017), men beløbet er 10.000 kr."
    )
    nfa = frames_by_key(frames)["NFA", "2016/17"]
    assert (nfa.used, nfa.remaining) == (1_000_000, -100_000)
    assert plain(nfa.warning) == (
        "De indgåede kontrakter beløber sig til 1.000.000 kr. og overstiger rammen på "
        "900.000 kr. med 100.000 kr."
    )
    assert plain(decisions[2].warning) == (
        "Henvendelser!Y2: De indgåede kontrakter overskrider rammen for NFA i budgetåret "
        "2016/17; kontrakten er indgået og udstedes alligevel."
    )


def test_oere_are_kept_in_the_remaining_amount():
    decisions, _ = allocate(
        [claim(2, D(2016, 5, 1), "100000.50"), claim(3, D(2016, 5, 2), 800_000)], TERMS
    )
    assert decisions[3].remaining_before == Decimal("799999.50")
    assert "der er 799.999,50 kr. tilbage" in plain(decisions[3].problem)


def test_budget_year_boundaries():
    decisions, _ = allocate(
        [claim(2, D(2017, 3, 31), 900_000), claim(3, D(2017, 4, 1), 900_000)], TERMS
    )
    assert (decisions[2].year, decisions[3].year) == (Y1, Y2)
    assert decisions[2].granted and decisions[3].granted


def test_without_a_frame_everything_is_granted():
    decisions, frames = allocate([claim(2, D(2016, 5, 1), 5_000_000)], ok15_terms(ramme=None))
    assert decisions[2].granted and frames == ()


def _random_claims(rng: random.Random, count: int) -> list[Claim]:
    claims = []
    for row in range(2, 2 + count):
        day = D(2016, 4, 1) + dt.timedelta(days=rng.randrange(0, 730))
        amount = rng.choice([25_000, 60_000, 120_000, 250_000, 400_000, 75_000.5])
        provider = rng.choice(TERMS.udbydere[:2])
        claims.append(claim(row, day, str(amount), provider, committed=rng.random() < 0.2))
    return claims


def test_a_later_row_changes_no_earlier_decision():
    rng = random.Random(20160401)
    for _ in range(300):
        claims = _random_claims(rng, rng.randrange(1, 40))
        before, _ = allocate(claims, TERMS)
        last = max(c.request_date for c in claims)
        later_day = last + dt.timedelta(days=rng.choice([0, 0, 1, 30]))
        if later_day > TERMS.tilbudsperiode.til:
            later_day = last
        newcomer = claim(
            max(c.row for c in claims) + 1,
            later_day,
            rng.choice([10_000, 300_000, 900_000]),
            rng.choice(TERMS.udbydere[:2]),
        )
        after, _ = allocate([*claims, newcomer], TERMS)
        assert {r: after[r] for r in before} == before
